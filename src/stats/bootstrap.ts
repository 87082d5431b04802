// Paired bootstrap of the mean delta (Efron & Tibshirani 1993): the studentized ("bootstrap-t",
// ch. 12.5) resampling the gate decides with, and the percentile interval (ch. 13) kept for the
// coverage comparison printed by `npm run bench:decisions`. Pairing is kept by resampling items
// (each item's delta), never the two sides separately.

import { logGamma } from './student-t.js';
import { Rng } from './rng.js';

export interface BootstrapOptions {
  /** Two-sided confidence level in (0, 1), e.g. 0.95. */
  level: number;
  /** Number of bootstrap resamples (integer >= 1); 1,000 is the policy default. */
  resamples: number;
  /** Seed of the generator: same seed and data, same interval. */
  seed: number;
}

export interface PercentileInterval {
  low: number;
  high: number;
}

function checkOptions({ level, resamples }: BootstrapOptions): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be an integer >= 1, got ${resamples}`);
}

/**
 * Quantile of sorted values by linear interpolation between order statistics (Hyndman & Fan
 * type 7). Next to an infinite order statistic there is nothing to interpolate: the value is the
 * nearer order statistic's side (a step).
 */
export function sortedQuantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const i = Math.floor(h);
  const x = sorted[i] as number;
  if (i + 1 >= n || h === i) return x;
  const next = sorted[i + 1] as number;
  if (!Number.isFinite(x) || !Number.isFinite(next)) return x === next ? x : h - i < 0.5 ? x : next;
  return x + (h - i) * (next - x);
}

/**
 * The inverse of sortedQuantile: the q in [0, 1] at which the interpolated quantile reaches x
 * (the largest such q when several order statistics equal x), so that for any level a,
 * sortedQuantile(sorted, a) < x exactly when a < sortedRank(sorted, x), up to ties.
 */
export function sortedRank(sorted: ArrayLike<number>, x: number): number {
  const n = sorted.length;
  if (n === 0 || Number.isNaN(x)) return NaN;
  if (n === 1) return x < (sorted[0] as number) ? 0 : 1;
  if (x < (sorted[0] as number)) return 0;
  if (x >= (sorted[n - 1] as number)) return 1;
  // Last index i with sorted[i] <= x (binary search), then the fraction towards sorted[i + 1].
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) <= x) lo = mid;
    else hi = mid;
  }
  const a = sorted[lo] as number;
  const b = sorted[lo + 1] as number;
  const fraction = Number.isFinite(a) && Number.isFinite(b) && b > a ? (x - a) / (b - a) : 0;
  return (lo + fraction) / (n - 1);
}

function percentiles(means: Float64Array, level: number): PercentileInterval {
  means.sort();
  const alpha = (1 - level) / 2;
  return { low: sortedQuantile(means, alpha), high: sortedQuantile(means, 1 - alpha) };
}

/**
 * Percentile interval of the mean of `deltas` by resampling items with replacement: O(n * resamples).
 * n = 0 gives NaN bounds; n = 1 and all-equal deltas give the point interval [d, d] (every resample
 * is identical; returned exactly, without summation rounding).
 */
export function bootstrapMeanInterval(deltas: ArrayLike<number>, options: BootstrapOptions): PercentileInterval {
  checkOptions(options);
  const n = deltas.length;
  if (n === 0) return { low: NaN, high: NaN };
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const d = deltas[i] as number;
    if (d < min) min = d;
    if (d > max) max = d;
  }
  if (min === max) return { low: min, high: min };
  const rng = new Rng(options.seed);
  const means = new Float64Array(options.resamples);
  for (let r = 0; r < means.length; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += deltas[rng.nextInt(n)] as number;
    means[r] = sum / n;
  }
  return percentiles(means, options.level);
}

/**
 * Studentized bootstrap of the mean: the sorted T* = (mean* - mean) / se* of `resamples`
 * resamples of the items, se* = s* / sqrt(n) with s* the resample's standard deviation (divisor
 * n - 1). The (1 - a) upper limit of the mean is mean - T*_(a) se and the lower one
 * mean - T*_(1-a) se (Efron & Tibshirani 1993, eq. 12.22). Unlike the percentile interval it
 * estimates the skewness of the studentized mean, which is what under-covers at small n for
 * skewed deltas (Hall 1988: second-order accurate). A resample of equal values has se* = 0: its
 * T* is +-Infinity by the sign of mean* - mean (0 when equal), the limit as its spread vanishes.
 * Sums are of deviations from the mean, so no precision is lost to a large common offset.
 * Needs n >= 2; O(n * resamples).
 */
export function studentizedBootstrap(deltas: ArrayLike<number>, mean: number, options: BootstrapOptions): Float64Array {
  checkOptions(options);
  const n = deltas.length;
  if (n < 2) throw new RangeError(`the studentized bootstrap needs at least 2 items, got ${n}`);
  const centred = new Float64Array(n);
  for (let i = 0; i < n; i++) centred[i] = (deltas[i] as number) - mean;
  const rng = new Rng(options.seed);
  const stats = new Float64Array(options.resamples);
  for (let r = 0; r < stats.length; r++) {
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const y = centred[rng.nextInt(n)] as number;
      s1 += y;
      s2 += y * y;
    }
    const variance = Math.max(0, (s2 - (s1 * s1) / n) / (n - 1));
    const se = Math.sqrt(variance / n);
    const shift = s1 / n;
    stats[r] = se > 0 ? shift / se : shift > 0 ? Infinity : shift < 0 ? -Infinity : 0;
  }
  return stats.sort();
}

/** Counts of the three possible deltas of a binary score. */
export interface DeltaCounts {
  /** delta -1: baseline passes, candidate fails. */
  worse: number;
  /** delta 0. */
  same: number;
  /** delta +1: candidate passes, baseline fails. */
  better: number;
}

/**
 * Bootstrap percentile interval of the mean delta of a binary score from the counts alone. A
 * resample of n items is a multinomial draw of the three counts with the observed proportions,
 * drawn as worse* ~ Bin(n, p_worse) and better* | worse* ~ Bin(n - worse*, p_better / (1 - p_worse));
 * its mean is (better* - worse*) / n. The resampling distribution is exactly that of the per-item
 * bootstrap, at O(resamples * sqrt(n)) instead of O(resamples * n) (see sampleBinomial).
 */
export function bootstrapBinaryMeanInterval(counts: DeltaCounts, options: BootstrapOptions): PercentileInterval {
  checkOptions(options);
  const { worse, same, better } = counts;
  for (const v of [worse, same, better]) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`counts must be non-negative integers, got ${v}`);
  }
  const n = worse + same + better;
  if (n === 0) return { low: NaN, high: NaN };
  if (worse === n || same === n || better === n) {
    const d = (better - worse) / n;
    return { low: d, high: d };
  }
  const rng = new Rng(options.seed);
  const pWorse = worse / n;
  const pBetterGivenNotWorse = better / (n - worse); // n > worse: the all-worse case returned above
  const means = new Float64Array(options.resamples);
  for (let r = 0; r < means.length; r++) {
    const w = sampleBinomial(rng, n, pWorse);
    const b = sampleBinomial(rng, n - w, pBetterGivenNotWorse);
    means[r] = (b - w) / n;
  }
  return percentiles(means, options.level);
}

/**
 * Exact Binomial(n, p) variate by inversion, searching outward from the mode. Any fixed order of
 * the outcomes gives an exact inversion; visiting mode, mode+1, mode-1, mode+2, ... puts the most
 * probable outcomes first, so the expected number of steps is about 1.6 standard deviations,
 * O(sqrt(n p (1 - p))), with no approximation. pmf(mode) comes from log-gamma; the neighbours from
 * the ratio pmf(k+1)/pmf(k) = (n - k)/(k + 1) * p/(1 - p).
 */
export function sampleBinomial(rng: Rng, n: number, p: number): number {
  if (n === 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const q = 1 - p;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const pmfMode = Math.exp(logGamma(n + 1) - logGamma(mode + 1) - logGamma(n - mode + 1) + mode * Math.log(p) + (n - mode) * Math.log(q));
  const ratio = p / q;
  for (;;) {
    let u = rng.nextFloat() - pmfMode;
    if (u < 0) return mode;
    let lo = mode;
    let hi = mode;
    let fLo = pmfMode;
    let fHi = pmfMode;
    // Stop when both directions are exhausted or their terms have underflowed: u then fell in the
    // ~1e-9 of mass lost to rounding; a fresh uniform renormalises over the mass that was covered.
    while ((hi < n && fHi > 0) || (lo > 0 && fLo > 0)) {
      if (hi < n && fHi > 0) {
        fHi *= ((n - hi) / (hi + 1)) * ratio;
        hi++;
        u -= fHi;
        if (u < 0) return hi;
      }
      if (lo > 0 && fLo > 0) {
        fLo *= lo / ((n - lo + 1) * ratio);
        lo--;
        u -= fLo;
        if (u < 0) return lo;
      }
    }
  }
}
