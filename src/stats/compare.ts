// Choosing and running the test of a paired difference, and the significance decision of a gate rule.

import { bootstrapMeanInterval } from './bootstrap.js';
import { mcnemarExact, pairedProportionInterval } from './mcnemar.js';
import { meanInterval } from './t-interval.js';

export type ScoreKind = 'binary' | 'continuous';
export type IntervalMethod = 'mcnemar' | 'bootstrap' | 't' | 'normal';
export type Direction = 'higher' | 'lower';

export interface ComparisonInterval {
  /** Bounds of the two-sided interval of the mean delta (candidate - baseline). */
  low: number;
  high: number;
  level: number;
  method: IntervalMethod;
  /** Two-sided p-value of "no change", where the method gives one (McNemar, t). */
  p_value?: number;
  /** Paired items the interval is based on. */
  items: number;
}

export interface Comparison {
  meanDelta: number;
  interval: ComparisonInterval;
}

export interface CompareOptions {
  level: number;
  resamples: number;
  seed: number;
}

/** Below this many items continuous scores use the t interval instead of the bootstrap. */
export const BOOTSTRAP_MIN_ITEMS = 30;
/** Above this many items continuous scores use the t interval instead of the bootstrap. */
export const BOOTSTRAP_MAX_ITEMS = 20_000;

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
 * Mean of the paired deltas (candidate - baseline) and a two-sided interval at `level`.
 *
 * Method rule:
 * - binary (deltas in {-1, 0, 1}): 'mcnemar' at every size. p_value is the exact two-sided
 *   McNemar p-value (exact binomial, computed in log space, so no large-n switch is needed); the
 *   interval is Agresti & Min's adjusted Wald interval for a paired difference of proportions.
 *   Cost O(n) to count plus O(sqrt(n)).
 * - continuous, BOOTSTRAP_MIN_ITEMS <= n <= BOOTSTRAP_MAX_ITEMS: 'bootstrap', the seeded paired
 *   percentile bootstrap, which follows skewed deltas; O(n * resamples), ~2e7 steps at the top.
 * - continuous, n < BOOTSTRAP_MIN_ITEMS: 't'. The percentile bootstrap undercovers at small n (it
 *   uses the plug-in variance and normal-like quantiles: ~90% actual coverage for 95% at n = 10),
 *   while the t interval is exact for normal deltas and more conservative otherwise.
 * - continuous, n > BOOTSTRAP_MAX_ITEMS: 't'. The skewness of the sampling distribution of the mean
 *   shrinks like skew/sqrt(n) (Berry-Esseen), so beyond 2e4 items the CLT interval agrees with the
 *   bootstrap up to resampling noise even for strongly skewed scores, at the cost of one pass.
 * n = 0 gives NaN bounds and mean; one continuous item gives an unbounded interval.
 */
export function compareScores(deltas: ArrayLike<number>, kind: ScoreKind, options: CompareOptions): Comparison {
  const { level } = options;
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  const n = deltas.length;
  if (kind === 'binary') return compareBinary(deltas, level);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(deltas[i])) throw new RangeError(`delta ${i} is not a finite number: ${deltas[i]}`);
  }
  const useBootstrap = n >= BOOTSTRAP_MIN_ITEMS && n <= BOOTSTRAP_MAX_ITEMS;
  const t = meanInterval(deltas, level, 't');
  if (useBootstrap) {
    const { low, high } = bootstrapMeanInterval(deltas, options);
    return { meanDelta: t.mean, interval: { low, high, level, method: 'bootstrap', items: n } };
  }
  const interval: ComparisonInterval = { low: t.low, high: t.high, level, method: 't', items: n };
  if (!Number.isNaN(t.pValue)) interval.p_value = t.pValue;
  return { meanDelta: t.mean, interval };
}

function compareBinary(deltas: ArrayLike<number>, level: number): Comparison {
  const n = deltas.length;
  let b = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const d = deltas[i];
    if (d === -1) b++;
    else if (d === 1) c++;
    else if (d !== 0) throw new RangeError(`binary delta ${i} must be -1, 0 or 1, got ${d}`);
  }
  if (n === 0) return { meanDelta: NaN, interval: { low: NaN, high: NaN, level, method: 'mcnemar', items: 0 } };
  const { low, high } = pairedProportionInterval(b, c, n, level);
  const { pTwoSided } = mcnemarExact(b, c);
  return { meanDelta: (c - b) / n, interval: { low, high, level, method: 'mcnemar', p_value: pTwoSided, items: n } };
}

export interface SignificanceInput {
  /** Interval of the mean delta; its level should be 1 - the rule's `significance`. */
  interval: ComparisonInterval;
  direction: Direction;
  /** Allowed worsening in the units of the delta (>= 0), i.e. the rule's absolute tolerance. */
  allowedWorsening: number;
  /** Observed change the point rule judged; when given and within tolerance the result is 'within_tolerance'. */
  estimate?: number;
}

export type SignificanceResult =
  /** The favourable bound is still worse than the tolerance: the drop is real (the rule fails). */
  | { outcome: 'significant'; message: string }
  /** Worse than the tolerance, but the interval reaches tolerated values: a warning. */
  | { outcome: 'not_significant'; message: string }
  /** The estimate is within the tolerance: nothing to test. */
  | { outcome: 'within_tolerance'; message: string }
  /** No usable interval (no paired items): the caller falls back to the aggregate comparison. */
  | { outcome: 'insufficient'; message: string };

/**
 * The significance decision of a rule with `significance`: a worsening "fails" only when even the
 * interval's favourable bound is worse than the allowed worsening (direction higher: high <
 * -allowedWorsening; lower: low > allowedWorsening). With a two-sided interval at level 1 - alpha
 * this is a one-sided test at alpha / 2 of "the true change is within the tolerance".
 */
export function significantRegression(input: SignificanceInput): SignificanceResult {
  const { interval, direction, allowedWorsening, estimate } = input;
  if (!(allowedWorsening >= 0) || !Number.isFinite(allowedWorsening)) {
    throw new RangeError(`allowedWorsening must be a finite number >= 0, got ${allowedWorsening}`);
  }
  if (interval.items === 0 || Number.isNaN(interval.low) || Number.isNaN(interval.high)) {
    return { outcome: 'insufficient', message: 'no paired items with this score: significance not assessed' };
  }
  // Worsening is positive when the candidate is worse, whatever the direction.
  const worsening = (x: number): number => (direction === 'higher' ? -x : x);
  const tolerance = `the allowed worsening of ${formatNumber(allowedWorsening)}`;
  const details = describeInterval(interval);
  if (estimate !== undefined && worsening(estimate) <= allowedWorsening) {
    return { outcome: 'within_tolerance', message: `the change is within ${tolerance} (${details})` };
  }
  const change = direction === 'higher' ? 'drop' : 'rise';
  const favourable = direction === 'higher' ? interval.high : interval.low;
  if (worsening(favourable) > allowedWorsening) {
    return { outcome: 'significant', message: `the ${change} is significant: ${details}, entirely worse than ${tolerance}` };
  }
  return { outcome: 'not_significant', message: `the ${change} is not significant: ${details}, which reaches ${tolerance}` };
}

const METHOD_LABEL: Record<IntervalMethod, string> = {
  mcnemar: 'exact McNemar',
  bootstrap: 'paired bootstrap',
  t: 't interval',
  normal: 'normal interval',
};

/** "95% CI [-0.045, -0.017] (exact McNemar, p = 0.0012, 5000 items)". */
export function describeInterval(interval: ComparisonInterval): string {
  const level = `${formatNumber(interval.level * 100)}% CI`;
  const parts = [METHOD_LABEL[interval.method]];
  if (interval.p_value !== undefined) parts.push(`p = ${formatP(interval.p_value)}`);
  parts.push(`${interval.items} item${interval.items === 1 ? '' : 's'}`);
  return `${level} [${formatNumber(interval.low)}, ${formatNumber(interval.high)}] (${parts.join(', ')})`;
}

function formatNumber(x: number): string {
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '-∞';
  return String(Number(x.toPrecision(4)));
}

function formatP(p: number): string {
  return p < 1e-4 ? '< 0.0001' : String(Number(p.toPrecision(2)));
}
