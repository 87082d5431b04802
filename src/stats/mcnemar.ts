// Exact McNemar test and an interval for the paired difference of proportions, for binary (0/1)
// per-item scores. Only the discordant pairs carry information about the difference:
//   b = items the baseline passes and the candidate fails (delta -1),
//   c = items the candidate passes and the baseline fails (delta +1).
// Under "no difference" each discordant pair is equally likely to go either way, so
// b ~ Binomial(b + c, 1/2) conditionally on b + c (McNemar 1947; exact form: conditional binomial test).

import { betaRegularized, logGamma } from './student-t.js';

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

/**
 * A Beta(a, b) confidence distribution. a = 0 is the point mass at 0 and b = 0 the point mass at
 * 1 (the limits of the Clopper-Pearson bounds at x = 0 and x = n).
 */
interface BetaDistribution {
  a: number;
  b: number;
}

/** P(X <= x). */
function betaCdf(x: number, { a, b }: BetaDistribution): number {
  if (a === 0) return x >= 0 ? 1 : 0;
  if (b === 0) return x >= 1 ? 1 : 0;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return betaRegularized(x, a, b);
}

// 10-point Gauss-Legendre nodes and weights on [-1, 1] (A&S 25.4.30), symmetric pairs.
const GL_X = [0.1488743389816312, 0.4333953941292472, 0.6794095682990244, 0.8650633666889845, 0.9739065285171717];
const GL_W = [0.2955242247147529, 0.2692667193099963, 0.219086362515982, 0.1494513491505806, 0.0666713443086881];
/** Panel edges in standard deviations around the mean: narrow where the density is, wide in the tails. */
const PANEL_EDGES = [-40, -20, -12, -8, -6, -4, -3, -2, -1, 0, 1, 2, 3, 4, 6, 8, 12, 20, 40];

/**
 * P(T (2B - 1) >= d) for independent T ~ tau and B ~ beta: the survival function of the melded
 * difference. With both continuous it is
 *   P(T <= -d) [d < 0]  +  integral over t in (|d|, 1) of f_T(t) P(B >= (1 + d/t) / 2) dt,
 * because (1 + d/t)/2 <= 0 for t <= -d and >= 1 for t <= d. The integrand is smooth on that
 * range; it is integrated by composite 10-point Gauss-Legendre on panels placed in standard
 * deviations of T around its mean (out to 40 of them, where a Beta(a >= 1, b >= 1) has no mass
 * left at double precision). At d = 0 the result is exactly P(B >= 1/2), with no quadrature.
 */
function meldedSurvival(d: number, tau: BetaDistribution, beta: BetaDistribution): number {
  const survB = (x: number): number => 1 - betaCdf(x, beta);
  if (tau.a === 0) return d <= 0 ? 1 : 0; // T = 0: the difference is 0
  if (tau.b === 0) return beta.a === 0 ? (d <= -1 ? 1 : 0) : beta.b === 0 ? (d <= 1 ? 1 : 0) : survB((1 + d) / 2);
  if (beta.a === 0) return betaCdf(-d, tau); // B = 0: the difference is -T
  if (beta.b === 0) return d <= 0 ? 1 : 1 - betaCdf(d, tau); // B = 1: the difference is T
  if (d === 0) return survB(0.5);
  if (d <= -1) return 1;
  if (d >= 1) return 0;
  const { a, b } = tau;
  const mean = a / (a + b);
  const sd = Math.sqrt((a * b) / ((a + b) * (a + b) * (a + b + 1)));
  const logNorm = logGamma(a + b) - logGamma(a) - logGamma(b);
  const density = (t: number): number => Math.exp(logNorm + (a - 1) * Math.log(t) + (b - 1) * Math.log1p(-t));
  const from = Math.abs(d);
  let sum = d < 0 ? betaCdf(-d, tau) : 0;
  for (let k = 0; k + 1 < PANEL_EDGES.length; k++) {
    const lo = Math.max(from, mean + (PANEL_EDGES[k] as number) * sd);
    const hi = Math.min(1, mean + (PANEL_EDGES[k + 1] as number) * sd);
    if (!(hi > lo)) continue;
    const half = (hi - lo) / 2;
    const mid = (hi + lo) / 2;
    let panel = 0;
    for (let j = 0; j < GL_X.length; j++) {
      const offset = half * (GL_X[j] as number);
      for (const t of [mid - offset, mid + offset]) {
        const mass = (GL_W[j] as number) * density(t);
        // Nodes deep in the tails carry no mass at double precision: skip the incomplete beta.
        if (mass * half > 1e-17) panel += mass * survB((1 + d / t) / 2);
      }
    }
    sum += half * panel;
  }
  return Math.min(1, Math.max(0, sum));
}

export interface PairedDifferenceOptions {
  /** Two-sided confidence level of the interval, in (0, 1). */
  level: number;
  /**
   * Which way the test looks: 'lower' tests "the true difference is at least `null`" against
   * "it is below" (a candidate worse when higher is better); 'higher' the mirror image.
   */
  worse: 'lower' | 'higher';
  /** The tested difference (candidate minus baseline pass rate), e.g. -0.01 for a tolerance of 0.01. */
  null: number;
}

export interface PairedDifferenceResult {
  /** (c - b) / n. */
  estimate: number;
  low: number;
  high: number;
  /** One-sided p-value of the test described by the options. */
  pOneSided: number;
}

/**
 * Exact test and compatible interval for the difference of paired proportions, from the
 * discordant counts b (baseline-only passes) and c (candidate-only passes) of n pairs:
 * Fay & Lumbard (2021), "Confidence intervals for difference in proportions for matched pairs
 * compatible with exact McNemar's or sign tests", Statistics in Medicine 40:1147-1159 (the
 * method of R's exact2x2::mcnemarExactDP).
 *
 * The difference is Delta = tau (2 beta - 1), tau the probability of a discordant pair and beta
 * the share of discordant pairs the candidate wins. Each gets its exact (Clopper-Pearson) Beta
 * confidence distributions, m = b + c:
 *   tau_L ~ Beta(m, n - m + 1),  tau_U ~ Beta(m + 1, n - m),
 *   beta_L ~ Beta(c, m - c + 1), beta_U ~ Beta(c + 1, m - c),
 * and they are "melded" (Fay, Proschan & Brittain 2015): the upper limit at one-sided level a is
 * the largest of the (1 - a) quantiles of tau_L (2 beta_U - 1) and tau_U (2 beta_U - 1), and the
 * p-value of H0: Delta >= d0 against Delta < d0 ('lower': the candidate worse) is
 *   p(d0) = max over x in {L, U} of P(tau_x (2 beta_U - 1) >= d0),
 * mirrored for the lower limit. At d0 = 0 both reduce to P(beta_U >= 1/2) = P(X <= c),
 * X ~ Bin(m, 1/2): the exact one-sided McNemar p-value, so the interval excludes 0 exactly when
 * the exact McNemar test rejects. A nonzero d0 is a non-inferiority test against that margin.
 *
 * The decision is the p-value; the favourable limit is found by bisection inside the half-line
 * the decision puts it in, so "p <= (1 - level) / 2" and "the limit is beyond `null`" always agree.
 */
export function pairedDifferenceExact(b: number, c: number, n: number, options: PairedDifferenceOptions): PairedDifferenceResult {
  for (const [name, v] of [['b', b], ['c', c], ['n', n]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
  }
  const { level, worse } = options;
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  if (n < b + c || n === 0) throw new RangeError(`n must be positive and >= b + c, got ${n}`);
  if (!(options.null > -1 && options.null < 1)) throw new RangeError(`null must be in (-1, 1), got ${options.null}`);
  const m = b + c;
  const alpha = (1 - level) / 2;
  const tauL = { a: m, b: n - m + 1 };
  const tauU = { a: m + 1, b: n - m };
  const betaL = { a: c, b: m - c + 1 };
  const betaU = { a: c + 1, b: m - c };
  // P(Delta >= d) under the upper melding, and P(Delta <= d) under the lower one.
  const upperTail = (d: number): number => Math.max(meldedSurvival(d, tauL, betaU), meldedSurvival(d, tauU, betaU));
  // Delta <= d  <=>  tau (2 (1 - beta_L) - 1) >= -d, and 1 - beta_L is a Beta too (see mirror).
  const lowerTail = (d: number): number => Math.max(meldedSurvival(-d, tauL, mirror(betaL)), meldedSurvival(-d, tauU, mirror(betaL)));
  // Exact at 0: P(beta_U >= 1/2) = P(X <= c) and P(beta_L <= 1/2) = P(X >= c) = P(X <= b).
  const upperP = (d: number): number => (d === 0 ? binomialHalfCdf(c, m) : upperTail(d));
  const lowerP = (d: number): number => (d === 0 ? binomialHalfCdf(b, m) : lowerTail(d));
  const pOneSided = worse === 'lower' ? upperP(options.null) : lowerP(options.null);
  const rejected = pOneSided <= alpha;
  // The upper limit solves upperP(d) = alpha (upperP decreases in d); the lower one lowerP(d) = alpha.
  const upper = limit(upperP, alpha, worse === 'lower' ? (rejected ? [-1, options.null] : [options.null, 1]) : [-1, 1]);
  const lower = -limit((d) => lowerP(-d), alpha, worse === 'higher' ? (rejected ? [-1, -options.null] : [-options.null, 1]) : [-1, 1]);
  return { estimate: (c - b) / n, low: Math.max(-1, lower), high: Math.min(1, upper), pOneSided: Math.min(1, pOneSided) };
}

/** 1 - B for B ~ Beta(a, b) is Beta(b, a): the lower melding is the upper one of the mirrored table. */
function mirror({ a, b }: BetaDistribution): BetaDistribution {
  return { a: b, b: a };
}

/**
 * The root in [lo, hi] of tail(d) = alpha for a tail probability that decreases in d: the
 * boundary of {d : tail(d) > alpha}, which lies below it. Regula falsi with the Illinois
 * modification (Dowell & Jarratt 1971) keeps a bracket and converges superlinearly; it stops once
 * the bracket is under 1e-10 wide (the report shows four digits; the decision is the p-value).
 */
function limit(tail: (d: number) => number, alpha: number, [lo, hi]: [number, number]): number {
  let fLo = tail(lo) - alpha;
  if (!(fLo > 0)) return lo;
  let fHi = tail(hi) - alpha;
  if (fHi > 0) return hi;
  let side = 0;
  for (let i = 0; i < 100 && hi - lo > 1e-10; i++) {
    let x = lo + (fLo * (hi - lo)) / (fLo - fHi);
    if (!(x > lo && x < hi)) x = (lo + hi) / 2;
    const f = tail(x) - alpha;
    if (f > 0) {
      lo = x;
      fLo = f;
      if (side === 1) fHi /= 2;
      side = 1;
    } else {
      hi = x;
      fHi = f;
      if (side === -1) fLo /= 2;
      side = -1;
    }
  }
  return (lo + hi) / 2;
}
