// Interning of item ids to dense indices 0, 1, 2, ... in order of first appearance.
//
// Why not a Map<string, number>: at 10^6 ids a Map costs ~0.5 s to fill and ~0.8 s to probe with
// freshly parsed strings (measured on Node 20), a large share of the gate's budget. An
// open-addressing table in one Int32Array (linear probing, load factor <= 1/2, the full 32-bit
// hash kept beside each slot's index so most mismatches never compare ids) is about 3x faster.
//
// Why the ids are kept as characters, not strings: a million retained strings cost ~40 MB of
// heap (a header per string, plus the array of them), every one of them promoted out of the young
// generation, and a long-lived heap of small objects for every full garbage collection to mark.
// Their UTF-16 code units are copied into one growing typed array instead (one byte per unit while
// every unit is below 256, as ids usually are; two after the first that is not), and the parsed
// strings die young. An id is rebuilt as a string only when a report names it.
//
// Why the table may not exist: prediction files are usually written in id order. While every id
// interned so far is above the one before (comparing UTF-16 code units), none can repeat, so
// interning is a comparison with the last id and an append; the table, whose random probes cost a
// cache miss per id (a tenth of a 10^6-item gate's main thread), is built from the stored ids the
// first time an id is not above the last or one is looked up, and used from then on.

function hashString(s: string): number {
  // FNV-1a over UTF-16 code units, then the MurmurHash3 finaliser so that the low bits used to
  // pick a slot depend on every character (ids often differ only in their last digits).
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return finish(h);
}

/** hashString of the id stored as units[start, end). */
function hashUnits(units: Uint8Array | Uint16Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ (units[i] as number), 0x01000193);
  return finish(h);
}

function finish(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const MIN_CAPACITY = 1 << 12;

/** Code units of an id rebuilt at a time (String.fromCharCode's argument count stays small). */
const REBUILD_CHUNK = 8192;

export class IdIndex {
  /** The code units of every id, back to back (Uint8Array until a unit above 255 arrives). */
  private units: Uint8Array | Uint16Array = new Uint8Array(1 << 14);
  /** Units used in `units`. */
  private used = 0;
  /** Id i is units[starts[i], starts[i + 1]); starts[0] = 0. */
  private starts = new Uint32Array(1 << 12);
  private count = 0;
  /**
   * Slot k is table[2k] (the index stored there, -1 when empty) and table[2k + 1] (its id's hash).
   * Undefined while the ids have come in ascending order (see the top of this file).
   */
  private table: Int32Array | undefined;

  get size(): number {
    return this.count;
  }

  /** The id of an index, as a string. */
  idAt(index: number): string {
    const start = this.starts[index] as number;
    const end = this.starts[index + 1] as number;
    let out = '';
    for (let at = start; at < end; at += REBUILD_CHUNK) {
      out += String.fromCharCode(...this.units.subarray(at, Math.min(end, at + REBUILD_CHUNK)));
    }
    return out;
  }

  /** Whether index `index` holds `id`. */
  equals(index: number, id: string): boolean {
    return this.equalsText(index, id, 0, id.length);
  }

  /** Whether index `index` holds the id text[start, end). */
  equalsText(index: number, text: string, start: number, end: number): boolean {
    const from = this.starts[index] as number;
    if ((this.starts[index + 1] as number) - from !== end - start) return false;
    const units = this.units;
    for (let k = 0; k < end - start; k++) if (units[from + k] !== text.charCodeAt(start + k)) return false;
    return true;
  }

  /** Builds the lookup table now if there is none yet (ahead of ids known to come out of order). */
  prepareLookups(): void {
    if (this.table === undefined) this.buildTable();
  }

  /** Index of `id`, or -1 when it has not been seen. */
  get(id: string): number {
    const table = this.table ?? this.buildTable();
    const slot = this.find(table, id, hashString(id));
    return slot < 0 ? -1 : (table[2 * slot] as number);
  }

  /** Index of `id`, assigning the next index (= the previous size) when it is new. */
  intern(id: string): number {
    if (this.table === undefined) {
      if (this.count === 0 || this.aboveLast(id)) {
        this.append(id);
        return this.count - 1;
      }
      this.buildTable();
    }
    const table = this.table as Int32Array;
    const h = hashString(id);
    const slot = this.find(table, id, h);
    if (slot >= 0) return table[2 * slot] as number;
    const index = this.count;
    this.append(id);
    table[2 * ~slot] = index;
    table[2 * ~slot + 1] = h;
    if (4 * this.count > table.length) this.rehash(table.length);
    return index;
  }

  /** Whether `id` sorts after the last id stored (UTF-16 code unit order, a prefix first). */
  private aboveLast(id: string): boolean {
    const from = this.starts[this.count - 1] as number;
    const length = (this.starts[this.count] as number) - from;
    const units = this.units;
    const common = Math.min(length, id.length);
    for (let k = 0; k < common; k++) {
      const unit = id.charCodeAt(k);
      const stored = units[from + k] as number;
      if (unit !== stored) return unit > stored;
    }
    return id.length > length;
  }

  /** The table of every id stored so far (they are distinct: they came in ascending order). */
  private buildTable(): Int32Array {
    let capacity = MIN_CAPACITY;
    while (2 * this.count > capacity) capacity *= 2;
    const table = emptyTable(capacity);
    const { units, starts } = this;
    for (let index = 0; index < this.count; index++) place(table, index, hashUnits(units, starts[index] as number, starts[index + 1] as number));
    return (this.table = table);
  }

  /** The slot holding `id`, or ~(the empty slot where it would go). */
  private find(table: Int32Array, id: string, h: number): number {
    const mask = (table.length >>> 1) - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const index = table[2 * slot] as number;
      if (index < 0) return ~slot;
      if (table[2 * slot + 1] === h && this.equals(index, id)) return slot;
    }
  }

  private append(id: string): void {
    const length = id.length;
    if (this.used + length > this.units.length) this.units = grownUnits(this.units, this.used + length, this.units instanceof Uint16Array);
    let units = this.units;
    const at = this.used;
    for (let k = 0; k < length; k++) {
      const unit = id.charCodeAt(k);
      if (unit > 0xff && units instanceof Uint8Array) units = this.units = grownUnits(units, units.length, true);
      units[at + k] = unit;
    }
    this.used = at + length;
    this.count++;
    if (this.count + 1 > this.starts.length) {
      const starts = new Uint32Array(2 * this.starts.length);
      starts.set(this.starts);
      this.starts = starts;
    }
    this.starts[this.count] = this.used;
  }

  /** Doubles the table (`capacity` slots). */
  private rehash(capacity: number): void {
    const old = this.table as Int32Array;
    const table = emptyTable(capacity);
    for (let i = 0; i < old.length; i += 2) {
      const index = old[i] as number;
      if (index >= 0) place(table, index, old[i + 1] as number);
    }
    this.table = table;
  }
}

/** A copy of `units` with room for `needed` units (1.5x growth), two bytes per unit when `wide`. */
function grownUnits(units: Uint8Array | Uint16Array, needed: number, wide: boolean): Uint8Array | Uint16Array {
  const capacity = Math.max(needed, Math.ceil(units.length * 1.5));
  const next = wide ? new Uint16Array(capacity) : new Uint8Array(capacity);
  next.set(units);
  return next;
}

/** Puts index `index` (its id's hash `h`) in the first empty slot from `h`'s (linear probing). */
function place(table: Int32Array, index: number, h: number): void {
  const mask = (table.length >>> 1) - 1;
  let slot = h & mask;
  while ((table[2 * slot] as number) >= 0) slot = (slot + 1) & mask;
  table[2 * slot] = index;
  table[2 * slot + 1] = h;
}

/** A table of `capacity` empty slots. */
function emptyTable(capacity: number): Int32Array {
  const table = new Int32Array(2 * capacity);
  for (let i = 0; i < table.length; i += 2) table[i] = -1;
  return table;
}
