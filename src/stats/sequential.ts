/**
 * Always-valid (sequential) intervals for staged rollouts: a rollout is checked every day,
 * and a fixed-sample 95% interval re-checked daily excludes the truth far more often than
 * 5% of the time. These confidence sequences hold simultaneously over every look.
 *
 * Means (guardrails on rates, counts, costs): the mixture sequential probability ratio test
 * (mSPRT) of Johari, Koomen, Pekelis & Walsh, "Always Valid Inference: Continuous Monitoring
 * of A/B Tests", Operations Research 70(3), 2022 (section 3, the normal-mixture mSPRT), built
 * on Robbins' normal mixture (1970). For an estimate θ̂ with variance V and a N(θ0, τ²) mixing distribution,
 *
 *   Λ(θ0) = sqrt(V / (V + τ²)) · exp( τ² (θ̂ − θ0)² / (2 V (V + τ²)) ),
 *
 * and {θ0 : Λ(θ0) < 1/α} is a (1 − α) confidence sequence (Ville's inequality):
 *
 *   |θ̂ − θ0| < sqrt( V (V + τ²) / τ² · ( 2 ln(1/α) + ln((V + τ²) / V) ) ).      (*)
 *
 * The relative difference r = μ_c / μ_b − 1 is reached Fieller's way: r0 stays in the
 * sequence while the mSPRT of H(r0): μ_c − (1 + r0) μ_b = 0 does not reject, with
 * θ̂ = x̄_c − (1 + r0) x̄_b and V(r0) = s_c²/n_c + (1 + r0)² s_b²/n_b (plug-in variances, the
 * asymptotic form of Johari et al. and of Waudby-Smith et al. 2024). No logarithm of a mean
 * is taken, so a challenger whose rate collapses to 0 is still measured.
 *
 * Quantiles (p50 latency, p99 limits): Howard & Ramdas, "Sequential estimation of quantiles
 * with applications to A/B-testing and best-arm identification", Bernoulli 28(3), 2022: for
 * the true p-quantile q, 1{X ≤ q} is Bernoulli(p), so q stays inside
 * {q : the Bernoulli test of P(X ≤ q) = p does not reject}. The test is the beta-binomial
 * mixture martingale (the conjugate beta-binomial mixture of Howard, Ramdas, McAuliffe &
 * Sekhon, "Time-uniform, nonparametric, nonasymptotic confidence sequences", Annals of
 * Statistics 49(2), 2021): with S successes in n and a Beta(κp, κ(1 − p)) mixture,
 *
 *   M(S, n) = B(κp + S, κ(1 − p) + n − S) / B(κp, κ(1 − p)) / ( p^S (1 − p)^(n − S) ),
 *
 * a nonnegative martingale under the null, rejected when M ≥ 1/α. It is exact (no normal
 * approximation), which matters in the tail (p = 0.99).
 */
import { logGamma } from './student-t.js';

/** Streamed sufficient statistics of one arm for one metric. */
export interface MomentSums {
  n: number;
  sum: number;
  sumSq: number;
}

export const emptyMoments = (): MomentSums => ({ n: 0, sum: 0, sumSq: 0 });

export function mean(s: MomentSums): number {
  return s.n === 0 ? NaN : s.sum / s.n;
}

/** Unbiased sample variance from the sums, clamped at 0 against rounding. */
export function sampleVariance(s: MomentSums): number {
  if (s.n < 2) return NaN;
  const v = (s.sumSq - (s.sum * s.sum) / s.n) / (s.n - 1);
  return v > 0 ? v : 0;
}

/**
 * Half-width (*) of the mSPRT confidence sequence for an estimate of variance `variance`,
 * mixing variance `tau2`, level 1 − alpha. A zero variance gives a zero half-width.
 */
export function mixtureHalfWidth(variance: number, tau2: number, alpha: number): number {
  if (!(tau2 > 0)) throw new RangeError(`tau² must be positive, got ${tau2}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  if (variance <= 0) return 0;
  return Math.sqrt(((variance * (variance + tau2)) / tau2) * (2 * Math.log(1 / alpha) + Math.log((variance + tau2) / variance)));
}

/** The mixture likelihood ratio Λ itself, for tests and reports. */
export function mixtureLikelihoodRatio(estimate: number, null0: number, variance: number, tau2: number): number {
  const d = estimate - null0;
  return Math.sqrt(variance / (variance + tau2)) * Math.exp((tau2 * d * d) / (2 * variance * (variance + tau2)));
}

export interface SequenceInterval {
  lower: number;
  upper: number;
}

/** Confidence sequence for one arm's mean; `tau` is the mixing standard deviation on the mean's scale. */
export function meanSequence(s: MomentSums, tau: number, alpha: number): SequenceInterval | undefined {
  if (s.n < 2) return undefined;
  const m = mean(s);
  const half = mixtureHalfWidth(sampleVariance(s) / s.n, tau * tau, alpha);
  return { lower: m - half, upper: m + half };
}

export interface RelativeDifference {
  /** x̄_c / x̄_b − 1. */
  estimate: number;
  /** Bounds of r; ±Infinity when the data cannot bound it (champion mean not shown to differ from 0). */
  lower: number;
  upper: number;
}

/**
 * Confidence sequence for r = μ_c / μ_b − 1 by inverting the mSPRT of H(r0) (Fieller), see
 * the top of this file. `tau` is the mixing standard deviation relative to the champion's
 * mean (the guardrail's margin is the natural choice: the sequence is then tightest around
 * the sample size at which it can first fit inside the margin). Needs a positive champion mean.
 */
export function relativeDifferenceSequence(challenger: MomentSums, champion: MomentSums, tau: number, alpha: number): RelativeDifference | undefined {
  if (challenger.n < 2 || champion.n < 2) return undefined;
  const xc = mean(challenger);
  const xb = mean(champion);
  if (!(xb > 0)) return undefined;
  const vc = sampleVariance(challenger) / challenger.n;
  const vb = sampleVariance(champion) / champion.n;
  const tau2 = (tau * xb) ** 2;
  // g(r) > 0: r rejected; g is convex-like around the estimate, so each bound is found by
  // bracketing outwards from it and bisecting.
  const g = (r: number): number => Math.abs(xc - (1 + r) * xb) - mixtureHalfWidth(vc + (1 + r) ** 2 * vb, tau2, alpha);
  const estimate = xc / xb - 1;
  return { estimate, lower: bound(g, estimate, -1), upper: bound(g, estimate, 1) };
}

function bound(g: (r: number) => number, start: number, direction: 1 | -1): number {
  if (g(start) > 0) return start; // only when the half-width is 0 (no variance)
  let step = 1e-3;
  let inside = start;
  let outside: number | undefined;
  for (let i = 0; i < 60; i++) {
    const probe = start + direction * step;
    if (g(probe) > 0) {
      outside = probe;
      break;
    }
    inside = probe;
    step *= 2;
  }
  if (outside === undefined) return direction * Infinity;
  let out: number = outside;
  for (let i = 0; i < 100 && Math.abs(out - inside) > 1e-12 * Math.max(1, Math.abs(inside)); i++) {
    const mid: number = (inside + out) / 2;
    if (g(mid) > 0) out = mid;
    else inside = mid;
  }
  return inside;
}

// ---------------------------------------------------------------------------------------
// Quantiles.

/** ln B(a, b). */
function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/**
 * ln M(S, n) of the beta-binomial mixture for H: P(success) = p, prior Beta(κp, κ(1 − p)).
 * Convex in S, smallest near S = np.
 */
export function betaBinomialLogMartingale(successes: number, n: number, p: number, kappa: number): number {
  const a = kappa * p;
  const b = kappa * (1 - p);
  return logBeta(a + successes, b + n - successes) - logBeta(a, b) - successes * Math.log(p) - (n - successes) * Math.log(1 - p);
}

/**
 * The prior concentration that makes the beta-binomial boundary tightest near `plannedN`
 * observations: the tuning rule for normal mixtures of Waudby-Smith et al. (2024), also
 * GrowthBook's, ρ² = (2 ln(1/α) + ln(1 + 2 ln(1/α))) / n*, read as a prior sample size
 * κ = 1/ρ² (the prior's variance is then about the estimate's variance at n*).
 */
export function kappaFor(plannedN: number, alpha: number): number {
  const l = 2 * Math.log(1 / alpha);
  return Math.max(1, plannedN / (l + Math.log(1 + l)));
}

/** Range [lo, hi] of success counts S the test does not reject, or undefined when none. */
export function acceptedSuccesses(n: number, p: number, alpha: number, kappa: number): { lo: number; hi: number } {
  const limit = Math.log(1 / alpha);
  const rejects = (s: number): boolean => betaBinomialLogMartingale(s, n, p, kappa) >= limit;
  const centre = Math.min(n, Math.max(0, Math.round(n * p)));
  const search = (from: number, to: number): number => {
    // Smallest (to > from) or largest (to < from) accepted S between the centre and an end.
    if (!rejects(to)) return to;
    let inside = from;
    let outside = to;
    while (Math.abs(outside - inside) > 1) {
      const mid = Math.floor((inside + outside) / 2);
      if (rejects(mid)) outside = mid;
      else inside = mid;
    }
    return inside;
  };
  return { lo: search(centre, 0), hi: search(centre, n) };
}

/** Counts of values in increasing bins, with each bin's value range [edges(i), edges(i + 1)). */
export interface BinnedSample {
  /** Number of values. */
  n: number;
  /** Bins in increasing order of value, as [lowerEdge, upperEdge, count]; empty bins may be omitted. */
  bins: ReadonlyArray<readonly [number, number, number]>;
}

/**
 * Confidence sequence for the p-quantile of a binned sample: the hull of the values whose
 * count below is accepted, widened to whole bins (so it stays valid for binned data).
 */
export function quantileSequence(sample: BinnedSample, p: number, alpha: number, kappa: number): SequenceInterval | undefined {
  if (sample.n === 0) return undefined;
  const { lo, hi } = acceptedSuccesses(sample.n, p, alpha, kappa);
  // q is accepted iff #{X ≤ q} ∈ [lo, hi], i.e. X_(lo) ≤ q < X_(hi+1) (order statistics, 1-based).
  return { lower: lo === 0 ? -Infinity : orderStatisticBin(sample, lo)[0], upper: hi >= sample.n ? Infinity : orderStatisticBin(sample, hi + 1)[1] };
}

/** Point estimate of the p-quantile: the midpoint of the bin holding order statistic ceil(np). */
export function binnedQuantile(sample: BinnedSample, p: number): number {
  if (sample.n === 0) return NaN;
  const [lower, upper] = orderStatisticBin(sample, Math.max(1, Math.ceil(sample.n * p)));
  return lower === upper ? lower : (lower + upper) / 2;
}

function orderStatisticBin(sample: BinnedSample, k: number): readonly [number, number] {
  let seen = 0;
  for (const [lower, upper, count] of sample.bins) {
    seen += count;
    if (seen >= k) return [lower, upper];
  }
  const last = sample.bins.at(-1);
  return last ? [last[0], last[1]] : [NaN, NaN];
}
