import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IdIndex } from '../../../src/stats/id-index.js';

/** What IdIndex must behave like: a Map from id to its order of first appearance. */
function reference(ids: string[]): { interned: number[]; map: Map<string, number> } {
  const map = new Map<string, number>();
  const interned = ids.map((id) => {
    if (!map.has(id)) map.set(id, map.size);
    return map.get(id)!;
  });
  return { interned, map };
}

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

  describe('ids in ascending order (no table until one is not)', () => {
    it('finds a repeat of the last id, of an earlier one, and looks ids up, ascending ids first', () => {
      const index = new IdIndex();
      const ids = Array.from({ length: 10_000 }, (_, i) => `item-${String(i).padStart(6, '0')}`);
      ids.forEach((id, i) => expect(index.intern(id)).toBe(i));
      expect(index.intern('item-009999')).toBe(9_999); // the last again: a repeat, not a new id
      expect(index.intern('item-000042')).toBe(42);
      expect(index.intern('item-010000')).toBe(10_000); // new ids still append after the switch
      expect(index.size).toBe(10_001);
      ids.forEach((id, i) => expect(index.get(id)).toBe(i));
    });

    it('answers a lookup before any id is out of order', () => {
      const index = new IdIndex();
      ['a', 'b', 'c'].forEach((id) => index.intern(id));
      expect(index.get('b')).toBe(1);
      expect(index.get('bb')).toBe(-1);
      expect(index.intern('d')).toBe(3);
      expect(index.get('d')).toBe(3);
    });

    it('orders by UTF-16 code units, a prefix before its extensions', () => {
      const index = new IdIndex();
      // Ascending: '' < 'a' < 'ab' < 'b' < 'é' (0xe9) < '😀' (0xd83d...) < '\uffff'.
      const ascending = ['', 'a', 'ab', 'b', 'é', '😀', '\uffff'];
      ascending.forEach((id, i) => expect(index.intern(id)).toBe(i));
      // Not above the last: each is found, none is added.
      ascending.forEach((id, i) => expect(index.intern(id)).toBe(i));
      expect(index.size).toBe(ascending.length);
      expect(index.intern('aa')).toBe(ascending.length);
      expect(index.get('ab')).toBe(2);
    });

    it('interns any sequence exactly as a Map does (ascending runs, repeats, shuffles, wide units, the table built early)', () => {
      const id = fc.oneof(
        fc.integer({ min: 0, max: 300 }).map((n) => `item-${String(n).padStart(4, '0')}`),
        fc.string({ unit: 'binary', maxLength: 4 }),
      );
      const sequence = fc.oneof(
        fc.array(id, { maxLength: 300 }),
        fc.array(id, { maxLength: 300 }).map((ids) => [...new Set(ids)].sort()),
        fc.tuple(fc.array(id, { maxLength: 200 }), fc.array(id, { maxLength: 50 })).map(([a, b]) => [...[...new Set(a)].sort(), ...b]),
      );
      fc.assert(
        fc.property(sequence, fc.array(id, { maxLength: 20 }), fc.option(fc.nat()), (ids, probes, prepareAt) => {
          const index = new IdIndex();
          const { interned, map } = reference(ids);
          // The table built ahead of time (prepareLookups) at any point changes nothing.
          const at = prepareAt === null ? -1 : prepareAt % (ids.length + 1);
          const got = ids.map((x, i) => {
            if (i === at) index.prepareLookups();
            return index.intern(x);
          });
          expect(got).toEqual(interned);
          expect(index.size).toBe(map.size);
          for (const [known, i] of map) {
            expect(index.idAt(i)).toBe(known);
            expect(index.equals(i, known)).toBe(true);
          }
          for (const probe of probes) expect(index.get(probe)).toBe(map.get(probe) ?? -1);
        }),
        { numRuns: 300 },
      );
    });
  });
});
