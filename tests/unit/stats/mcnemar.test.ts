import { describe, expect, it } from 'vitest';
import { binomialHalfCdf, mcnemarExact, pairedProportionInterval } from '../../../src/stats/mcnemar.js';
import { normalCdf } from '../../../src/stats/normal.js';
import { Rng } from '../../../src/stats/rng.js';

/** P(X <= k), X ~ Bin(n, 1/2), exactly with BigInt, then rounded to a double. */
function exactHalfCdf(k: number, n: number): number {
  let coefficient = 1n;
  let sum = 0n;
  for (let i = 0; i <= k; i++) {
    sum += coefficient;
    coefficient = (coefficient * BigInt(n - i)) / BigInt(i + 1);
  }
  const denominator = 1n << BigInt(n);
  // Scale so the quotient keeps 64 significant bits, then divide the power of two out in floating point.
  const shift = BigInt(n) - BigInt(sum.toString(2).length) + 64n;
  return Number((sum << shift) / denominator) / 2 ** Number(shift);
}

const exactTwoSided = (b: number, c: number): number => Math.min(1, 2 * exactHalfCdf(Math.min(b, c), b + c));
const relErr = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.abs(expected);

describe('exact McNemar test', () => {
  it('worked examples computed by hand', () => {
    // b = 1, c = 9: P(X <= 1) = (1 + 10) / 1024, doubled.
    expect(mcnemarExact(1, 9).pTwoSided).toBe(0.021484375);
    expect(mcnemarExact(9, 1).pTwoSided).toBe(0.021484375);
    // b = 2, c = 8: (1 + 10 + 45) / 1024, doubled.
    expect(mcnemarExact(2, 8).pTwoSided).toBe(0.109375);
    // b = 0, c = 5: 2 / 32.
    expect(mcnemarExact(0, 5).pTwoSided).toBe(0.0625);
    expect(mcnemarExact(0, 0).pTwoSided).toBe(1);
    expect(mcnemarExact(7, 7).pTwoSided).toBe(1);
  });

  it('one-sided p-value for "the candidate is worse"', () => {
    expect(mcnemarExact(9, 1).pCandidateWorse).toBeCloseTo(11 / 1024, 15);
    expect(mcnemarExact(1, 9).pCandidateWorse).toBeCloseTo(1 - 1 / 1024, 15);
    expect(mcnemarExact(0, 0).pCandidateWorse).toBe(1);
  });

  it("Agresti's presidential approval table (b = 150, c = 86 of 1600)", () => {
    const { pTwoSided } = mcnemarExact(150, 86);
    expect(relErr(pTwoSided, exactTwoSided(150, 86))).toBeLessThan(1e-10);
    expect(relErr(pTwoSided, 3.7159361395713866e-5)).toBeLessThan(1e-9);
  });

  it('agrees with BigInt-exact binomial sums for many (b, c) up to n = 3000 (both summation orders)', () => {
    const rng = new Rng(2024);
    for (let trial = 0; trial < 80; trial++) {
      const n = trial < 10 ? 995 + trial : 1 + rng.nextInt(3000);
      const b = rng.nextInt(n + 1);
      const c = n - b;
      const expected = exactTwoSided(b, c);
      const actual = mcnemarExact(b, c).pTwoSided;
      if (expected < 1e-300) expect(actual).toBeLessThan(1e-290);
      else expect(relErr(actual, expected)).toBeLessThan(1e-9);
      expect(Math.abs(mcnemarExact(b, c).pCandidateWorse - exactHalfCdf(c, n))).toBeLessThan(1e-12);
    }
  });

  it('stays exact at large n and agrees closely with the continuity-corrected normal approximation', () => {
    // No approximation is switched in at large n (the log-space sum costs O(sqrt(n))); the normal
    // approximation is the independent check where it is known to be good.
    const normalApprox = (b: number, c: number): number => Math.min(1, 2 * normalCdf(-(Math.abs(b - c) - 1) / Math.sqrt(b + c)));
    for (const [b, c] of [
      [4_800, 5_200],
      [49_700, 50_300],
      [499_000, 501_000],
      [3_000_000, 3_004_000],
    ] as const) {
      expect(relErr(mcnemarExact(b, c).pTwoSided, normalApprox(b, c))).toBeLessThan(5e-3);
    }
    expect(relErr(mcnemarExact(499_000, 501_000).pTwoSided, 0.0456082998653896)).toBeLessThan(1e-6);
    expect(mcnemarExact(400_000, 600_000).pTwoSided).toBe(0); // below the smallest double
  });

  it('binomialHalfCdf edges and symmetry', () => {
    expect(binomialHalfCdf(-1, 10)).toBe(0);
    expect(binomialHalfCdf(10, 10)).toBe(1);
    expect(binomialHalfCdf(0, 0)).toBe(1);
    expect(binomialHalfCdf(4, 9)).toBeCloseTo(0.5, 15);
    for (const k of [3, 10, 40]) expect(binomialHalfCdf(k, 50) + binomialHalfCdf(49 - k, 50)).toBeCloseTo(1, 14);
    expect(() => binomialHalfCdf(1.5, 10)).toThrow(RangeError);
    expect(() => mcnemarExact(-1, 3)).toThrow(RangeError);
  });
});

describe('paired difference of proportions (Agresti-Min adjusted Wald)', () => {
  it('worked examples', () => {
    // b = 1, c = 9, n = 20: centre 8/22, se = sqrt(11 - 64/22) / 22.
    const small = pairedProportionInterval(1, 9, 20, 0.95);
    expect(small.estimate).toBe(0.4);
    expect(small.low).toBeCloseTo(0.11022617572717264, 12);
    expect(small.high).toBeCloseTo(0.6170465515455547, 12);
    // Agresti's approval table: the classic Wald interval is about (-0.059, -0.021).
    const approval = pairedProportionInterval(150, 86, 1600, 0.95);
    expect(approval.low).toBeCloseTo(-0.05868293572597245, 12);
    expect(approval.high).toBeCloseTo(-0.021217189117972622, 12);
  });

  it('is antisymmetric in b and c, clipped to [-1, 1] and not degenerate when b = c = 0', () => {
    const a = pairedProportionInterval(3, 11, 40, 0.9);
    const s = pairedProportionInterval(11, 3, 40, 0.9);
    expect(s.low).toBeCloseTo(-a.high, 15);
    expect(s.high).toBeCloseTo(-a.low, 15);
    const none = pairedProportionInterval(0, 0, 10, 0.95);
    expect(none.low).toBeLessThan(-0.05);
    expect(none.high).toBeGreaterThan(0.05);
    const all = pairedProportionInterval(0, 3, 3, 0.95);
    expect(all.high).toBeLessThanOrEqual(1);
    expect(() => pairedProportionInterval(5, 5, 9, 0.95)).toThrow(RangeError);
  });

  it('covers the true difference near the nominal rate (simulation, n = 200, 70% vs 66% pass)', () => {
    const rng = new Rng(5);
    const trials = 2000;
    let covered = 0;
    for (let t = 0; t < trials; t++) {
      let b = 0;
      let c = 0;
      for (let i = 0; i < 200; i++) {
        const base = rng.nextFloat() < 0.7;
        const cand = rng.nextFloat() < 0.66;
        if (base && !cand) b++;
        else if (cand && !base) c++;
      }
      const { low, high } = pairedProportionInterval(b, c, 200, 0.95);
      if (low <= -0.04 && -0.04 <= high) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.93);
    expect(covered / trials).toBeLessThan(0.975);
  });
});
