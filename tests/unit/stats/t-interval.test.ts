import { describe, expect, it } from 'vitest';
import { meanInterval, summarize } from '../../../src/stats/t-interval.js';

describe('t and normal intervals of the mean', () => {
  it('textbook example: 1..5 gives 3 +/- t_{0.975,4} * sqrt(2.5 / 5)', () => {
    const r = meanInterval([1, 2, 3, 4, 5], 0.95);
    expect(r.mean).toBe(3);
    expect(r.variance).toBeCloseTo(2.5, 14);
    expect(r.low).toBeCloseTo(1.0367568385224428, 10);
    expect(r.high).toBeCloseTo(4.963243161477557, 10);
    // t = 3 / sqrt(0.5) on 4 degrees of freedom.
    expect(r.pValue).toBeCloseTo(0.01323559956368269, 10);
  });

  it('normal method uses z', () => {
    const r = meanInterval([1, 2, 3, 4, 5], 0.95, 'normal');
    expect(r.high - r.mean).toBeCloseTo(1.959963984540054 * Math.sqrt(0.5), 12);
  });

  it('keeps precision with a large common offset (two-pass variance)', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1e9 + (i % 2 === 0 ? 0.5 : -0.5));
    const s = summarize(values);
    expect(s.mean).toBe(1e9);
    expect(s.variance).toBeCloseTo(0.25 * (1000 / 999), 9);
  });

  it('n = 0, n = 1 and zero variance', () => {
    const empty = meanInterval([], 0.95);
    expect(Number.isNaN(empty.mean) && Number.isNaN(empty.low) && Number.isNaN(empty.high)).toBe(true);
    const one = meanInterval([0.4], 0.95);
    expect([one.mean, one.low, one.high]).toEqual([0.4, -Infinity, Infinity]);
    const flat = meanInterval([-0.2, -0.2, -0.2], 0.95);
    expect([flat.low, flat.high, flat.pValue]).toEqual([-0.2, -0.2, 0]);
    expect(meanInterval([0, 0], 0.95).pValue).toBe(1);
    expect(() => meanInterval([1, 2], 0)).toThrow(RangeError);
  });
});
