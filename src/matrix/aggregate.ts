/**
 * One verdict for a fanned-out gate (DESIGN.md section 13): the reports every matrix job
 * uploaded, checked against the plan, worst first. A chunk whose artifact is missing or
 * malformed, or a planned run with no report, becomes a failed report of its own naming the
 * artifact and what is wrong, so it shows in the comment and fails the verdict: never a pass.
 * Pure: the action downloads and reads the artifacts (read-reports.ts) and publishes.
 */
import { gate } from '../contract/check.js';
import { assembleReport } from '../gate/verdict.js';
import type { Report, Verdict } from '../contract/report.js';
import { chunkRuns, type Matrix } from './plan.js';

export type ArtifactOutcome =
  | { artifact: string; reports: Report[] }
  | { artifact: string; problem: string };

export interface AggregateInput {
  /** Every report artifact found in the workflow run, read or refused. */
  artifacts: ArtifactOutcome[];
  /** The plan (input `matrix`), when given: which artifacts and runs to expect. */
  matrix?: Matrix;
}

export interface AggregatedReport {
  /** The run id (or the artifact's name for a problem that names no run). */
  key: string;
  report: Report;
  /** Made here for a missing or malformed report. */
  problem?: true;
}

export interface AggregateResult {
  reports: AggregatedReport[];
  /** One line per missing or malformed report (also a failed report in `reports`). */
  problems: string[];
  verdict: Verdict;
  artifacts: number;
}

/** The failing check a missing or malformed report becomes. */
export const REPORT_CHECK = 'aggregate.report';

function problemReport(key: string, where: string, message: string): AggregatedReport {
  const report = assembleReport({
    candidate: { id: key, path: where },
    baseline: null,
    baselineSource: 'none',
    failOn: 'error',
    gates: [gate('functional', [{ id: REPORT_CHECK, status: 'fail', message }])],
    metrics: [],
    references: [],
  });
  return { key, report, problem: true };
}

const failingChecks = (report: Report): number => report.gates.reduce((n, g) => n + g.checks.filter((c) => c.status === 'fail').length, 0);

/** Worst first: failed before passed, problems and more failing checks first, then by id. */
export function worstFirst(a: AggregatedReport, b: AggregatedReport): number {
  const verdict = (r: AggregatedReport): number => (r.report.verdict === 'fail' ? 0 : 1);
  return verdict(a) - verdict(b)
    || Number(Boolean(b.problem)) - Number(Boolean(a.problem))
    || failingChecks(b.report) - failingChecks(a.report)
    || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

export function aggregateReports(input: AggregateInput): AggregateResult {
  const reports: AggregatedReport[] = [];
  const problems: string[] = [];
  const byArtifact = new Map(input.artifacts.map((a) => [a.artifact, a]));
  const expected = new Map((input.matrix?.include ?? []).map((entry) => [entry.artifact, entry]));
  const reportedBy = new Map<string, string[]>();

  const take = (artifact: string, list: Report[]): void => {
    for (const report of list) {
      reports.push({ key: report.candidate.id, report });
      reportedBy.set(report.candidate.id, [...(reportedBy.get(report.candidate.id) ?? []), artifact]);
    }
  };

  for (const [artifact, entry] of expected) {
    const runs = chunkRuns(entry);
    const label = `chunk ${entry.chunk} (${runs.length} run${runs.length === 1 ? '' : 's'})`;
    const outcome = byArtifact.get(artifact);
    const why = outcome === undefined
      ? `report artifact ${artifact} of ${label} is missing: its matrix job failed before uploading it, was cancelled, or did not run`
      : 'problem' in outcome ? `report artifact ${artifact} of ${label} is unusable: ${outcome.problem}` : undefined;
    if (why !== undefined) {
      problems.push(why);
      for (const run of runs.length > 0 ? runs : [artifact]) reports.push(problemReport(run, `artifact ${artifact}`, why));
      continue;
    }
    if (outcome === undefined || 'problem' in outcome) continue;
    take(artifact, outcome.reports);
    const got = new Set(outcome.reports.map((r) => r.candidate.id));
    for (const run of runs.filter((r) => !got.has(r))) {
      const message = `report artifact ${artifact} of ${label} has no report for run ${run}`;
      problems.push(message);
      reports.push(problemReport(run, `artifact ${artifact}`, message));
    }
  }

  // Report artifacts the plan did not name (or every one, without a plan) count too: a failure anywhere fails.
  for (const outcome of input.artifacts) {
    if (expected.has(outcome.artifact)) continue;
    if ('problem' in outcome) {
      const message = `report artifact ${outcome.artifact} is unusable: ${outcome.problem}`;
      problems.push(message);
      reports.push(problemReport(outcome.artifact, `artifact ${outcome.artifact}`, message));
    } else {
      take(outcome.artifact, outcome.reports);
    }
  }

  for (const [run, artifacts] of reportedBy) {
    if (artifacts.length < 2) continue;
    const message = `run ${run} is reported by ${artifacts.length} artifacts (${artifacts.join(', ')}): which one stands cannot be told`;
    problems.push(message);
    reports.push(problemReport(run, artifacts.join(', '), message));
  }

  if (reports.length === 0) {
    const message = input.artifacts.length === 0
      ? 'no report artifact (promotion-gate-report-*) was found in this workflow run: did the matrix jobs run `command: gate` and upload their reports?'
      : 'the report artifacts hold no reports';
    problems.push(message);
    reports.push(problemReport('no-reports', 'this workflow run', message));
  }

  reports.sort(worstFirst);
  return {
    reports,
    problems,
    verdict: reports.some((r) => r.report.verdict === 'fail') ? 'fail' : 'pass',
    artifacts: input.artifacts.length,
  };
}
