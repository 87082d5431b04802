import { describe, expect, it } from 'vitest';
import { bootstrapBinaryMeanInterval, bootstrapMeanInterval, sampleBinomial, sortedQuantile, sortedRank, studentizedBootstrap } from '../../../src/stats/bootstrap.js';
import { logGamma } from '../../../src/stats/student-t.js';
import { Rng } from '../../../src/stats/rng.js';
import { meanInterval } from '../../../src/stats/t-interval.js';

/** Normal variates by Box-Muller from the seeded generator. */
function normals(n: number, mean: number, sd: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - rng.nextFloat()));
    const theta = 2 * Math.PI * rng.nextFloat();
    out[i] = mean + sd * r * Math.cos(theta);
    if (i + 1 < n) out[i + 1] = mean + sd * r * Math.sin(theta);
  }
  return out;
}

const options = { level: 0.95, resamples: 1000, seed: 1 };

describe('paired bootstrap of the mean delta', () => {
  it('is reproducible by seed and changes with the seed', () => {
    const deltas = normals(500, 0.05, 1, 3);
    const a = bootstrapMeanInterval(deltas, { ...options, seed: 9 });
    expect(bootstrapMeanInterval(deltas, { ...options, seed: 9 })).toEqual(a);
    const b = bootstrapMeanInterval(deltas, { ...options, seed: 10 });
    expect(b).not.toEqual(a);
    expect(Math.abs(b.low - a.low)).toBeLessThan(0.02);
  });

  it('is close to the analytic t interval on large normal data', () => {
    const deltas = normals(5000, 0.1, 1, 4);
    const boot = bootstrapMeanInterval(deltas, { ...options, resamples: 2000 });
    const t = meanInterval(deltas, 0.95);
    const halfWidth = (t.high - t.low) / 2;
    expect(Math.abs(boot.low - t.low)).toBeLessThan(0.08 * halfWidth);
    expect(Math.abs(boot.high - t.high)).toBeLessThan(0.08 * halfWidth);
  });

  it('handles n = 0, n = 1 and all-equal deltas', () => {
    const empty = bootstrapMeanInterval(new Float64Array(0), options);
    expect(Number.isNaN(empty.low) && Number.isNaN(empty.high)).toBe(true);
    expect(bootstrapMeanInterval([0.25], options)).toEqual({ low: 0.25, high: 0.25 });
    // 0.1 summed seven times and divided by 7 is not exactly 0.1: the point interval is returned as is.
    expect(bootstrapMeanInterval(new Array<number>(7).fill(0.1), options)).toEqual({ low: 0.1, high: 0.1 });
  });

  it('rejects bad options', () => {
    expect(() => bootstrapMeanInterval([1, 2], { ...options, level: 1 })).toThrow(RangeError);
    expect(() => bootstrapMeanInterval([1, 2], { ...options, resamples: 0 })).toThrow(RangeError);
    expect(() => bootstrapMeanInterval([1, 2], { ...options, seed: 0.5 })).toThrow(RangeError);
  });

  it('sortedQuantile interpolates between order statistics (type 7)', () => {
    const sorted = [1, 2, 4, 8];
    expect(sortedQuantile(sorted, 0)).toBe(1);
    expect(sortedQuantile(sorted, 1)).toBe(8);
    expect(sortedQuantile(sorted, 0.5)).toBe(3);
    expect(sortedQuantile(sorted, 0.9)).toBeCloseTo(6.8, 12);
  });
});

describe('studentized bootstrap (bootstrap-t)', () => {
  it('matches a naive resampling written here, statistic by statistic, on the same index stream', () => {
    const deltas = normals(40, 0.02, 0.3, 5);
    const mean = deltas.reduce((a, b) => a + b, 0) / deltas.length;
    const got = studentizedBootstrap(deltas, mean, { ...options, resamples: 200, seed: 3 });
    const rng = new Rng(3);
    const expected: number[] = [];
    for (let r = 0; r < 200; r++) {
      const sample = Array.from({ length: 40 }, () => deltas[rng.nextInt(40)] as number);
      const m = sample.reduce((a, b) => a + b, 0) / 40;
      const sd = Math.sqrt(sample.reduce((a, x) => a + (x - m) ** 2, 0) / 39);
      expected.push((m - mean) / (sd / Math.sqrt(40)));
    }
    expected.sort((a, b) => a - b);
    got.forEach((t, i) => expect(t).toBeCloseTo(expected[i] as number, 9));
  });

  it('its limits are close to the t interval on large normal data, and resamples without spread are infinite', () => {
    const deltas = normals(3000, 0.1, 1, 6);
    const t = meanInterval(deltas, 0.95);
    const sorted = studentizedBootstrap(deltas, t.mean, options);
    const high = t.mean - sortedQuantile(sorted, 0.025) * t.se;
    const low = t.mean - sortedQuantile(sorted, 0.975) * t.se;
    const halfWidth = (t.high - t.low) / 2;
    expect(Math.abs(high - t.high)).toBeLessThan(0.1 * halfWidth);
    expect(Math.abs(low - t.low)).toBeLessThan(0.1 * halfWidth);
    // Two items, one of them 1: a resample of two equal values has no spread.
    const two = studentizedBootstrap([0, 1], 0.5, { ...options, resamples: 400 });
    expect(two.filter((x) => x === Infinity).length + two.filter((x) => x === -Infinity).length).toBeGreaterThan(100);
    expect(() => studentizedBootstrap([1], 1, options)).toThrow(RangeError);
  });

  it('sortedRank inverts sortedQuantile, including next to infinite order statistics', () => {
    const sorted = [-Infinity, 1, 2, 4, 8, Infinity];
    for (const q of [0.21, 0.3, 0.5, 0.55, 0.7, 0.79]) {
      const x = sortedQuantile(sorted, q);
      expect(sortedRank(sorted, x)).toBeCloseTo(q, 12);
    }
    expect(sortedRank(sorted, -1e9)).toBeLessThanOrEqual(0.2);
    expect(sortedRank([1, 2, 3], 0)).toBe(0);
    expect(sortedRank([1, 2, 3], 5)).toBe(1);
  });
});

describe('binary bootstrap from the counts of -1/0/+1 deltas', () => {
  /** Naive per-item bootstrap of the same data, to compare with the multinomial shortcut. */
  function naive(worse: number, same: number, better: number, resamples: number, seed: number): { low: number; high: number } {
    const deltas = [...new Array<number>(worse).fill(-1), ...new Array<number>(same).fill(0), ...new Array<number>(better).fill(1)];
    return bootstrapMeanInterval(deltas, { level: 0.95, resamples, seed });
  }

  it('agrees with a naive per-item bootstrap on small data', () => {
    for (const [worse, same, better] of [
      [12, 70, 18],
      [3, 40, 0],
      [30, 10, 25],
    ] as const) {
      const fast = bootstrapBinaryMeanInterval({ worse, same, better }, { level: 0.95, resamples: 20_000, seed: 1 });
      const slow = naive(worse, same, better, 20_000, 2);
      const n = worse + same + better;
      // Resample means live on a grid of 1/n; allow one grid step plus Monte Carlo noise.
      expect(Math.abs(fast.low - slow.low)).toBeLessThanOrEqual(1.5 / n);
      expect(Math.abs(fast.high - slow.high)).toBeLessThanOrEqual(1.5 / n);
    }
  });

  it('is reproducible, handles degenerate counts and a million items', () => {
    const counts = { worse: 150_000, same: 700_000, better: 150_000 };
    const a = bootstrapBinaryMeanInterval(counts, options);
    expect(bootstrapBinaryMeanInterval(counts, options)).toEqual(a);
    // Standard error of the mean delta: sqrt(0.3 / 1e6) = 5.5e-4, so the 95% interval is about +/-1.07e-3.
    expect(a.low).toBeGreaterThan(-1.25e-3);
    expect(a.low).toBeLessThan(-0.9e-3);
    expect(a.high).toBeGreaterThan(0.9e-3);
    expect(a.high).toBeLessThan(1.25e-3);
    expect(bootstrapBinaryMeanInterval({ worse: 0, same: 5, better: 0 }, options)).toEqual({ low: 0, high: 0 });
    expect(bootstrapBinaryMeanInterval({ worse: 4, same: 0, better: 0 }, options)).toEqual({ low: -1, high: -1 });
    const empty = bootstrapBinaryMeanInterval({ worse: 0, same: 0, better: 0 }, options);
    expect(Number.isNaN(empty.low)).toBe(true);
    expect(() => bootstrapBinaryMeanInterval({ worse: -1, same: 0, better: 0 }, options)).toThrow(RangeError);
  });
});

describe('sampleBinomial', () => {
  it('matches the binomial pmf on small n (chi-square)', () => {
    const rng = new Rng(8);
    for (const [n, p] of [
      [10, 0.3],
      [25, 0.9],
      [40, 0.02],
    ] as const) {
      const draws = 40_000;
      const counts = new Array<number>(n + 1).fill(0);
      for (let i = 0; i < draws; i++) counts[sampleBinomial(rng, n, p)]! += 1;
      let chi2 = 0;
      let cells = 0;
      let pooledObserved = 0;
      let pooledExpected = 0;
      for (let k = 0; k <= n; k++) {
        const pmf = Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p));
        const expected = pmf * draws;
        if (expected < 5) {
          pooledObserved += counts[k]!;
          pooledExpected += expected;
          continue;
        }
        chi2 += (counts[k]! - expected) ** 2 / expected;
        cells++;
      }
      if (pooledExpected > 0) chi2 += (pooledObserved - pooledExpected) ** 2 / pooledExpected;
      // Generous bound: the 99.99th percentile of chi-square with <= 25 degrees of freedom is < 60.
      expect(chi2).toBeLessThan(60);
      expect(cells).toBeGreaterThan(2);
    }
  });

  it('has the right mean and variance at n = 10^6 and handles the edges', () => {
    const rng = new Rng(9);
    const n = 1_000_000;
    const p = 0.15;
    const draws = 4000;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < draws; i++) {
      const x = sampleBinomial(rng, n, p);
      sum += x;
      squares += x * x;
    }
    const mean = sum / draws;
    const variance = squares / draws - mean * mean;
    const sd = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(mean - n * p)).toBeLessThan((4 * sd) / Math.sqrt(draws));
    expect(variance / (sd * sd)).toBeGreaterThan(0.9);
    expect(variance / (sd * sd)).toBeLessThan(1.1);
    expect(sampleBinomial(rng, 0, 0.5)).toBe(0);
    expect(sampleBinomial(rng, 7, 0)).toBe(0);
    expect(sampleBinomial(rng, 7, 1)).toBe(7);
  });
});
