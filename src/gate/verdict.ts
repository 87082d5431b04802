/**
 * Builds the report from gate results. The verdict rule lives here and only here:
 * fail when any check fails, or when `fail_on: warning` and any check warns.
 * References never contribute: they carry no checks.
 */
import type { GateResult } from '../contract/check.js';
import { REPORT_SCHEMA, type MetricRow, type ReferenceStanding, type Report, type RunRef, type Verdict } from '../contract/report.js';

export interface AssembleInput {
  candidate: RunRef;
  baseline: RunRef | null;
  baselineSource: Report['baseline_source'];
  dataset?: string;
  task?: string;
  failOn: 'error' | 'warning';
  gates: GateResult[];
  metrics: MetricRow[];
  references: ReferenceStanding[];
  extra?: Record<string, unknown>;
}

export function decideVerdict(gates: GateResult[], failOn: 'error' | 'warning'): Verdict {
  const statuses = gates.flatMap((g) => g.checks.map((c) => c.status));
  if (statuses.includes('fail')) return 'fail';
  if (failOn === 'warning' && statuses.includes('warn')) return 'fail';
  return 'pass';
}

export function assembleReport(input: AssembleInput): Report {
  return {
    schema: REPORT_SCHEMA,
    verdict: decideVerdict(input.gates, input.failOn),
    fail_on: input.failOn,
    candidate: input.candidate,
    baseline: input.baseline,
    baseline_source: input.baselineSource,
    ...(input.dataset ? { dataset: input.dataset } : {}),
    ...(input.task ? { task: input.task } : {}),
    gates: input.gates,
    metrics: input.metrics,
    references: input.references,
    ...input.extra,
  };
}

/** `gate.check` ids of the failing checks, for the action's `failed-checks` output. */
export function failedCheckIds(report: Report): string[] {
  return report.gates.flatMap((g) => g.checks.filter((c) => c.status === 'fail').map((c) => `${g.name}.${c.id}`));
}
