import { describe, expect, it } from 'vitest';
import { IdIndex } from '../../../src/stats/id-index.js';

describe('IdIndex', () => {
  it('assigns dense indices in order of first appearance and finds them again after growth', () => {
    const index = new IdIndex();
    const ids = Array.from({ length: 50_000 }, (_, i) => `item-${i}`);
    ids.forEach((id, i) => expect(index.intern(id)).toBe(i));
    expect(index.size).toBe(ids.length);
    // Fresh string objects with equal contents, in another order.
    for (let i = ids.length - 1; i >= 0; i -= 7) expect(index.get(`item-${i}`)).toBe(i);
    expect(index.intern('item-123')).toBe(123);
    expect(index.size).toBe(ids.length);
    expect(index.get('item-50000')).toBe(-1);
    expect(index.ids[49_999]).toBe('item-49999');
  });

  it('handles empty, unicode and look-alike ids', () => {
    const index = new IdIndex();
    const ids = ['', ' ', 'é', 'e\u0301', '😀', 'a\u0000b', 'ab', 'AB', '1', '01'];
    ids.forEach((id, i) => expect(index.intern(id)).toBe(i));
    ids.forEach((id, i) => expect(index.get(id)).toBe(i));
  });
});
