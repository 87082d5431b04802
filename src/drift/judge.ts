/**
 * The cumulative drift guard's decision (DESIGN.md section 12). Each promotion may be a little
 * worse than the last within a rule's tolerance; ten such steps add up. A rule with
 * `drift: { anchor, max_worse_pct }` therefore also compares the candidate with an anchor
 * baseline (a fixed id, or `first`: the root of the promotion chain):
 *
 *   worse_pct = 100 · w / |anchor|,  w = anchor − candidate (higher is better) or candidate − anchor (lower is better)
 *
 * and the metric fails (the rule's severity) when worse_pct > max_worse_pct. An anchor of 0
 * has no relative scale: any worsening from it exceeds every percentage. Pure: the caller
 * loads the anchors (gate-hook.ts) and passes the performance gate's rows.
 */
import type { Check, CheckStatus } from '../contract/check.js';
import type { Drift } from '../policy/schema.js';
import { formatNumber } from '../report/format.js';
import type { MetricRow } from '../contract/report.js';

/** An anchor as loaded: its id and metrics, with the chain that led to it (for `first`). */
export interface Anchor {
  /** The baseline that anchors, or null when none could be found (`problem` says why). */
  id: string | null;
  metrics: ReadonlyMap<string, number> | null;
  /** `b6 ← b5 ← … ← b0` for `first`; absent for an anchor named by id. */
  chain?: string;
  /** Promotions between the candidate's baseline and the anchor. */
  steps?: number;
  /** A broken or looping chain, an anchor not in the store. */
  problem?: string;
}

export interface DriftRule {
  drift: Drift;
  severity: 'error' | 'warning';
}

export interface DriftInput {
  rows: readonly MetricRow[];
  /** The drift settings of the rule governing a metric, if it has any. */
  ruleOf: (metric: string) => DriftRule | undefined;
  /** The loaded anchor for a drift setting (`first` or an id). */
  anchorOf: (anchor: string) => Anchor;
}

export interface DriftResult {
  checks: Check[];
  /** The rows with their anchor cell, and the status a drift failure gives them. */
  rows: MetricRow[];
}

const rank: Record<MetricRow['status'], number> = { info: 0, skip: 0, pass: 1, warn: 2, fail: 3 };
/** Rounding noise must not turn "exactly at the limit" into "over it". */
const EPS = 1e-9;
const fmt = (value: number): string => formatNumber(value, 3);

/** How much worse the candidate is than the anchor, in percent of |anchor| (null when not computable). */
export function worsePercent(candidate: number, anchor: number, direction: 'higher' | 'lower'): number {
  const worse = direction === 'higher' ? anchor - candidate : candidate - anchor;
  if (anchor === 0) return worse > 0 ? Infinity : worse < 0 ? -Infinity : 0;
  return (worse / Math.abs(anchor)) * 100;
}

function where(anchor: Anchor): string {
  if (anchor.chain === undefined) return `the anchor ${anchor.id ?? '?'}`;
  const steps = anchor.steps ?? 0;
  return `the anchor ${anchor.id ?? '?'} (first of the promotion chain ${anchor.chain}; ${steps} promotion${steps === 1 ? '' : 's'} back)`;
}

export function judgeDrift(input: DriftInput): DriftResult {
  const checks: Check[] = [];
  const compared = new Map<string, { anchor: Anchor; within: number }>();
  const rows = input.rows.map((row): MetricRow => {
    const rule = input.ruleOf(row.name);
    if (!rule || row.direction === null) return row;
    const key = rule.drift.anchor;
    const anchor = input.anchorOf(key);
    const max = rule.drift.max_worse_pct;
    const status: CheckStatus = rule.severity === 'error' ? 'fail' : 'warn';
    if (anchor.id === null || anchor.metrics === null) {
      checks.push({ id: `drift.${row.name}`, status, message: `cannot compare with the drift anchor: ${anchor.problem ?? `anchor ${key} not found`}` });
      return { ...row, status: rank[status] > rank[row.status] ? status : row.status };
    }
    const value = anchor.metrics.get(row.name) ?? null;
    const pct = value !== null && row.candidate !== null ? worsePercent(row.candidate, value, row.direction) : null;
    const cell = { id: anchor.id, value, worse_pct: pct !== null && Number.isFinite(pct) ? pct : null, max_worse_pct: max };
    if (row.candidate === null) return { ...row, anchor: cell };
    if (value === null) {
      checks.push({ id: `drift.${row.name}`, status: 'warn', message: `${where(anchor)} has no value for this metric: cumulative drift not checked` });
      return { ...row, anchor: cell };
    }
    const entry = compared.get(key) ?? { anchor, within: 0 };
    compared.set(key, entry);
    if (pct !== null && pct > max + EPS) {
      const amount = Number.isFinite(pct) ? `${fmt(pct)}% worse` : 'worse (from an anchor value of 0)';
      const message = `${fmt(row.candidate)} is ${amount} than ${fmt(value)} at ${where(anchor)}; max_worse_pct ${fmt(max)}: allowed steps have added up`;
      checks.push({ id: `drift.${row.name}`, status, message });
      const worse = rank[status] > rank[row.status];
      return {
        ...row,
        anchor: cell,
        ...(worse ? { status, message: row.message && row.status !== 'pass' ? `${row.message}; drift: ${message}` : `drift: ${message}` } : {}),
      };
    }
    entry.within++;
    return { ...row, anchor: cell };
  });
  for (const [key, { anchor, within }] of compared) {
    if (within === 0) continue;
    checks.push({
      id: `drift.anchor.${key}`,
      status: anchor.problem ? 'warn' : 'pass',
      message: `${within} metric${within === 1 ? '' : 's'} within max_worse_pct of ${where(anchor)}${anchor.problem ? `; ${anchor.problem}` : ''}`,
    });
  }
  const problems = [...new Set(input.rows.map((r) => input.ruleOf(r.name)?.drift.anchor).filter((k): k is string => k !== undefined))]
    .map((k) => [k, input.anchorOf(k)] as const)
    .filter(([k, a]) => a.problem && a.id !== null && !compared.has(k));
  for (const [key, anchor] of problems) checks.push({ id: `drift.anchor.${key}`, status: 'warn', message: anchor.problem ?? '' });
  return { checks, rows };
}
