/**
 * The one door from `compare` into the paired statistics of src/stats: the interval and
 * p-value of a mean per-item delta (B - A), in the shape of `comparison@1`. Comparisons never
 * gate, so the question is always the two-sided "did it change?"; the gate's tests answer it
 * (exact McNemar with its compatible interval for 0/1 scores, t and studentized bootstrap or
 * t alone for continuous ones, as src/stats/compare.ts chooses), with the gate's seed so that
 * the same files always give the same numbers.
 */
import { DEFAULT_RESAMPLES, PAIRED_SEED } from '../gate/paired-intervals.js';
import { compareScores, formatLevel, minimumItems, type ScoreKind } from '../stats/compare.js';
import { meanInterval } from '../stats/t-interval.js';

export interface IntervalJson {
  low: number;
  high: number;
  level: number;
  /** mcnemar | bootstrap | t | ... (the method src/stats chose). */
  method: string;
  items: number;
}

export interface PairedTestJson {
  items: number;
  mean_delta: number | null;
  /** Null with fewer than two items (no spread to measure). */
  interval: IntervalJson | null;
  /** Two-sided p-value of "no change"; null when it cannot be computed. */
  p_value: number | null;
  /** The method of the test that gave `p_value` (the interval's). */
  p_value_method: string | null;
  /** Why there is no interval (too few items for the level). */
  note?: string;
}

const finite = (x: number): boolean => Number.isFinite(x);

/**
 * Interval and two-sided p-value of the mean of `deltas` at `level`. The gate's test is
 * one-sided ("is B worse?", src/stats/compare.ts); a comparison asks whether B differs either
 * way, so the test is run in both directions against no change (allowed worsening 0) and the
 * two-sided p-value is the smaller of the two doubled one-sided ones, 2 min(p_lower, p_upper).
 * The two-sided interval is the same either way (same seed, same resamples).
 */
export function pairedTest(deltas: Float64Array, kind: ScoreKind, level = 0.95): PairedTestJson {
  const n = deltas.length;
  if (n === 0) return { items: 0, mean_delta: null, interval: null, p_value: null, p_value_method: null };
  const base = { level, resamples: DEFAULT_RESAMPLES, seed: PAIRED_SEED, allowedWorsening: 0 };
  const below = compareScores(deltas, kind, { ...base, direction: 'higher' });
  const above = compareScores(deltas, kind, { ...base, direction: 'lower' });
  const mean = finite(below.meanDelta) ? below.meanDelta : null;
  if (!below.interval || !above.interval) {
    return { items: n, mean_delta: mean, interval: null, p_value: null, p_value_method: null, note: `too few items for a test at ${formatLevel(level)}: at least ${minimumItems(level)}` };
  }
  const { low, high, method } = below.interval;
  return {
    items: n,
    mean_delta: mean,
    interval: finite(low) && finite(high) ? { low, high, level, method, items: n } : null,
    p_value: Math.min(below.interval.p_value, above.interval.p_value),
    p_value_method: method,
  };
}

/**
 * The interval of a bucket's mean delta at a Bonferroni-corrected level (see attribution.ts).
 * Binary deltas use the same exact paired test as above; continuous ones use the t interval,
 * because a bootstrap's tails at levels like 99.9% would need tens of thousands of resamples
 * per bucket to be estimated at all.
 */
export function bucketInterval(deltas: Float64Array, kind: ScoreKind, level: number): IntervalJson | null {
  const n = deltas.length;
  if (n < 2) return null;
  if (kind === 'binary') {
    const { interval } = compareScores(deltas, 'binary', { level, resamples: DEFAULT_RESAMPLES, seed: PAIRED_SEED, direction: 'higher', allowedWorsening: 0 });
    return interval && finite(interval.low) && finite(interval.high) ? { low: interval.low, high: interval.high, level, method: interval.method, items: n } : null;
  }
  const t = meanInterval(deltas, level, 't');
  return finite(t.low) && finite(t.high) ? { low: t.low, high: t.high, level, method: 't', items: n } : null;
}
