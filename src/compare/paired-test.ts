/**
 * The one door from `compare` into the paired statistics of src/stats: the interval and
 * p-value of a mean per-item delta (B - A), in the shape of `comparison@1`. Comparisons never
 * gate, so the question is always the two-sided "did it change?"; the gate's tests answer it
 * (exact McNemar for 0/1 scores, the seeded paired bootstrap or t interval for continuous
 * ones, as src/stats/compare.ts chooses), with the gate's seed so that the same files always
 * give the same numbers.
 */
import { DEFAULT_RESAMPLES, PAIRED_SEED } from '../gate/paired-intervals.js';
import { compareScores, type ScoreKind } from '../stats/compare.js';
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
  /** Which test gave `p_value` (the interval's method, or `t` beside a bootstrap interval). */
  p_value_method: string | null;
}

const finite = (x: number): boolean => Number.isFinite(x);

/** Interval and p-value of the mean of `deltas` at `level` (two-sided). */
export function pairedTest(deltas: Float64Array, kind: ScoreKind, level = 0.95): PairedTestJson {
  const n = deltas.length;
  if (n === 0) return { items: 0, mean_delta: null, interval: null, p_value: null, p_value_method: null };
  const { meanDelta, interval } = compareScores(deltas, kind, { level, resamples: DEFAULT_RESAMPLES, seed: PAIRED_SEED });
  const bounded = finite(interval.low) && finite(interval.high);
  let p = interval.p_value;
  let pMethod: string | null = p === undefined ? null : interval.method;
  if (p === undefined && n >= 2) {
    // The bootstrap gives an interval, not a p-value: the t test's p-value goes beside it.
    const t = meanInterval(deltas, level, 't');
    if (finite(t.pValue)) {
      p = t.pValue;
      pMethod = 't';
    }
  }
  return {
    items: n,
    mean_delta: finite(meanDelta) ? meanDelta : null,
    interval: bounded ? { low: interval.low, high: interval.high, level, method: interval.method, items: n } : null,
    p_value: p === undefined || !finite(p) ? null : p,
    p_value_method: p === undefined ? null : pMethod,
  };
}

/**
 * The interval of a bucket's mean delta at a Bonferroni-corrected level (see attribution.ts).
 * Binary deltas use the same exact paired test as above; continuous ones use the t interval,
 * because a percentile bootstrap's tails at levels like 99.9% would need tens of thousands of
 * resamples per bucket to be estimated at all.
 */
export function bucketInterval(deltas: Float64Array, kind: ScoreKind, level: number): IntervalJson | null {
  const n = deltas.length;
  if (n < 2) return null;
  if (kind === 'binary') {
    const { interval } = compareScores(deltas, 'binary', { level, resamples: DEFAULT_RESAMPLES, seed: PAIRED_SEED });
    return finite(interval.low) && finite(interval.high) ? { low: interval.low, high: interval.high, level, method: interval.method, items: n } : null;
  }
  const t = meanInterval(deltas, level, 't');
  return finite(t.low) && finite(t.high) ? { low: t.low, high: t.high, level, method: 't', items: n } : null;
}
