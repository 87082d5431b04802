// Exact McNemar test and an interval for the paired difference of proportions, for binary (0/1)
// per-item scores. Only the discordant pairs carry information about the difference:
//   b = items the baseline passes and the candidate fails (delta -1),
//   c = items the candidate passes and the baseline fails (delta +1).
// Under "no difference" each discordant pair is equally likely to go either way, so
// b ~ Binomial(b + c, 1/2) conditionally on b + c (McNemar 1947; exact form: conditional binomial test).

import { normalQuantile } from './normal.js';
import { logGamma } from './student-t.js';

export interface McNemarResult {
  b: number;
  c: number;
  /** Two-sided exact p-value: min(1, 2 P(X <= min(b, c))), X ~ Bin(b + c, 1/2). */
  pTwoSided: number;
  /** One-sided exact p-value for "the candidate is worse" (b large): P(X >= b) = P(X <= c). */
  pCandidateWorse: number;
}

/** Up to this n the sum starts from pmf(0) = 2^-n, which is exact and cannot underflow. */
const UPWARD_SUM_MAX_N = 1000;

/**
 * P(X <= k) for X ~ Binomial(n, 1/2), exact up to floating-point rounding for any n; no normal
 * approximation is needed. Only k < n/2 is summed (symmetry gives the rest), where the pmf
 * increases with i, so the terms are added smallest first:
 * - n <= UPWARD_SUM_MAX_N: from pmf(0) = 2^-n upwards with pmf(i) = pmf(i-1) (n - i + 1) / i.
 *   O(k); small cases come out exact (b = 1, c = 9 gives 22/1024 exactly).
 * - larger n: from the largest term pmf(k), taken from log-gamma in log space so that nothing
 *   overflows, downwards with pmf(i-1) = pmf(i) i / (n - i + 1), stopping once terms no longer
 *   change the sum. The terms decay at least geometrically a few standard deviations below k, so
 *   the cost is O(min(k, sqrt(n))) even at n = 10^7. Relative error ~1e-8 at n = 10^6 (rounding
 *   of ln Gamma(n + 1)); results below ~1e-308 underflow to 0.
 */
export function binomialHalfCdf(k: number, n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(k)) throw new RangeError(`k must be an integer, got ${k}`);
  if (k < 0) return 0;
  if (k >= n) return 1;
  // Symmetry keeps the summed tail on the increasing side of the pmf; 1 - small tail is accurate
  // in absolute terms, which is all a probability above 1/2 needs.
  if (2 * k >= n) return 1 - binomialHalfCdf(n - k - 1, n);
  if (n <= UPWARD_SUM_MAX_N) {
    let term = 2 ** -n;
    let sum = term;
    for (let i = 1; i <= k; i++) {
      term *= (n - i + 1) / i;
      sum += term;
    }
    return sum;
  }
  const logTerm = logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) - n * Math.LN2;
  let term = Math.exp(logTerm);
  let sum = term;
  for (let i = k; i > 0 && term > sum * 1e-17; i--) {
    term *= i / (n - i + 1);
    sum += term;
  }
  return Math.min(1, sum);
}

/** Exact McNemar test from the discordant counts b (baseline-only passes) and c (candidate-only passes). */
export function mcnemarExact(b: number, c: number): McNemarResult {
  for (const [name, v] of [['b', b], ['c', c]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
  }
  const n = b + c;
  // Doubling the smaller tail is the standard two-sided exact test; for p = 1/2 the distribution is
  // symmetric, so it equals the "sum of outcomes no more likely than the observed" definition.
  const pTwoSided = Math.min(1, 2 * binomialHalfCdf(Math.min(b, c), n));
  const pCandidateWorse = binomialHalfCdf(c, n);
  return { b, c, pTwoSided, pCandidateWorse };
}

export interface ProportionDifferenceInterval {
  /** Point estimate (c - b) / n of candidate minus baseline pass rate. */
  estimate: number;
  low: number;
  high: number;
}

/**
 * Interval for the difference of paired proportions (candidate minus baseline pass rate) from the
 * discordant counts and the number of pairs n. Method: Agresti & Min (2005), "Wald+2": add 1/2 to
 * each of the four cells of the 2x2 table, then use the Wald interval,
 *   d = (c - b) / (n + 2),   se = sqrt((b + c + 1) - (c - b)^2 / (n + 2)) / (n + 2),
 * truncated to [-1, 1]. Plain Wald undercovers badly when b + c is small (and collapses to a point
 * when b = c = 0); the adjustment restores near-nominal coverage (Agresti & Min 2005; Fagerland,
 * Lydersen & Laake 2014 rank adjusted Wald intervals among the recommended simple ones). It
 * needs only b, c and n, which is all the paired deltas give (the split of the concordant pairs
 * into both-pass and both-fail, needed by Newcombe's hybrid score interval, is not in the deltas).
 */
export function pairedProportionInterval(b: number, c: number, n: number, level: number): ProportionDifferenceInterval {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  if (!Number.isInteger(n) || n < b + c) throw new RangeError(`n must be an integer >= b + c, got ${n}`);
  const z = normalQuantile(1 - (1 - level) / 2);
  const m = n + 2;
  const centre = (c - b) / m;
  const se = Math.sqrt(Math.max(0, b + c + 1 - ((c - b) * (c - b)) / m)) / m;
  return {
    estimate: n === 0 ? NaN : (c - b) / n,
    low: Math.max(-1, centre - z * se),
    high: Math.min(1, centre + z * se),
  };
}
