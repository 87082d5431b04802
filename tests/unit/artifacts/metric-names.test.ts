// F19: two leaves of metrics.json that flatten to one dot path are a collision naming both
// key paths; the first leaf keeps the name, the second is never stored over it.
import { describe, expect, it } from 'vitest';
import { describeKeys, flattenMetrics } from '../../../src/artifacts/metrics.js';

describe('flattenMetrics collisions', () => {
  it('records a dotted key that shadows a nested metric, keeping the first value', () => {
    const flat = flattenMetrics({ quality: { f1: 0.69 }, 'quality.f1': 0.9 });
    expect(flat.values.get('quality.f1')).toBe(0.69);
    expect(flat.collisions).toEqual([{ name: 'quality.f1', first: ['quality', 'f1'], second: ['quality.f1'] }]);
    expect(describeKeys(['quality', 'f1'])).toBe('"quality" › "f1"');
  });

  it('catches collisions between leaves of any kind and at any depth', () => {
    const flat = flattenMetrics({ 'a.b': { c: 1 }, a: { 'b.c': 'text', b: { c: null } }, x: {}, 'x.': 2 });
    expect(flat.collisions.map((c) => c.name)).toEqual(['a.b.c', 'a.b.c']);
    expect(flat.values.get('a.b.c')).toBe(1);
  });

  it('has none for ordinary nested metrics', () => {
    expect(flattenMetrics({ quality: { f1: 1, em: 0 }, 'latency.p50': 3 }).collisions).toEqual([]);
  });
});
