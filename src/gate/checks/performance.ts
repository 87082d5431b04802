/**
 * The performance gate: candidate against baseline, metric by metric. Pure: it sees flattened
 * metrics, the compiled rules and any paired intervals computed by the caller.
 */
import { formatNumber } from '../../report/format.js';
import type { FlatMetrics, Signal } from '../../artifacts/metrics.js';
import { allowedWorsening, type EffectiveRule, type RuleFor } from '../../policy/rules.js';
import type { DeltaInterval, MetricRow } from '../../contract/report.js';
import { formatLevel, methodLabel } from '../../stats/compare.js';
import { gate, type Check, type CheckStatus, type GateResult } from '../../contract/check.js';

export interface PerformanceInput {
  candidate: FlatMetrics;
  /** null at a cold start: only absolute bounds apply. */
  baseline: FlatMetrics | null;
  ruleFor: RuleFor;
  /** What the paired per-item scores say, by metric name (significance-aware rules). */
  evidence?: ReadonlyMap<string, PairedEvidence>;
  /** Per-metric notes from the statistics step (e.g. "no per-item scores: aggregate comparison"). */
  notes?: ReadonlyMap<string, string>;
}

/** What the per-item scores say about one metric (from gate/paired-intervals.ts). */
export type PairedEvidence =
  /** The test ran: the interval with its p-value, and whether the worsening is significant. */
  | { kind: 'interval'; interval: DeltaInterval; significant: boolean; score: string }
  /** Fewer paired items than any test needs at this level: nothing can be decided. */
  | { kind: 'too_few'; items: number; minimum: number; level: number; score: string }
  /** The scores contradict the metric: the metric fails with this message. */
  | { kind: 'refused'; message: string };

export interface PerformanceResult {
  gate: GateResult;
  metrics: MetricRow[];
}

/** Rounding noise must not turn "equal" into "worse": allow a few ulps of the operands. */
const noise = (a: number, b: number): number => 16 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b));

const severityStatus = (rule: EffectiveRule): CheckStatus => (rule.severity === 'error' ? 'fail' : 'warn');

/**
 * Numbers in messages are rounded exactly as the report's table rounds them, so the check
 * list and the table never disagree: changes (worse by, allowed, interval bounds, percents)
 * to 3 significant digits, values (floors, ceilings) to 4.
 */
const fmt = (change: number): string => formatNumber(change, 3);
const fmtValue = (value: number): string => formatNumber(value);

interface Judgement {
  status: MetricRow['status'];
  message?: string;
}

/** What a failing gate signal held: `1 entry: "p03_e01"`. */
function signalText(value: number, signal: Signal): string {
  if (signal.kind === 'flag') return `is ${value === 1 ? 'true' : 'false'}; it must be ${signal.passes ? 'true' : 'false'}`;
  const shown = signal.examples.map((e) => JSON.stringify(e)).join(', ');
  const more = value > signal.examples.length ? `, … (${value} in all)` : '';
  return `has ${value} ${value === 1 ? 'entry' : 'entries'}${shown ? `: ${shown}${more}` : ''}; it must be empty`;
}

function judgeBounds(value: number, rule: EffectiveRule, signal?: Signal): Judgement | undefined {
  if (rule.absolute) {
    const broken = (rule.max !== undefined && value > rule.max) || (rule.min !== undefined && value < rule.min);
    if (!broken) return undefined;
    const what = signal ? signalText(value, signal) : `is ${fmtValue(value)}; it must be ${fmtValue(rule.max ?? rule.min ?? 0)}`;
    return { status: severityStatus(rule), message: `${what} (${rule.severity === 'error' ? 'hard gate' : 'warning'}: ${rule.basis ?? 'absolute bound'})` };
  }
  if (rule.min !== undefined && value < rule.min) {
    return { status: severityStatus(rule), message: `${fmtValue(value)} is below the floor ${fmtValue(rule.min)}` };
  }
  if (rule.max !== undefined && value > rule.max) {
    return { status: severityStatus(rule), message: `${fmtValue(value)} is above the ceiling ${fmtValue(rule.max)}` };
  }
  return undefined;
}

/**
 * A worsening beyond the tolerance, judged by the paired test (stats/compare.ts). The p-value is
 * that of the test decided: "no worse than the allowed worsening" (non-inferiority against the
 * tolerance; "no change" at tolerance 0), so the wording says what was rejected or not.
 */
function judgeSignificance(worsening: number, allowed: number, rule: EffectiveRule, evidence: PairedEvidence): Judgement {
  const worse = `worse by ${fmt(worsening)}${allowed > 0 ? ` (allowed ${fmt(allowed)})` : ''}`;
  if (evidence.kind === 'too_few') {
    return {
      status: 'warn',
      message: `${worse} but too few items to decide: ${evidence.items} paired item${evidence.items === 1 ? '' : 's'} with \`${evidence.score}\` scores; a ${formatLevel(evidence.level)} decision needs at least ${evidence.minimum}`,
    };
  }
  if (evidence.kind !== 'interval') return { status: 'fail', message: evidence.message };
  const { interval } = evidence;
  const p = interval.p_value ?? NaN;
  const against = allowed > 0 ? ` against a ${rule.direction === 'higher' ? 'drop' : 'rise'} of ${fmt(allowed)}` : '';
  const details = `${formatP(p)}${against} (${methodLabel(interval.method)}); ${formatLevel(interval.level)} interval of the mean per-item change [${fmt(interval.low)}, ${fmt(interval.high)}] over ${interval.items} items`;
  if (evidence.significant) {
    return { status: severityStatus(rule), message: `${worse}; ${allowed > 0 ? 'significantly beyond the allowed worsening' : 'significant'}: ${details}` };
  }
  return {
    status: 'warn',
    message: `${worse} but ${allowed > 0 ? 'not significantly beyond the allowed worsening' : 'not statistically significant'}: ${details}`,
  };
}

/** "p = 0.031", or "p < 0.0001" below that. */
function formatP(p: number): string {
  return p < 1e-4 ? 'p < 0.0001' : `p = ${String(Number(p.toPrecision(2)))}`;
}

function judgeComparison(
  candidate: number,
  baseline: number,
  rule: EffectiveRule,
  evidence: PairedEvidence | undefined,
  signal?: Signal,
): Judgement {
  const bounds = judgeBounds(candidate, rule, signal);
  if (bounds) return bounds;
  if (rule.absolute) return { status: 'pass' };
  if (evidence?.kind === 'refused') return { status: 'fail', message: evidence.message };
  if (!rule.gated || !rule.direction) {
    return rule.gated
      ? { status: 'warn', message: 'the rule has no direction and none can be inferred from the name: set `direction`' }
      : { status: 'info' };
  }
  const delta = candidate - baseline;
  const worsening = rule.direction === 'higher' ? -delta : delta;
  const allowed = allowedWorsening(rule, baseline);
  if (worsening > allowed + noise(candidate, baseline)) {
    if (rule.significance !== undefined && evidence) return judgeSignificance(worsening, allowed, rule, evidence);
    const relative = baseline !== 0 ? ` (${fmt((worsening / Math.abs(baseline)) * 100)}%)` : ' from a baseline of 0';
    return { status: severityStatus(rule), message: `worse by ${fmt(worsening)}${relative}; allowed ${fmt(allowed)}` };
  }
  if (rule.maxGainPct !== undefined && worsening < 0) {
    const gainPct = baseline !== 0 ? (-worsening / Math.abs(baseline)) * 100 : Infinity;
    if (gainPct > rule.maxGainPct) {
      return {
        status: 'warn',
        message: `suspicious gain of ${baseline !== 0 ? `${fmt(gainPct)}%` : `${fmt(-worsening)} from 0`} (over ${fmt(rule.maxGainPct)}%): check for leakage or a broken metric`,
      };
    }
  }
  return { status: 'pass' };
}

function missingJudgement(rule: EffectiveRule, kind: string | undefined): Judgement {
  if (kind && kind !== 'null') {
    return { status: 'fail', message: `metric changed type: the baseline has a number, the candidate a ${kind}` };
  }
  const how = kind === 'null' ? 'null on the candidate' : 'missing on the candidate';
  // Nothing gates it (no rule, no known direction): a value that was not computed is news, not a failure.
  if (!rule.gated) return { status: 'info', message: `not computed (${how}); not gated` };
  if (rule.missing === 'fail') {
    return { status: 'fail', message: `${how}; a rule with \`missing: warn\` or \`missing: ignore\` relaxes this` };
  }
  const status: CheckStatus | 'info' = rule.missing === 'warn' ? 'warn' : 'info';
  return { status, message: `${how} (rule \`${rule.label}\` says \`missing: ${rule.missing}\`)` };
}

function row(name: string, candidate: number | null, baseline: number | null, rule: EffectiveRule, judgement: Judgement, interval?: DeltaInterval, signal?: Signal): MetricRow {
  const delta = candidate !== null && baseline !== null ? candidate - baseline : null;
  return {
    name,
    candidate,
    baseline,
    delta,
    relative_delta: delta !== null && baseline !== null && baseline !== 0 ? delta / Math.abs(baseline) : null,
    direction: rule.direction,
    status: judgement.status,
    rule: rule.label,
    ...(rule.basis ? { basis: rule.basis } : {}),
    ...(signal ? { kind: signal.kind === 'flag' ? ('flag' as const) : ('count' as const) } : {}),
    ...(judgement.message ? { message: judgement.message } : {}),
    ...(interval ? { interval } : {}),
  };
}

export function evaluatePerformance(input: PerformanceInput): PerformanceResult {
  const { candidate, baseline, ruleFor } = input;
  const names = new Set<string>([...(baseline?.values.keys() ?? []), ...candidate.values.keys()]);
  const metrics: MetricRow[] = [];
  for (const name of names) {
    const signal = candidate.signals.get(name) ?? baseline?.signals.get(name);
    const rule = ruleFor(name, signal);
    const c = candidate.values.get(name) ?? null;
    const b = baseline?.values.get(name) ?? null;
    const evidence = input.evidence?.get(name);
    const interval = evidence?.kind === 'interval' ? evidence.interval : undefined;
    let judgement: Judgement;
    if (baseline === null) {
      judgement = (c !== null && judgeBounds(c, rule, candidate.signals.get(name))) || { status: rule.min !== undefined || rule.max !== undefined ? 'pass' : 'info' };
    } else if (b === null) {
      const kind = baseline.others.get(name);
      judgement = kind && kind !== 'null'
        ? { status: 'fail', message: `metric changed type: the baseline has a ${kind}, the candidate a number` }
        : (c !== null && rule.absolute && judgeBounds(c, rule, candidate.signals.get(name))) || { status: 'info', message: 'new metric (not in the baseline)' };
    } else if (c === null) {
      judgement = missingJudgement(rule, candidate.others.get(name));
    } else {
      judgement = judgeComparison(c, b, rule, evidence, candidate.signals.get(name));
    }
    const note = [input.notes?.get(name), judgement.status !== 'info' ? rule.note : undefined].filter(Boolean).join('; ');
    if (note) judgement = { ...judgement, message: judgement.message ? `${judgement.message}; ${note}` : note };
    metrics.push(row(name, c, b, rule, judgement, interval, signal));
  }
  return { gate: gate('performance', metricChecks(metrics, baseline === null)), metrics };
}

function metricChecks(metrics: MetricRow[], coldStart: boolean): Check[] {
  const checks: Check[] = [];
  let passed = 0;
  for (const metric of metrics) {
    if (metric.status === 'fail' || metric.status === 'warn') {
      checks.push({ id: `metric.${metric.name}`, status: metric.status, message: metric.message ?? metric.status });
    } else if (metric.status === 'pass') passed++;
  }
  const gated = metrics.filter((m) => m.status !== 'info').length;
  checks.push({
    id: 'metrics.compared',
    status: gated === 0 && !coldStart ? 'skip' : 'pass',
    message: coldStart
      ? `cold start: no baseline, only absolute bounds applied (${passed} within bounds)`
      : `${passed} of ${gated} gated metrics within tolerance; ${metrics.length - gated} reported only`,
  });
  return checks;
}
