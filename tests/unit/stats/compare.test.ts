import { describe, expect, it } from 'vitest';
import { bootstrapMeanInterval } from '../../../src/stats/bootstrap.js';
import { BOOTSTRAP_MAX_ITEMS, compareScores, detectKind, formatLevel, minimumItems, type CompareOptions } from '../../../src/stats/compare.js';
import { exactHalfCdf, exactMcNemar, studentTCdf, uniform } from '../../support/independent-stats.js';

const options: CompareOptions = { level: 0.95, resamples: 1000, seed: 7, direction: 'higher', allowedWorsening: 0 };

function binaryDeltas(worse: number, same: number, better: number): Float64Array {
  return Float64Array.from([...new Array<number>(worse).fill(-1), ...new Array<number>(same).fill(0), ...new Array<number>(better).fill(1)]);
}

/** No-change deltas of three shapes (mean exactly 0), drawn with an independent generator. */
function noChange(shape: 'normal' | 'skewed' | 'zeros', n: number, u: () => number): Float64Array {
  const gauss = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return Float64Array.from({ length: n }, () => {
    if (shape === 'normal') return 0.1 * gauss();
    if (shape === 'skewed') return 0.05 * (-Math.log(u()) - 1); // exponential, skewness 2
    return u() < 0.7 ? 0 : u() - u(); // 70% unchanged items, the rest re-drawn
  });
}

describe('detectKind', () => {
  it('is binary only for values in {0, 1}', () => {
    expect(detectKind([0, 1, 1, 0])).toBe('binary');
    expect(detectKind([1, Number.NaN, 0])).toBe('binary');
    expect(detectKind([0, 0.5, 1])).toBe('continuous');
    expect(detectKind([])).toBe('continuous');
  });
});

describe('one method decides and reports (issue 18.2)', () => {
  it('binary: the p-value is the exact McNemar one, and "significant" is exactly p <= 1 - level', () => {
    // The tables: b = 5, c = 0 (p = 0.0625) and b = 7, c = 1 (p = 0.0703125) are not significant.
    for (const [b, c, n, p] of [[5, 0, 20, 0.0625], [7, 1, 100, 0.0703125], [1, 9, 20, exactMcNemar(1, 9)]] as const) {
      const r = compareScores(binaryDeltas(b, n - b - c, c), 'binary', options);
      expect(r.interval?.p_value).toBe(b > c ? p : 1);
      expect(r.outcome).toBe('not_significant');
      expect(r.interval?.high).toBeGreaterThan(0);
      expect(r.interval?.method).toBe('mcnemar');
    }
    // 6 of 6 flipping: p = 2 * 2^-6 = 0.03125, significant, the interval entirely below 0.
    const six = compareScores(binaryDeltas(6, 0, 0), 'binary', options);
    expect(six).toMatchObject({ outcome: 'significant', meanDelta: -1 });
    expect(six.interval?.p_value).toBe(0.03125);
    expect(six.interval?.high).toBeLessThan(0);
  });

  it('binary: decision, p-value and interval agree with the exact test on every table with b + c <= 30 of 100 items', () => {
    let significant = 0;
    for (let m = 0; m <= 30; m++) {
      for (let b = 0; b <= m; b++) {
        const c = m - b;
        const r = compareScores(binaryDeltas(b, 100 - m, c), 'binary', options);
        const exactWorse = Math.min(1, 2 * exactHalfCdf(c, m)); // twice P(X <= c): the drop's one-sided p
        expect(r.interval?.p_value).toBeCloseTo(exactWorse, 12);
        expect(r.outcome === 'significant').toBe(exactWorse <= 0.05);
        expect(r.outcome === 'significant').toBe((r.interval?.high ?? 0) < 0);
        if (r.outcome === 'significant') significant++;
      }
    }
    expect(significant).toBeGreaterThan(50);
  });

  it('binary: false failures stay at most 2.5% for every number of flips (exact, not simulated)', () => {
    // Under no change each of m discordant items goes either way with probability 1/2, so the
    // chance of a failure given m is the Bin(m, 1/2) mass of the tables the rule fails.
    let worst = 0;
    for (let m = 1; m <= 40; m++) {
      let failing = 0;
      for (let b = 0; b <= m; b++) {
        const r = compareScores(binaryDeltas(b, 40, m - b), 'binary', options);
        if (r.outcome === 'significant') failing += exactHalfCdf(b, m) - exactHalfCdf(b - 1, m);
      }
      worst = Math.max(worst, failing);
      expect(failing).toBeLessThanOrEqual(0.025 + 1e-12);
    }
    expect(worst).toBeGreaterThan(0.015);
  });

  it('continuous: the p-value is the larger of the t and bootstrap-t ones; "significant" iff the interval says so', () => {
    const u = uniform(11);
    for (let k = 0; k < 60; k++) {
      const n = 8 + (k % 50);
      const shift = -0.04 + 0.001 * k;
      const deltas = Float64Array.from(noChange(k % 2 ? 'skewed' : 'normal', n, u), (d) => d + shift);
      const r = compareScores(deltas, 'continuous', { ...options, allowedWorsening: 0.005 * (k % 3) });
      const interval = r.interval;
      if (!interval) throw new Error('no interval');
      expect(r.outcome === 'significant').toBe(interval.p_value <= 0.05);
      expect(r.outcome === 'significant').toBe(interval.high < interval.tested_delta);
      // The t part: the p-value is never below the independent one-sided t test's (doubled).
      const mean = deltas.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(deltas.reduce((a, d) => a + (d - mean) ** 2, 0) / (n - 1));
      const pT = 2 * studentTCdf((mean - interval.tested_delta) / (sd / Math.sqrt(n)), n - 1);
      expect(interval.p_value).toBeGreaterThanOrEqual(Math.min(1, pT) - 1e-7);
      // The hull contains the t interval.
      expect(interval.low).toBeLessThanOrEqual(mean);
      expect(interval.high).toBeGreaterThanOrEqual(mean);
    }
  });

  it('the tolerance is what is tested: p under a tolerance is the non-inferiority p-value, not "any change"', () => {
    // 30,000 normal-ish items (t path): a drop of 0.0105 against a tolerance of 0.01.
    const u = uniform(3);
    const n = BOOTSTRAP_MAX_ITEMS + 10_000;
    const deltas = Float64Array.from(noChange('normal', n, u), (d) => d - 0.0105);
    const anyChange = compareScores(deltas, 'continuous', options).interval;
    const nonInferiority = compareScores(deltas, 'continuous', { ...options, allowedWorsening: 0.01 }).interval;
    expect(anyChange?.method).toBe('t');
    expect(anyChange?.p_value).toBeLessThan(1e-10);
    const mean = deltas.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(deltas.reduce((a, d) => a + (d - mean) ** 2, 0) / (n - 1));
    const expected = 2 * studentTCdf((mean + 0.01) / (sd / Math.sqrt(n)), n - 1);
    expect(nonInferiority?.tested_delta).toBe(-0.01);
    expect(nonInferiority?.p_value).toBeCloseTo(expected, 6);
  });
});

describe('continuous decisions at small n (issue 18.4): false failures of no-change deltas', () => {
  function rate(shape: 'normal' | 'skewed' | 'zeros', n: number, trials: number, how: 'gate' | 'percentile'): number {
    const u = uniform(1000 + n);
    let fails = 0;
    for (let t = 0; t < trials; t++) {
      const deltas = noChange(shape, n, u);
      if (how === 'gate') {
        if (compareScores(deltas, 'continuous', { ...options, seed: t }).outcome === 'significant') fails++;
      } else if (bootstrapMeanInterval(deltas, { level: 0.95, resamples: 1000, seed: t }).high < 0) fails++;
    }
    return fails / trials;
  }

  it('stay near the nominal 2.5% for right-skewed deltas at n = 10 and 30, where the percentile bootstrap doubles them', () => {
    const gate10 = rate('skewed', 10, 600, 'gate');
    const percentile10 = rate('skewed', 10, 600, 'percentile');
    expect(gate10).toBeLessThanOrEqual(0.06);
    expect(percentile10).toBeGreaterThan(gate10 + 0.03);
    expect(rate('skewed', 30, 400, 'gate')).toBeLessThanOrEqual(0.05);
  });

  it('stay under 5% for many-zeros and normal deltas', () => {
    expect(rate('zeros', 30, 400, 'gate')).toBeLessThanOrEqual(0.05);
    expect(rate('normal', 10, 400, 'gate')).toBeLessThanOrEqual(0.05);
  });
});

describe('too few items and degenerate cases (issue 18.3, 18.7)', () => {
  it('minimumItems is the smallest n with 2 * 2^-n <= 1 - level', () => {
    expect(minimumItems(0.95)).toBe(6);
    expect(minimumItems(0.9)).toBe(5);
    expect(minimumItems(0.99)).toBe(8);
    expect(minimumItems(0.999)).toBe(11);
    for (const level of [0.8, 0.9, 0.95, 0.975, 0.99, 0.999]) {
      const n = minimumItems(level);
      expect(2 * 2 ** -n).toBeLessThanOrEqual(1 - level);
      expect(2 * 2 ** -(n - 1)).toBeGreaterThan(1 - level);
    }
  });

  it('n = 3 all flipping and 4 of 5 flipping are too few to decide, never a failure', () => {
    expect(compareScores(binaryDeltas(3, 0, 0), 'binary', options)).toMatchObject({ outcome: 'too_few', items: 3, meanDelta: -1 });
    expect(compareScores(binaryDeltas(4, 1, 0), 'binary', options)).toMatchObject({ outcome: 'too_few', items: 5 });
    expect(compareScores(binaryDeltas(4, 1, 0), 'binary', options).interval).toBeUndefined();
  });

  it('zero spread: two items dropping by 0.1 are too few; six are decided by the sign test', () => {
    expect(compareScores([-0.1, -0.1], 'continuous', options)).toMatchObject({ outcome: 'too_few', items: 2 });
    const six = compareScores(new Float64Array(6).fill(-0.1), 'continuous', options);
    expect(six.outcome).toBe('significant');
    expect(six.interval).toMatchObject({ method: 'sign', low: -0.1, high: -0.1, p_value: 0.03125 });
    // Within the tolerance the sign test has nothing to reject.
    const within = compareScores(new Float64Array(6).fill(-0.1), 'continuous', { ...options, allowedWorsening: 0.2 });
    expect(within).toMatchObject({ outcome: 'not_significant' });
    expect(within.interval?.p_value).toBe(1);
  });

  it('direction lower mirrors everything', () => {
    const rise = compareScores(binaryDeltas(0, 0, 6), 'binary', { ...options, direction: 'lower' });
    expect(rise.outcome).toBe('significant');
    expect(rise.interval?.low).toBeGreaterThan(0);
    expect(compareScores(binaryDeltas(0, 0, 6), 'binary', options).outcome).toBe('not_significant');
  });

  it('is seeded, rejects non-finite deltas and bad options', () => {
    const u = uniform(2);
    const deltas = noChange('normal', 300, u);
    expect(compareScores(deltas, 'continuous', options)).toEqual(compareScores(deltas, 'continuous', options));
    expect(() => compareScores([1, Number.NaN], 'continuous', options)).toThrow(RangeError);
    expect(() => compareScores([0, 0.5], 'binary', options)).toThrow(RangeError);
    expect(() => compareScores([1], 'continuous', { ...options, level: 95 })).toThrow(RangeError);
    expect(() => compareScores([1], 'continuous', { ...options, allowedWorsening: -1 })).toThrow(RangeError);
  });

  it('formats levels with the digits they have', () => {
    expect(formatLevel(0.95)).toBe('95%');
    expect(formatLevel(0.999)).toBe('99.9%');
    expect(formatLevel(0.9995)).toBe('99.95%');
  });
});
