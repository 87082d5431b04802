import { describe, expect, it } from 'vitest';
import { binomialHalfCdf, mcnemarExact, pairedDifferenceExact } from '../../../src/stats/mcnemar.js';
import { exactHalfCdf, meldedMonteCarlo } from '../../support/independent-stats.js';
import { normalCdf } from '../../../src/stats/normal.js';
import { Rng } from '../../../src/stats/rng.js';

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

describe('exact paired difference (Fay & Lumbard 2021), compatible with the exact McNemar test', () => {
  const at = (b: number, c: number, n: number, null0 = 0, level = 0.95) => pairedDifferenceExact(b, c, n, { level, worse: 'lower', null: null0 });

  it('agrees with an independent Monte Carlo of the melded confidence distributions', () => {
    // Tables of the issue and of the method's documentation, plus a large one; 200,000 draws each.
    for (const [b, c, n] of [[5, 0, 20], [7, 1, 100], [40, 20, 160], [12, 9, 500], [0, 0, 10], [200, 50, 5000], [2, 11, 30]] as const) {
      const exact = at(b, c, n);
      const mc = meldedMonteCarlo(b, c, n, 0.95, 200_000, 17 + b + c);
      const scale = Math.max(0.002, 0.02 * (exact.high - exact.low));
      expect(Math.abs(exact.low - mc.low)).toBeLessThan(scale);
      expect(Math.abs(exact.high - mc.high)).toBeLessThan(scale);
      expect(exact.estimate).toBe((c - b) / n);
      // The non-inferiority p-value against a margin of 0.01.
      const p = at(b, c, n, -0.01).pOneSided;
      expect(Math.abs(p - mc.pWorse(-0.01))).toBeLessThan(0.004);
    }
  });

  it('at a margin of 0 the p-value is the exact one-sided McNemar p-value, and the limit crosses 0 exactly when it rejects', () => {
    for (let m = 0; m <= 25; m++) {
      for (let c = 0; c <= m; c++) {
        const r = at(m - c, c, m + 7);
        const exact = exactHalfCdf(c, m);
        expect(r.pOneSided).toBeCloseTo(exact, 14);
        expect(r.high < 0).toBe(exact <= 0.025);
      }
    }
  });

  it('p-values grow with the allowed drop, and the limit is where p crosses the level', () => {
    const r = at(30, 12, 400);
    const ps = [0.02, 0, -0.02, -0.05, -0.1].map((d) => at(30, 12, 400, d).pOneSided);
    for (let i = 1; i < ps.length; i++) expect(ps[i] as number).toBeGreaterThan(ps[i - 1] as number);
    expect(at(30, 12, 400, r.high - 1e-6).pOneSided).toBeGreaterThan(0.025);
    expect(at(30, 12, 400, r.high + 1e-6).pOneSided).toBeLessThan(0.025);
  });

  it('is mirrored for "worse is higher", stays in [-1, 1] and handles degenerate tables', () => {
    const low = pairedDifferenceExact(12, 3, 50, { level: 0.9, worse: 'lower', null: 0 });
    const high = pairedDifferenceExact(3, 12, 50, { level: 0.9, worse: 'higher', null: 0 });
    expect(high.low).toBeCloseTo(-low.high, 9);
    expect(high.high).toBeCloseTo(-low.low, 9);
    expect(high.pOneSided).toBeCloseTo(low.pOneSided, 14);
    const all = at(0, 3, 3);
    expect(all.high).toBe(1);
    expect(all.low).toBeGreaterThan(-1);
    const none = at(0, 0, 10);
    expect(none.low).toBeCloseTo(-none.high, 9);
    expect(none.high).toBeGreaterThan(0.2);
    expect(() => at(5, 5, 9)).toThrow(RangeError);
    expect(() => pairedDifferenceExact(1, 1, 4, { level: 0.95, worse: 'lower', null: 1 })).toThrow(RangeError);
  });

  it('covers the true difference at least at the nominal rate (simulation, n = 200, 70% vs 66% pass)', () => {
    const rng = new Rng(5);
    const trials = 400;
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
      const { low, high } = at(b, c, 200);
      if (low <= -0.04 && -0.04 <= high) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.94);
  });
});
