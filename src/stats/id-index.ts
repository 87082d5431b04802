// Interning of item ids to dense indices 0, 1, 2, ... in order of first appearance.
//
// Why not a Map<string, number>: at 10^6 ids a Map costs ~0.5 s to fill and ~0.8 s to probe with
// freshly parsed strings (measured on Node 20), a large share of the gate's budget. An
// open-addressing table of Int32Arrays (linear probing, load factor <= 1/2, the full 32-bit hash
// kept per slot so most mismatches never compare strings) is about 3x faster and smaller: two
// 4-byte slots per capacity entry plus the array of id strings, which the reports need anyway.

function hashString(s: string): number {
  // FNV-1a over UTF-16 code units, then the MurmurHash3 finaliser so that the low bits used to
  // pick a slot depend on every character (ids often differ only in their last digits).
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export class IdIndex {
  /** Id of each index. */
  readonly ids: string[] = [];
  /** Index stored in each slot, -1 when empty. */
  private slots = new Int32Array(1 << 12).fill(-1);
  private hashes = new Int32Array(1 << 12);

  get size(): number {
    return this.ids.length;
  }

  /** Index of `id`, or -1 when it has not been seen. */
  get(id: string): number {
    const slot = this.find(id, hashString(id));
    return slot < 0 ? -1 : (this.slots[slot] as number);
  }

  /** Index of `id`, assigning the next index (= the previous size) when it is new. */
  intern(id: string): number {
    const h = hashString(id);
    const slot = this.find(id, h);
    if (slot >= 0) return this.slots[slot] as number;
    const index = this.ids.length;
    this.ids.push(id);
    this.slots[~slot] = index;
    this.hashes[~slot] = h;
    if (2 * this.ids.length > this.slots.length) this.rehash(2 * this.slots.length);
    return index;
  }

  /** The slot holding `id`, or ~(the empty slot where it would go). */
  private find(id: string, h: number): number {
    const mask = this.slots.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const index = this.slots[slot] as number;
      if (index < 0) return ~slot;
      if (this.hashes[slot] === h && this.ids[index] === id) return slot;
    }
  }

  private rehash(capacity: number): void {
    const oldSlots = this.slots;
    const oldHashes = this.hashes;
    this.slots = new Int32Array(capacity).fill(-1);
    this.hashes = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let i = 0; i < oldSlots.length; i++) {
      const index = oldSlots[i] as number;
      if (index < 0) continue;
      const h = oldHashes[i] as number;
      let slot = h & mask;
      while ((this.slots[slot] as number) >= 0) slot = (slot + 1) & mask;
      this.slots[slot] = index;
      this.hashes[slot] = h;
    }
  }
}
