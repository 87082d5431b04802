/**
 * Independent implementations used as references by the statistics tests: written from the
 * textbook definitions, sharing no code with src/stats.
 */

/** Seeded uniform in (0, 1): mulberry32 (a different generator from the project's xoshiro128**). */
export function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
}

/** Standard normal by Box-Muller. */
function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 through Gamma(shape + 1) U^(1/shape). */
function gamma(shape: number, u: () => number): number {
  if (shape < 1) return gamma(shape + 1, u) * u() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(u);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = u();
    if (w < 1 - 0.0331 * x * x * x * x || Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta(a, b) draws; a = 0 is the point mass at 0, b = 0 at 1. */
export function betaDraws(a: number, b: number, count: number, u: () => number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    if (a === 0) out[i] = 0;
    else if (b === 0) out[i] = 1;
    else {
      const x = gamma(a, u);
      out[i] = x / (x + gamma(b, u));
    }
  }
  return out;
}

/** The q-quantile of values (nearest rank on a sorted copy). */
export function quantile(values: Float64Array, q: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/**
 * Fay & Lumbard's melded interval for a paired difference by Monte Carlo, as its authors'
 * `nmc` option computes it: draws of the four Clopper-Pearson Beta confidence distributions,
 * Delta = T (2B - 1), limits the extreme quantiles over T_L and T_U, p-values the larger tail.
 * b: baseline-only passes, c: candidate-only passes, n pairs.
 */
export function meldedMonteCarlo(b: number, c: number, n: number, level: number, draws: number, seed: number): {
  low: number;
  high: number;
  /** P-value of H0: Delta >= d0 against Delta < d0. */
  pWorse: (d0: number) => number;
} {
  const u = uniform(seed);
  const m = b + c;
  const tL = betaDraws(m, n - m + 1, draws, u);
  const tU = betaDraws(m + 1, n - m, draws, u);
  const bL = betaDraws(c, m - c + 1, draws, u);
  const bU = betaDraws(c + 1, m - c, draws, u);
  const product = (t: Float64Array, beta: Float64Array) => t.map((x, i) => x * (2 * (beta[i] as number) - 1));
  const a = (1 - level) / 2;
  const lowL = product(tL, bL);
  const lowU = product(tU, bL);
  const highL = product(tL, bU);
  const highU = product(tU, bU);
  const share = (values: Float64Array, d0: number) => values.reduce((k, x) => k + (x >= d0 ? 1 : 0), 0) / values.length;
  return {
    low: Math.min(quantile(lowL, a), quantile(lowU, a)),
    high: Math.max(quantile(highL, 1 - a), quantile(highU, 1 - a)),
    pWorse: (d0) => Math.max(share(highL, d0), share(highU, d0)),
  };
}

/** P(X <= k) for X ~ Bin(n, 1/2), exactly with BigInt, then rounded to a double. */
export function exactHalfCdf(k: number, n: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  let coefficient = 1n;
  let sum = 0n;
  for (let i = 0; i <= k; i++) {
    sum += coefficient;
    coefficient = (coefficient * BigInt(n - i)) / BigInt(i + 1);
  }
  const denominator = 1n << BigInt(n);
  const shift = BigInt(n) - BigInt(sum.toString(2).length) + 64n;
  return Number((sum << shift) / denominator) / 2 ** Number(shift);
}

/** Exact two-sided McNemar p-value, min(1, 2 P(X <= min(b, c))), X ~ Bin(b + c, 1/2). */
export function exactMcNemar(b: number, c: number): number {
  return Math.min(1, 2 * exactHalfCdf(Math.min(b, c), b + c));
}

/**
 * Student's t CDF by Simpson integration of the density (no incomplete beta): accurate to ~1e-9
 * for the moderate |t| and df the tests use.
 */
export function studentTCdf(t: number, df: number): number {
  let logC = 0;
  // ln Gamma((df + 1) / 2) - ln Gamma(df / 2) by the recurrence from Gamma(1/2) or Gamma(1).
  const lgamma = (x: number): number => {
    let s = 0;
    let y = x;
    while (y > 1) {
      y -= 1;
      s += Math.log(y);
    }
    return s + (Math.abs(y - 0.5) < 1e-12 ? 0.5 * Math.log(Math.PI) : 0);
  };
  logC = lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  const density = (x: number) => Math.exp(logC - ((df + 1) / 2) * Math.log1p((x * x) / df));
  const a = 0;
  const bnd = Math.abs(t);
  const steps = 20000;
  const h = (bnd - a) / steps;
  let sum = density(a) + density(bnd);
  for (let i = 1; i < steps; i++) sum += density(a + i * h) * (i % 2 ? 4 : 2);
  const half = (sum * h) / 3;
  return t >= 0 ? 0.5 + half : 0.5 - half;
}
