import { describe, expect, it } from 'vitest';
import { BOOTSTRAP_MAX_ITEMS, BOOTSTRAP_MIN_ITEMS, compareScores, describeInterval, detectKind, significantRegression } from '../../../src/stats/compare.js';
import type { ComparisonInterval } from '../../../src/stats/compare.js';
import { Rng } from '../../../src/stats/rng.js';

const options = { level: 0.95, resamples: 1000, seed: 7 };

function binaryDeltas(worse: number, same: number, better: number): Float64Array {
  return Float64Array.from([...new Array<number>(worse).fill(-1), ...new Array<number>(same).fill(0), ...new Array<number>(better).fill(1)]);
}

function uniformDeltas(n: number, seed: number, shift: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: n }, () => rng.nextFloat() - 0.5 + shift);
}

describe('detectKind', () => {
  it('is binary only for values in {0, 1}', () => {
    expect(detectKind([0, 1, 1, 0])).toBe('binary');
    expect(detectKind([1, Number.NaN, 0])).toBe('binary');
    expect(detectKind([0, 0.5, 1])).toBe('continuous');
    expect(detectKind([0, 2])).toBe('continuous');
    expect(detectKind([])).toBe('continuous');
  });
});

describe('compareScores', () => {
  it('binary: exact McNemar p-value and the adjusted Wald interval', () => {
    const r = compareScores(binaryDeltas(1, 10, 9), 'binary', options);
    expect(r.meanDelta).toBe(0.4);
    expect(r.interval).toMatchObject({ method: 'mcnemar', p_value: 0.021484375, items: 20, level: 0.95 });
    expect(r.interval.low).toBeCloseTo(0.11022617572717264, 12);
    expect(r.interval.high).toBeCloseTo(0.6170465515455547, 12);
  });

  it('binary: rejects deltas outside {-1, 0, 1}; empty input gives NaN', () => {
    expect(() => compareScores([0, 0.5], 'binary', options)).toThrow(RangeError);
    const empty = compareScores([], 'binary', options);
    expect(Number.isNaN(empty.meanDelta) && Number.isNaN(empty.interval.low)).toBe(true);
    expect(empty.interval).toMatchObject({ method: 'mcnemar', items: 0 });
    expect(empty.interval.p_value).toBeUndefined();
  });

  it('continuous: t below the bootstrap range, bootstrap inside it, t above it', () => {
    const small = compareScores(uniformDeltas(BOOTSTRAP_MIN_ITEMS - 1, 1, 0), 'continuous', options);
    expect(small.interval.method).toBe('t');
    expect(small.interval.p_value).toBeGreaterThan(0);
    const middle = compareScores(uniformDeltas(BOOTSTRAP_MIN_ITEMS, 1, 0), 'continuous', options);
    expect(middle.interval.method).toBe('bootstrap');
    expect(middle.interval.p_value).toBeUndefined();
    expect(compareScores(uniformDeltas(BOOTSTRAP_MAX_ITEMS, 1, 0), 'continuous', options).interval.method).toBe('bootstrap');
    const large = compareScores(uniformDeltas(BOOTSTRAP_MAX_ITEMS + 1, 1, -0.01), 'continuous', options);
    expect(large.interval).toMatchObject({ method: 't', items: BOOTSTRAP_MAX_ITEMS + 1 });
    expect(large.interval.high).toBeLessThan(0);
    expect(large.interval.p_value).toBeLessThan(0.05);
  });

  it('the bootstrap and t intervals agree where the method switches', () => {
    const deltas = uniformDeltas(BOOTSTRAP_MAX_ITEMS, 3, 0.002);
    const boot = compareScores(deltas, 'continuous', options).interval;
    const t = compareScores(Float64Array.from([...deltas, 0.002]), 'continuous', options).interval;
    const halfWidth = (t.high - t.low) / 2;
    expect(Math.abs(boot.low - t.low)).toBeLessThan(0.1 * halfWidth);
    expect(Math.abs(boot.high - t.high)).toBeLessThan(0.1 * halfWidth);
  });

  it('continuous: seeded, and handles n = 0, n = 1 and all-equal deltas', () => {
    const deltas = uniformDeltas(300, 2, 0);
    expect(compareScores(deltas, 'continuous', options)).toEqual(compareScores(deltas, 'continuous', options));
    expect(compareScores(deltas, 'continuous', { ...options, seed: 8 })).not.toEqual(compareScores(deltas, 'continuous', options));
    const one = compareScores([0.3], 'continuous', options);
    expect(one.interval).toMatchObject({ low: -Infinity, high: Infinity, items: 1 });
    const flat = compareScores(new Float64Array(100).fill(-0.1), 'continuous', options);
    expect(flat.interval).toMatchObject({ low: -0.1, high: -0.1, method: 'bootstrap' });
    expect(Number.isNaN(compareScores([], 'continuous', options).meanDelta)).toBe(true);
    expect(() => compareScores([1, Number.NaN], 'continuous', options)).toThrow(RangeError);
    expect(() => compareScores([1], 'continuous', { ...options, level: 95 })).toThrow(RangeError);
  });
});

describe('significantRegression', () => {
  const interval = (low: number, high: number, extra: Partial<ComparisonInterval> = {}): ComparisonInterval => ({
    low,
    high,
    level: 0.95,
    method: 'mcnemar',
    p_value: 0.0012,
    items: 5000,
    ...extra,
  });

  it('fails only when the favourable bound is worse than the allowed worsening (direction higher)', () => {
    const fail = significantRegression({ interval: interval(-0.045, -0.017), direction: 'higher', allowedWorsening: 0.01 });
    expect(fail.outcome).toBe('significant');
    expect(fail.message).toBe(
      'the drop is significant: 95% CI [-0.045, -0.017] (exact McNemar, p = 0.0012, 5000 items), entirely worse than the allowed worsening of 0.01',
    );
    const warn = significantRegression({ interval: interval(-0.045, -0.005), direction: 'higher', allowedWorsening: 0.01, estimate: -0.025 });
    expect(warn.outcome).toBe('not_significant');
    expect(warn.message).toContain('the drop is not significant: 95% CI [-0.045, -0.005]');
    // Exactly at the tolerance is not "worse than" it.
    expect(significantRegression({ interval: interval(-0.05, -0.01), direction: 'higher', allowedWorsening: 0.01 }).outcome).toBe('not_significant');
  });

  it('direction lower mirrors it', () => {
    expect(significantRegression({ interval: interval(0.02, 0.04), direction: 'lower', allowedWorsening: 0.01 }).outcome).toBe('significant');
    const warn = significantRegression({ interval: interval(0.005, 0.04), direction: 'lower', allowedWorsening: 0.01 });
    expect(warn.outcome).toBe('not_significant');
    expect(warn.message).toContain('the rise is not significant');
  });

  it('within tolerance when the estimate is; insufficient without items; unbounded intervals never fail', () => {
    const ok = significantRegression({ interval: interval(-0.03, 0.01), direction: 'higher', allowedWorsening: 0.01, estimate: -0.009 });
    expect(ok.outcome).toBe('within_tolerance');
    expect(ok.message).toContain('within the allowed worsening of 0.01');
    const none = significantRegression({ interval: interval(Number.NaN, Number.NaN, { items: 0 }), direction: 'higher', allowedWorsening: 0 });
    expect(none.outcome).toBe('insufficient');
    const one = significantRegression({ interval: interval(-Infinity, Infinity, { items: 1, method: 't', p_value: undefined }), direction: 'higher', allowedWorsening: 0 });
    expect(one.outcome).toBe('not_significant');
    expect(one.message).toContain('[-∞, ∞] (t interval, 1 item)');
    expect(() => significantRegression({ interval: interval(0, 1), direction: 'higher', allowedWorsening: -1 })).toThrow(RangeError);
  });

  it('describeInterval formats small p-values', () => {
    expect(describeInterval(interval(-0.5, 0.25, { p_value: 3e-9, method: 'bootstrap' }))).toBe('95% CI [-0.5, 0.25] (paired bootstrap, p = < 0.0001, 5000 items)');
  });
});

describe('decision quality of the significance-aware rule (the issue targets, small simulation)', () => {
  function simulate(items: number, baseRate: number, candRate: number, trials: number, seed: number): number {
    const rng = new Rng(seed);
    let failures = 0;
    const deltas = new Float64Array(items);
    for (let t = 0; t < trials; t++) {
      for (let i = 0; i < items; i++) deltas[i] = Number(rng.nextFloat() < candRate) - Number(rng.nextFloat() < baseRate);
      const { interval } = compareScores(deltas, 'binary', options);
      if (significantRegression({ interval, direction: 'higher', allowedWorsening: 0 }).outcome === 'significant') failures++;
    }
    return failures / trials;
  }

  it('rarely fails no-change pairs (500 items, 70% pass) and detects a 3-point drop on 5000 items', () => {
    expect(simulate(500, 0.7, 0.7, 400, 1)).toBeLessThanOrEqual(0.05);
    expect(simulate(5000, 0.7, 0.67, 100, 2)).toBeGreaterThanOrEqual(0.8);
  });
});
