// The significance decision of a gate rule on paired per-item deltas: which test, its p-value,
// the interval shown beside it, and the verdict, all from one method so they cannot disagree.
//
// The question is one-sided: "is the candidate worse than the rule allows?". With the allowed
// worsening t (the rule's tolerance in the metric's units), the tested change is
//   d0 = -t when higher is better (H0: the true mean delta >= -t, H1: it is below),
//   d0 = +t when lower is better  (H0: the true mean delta <= +t, H1: it is above),
// a non-inferiority test against the tolerance; at t = 0 it is the usual test of "any worsening".
//
// Level. The interval is two-sided at `level` (L = 1 - significance by default); the rule fails
// when its favourable limit is beyond d0, which is the one-sided test at (1 - L) / 2. The
// reported p_value is twice that one-sided p-value (capped at 1), so "fails" is exactly
// "p_value <= 1 - L": at t = 0 on binary scores it is the exact two-sided McNemar p-value.
//
// Methods (the coverage table behind the continuous choice is in the README, measured by
// `npm run bench:decisions -- --coverage`):
// - binary (0/1 scores): the exact McNemar test and the Fay & Lumbard (2021) interval built to be
//   compatible with it (mcnemar.ts); for t > 0 the same melded construction gives the
//   non-inferiority p-value.
// - continuous, MINIMUM..BOOTSTRAP_MAX_ITEMS items: the hull of the Student t interval and the
//   studentized bootstrap interval; p_value is the larger of their two p-values. Each fails in
//   its own way at small n: t under-covers right-skewed deltas (8.5% false failures at n = 10
//   for exponential deltas against a nominal 2.5%), the bootstrap-t under-covers many-zeros
//   deltas (5.7% at n = 30); requiring both keeps the normal, right-skewed and many-zeros cases
//   at 4.3% or less from n = 10 (the percentile bootstrap used before: up to 10.8%).
// - continuous, more than BOOTSTRAP_MAX_ITEMS items: the t interval. The skewness of the mean
//   shrinks like skew / sqrt(n) (Berry-Esseen), and the bootstrap would cost n * resamples.
// - continuous, every delta equal (no spread): the sign test, p = 2 * 2^-n when all are beyond d0.
// - fewer than minimumItems(L) items: no decision. Even n items all worse by the largest amount
//   give a sign/McNemar p-value of 2 * 2^-n, which must reach 1 - L; with fewer items no outcome
//   could be significant, so the rule says "too few items to decide", naming the minimum.

import { studentizedBootstrap, sortedQuantile, sortedRank } from './bootstrap.js';
import { pairedDifferenceExact } from './mcnemar.js';
import { meanInterval, summarize } from './t-interval.js';
import { tCdf, tUpperTail } from './student-t.js';

export type ScoreKind = 'binary' | 'continuous';
export type IntervalMethod = 'mcnemar' | 'bootstrap' | 't' | 'sign' | 'normal';
export type Direction = 'higher' | 'lower';

export interface ComparisonInterval {
  /** Bounds of the two-sided interval of the mean per-item delta (candidate - baseline). */
  low: number;
  high: number;
  level: number;
  method: IntervalMethod;
  /** Twice the one-sided p-value of "no worse than tested_delta" (capped at 1); fails when <= 1 - level. */
  p_value: number;
  /** The change the test is against: minus the allowed worsening (higher is better) or plus it. */
  tested_delta: number;
  /** Paired items the interval is based on. */
  items: number;
}

export type Outcome =
  /** p_value <= 1 - level: the favourable limit is beyond the allowed worsening. */
  | 'significant'
  | 'not_significant'
  /** Fewer items than minimumItems(level): no test could reject. */
  | 'too_few';

export interface Comparison {
  meanDelta: number;
  items: number;
  outcome: Outcome;
  /** Absent when outcome is 'too_few'. */
  interval?: ComparisonInterval;
}

export interface CompareOptions {
  level: number;
  resamples: number;
  seed: number;
  direction: Direction;
  /** Allowed worsening in the units of the delta (>= 0), i.e. the rule's tolerance. */
  allowedWorsening: number;
}

/** Above this many items continuous scores use the t interval alone. */
export const BOOTSTRAP_MAX_ITEMS = 20_000;

/** Fewest items at which the exact sign/McNemar test can reach the level: 2 * 2^-n <= 1 - level. */
export function minimumItems(level: number): number {
  return Math.max(2, Math.ceil(Math.log2(2 / (1 - level)) - 1e-12));
}

/** 'binary' when every non-NaN value is 0 or 1 (and there is at least one); else 'continuous'. */
export function detectKind(values: ArrayLike<number>): ScoreKind {
  let seen = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    if (v !== 0 && v !== 1) return 'continuous';
    seen = true;
  }
  return seen ? 'binary' : 'continuous';
}

/**
 * The decision on the paired deltas (candidate - baseline), see the module comment. Deltas must
 * be finite; binary deltas must be -1, 0 or 1.
 */
export function compareScores(deltas: ArrayLike<number>, kind: ScoreKind, options: CompareOptions): Comparison {
  const { level, allowedWorsening, direction } = options;
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  if (!(allowedWorsening >= 0) || !Number.isFinite(allowedWorsening)) {
    throw new RangeError(`allowedWorsening must be a finite number >= 0, got ${allowedWorsening}`);
  }
  const n = deltas.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = deltas[i] as number;
    if (!Number.isFinite(d)) throw new RangeError(`delta ${i} is not a finite number: ${d}`);
    if (kind === 'binary' && d !== -1 && d !== 0 && d !== 1) throw new RangeError(`binary delta ${i} must be -1, 0 or 1, got ${d}`);
    sum += d;
  }
  if (n < minimumItems(level)) return { meanDelta: n === 0 ? NaN : sum / n, items: n, outcome: 'too_few' };
  const tested = direction === 'higher' ? -allowedWorsening : allowedWorsening;
  const interval = kind === 'binary' ? binaryInterval(deltas, level, direction, tested) : continuousInterval(deltas, options, tested);
  const meanDelta = kind === 'binary' ? sum / n : summarize(deltas).mean;
  return { meanDelta, items: n, outcome: interval.p_value <= 1 - level ? 'significant' : 'not_significant', interval };
}

function binaryInterval(deltas: ArrayLike<number>, level: number, direction: Direction, tested: number): ComparisonInterval {
  const n = deltas.length;
  let b = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    if (deltas[i] === -1) b++;
    else if (deltas[i] === 1) c++;
  }
  // A worsening of 1 or more is within any tolerance of a 0/1 score: test just inside the range.
  const bound = 1 - 1e-9;
  const exact = pairedDifferenceExact(b, c, n, {
    level,
    worse: direction === 'higher' ? 'lower' : 'higher',
    null: Math.min(bound, Math.max(-bound, tested)),
  });
  return { low: exact.low, high: exact.high, level, method: 'mcnemar', p_value: Math.min(1, 2 * exact.pOneSided), tested_delta: tested, items: n };
}

function continuousInterval(deltas: ArrayLike<number>, options: CompareOptions, tested: number): ComparisonInterval {
  const { level, direction } = options;
  const n = deltas.length;
  const t = meanInterval(deltas, level, 't');
  const worseBelow = direction === 'higher';
  if (!(t.se > 0)) return signInterval(t.mean, n, level, worseBelow, tested);
  // t: one-sided p of the t statistic at the tested change (t-interval.ts for the interval).
  const stat = (t.mean - tested) / t.se;
  const pT = worseBelow ? tCdf(stat, n - 1) : tUpperTail(stat, n - 1);
  const base = { level, tested_delta: tested, items: n };
  if (n > BOOTSTRAP_MAX_ITEMS) return { ...base, low: t.low, high: t.high, method: 't', p_value: Math.min(1, 2 * pT) };
  // Studentized bootstrap: limits mean - T*_(a) se and mean - T*_(1-a) se; its one-sided p-value
  // is the resampling rank of the tested change's t statistic, inverse to the limits' quantiles.
  const a = (1 - level) / 2;
  const sorted = studentizedBootstrap(deltas, t.mean, options);
  const highBt = t.mean - sortedQuantile(sorted, a) * t.se;
  const lowBt = t.mean - sortedQuantile(sorted, 1 - a) * t.se;
  const rank = sortedRank(sorted, stat);
  const pBt = worseBelow ? rank : 1 - rank;
  return {
    ...base,
    low: Math.min(t.low, lowBt),
    high: Math.max(t.high, highBt),
    method: 'bootstrap',
    p_value: Math.min(1, 2 * Math.max(pT, pBt)),
  };
}

/**
 * Every delta equal to `value`: the sign test. Beyond the tested change on the worse side, all n
 * items agree and the one-sided p-value is 2^-n; otherwise none do and it is 1. The interval of
 * the (common) value is the point itself.
 */
function signInterval(value: number, n: number, level: number, worseBelow: boolean, tested: number): ComparisonInterval {
  const beyond = worseBelow ? value < tested : value > tested;
  return { low: value, high: value, level, method: 'sign', p_value: beyond ? Math.min(1, 2 * 2 ** -n) : 1, tested_delta: tested, items: n };
}

const METHOD_LABEL: Record<IntervalMethod, string> = {
  mcnemar: 'exact McNemar',
  bootstrap: 't and studentized bootstrap',
  t: 't test',
  sign: 'sign test',
  normal: 'normal interval',
};

/** How a method is named in messages. */
export function methodLabel(method: IntervalMethod): string {
  return METHOD_LABEL[method];
}

/** A level as a percentage with as many digits as it has: 0.95 -> "95%", 0.999 -> "99.9%". */
export function formatLevel(level: number): string {
  return `${String(Number((level * 100).toPrecision(10)))}%`;
}
