/**
 * The report: the stable JSON contract of DESIGN.md section 5 (`promotion-gate/report@1`).
 * Fields may be added; none of the documented ones may be renamed.
 */
import type { CheckStatus, GateResult } from './check.js';

export const REPORT_SCHEMA = 'promotion-gate/report@1';
/** Several runs' reports in one file (`reports`), with the worst verdict. */
export const REPORT_SET_SCHEMA = 'promotion-gate/report-set@1';

export type Verdict = 'pass' | 'fail';
export type Direction = 'higher' | 'lower';
export type MetricStatus = CheckStatus | 'info';

export interface RunRef {
  id: string;
  /** Path relative to the repository (or the current directory for the CLI). */
  path: string;
}

/** A confidence interval of the candidate-minus-baseline delta, from paired per-item scores. */
export interface DeltaInterval {
  low: number;
  high: number;
  level: number;
  /**
   * mcnemar: exact McNemar test, Fay-Lumbard interval; bootstrap: hull of the t and studentized
   * bootstrap intervals; t: t test; sign: sign test (every delta equal).
   */
  method: 'bootstrap' | 't' | 'mcnemar' | 'sign' | 'normal';
  /** Twice the one-sided p-value of "no worse than tested_delta"; the rule fails when it is <= 1 - level. */
  p_value?: number;
  /** The change tested against: minus the allowed worsening when higher is better, plus it when lower is. */
  tested_delta?: number;
  items: number;
}

export interface MetricRow {
  name: string;
  candidate: number | null;
  baseline: number | null;
  delta: number | null;
  relative_delta: number | null;
  direction: Direction | null;
  status: MetricStatus;
  /** `default`, `none`, or the matching policy rule's metric pattern. */
  rule: string;
  /** Why this rule and direction: which word of the name decided, which segment (`gates`). */
  basis?: string;
  /** A gate signal: `count` (entries of a failure list or map) or `flag` (1 true, 0 false). */
  kind?: 'count' | 'flag';
  /** Why the status is what it is (shown for non-pass rows). */
  message?: string;
  interval?: DeltaInterval;
  /** A rule with `drift`: the candidate against the anchor baseline as well (drift/judge.ts). */
  anchor?: AnchorCell;
}

/** The anchor column: the anchor baseline's value and how much worse the candidate is, in percent of |anchor|. */
export interface AnchorCell {
  id: string;
  value: number | null;
  /** Positive when the candidate is worse than the anchor; null when either value is missing or the anchor is 0. */
  worse_pct: number | null;
  max_worse_pct: number;
}

export interface ReferenceStanding {
  id: string;
  quality: 'silver' | 'gold';
  informational: true;
  path?: string;
  /** An archived reference (shown because a side was scored against it). */
  archived?: boolean;
  task?: string;
  /** Metrics of the candidate (and baseline) measured against this reference. */
  metrics?: {
    name: string;
    candidate: number | null;
    baseline: number | null;
    delta: number | null;
    /** The policy rule that gates this score as a comparison with the baseline (never the reference itself). */
    gated_by?: string;
  }[];
  /** `scores`: the metrics come from the runs' scores/<id>.json (`promotion-gate score`), not metrics.json. */
  source?: 'scores';
  note?: string;
}

/** The dataset and task one side's artifacts name (absent when none does). */
export interface SideIdentity {
  dataset?: string;
  task?: string;
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  verdict: Verdict;
  fail_on: 'error' | 'warning';
  candidate: RunRef;
  baseline: RunRef | null;
  /** How the baseline was chosen: flag, config, pin, or cold start. */
  baseline_source: 'flag' | 'config' | 'pin' | 'cold-start' | 'none';
  /** The candidate's dataset and task, only as its own artifacts name them. */
  dataset?: string;
  task?: string;
  /** Both sides' dataset and task, so that one side's value is never shown as the other's. */
  identity?: { candidate: SideIdentity; baseline?: SideIdentity };
  gates: GateResult[];
  metrics: MetricRow[];
  references: ReferenceStanding[];
  /** Free-form extra sections added by later features (provenance, flips, policy change). */
  [extra: string]: unknown;
}
