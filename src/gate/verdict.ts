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

/**
 * `gate.check` ids of the failing checks, for the action's `failed-checks` output (F26). A
 * check id can carry a metric name, which a run controls: in an output it could hold a
 * newline, a `$(...)` or the comma that separates ids, so each id keeps only letters, digits,
 * `.`, `_` and `-` (anything else becomes `_`). The report keeps the names as they are.
 */
export function failedCheckIds(report: Report): string[] {
  return report.gates.flatMap((g) => g.checks.filter((c) => c.status === 'fail').map((c) => outputId(`${g.name}.${c.id}`)));
}

const MAX_OUTPUT_ID = 200;

export function outputId(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, MAX_OUTPUT_ID);
}
