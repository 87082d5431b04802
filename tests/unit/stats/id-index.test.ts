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
    expect(index.idAt(49_999)).toBe('item-49999');
  });

  it('handles empty, unicode and look-alike ids', () => {
    const index = new IdIndex();
    const ids = ['', ' ', 'é', 'e\u0301', '😀', 'a\u0000b', 'ab', 'AB', '1', '01'];
    ids.forEach((id, i) => expect(index.intern(id)).toBe(i));
    ids.forEach((id, i) => expect(index.get(id)).toBe(i));
    ids.forEach((id, i) => expect(index.idAt(i)).toBe(id));
  });

  it('keeps every id exactly as given: one-byte ids, then wider ones, lone surrogates, very long ids', () => {
    const index = new IdIndex();
    // One byte per unit first (and enough of them to grow the store), then a unit above 255
    // switches it to two bytes: earlier ids must survive the switch.
    const ids = [
      ...Array.from({ length: 20_000 }, (_, i) => `q${i}\u00e9`),
      'Ω-1',
      '\ud800',
      'x\udc00y',
      'k'.repeat(20_000) + '\u4e2d',
      ...Array.from({ length: 5_000 }, (_, i) => `r${i}`),
    ];
    ids.forEach((id, i) => expect(index.intern(id)).toBe(i));
    ids.forEach((id, i) => {
      expect(index.idAt(i)).toBe(id);
      expect(index.get(id)).toBe(i);
      expect(index.equals(i, id)).toBe(true);
    });
    expect(index.get('\ud801')).toBe(-1);
    expect(index.equals(0, 'q0')).toBe(false);
  });

  it('compares an id with a slice of a longer text without making a string of it', () => {
    const index = new IdIndex();
    index.intern('abc');
    index.intern('de');
    const text = 'xxabcdey';
    expect(index.equalsText(0, text, 2, 5)).toBe(true);
    expect(index.equalsText(1, text, 5, 7)).toBe(true);
    expect(index.equalsText(1, text, 5, 8)).toBe(false);
    expect(index.equalsText(0, text, 1, 4)).toBe(false);
  });
});
