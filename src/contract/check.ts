/** The vocabulary every gate speaks: checks with ids, statuses and actionable messages. */

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';
export type GateName = 'functional' | 'performance' | 'compliance';

export interface Check {
  /** Stable dotted id, e.g. `artifacts.present`, `metric.intrinsic.gates.truncation_rate`. */
  id: string;
  status: CheckStatus;
  /** What happened and what to do about it. */
  message: string;
  /** File (relative to the workspace) and line the check points at, for annotations. */
  file?: string;
  line?: number;
  column?: number;
}

export interface GateResult {
  name: GateName;
  status: CheckStatus;
  checks: Check[];
}

const severity: Record<CheckStatus, number> = { skip: 0, pass: 1, warn: 2, fail: 3 };

/** The worst status among the checks; a gate with only skipped checks is skipped. */
export function worstStatus(statuses: Iterable<CheckStatus>): CheckStatus {
  let worst: CheckStatus = 'skip';
  for (const status of statuses) if (severity[status] > severity[worst]) worst = status;
  return worst;
}

export function gate(name: GateName, checks: Check[]): GateResult {
  return { name, status: worstStatus(checks.map((c) => c.status)), checks };
}
