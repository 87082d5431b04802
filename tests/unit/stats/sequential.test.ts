// The always-valid intervals behind rollout decisions, checked against independent
// computations written here: numerical integration of the mixture likelihood ratio, brute-force
// inversion on a grid, and simulations of daily looks.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/stats/rng.js';
import {
  acceptedSuccesses,
  betaBinomialLogMartingale,
  binnedQuantile,
  kappaFor,
  meanSequence,
  mixtureHalfWidth,
  mixtureLikelihoodRatio,
  quantileSequence,
  relativeDifferenceSequence,
  type BinnedSample,
  type MomentSums,
} from '../../../src/stats/sequential.js';
import { srmTest } from '../../../src/stats/srm.js';

/** Simpson's rule on [a, b] with n (even) panels. */
function simpson(f: (x: number) => number, a: number, b: number, n = 4000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += f(a + i * h) * (i % 2 === 1 ? 4 : 2);
  return (s * h) / 3;
}

const normalDensity = (x: number, m: number, v: number): number => Math.exp(-((x - m) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v);

/** Λ by integrating the likelihood ratio N(θ̂; θ, V) / N(θ̂; θ0, V) over θ ~ N(θ0, τ²). */
function integratedRatio(estimate: number, null0: number, variance: number, tau2: number): number {
  const sd = Math.sqrt(tau2);
  const denominator = normalDensity(estimate, null0, variance);
  return simpson((theta) => (normalDensity(estimate, theta, variance) / denominator) * normalDensity(theta, null0, tau2), null0 - 12 * sd, null0 + 12 * sd);
}

function normal(rng: Rng): number {
  // Box–Muller on the project's seeded generator.
  const u = Math.max(rng.nextFloat(), 1e-300);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
}

function add(s: MomentSums, x: number): void {
  s.n += 1;
  s.sum += x;
  s.sumSq += x * x;
}

describe('mSPRT half-width (Johari et al. 2022)', () => {
  it.each([
    [1e-4, 1e-3, 0.05],
    [2.5e-3, 1e-4, 0.05],
    [1e-2, 0.04, 0.01],
    [4e-6, 2.5e-5, 0.1],
  ])('V=%s τ²=%s α=%s: the mixture likelihood ratio, integrated numerically, equals 1/α at the bound', (variance, tau2, alpha) => {
    const half = mixtureHalfWidth(variance, tau2, alpha);
    expect(integratedRatio(0.3 + half, 0.3, variance, tau2)).toBeCloseTo(1 / alpha, 4);
    expect(mixtureLikelihoodRatio(0.3 + half, 0.3, variance, tau2)).toBeCloseTo(1 / alpha, 8);
    // Just inside: not rejected; just outside: rejected.
    expect(integratedRatio(0.3 + 0.99 * half, 0.3, variance, tau2)).toBeLessThan(1 / alpha);
    expect(integratedRatio(0.3 + 1.01 * half, 0.3, variance, tau2)).toBeGreaterThan(1 / alpha);
  });

  it('is wider than the fixed-sample 95% interval, by a factor growing only like sqrt(log n) away from the tuned sample', () => {
    for (const n of [100, 1000, 10_000, 100_000]) {
      const v = 1 / n;
      const ratio = mixtureHalfWidth(v, 1e-3, 0.05) / (1.959964 * Math.sqrt(v));
      expect(ratio).toBeGreaterThan(1.2);
      expect(ratio).toBeLessThan(5);
    }
  });
});

describe('relative difference by inverting the mSPRT (Fieller)', () => {
  it('matches a brute-force scan of r0 for which the test does not reject', () => {
    const c = { n: 3000, sum: 1440, sumSq: 1440 };
    const b = { n: 27_000, sum: 13_500, sumSq: 13_500 };
    const alpha = 0.05;
    const tau = 0.05;
    const seq = relativeDifferenceSequence(c, b, tau, alpha)!;
    const xc = c.sum / c.n;
    const xb = b.sum / b.n;
    const vc = (c.sumSq - c.sum ** 2 / c.n) / (c.n - 1) / c.n;
    const vb = (b.sumSq - b.sum ** 2 / b.n) / (b.n - 1) / b.n;
    const accepted: number[] = [];
    for (let r = -0.5; r <= 0.5; r += 1e-5) {
      const variance = vc + (1 + r) ** 2 * vb;
      if (integratedOrClosed(xc - (1 + r) * xb, variance, (tau * xb) ** 2) < 1 / alpha) accepted.push(r);
    }
    expect(seq.estimate).toBeCloseTo(xc / xb - 1, 12);
    expect(seq.lower).toBeCloseTo(accepted[0]!, 4);
    expect(seq.upper).toBeCloseTo(accepted.at(-1)!, 4);
    expect(seq.lower).toBeLessThan(seq.estimate);
    expect(seq.upper).toBeGreaterThan(seq.estimate);
  });

  it('measures a challenger whose rate collapsed to 0 (no logarithm of a mean)', () => {
    const seq = relativeDifferenceSequence({ n: 40, sum: 0, sumSq: 0 }, { n: 400, sum: 200, sumSq: 200 }, 0.05, 0.05)!;
    expect(seq.estimate).toBe(-1);
    expect(seq.upper).toBeLessThan(-0.3);
  });

  it('is unbounded or absent when the champion mean cannot anchor a ratio', () => {
    expect(relativeDifferenceSequence({ n: 10, sum: 1, sumSq: 1 }, { n: 10, sum: 0, sumSq: 0 }, 0.05, 0.05)).toBeUndefined();
    const wide = relativeDifferenceSequence({ n: 5, sum: 2, sumSq: 2 }, { n: 5, sum: 1, sumSq: 1 }, 0.05, 0.05)!;
    expect(wide.upper).toBe(Infinity);
  });

  it('stays valid under daily looks: identical arms, 40 looks, the 95% sequence excludes the truth in at most 5% of rollouts, while a re-checked fixed 95% interval does far more often', () => {
    const rng = new Rng(20_260_315);
    let sequential = 0;
    let fixed = 0;
    const rollouts = 300;
    for (let k = 0; k < rollouts; k++) {
      const c = { n: 0, sum: 0, sumSq: 0 };
      const b = { n: 0, sum: 0, sumSq: 0 };
      let seqMiss = false;
      let fixedMiss = false;
      for (let look = 0; look < 40; look++) {
        for (let i = 0; i < 50; i++) add(c, 10 + normal(rng));
        for (let i = 0; i < 150; i++) add(b, 10 + normal(rng));
        const seq = relativeDifferenceSequence(c, b, 0.02, 0.05)!;
        if (seq.lower > 0 || seq.upper < 0) seqMiss = true;
        const xc = c.sum / c.n;
        const xb = b.sum / b.n;
        const se = Math.sqrt((c.sumSq / c.n - xc * xc) / c.n + (b.sumSq / b.n - xb * xb) / b.n);
        if (Math.abs(xc - xb) > 1.959964 * se) fixedMiss = true;
      }
      if (seqMiss) sequential++;
      if (fixedMiss) fixed++;
    }
    expect(sequential / rollouts).toBeLessThanOrEqual(0.05);
    expect(fixed / rollouts).toBeGreaterThan(0.15);
  });
});

function integratedOrClosed(difference: number, variance: number, tau2: number): number {
  return mixtureLikelihoodRatio(difference, 0, variance, tau2);
}

describe('mean sequence', () => {
  it('contains the mean and is symmetric around it', () => {
    const s = { n: 100, sum: 250, sumSq: 725 };
    const seq = meanSequence(s, 0.5, 0.05)!;
    expect((seq.lower + seq.upper) / 2).toBeCloseTo(2.5, 12);
    expect(seq.upper - 2.5).toBeCloseTo(mixtureHalfWidth((725 - 625) / 99 / 100, 0.25, 0.05), 12);
  });
});

describe('beta-binomial mixture (Howard et al. 2021)', () => {
  /** M by integrating the Bernoulli likelihood ratio over the Beta(κp, κ(1-p)) prior. */
  function integratedMartingale(s: number, n: number, p: number, kappa: number): number {
    const a = kappa * p;
    const b = kappa * (1 - p);
    const logB = lgamma(a) + lgamma(b) - lgamma(a + b);
    const f = (theta: number): number =>
      Math.exp((a - 1) * Math.log(theta) + (b - 1) * Math.log(1 - theta) - logB + s * Math.log(theta / p) + (n - s) * Math.log((1 - theta) / (1 - p)));
    return simpson(f, 1e-9, 1 - 1e-9, 200_000);
  }

  it.each([
    [30, 50, 0.5, 20],
    [3, 100, 0.01, 50],
    [70, 80, 0.99, 30],
  ])('S=%s n=%s p=%s κ=%s equals the integral of the likelihood ratio over the prior', (s, n, p, kappa) => {
    expect(Math.exp(betaBinomialLogMartingale(s, n, p, kappa))).toBeCloseTo(integratedMartingale(s, n, p, kappa), 3);
  });

  it('accepts a range of counts around np and rejects outside it', () => {
    const kappa = kappaFor(1000, 0.05);
    const { lo, hi } = acceptedSuccesses(1000, 0.5, 0.05, kappa);
    expect(lo).toBeLessThan(500);
    expect(hi).toBeGreaterThan(500);
    expect(betaBinomialLogMartingale(lo, 1000, 0.5, kappa)).toBeLessThan(Math.log(20));
    expect(betaBinomialLogMartingale(lo - 1, 1000, 0.5, kappa)).toBeGreaterThanOrEqual(Math.log(20));
    expect(betaBinomialLogMartingale(hi + 1, 1000, 0.5, kappa)).toBeGreaterThanOrEqual(Math.log(20));
  });

  it('quantile sequence covers the true median of a log-normal over 30 looks in at least 95% of runs', () => {
    const rng = new Rng(77);
    const runs = 200;
    let misses = 0;
    const kappa = kappaFor(2000, 0.05);
    for (let k = 0; k < runs; k++) {
      const values: number[] = [];
      let miss = false;
      for (let look = 0; look < 30; look++) {
        for (let i = 0; i < 100; i++) values.push(Math.exp(6 + 0.5 * normal(rng)));
        const seq = quantileSequence(binned(values, 1.01), 0.5, 0.05, kappa)!;
        if (seq.lower > Math.exp(6) || seq.upper < Math.exp(6)) miss = true;
      }
      if (miss) misses++;
    }
    expect(misses / runs).toBeLessThanOrEqual(0.05);
  });

  it('the point estimate is the bin of the order statistic', () => {
    const sample: BinnedSample = { n: 10, bins: [[0, 1, 4], [1, 2, 2], [2, 3, 4]] };
    expect(binnedQuantile(sample, 0.5)).toBe(1.5);
    expect(binnedQuantile(sample, 0.99)).toBe(2.5);
  });
});

function binned(values: number[], ratio: number): BinnedSample {
  const counts = new Map<number, number>();
  for (const v of values) {
    const i = Math.floor(Math.log(v) / Math.log(ratio));
    counts.set(i, (counts.get(i) ?? 0) + 1);
  }
  const bins = [...counts].sort((a, b) => a[0] - b[0]).map(([i, c]) => [ratio ** i, ratio ** (i + 1), c] as const);
  return { n: values.length, bins };
}

/** Lanczos ln Γ, written here independently of src/stats. */
function lgamma(x: number): number {
  const g = 7;
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

describe('sample-ratio mismatch (χ², 1 df)', () => {
  it.each([
    [3.841458820694124, 0.05],
    [6.6348966010212145, 0.01],
    [10.827566170662733, 0.001],
  ])('χ² = %s gives the table p-value %s', (chi2, p) => {
    // Observed split engineered to give exactly this statistic at a 50/50 plan.
    const total = 1e6;
    const d = Math.sqrt((chi2 * total) / 4);
    const result = srmTest([total / 2 - d, total / 2 + d], 0.5)!;
    expect(result.chi2).toBeCloseTo(chi2, 6);
    expect(result.pValue).toBeCloseTo(p, 9);
  });

  it('10/90 planned but 14/86 observed on 20,000 units is a mismatch far below 0.001', () => {
    const result = srmTest([17_200, 2_800], 0.1)!;
    expect(result.expected).toEqual([18_000, 2_000]);
    expect(result.chi2).toBeCloseTo(800 ** 2 / 18_000 + 800 ** 2 / 2_000, 9);
    expect(result.pValue).toBeLessThan(1e-50);
  });

  it('a split that matches the plan is not a mismatch, and too few units give no test', () => {
    expect(srmTest([9_010, 990], 0.1)!.pValue).toBeGreaterThan(0.2);
    expect(srmTest([100, 7], 0.1)).toBeUndefined();
  });
});
