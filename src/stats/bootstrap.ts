// Paired bootstrap percentile intervals of the mean delta (Efron & Tibshirani 1993, ch. 13).
// Pairing is kept by resampling items (each item's delta), never the two sides separately.

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

/** Quantile of sorted values by linear interpolation between order statistics (Hyndman & Fan type 7). */
export function sortedQuantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const i = Math.floor(h);
  const x = sorted[i] as number;
  return i + 1 < n ? x + (h - i) * ((sorted[i + 1] as number) - x) : x;
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
