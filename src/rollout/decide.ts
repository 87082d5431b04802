/**
 * `rollout decide`, the pure part: from the rollout file, the stage's telemetry (already
 * accumulated, or the problem that stopped its reading) and the time, the decision and every
 * number behind it. No I/O. The order is DESIGN.md section 11's, and each step that fired is
 * named in `reasons`:
 *
 *   1. invalid or missing telemetry                       → hold (naming the problem)
 *   2. sample-ratio mismatch against the stage's split     → hold (with the p-value)
 *   3. a guardrail whose whole interval is worse than its
 *      margin, or a limit shown exceeded (any sample size) → rollback
 *   4. fewer than min_samples units per arm, or min_days   → wait
 *   5. every guardrail's interval inside its margin        → increase (promote before 100%)
 *   6. otherwise                                           → wait; past the deadline, on_deadline
 *
 * Intervals are always-valid confidence sequences (src/stats/sequential.ts), so checking the
 * same rollout every day does not inflate the error rates (RELIABILITY T3).
 */
import {
  binnedQuantile,
  kappaFor,
  mean,
  meanSequence,
  quantileSequence,
  relativeDifferenceSequence,
  type MomentSums,
  type SequenceInterval,
} from '../stats/sequential.js';
import { srmTest } from '../stats/srm.js';
import type { ArmData, TelemetrySummary } from './accumulate.js';
import { allocationFor, deadlineDays, percentileOf, type Allocation, type DecisionKind, type Guardrail, type Limit, type Rollout, type RolloutState } from './schema.js';

export const DECISION_SCHEMA = 'promotion-gate/rollout-decision@1';
const DAY_MS = 86_400_000;
/** Fewer matured values than this in an arm: no interval (the plug-in variance is not yet usable). */
export const MIN_INTERVAL_UNITS = 30;
/** sha256 of no bytes: the telemetry "hash" when there was no file to read. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export type TelemetryInput =
  | { file: string; sha256: string; summary: TelemetrySummary }
  | { file: string; sha256?: string; problem: string };

export interface DecideInput {
  id: string;
  rollout: Rollout;
  /** ISO time of the decision. */
  now: string;
  telemetry: TelemetryInput;
}

export type MetricStatus = 'worse' | 'inside' | 'inconclusive' | 'too_few' | 'undefined';

export interface ArmFigure {
  /** Matured values used. */
  n: number;
  /** Mean, or the percentile for `<field>.pNN` metrics. */
  value: number | null;
}

export interface GuardrailResult {
  metric: string;
  direction: 'higher' | 'lower';
  max_worse_pct: number;
  /** Relative difference challenger vs champion, as a fraction (−0.05 = 5% lower). */
  estimate: number | null;
  interval: [number, number] | null;
  /** The margin as a relative difference (−0.05 for higher-is-better at 5%). */
  margin: number;
  champion: ArmFigure;
  challenger: ArmFigure;
  label_delay_days: number;
  status: MetricStatus;
}

export interface LimitResult {
  metric: string;
  kind: 'absolute' | 'relative';
  max?: number;
  min?: number;
  direction?: 'higher' | 'lower';
  max_worse_pct?: number;
  /** The challenger's value (absolute) or relative difference (relative). */
  estimate: number | null;
  interval: [number, number] | null;
  challenger: ArmFigure;
  champion?: ArmFigure;
  exceeded: boolean;
  status: MetricStatus | 'exceeded' | 'within';
}

export interface SrmFigures {
  planned_challenger_share: number;
  observed_challenger_share: number | null;
  chi2: number | null;
  p_value: number | null;
  threshold: number;
  mismatch: boolean;
}

export interface DecisionState extends RolloutState {
  allocation: Allocation;
}

export interface RolloutDecision {
  schema: typeof DECISION_SCHEMA;
  rollout: string;
  decision: DecisionKind;
  reasons: string[];
  decided_at: string;
  champion: string;
  challenger: string;
  from: DecisionState;
  to: DecisionState;
  stage: { index: number; allocation: number; min_days: number; deadline_days: number; days: number; min_samples: number; last_index: number };
  looks: number;
  new_look: boolean;
  confidence: number;
  method: string;
  telemetry: {
    file: string;
    sha256: string;
    problem?: string;
    format?: 'jsonl' | 'csv';
    shape?: 'units' | 'daily';
    rows?: number;
    units?: { champion: number; challenger: number };
    first_at?: string;
    last_at?: string;
    duplicates_checked?: boolean;
  };
  srm: SrmFigures | null;
  guardrails: GuardrailResult[];
  limits: LimitResult[];
}

export const METHOD =
  'always-valid intervals: mixture SPRT (Johari et al. 2022) inverted for the relative difference (Fieller) on means; ' +
  'beta-binomial mixture confidence sequences for quantiles (Howard & Ramdas 2022), α/2 per arm; SRM by χ² goodness of fit';

function fixed(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(12)) : x;
}

function interval(lower: number, upper: number): [number, number] {
  return [fixed(lower), fixed(upper)];
}

function stateWithAllocation(rollout: Rollout, state: RolloutState): DecisionState {
  return { ...state, allocation: state.allocation ?? allocationFor(rollout, state) };
}

interface Measured {
  estimate: number | null;
  bounds: SequenceInterval | null;
  champion: ArmFigure;
  challenger: ArmFigure;
  status?: 'too_few' | 'undefined';
}

/** The relative difference challenger vs champion for one metric, with its sequence. */
function relative(metric: string, arms: Record<'champion' | 'challenger', ArmData>, tau: number, alpha: number, plannedN: number): Measured {
  const percentile = percentileOf(metric);
  if (percentile) {
    const b = arms.champion.distributions.get(percentile.field)!.toBinned();
    const c = arms.challenger.distributions.get(percentile.field)!.toBinned();
    const champion = { n: b.n, value: b.n > 0 ? fixed(binnedQuantile(b, percentile.p)) : null };
    const challenger = { n: c.n, value: c.n > 0 ? fixed(binnedQuantile(c, percentile.p)) : null };
    if (b.n < MIN_INTERVAL_UNITS || c.n < MIN_INTERVAL_UNITS) return { estimate: null, bounds: null, champion, challenger, status: 'too_few' };
    const kappa = kappaFor(plannedN, alpha / 2);
    const qb = quantileSequence(b, percentile.p, alpha / 2, kappa)!;
    const qc = quantileSequence(c, percentile.p, alpha / 2, kappa)!;
    if (!(champion.value! > 0)) return { estimate: null, bounds: null, champion, challenger, status: 'undefined' };
    const lower = qb.upper === Infinity ? -1 : Math.max(-1, qc.lower / qb.upper - 1);
    const upper = qb.lower > 0 ? qc.upper / qb.lower - 1 : Infinity;
    return { estimate: challenger.value! / champion.value! - 1, bounds: { lower, upper }, champion, challenger };
  }
  const b = arms.champion.means.get(metric)!;
  const c = arms.challenger.means.get(metric)!;
  const champion = { n: b.n, value: b.n > 0 ? fixed(mean(b)) : null };
  const challenger = { n: c.n, value: c.n > 0 ? fixed(mean(c)) : null };
  if (b.n < MIN_INTERVAL_UNITS || c.n < MIN_INTERVAL_UNITS) return { estimate: null, bounds: null, champion, challenger, status: 'too_few' };
  const seq = relativeDifferenceSequence(c, b, tau, alpha);
  if (!seq) return { estimate: null, bounds: null, champion, challenger, status: 'undefined' };
  return { estimate: seq.estimate, bounds: { lower: seq.lower, upper: seq.upper }, champion, challenger };
}

function judge(bounds: SequenceInterval, direction: 'higher' | 'lower', margin: number): 'worse' | 'inside' | 'inconclusive' {
  // margin is signed: negative for higher-is-better (worse = lower), positive for lower-is-better.
  if (direction === 'higher') return bounds.upper < margin ? 'worse' : bounds.lower > margin ? 'inside' : 'inconclusive';
  return bounds.lower > margin ? 'worse' : bounds.upper < margin ? 'inside' : 'inconclusive';
}

function guardrail(g: Guardrail, rollout: Rollout, arms: Record<'champion' | 'challenger', ArmData>, alpha: number): GuardrailResult {
  const margin = (g.direction === 'higher' ? -1 : 1) * (g.max_worse_pct / 100);
  const m = relative(g.metric, arms, g.max_worse_pct / 100, alpha, Math.max(rollout.min_samples, 100));
  const base = {
    metric: g.metric,
    direction: g.direction,
    max_worse_pct: g.max_worse_pct,
    margin: fixed(margin),
    champion: m.champion,
    challenger: m.challenger,
    label_delay_days: delayDays(rollout, g.metric),
  };
  if (!m.bounds) return { ...base, estimate: null, interval: null, status: m.status ?? 'too_few' };
  return { ...base, estimate: fixed(m.estimate!), interval: interval(m.bounds.lower, m.bounds.upper), status: judge(m.bounds, g.direction, margin) };
}

function delayDays(rollout: Rollout, metric: string): number {
  return rollout.label_delay_days[metric] ?? rollout.label_delay_days[percentileOf(metric)?.field ?? metric] ?? 0;
}

function limit(l: Limit, rollout: Rollout, arms: Record<'champion' | 'challenger', ArmData>, alpha: number): LimitResult {
  if (l.direction !== undefined && l.max_worse_pct !== undefined) {
    const g = guardrail({ metric: l.metric, direction: l.direction, max_worse_pct: l.max_worse_pct }, rollout, arms, alpha);
    const exceeded = g.status === 'worse';
    return {
      metric: l.metric, kind: 'relative', direction: l.direction, max_worse_pct: l.max_worse_pct,
      estimate: g.estimate, interval: g.interval, challenger: g.challenger, champion: g.champion,
      exceeded, status: exceeded ? 'exceeded' : g.status === 'too_few' || g.status === 'undefined' ? g.status : 'within',
    };
  }
  const bounds = { ...(l.max !== undefined ? { max: l.max } : {}), ...(l.min !== undefined ? { min: l.min } : {}) };
  const percentile = percentileOf(l.metric);
  let figure: ArmFigure;
  let seq: SequenceInterval | undefined;
  if (percentile) {
    const c = arms.challenger.distributions.get(percentile.field)!.toBinned();
    figure = { n: c.n, value: c.n > 0 ? fixed(binnedQuantile(c, percentile.p)) : null };
    if (c.n >= MIN_INTERVAL_UNITS) seq = quantileSequence(c, percentile.p, alpha, kappaFor(Math.max(rollout.min_samples, 100), alpha));
  } else {
    const c: MomentSums = arms.challenger.means.get(l.metric)!;
    figure = { n: c.n, value: c.n > 0 ? fixed(mean(c)) : null };
    // Mixing scale: a tenth of the limit's size, the excess that matters.
    const scale = Math.max(Math.abs(l.max ?? 0), Math.abs(l.min ?? 0), 1e-12) * 0.1;
    if (c.n >= MIN_INTERVAL_UNITS) seq = meanSequence(c, scale, alpha);
  }
  if (!seq) return { metric: l.metric, kind: 'absolute', ...bounds, estimate: figure.value, interval: null, challenger: figure, exceeded: false, status: 'too_few' };
  const exceeded = (l.max !== undefined && seq.lower > l.max) || (l.min !== undefined && seq.upper < l.min);
  return { metric: l.metric, kind: 'absolute', ...bounds, estimate: figure.value, interval: interval(seq.lower, seq.upper), challenger: figure, exceeded, status: exceeded ? 'exceeded' : 'within' };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function describeInterval(r: GuardrailResult): string {
  return r.interval ? `${pct(r.estimate ?? NaN)} [${pct(r.interval[0])}, ${pct(r.interval[1])}]` : 'no interval';
}

/**
 * The state a decision leads to (also how `apply` checks a decision file was not edited):
 * increase moves one stage and restarts the clock, promote closes at 100%, rollback closes
 * at 0%, wait and hold only record the look.
 */
export function nextState(rollout: Rollout, decision: DecisionKind, now: string, sha256: string, looks: number): DecisionState {
  const state = rollout.state;
  const lastIndex = rollout.stages.length - 1;
  const last = { decision, at: now, telemetry_sha256: sha256 };
  if (decision === 'increase') {
    return { stage: state.stage + 1, since: now, looks: 0, status: 'running', allocation: allocationFor(rollout, { stage: state.stage + 1, status: 'running' }), last };
  }
  if (decision === 'promote') return { stage: lastIndex, since: now, looks: 0, status: 'promoted', allocation: { champion: 0, challenger: 1 }, last };
  if (decision === 'rollback') return { stage: state.stage, since: state.since, looks, status: 'rolled_back', allocation: { champion: 1, challenger: 0 }, last };
  return { ...stateWithAllocation(rollout, state), looks, last };
}

export function decide(input: DecideInput): RolloutDecision {
  const { rollout, id } = input;
  const state = rollout.state;
  const now = Date.parse(input.now);
  const stage = rollout.stages[state.stage]!;
  const lastIndex = rollout.stages.length - 1;
  const days = Math.max(0, (now - Date.parse(state.since)) / DAY_MS);
  const deadline = deadlineDays(stage);
  const alpha = 1 - rollout.confidence;
  const sha256 = input.telemetry.sha256 ?? EMPTY_SHA256;
  const newLook = state.last?.telemetry_sha256 !== sha256;
  const looks = state.looks + (newLook ? 1 : 0);
  const from = stateWithAllocation(rollout, state);

  const reasons: string[] = [];
  let guardrails: GuardrailResult[] = [];
  let limits: LimitResult[] = [];
  let srm: SrmFigures | null = null;
  const telemetry: RolloutDecision['telemetry'] = { file: input.telemetry.file, sha256 };

  const outcome = (): DecisionKind => {
    if ('problem' in input.telemetry) {
      telemetry.problem = input.telemetry.problem;
      reasons.push(`hold: the telemetry is not usable, so nothing was decided: ${input.telemetry.problem}`);
      return 'hold';
    }
    const summary = input.telemetry.summary;
    Object.assign(telemetry, {
      format: summary.format,
      shape: summary.shape,
      rows: summary.rows,
      units: { champion: summary.arms.champion.units, challenger: summary.arms.challenger.units },
      ...(summary.firstAt ? { first_at: summary.firstAt } : {}),
      ...(summary.lastAt ? { last_at: summary.lastAt } : {}),
      duplicates_checked: summary.shape === 'daily' || summary.ids,
    });
    // Step 1: every metric the rollout judges must be in the telemetry.
    for (const { metric } of [...rollout.guardrails, ...rollout.limits]) {
      const percentile = percentileOf(metric);
      if (percentile && summary.shape === 'daily') {
        reasons.push(`hold: ${metric} is a percentile, which needs unit rows; the telemetry has daily aggregates`);
        return 'hold';
      }
      if (!summary.present.has(percentile ? percentile.field : metric)) {
        reasons.push(`hold: the telemetry has no values of ${percentile ? percentile.field : metric} (needed by ${metric}); missing data is never a pass`);
        return 'hold';
      }
    }
    // Step 2: sample-ratio mismatch.
    const units: [number, number] = [summary.arms.champion.units, summary.arms.challenger.units];
    const test = srmTest(units, stage.allocation);
    const total = units[0] + units[1];
    srm = {
      planned_challenger_share: stage.allocation,
      observed_challenger_share: total > 0 ? fixed(units[1] / total) : null,
      chi2: test ? fixed(test.chi2) : null,
      p_value: test ? test.pValue : null,
      threshold: rollout.srm_p,
      mismatch: test !== undefined && test.pValue < rollout.srm_p,
    };
    if (srm.mismatch) {
      reasons.push(
        `hold: sample-ratio mismatch: the challenger got ${pct(srm.observed_challenger_share ?? 0)} of ${total} units, planned ${pct(stage.allocation)} ` +
          `(χ² ${srm.chi2}, p = ${srm.p_value?.toExponential(2)} < ${rollout.srm_p}); the split is broken, so no comparison can be trusted`,
      );
      return 'hold';
    }
    // Step 3: harm, at any sample size.
    guardrails = rollout.guardrails.map((g) => guardrail(g, rollout, summary.arms, alpha));
    limits = rollout.limits.map((l) => limit(l, rollout, summary.arms, alpha));
    const worse = guardrails.filter((g) => g.status === 'worse');
    const exceeded = limits.filter((l) => l.exceeded);
    if (worse.length > 0 || exceeded.length > 0) {
      for (const g of worse) reasons.push(`rollback: ${g.metric} is worse than its ${g.max_worse_pct}% margin over the whole interval: ${describeInterval(g)}`);
      for (const l of exceeded) {
        const what = l.kind === 'relative' ? `worse than the champion by more than ${l.max_worse_pct}%` : l.max !== undefined && l.interval && l.interval[0] > l.max ? `above ${l.max}` : `below ${l.min}`;
        reasons.push(`rollback: limit ${l.metric} exceeded: ${what} (interval [${l.interval?.[0]}, ${l.interval?.[1]}])`);
      }
      return 'rollback';
    }
    // Step 4: not enough data or time yet.
    const fewest = Math.min(...units);
    if (fewest < rollout.min_samples || days < stage.min_days) {
      if (fewest < rollout.min_samples) reasons.push(`wait: ${fewest} units in the smaller arm, ${rollout.min_samples} needed per arm at this stage`);
      if (days < stage.min_days) reasons.push(`wait: ${days.toFixed(2)} days at this stage, ${stage.min_days} needed`);
      return 'wait';
    }
    // Step 5: every guardrail shown inside its margin.
    const pending = guardrails.filter((g) => g.status !== 'inside');
    if (pending.length === 0) {
      const next = state.stage + 1;
      reasons.push(
        next === lastIndex
          ? `promote: every guardrail is inside its margin at ${pct(stage.allocation)}, and the next stage is production (100%)`
          : `increase: every guardrail is inside its margin; ${pct(stage.allocation)} → ${pct(rollout.stages[next]!.allocation)}`,
      );
      return next === lastIndex ? 'promote' : 'increase';
    }
    const open = pending.map((g) => `${g.metric} ${g.status === 'inconclusive' ? describeInterval(g) : `(${g.status.replace('_', ' ')})`}`).join('; ');
    // Step 6: inconclusive.
    if (days >= deadline) {
      if (rollout.on_deadline === 'advance') {
        const next = state.stage + 1;
        reasons.push(`${next === lastIndex ? 'promote' : 'increase'}: still inconclusive after ${days.toFixed(2)} days (deadline ${deadline}), and on_deadline is advance: ${open}`);
        return next === lastIndex ? 'promote' : 'increase';
      }
      reasons.push(`hold: still inconclusive after ${days.toFixed(2)} days (deadline ${deadline} days; on_deadline: hold), a person decides: ${open}`);
      return 'hold';
    }
    reasons.push(`wait: not yet shown inside the margin: ${open}`);
    return 'wait';
  };
  const decision: DecisionKind = outcome();

  const to = nextState(rollout, decision, input.now, sha256, looks);
  return {
    schema: DECISION_SCHEMA,
    rollout: id,
    decision,
    reasons,
    decided_at: input.now,
    champion: rollout.champion,
    challenger: rollout.challenger,
    from,
    to,
    stage: { index: state.stage, allocation: stage.allocation, min_days: stage.min_days, deadline_days: deadline, days: fixed(days), min_samples: rollout.min_samples, last_index: lastIndex },
    looks,
    new_look: newLook,
    confidence: rollout.confidence,
    method: METHOD,
    telemetry,
    srm,
    guardrails,
    limits,
  };
}
