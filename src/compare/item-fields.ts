/**
 * Categorical item fields for `what_changed`: while one side's predictions stream, every
 * short string (or boolean) field of a record, top level or one level inside an object such
 * as `metadata` or `tags`, and every array of short strings (`tags: ["a", "b"]`), is a
 * candidate. A field is dropped as soon as it shows a long value or more than MAX_VALUES
 * distinct ones, so free text (inputs, outputs, paths) costs a few records and is gone.
 *
 * Each side keeps its own table, filled in its own file order, so what is tracked never
 * depends on how the two streams interleave. Storage is by the pairing's dense item index:
 * one byte per item for a single-valued field, a 32-bit set for a multi-valued one.
 */

/** Distinct values a categorical field may have (and the width of a multi-valued field's bit set). */
export const MAX_VALUES = 32;
/** Longer strings are text, not categories. */
export const MAX_VALUE_LENGTH = 64;
/** Fields tracked per side, in order of first appearance in that side's file. */
export const MAX_FIELDS = 32;
/** Longest string array read as a set of labels. */
const MAX_LABELS = 16;

interface FieldState {
  name: string;
  values: Map<string, number>;
  names: string[];
  /** Single-valued: value index + 1 per item (0 = absent). */
  single: Uint8Array | null;
  /** Multi-valued: bit set of value indices per item. */
  multi: Uint32Array | null;
  rejected: boolean;
}

export interface TrackedField {
  name: string;
  /** Value names by local index. */
  values: readonly string[];
  /** Local value indices of item `index` (empty when the item lacks the field). */
  valuesOf(index: number): number[];
}

function labelValue(value: unknown): string | undefined | null {
  // undefined: not a categorical value (reject the field); null: absent for this item.
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value !== 'string') return value === null ? null : undefined;
  if (value.length === 0) return null;
  return value.length <= MAX_VALUE_LENGTH ? value : undefined;
}

export class FieldTable {
  private readonly fields = new Map<string, FieldState | null>();
  private tracked = 0;
  private capacity = 1024;

  /** `excluded`: top-level keys that are never categories (id field, output field, scores). */
  constructor(private readonly excluded: ReadonlySet<string>) {}

  observe(record: Record<string, unknown>, index: number): void {
    if (index >= this.capacity) this.grow(index);
    for (const key in record) {
      if (this.excluded.has(key)) continue;
      const value = record[key];
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const nested = value as Record<string, unknown>;
        for (const sub in nested) this.visit(`${key}.${sub}`, nested[sub], index);
      } else this.visit(key, value, index);
    }
  }

  /** Fields still categorical after the whole file, with at least one value. */
  result(): TrackedField[] {
    const out: TrackedField[] = [];
    for (const state of this.fields.values()) {
      if (!state || state.rejected || state.names.length === 0) continue;
      const { single, multi } = state;
      out.push({
        name: state.name,
        values: state.names,
        valuesOf(index: number): number[] {
          if (single) {
            const v = index < single.length ? (single[index] as number) : 0;
            return v === 0 ? [] : [v - 1];
          }
          const bits = multi && index < multi.length ? (multi[index] as number) : 0;
          const found: number[] = [];
          for (let b = 0; b < MAX_VALUES; b++) if (bits & (1 << b)) found.push(b);
          return found;
        },
      });
    }
    return out;
  }

  private visit(name: string, value: unknown, index: number): void {
    let state = this.fields.get(name);
    if (state === null) return;
    if (state === undefined) {
      if (this.tracked >= MAX_FIELDS) {
        this.fields.set(name, null);
        return;
      }
      state = { name, values: new Map(), names: [], single: null, multi: null, rejected: false };
      this.fields.set(name, state);
      this.tracked++;
    }
    if (Array.isArray(value)) {
      if (value.length > MAX_LABELS) return this.reject(state);
      let bits = 0;
      for (const element of value) {
        const label = labelValue(element);
        if (label === undefined) return this.reject(state);
        if (label === null) continue;
        const v = this.valueIndex(state, label);
        if (v < 0) return;
        bits |= 1 << v;
      }
      this.toMulti(state)[index] = ((state.multi as Uint32Array)[index] as number) | bits;
      return;
    }
    const label = labelValue(value);
    if (label === undefined) return this.reject(state);
    if (label === null) return;
    const v = this.valueIndex(state, label);
    if (v < 0) return;
    if (state.multi) state.multi[index] = (state.multi[index] as number) | (1 << v);
    else (state.single ??= new Uint8Array(this.capacity))[index] = v + 1;
  }

  /** The value's index, adding it; -1 (and the field rejected) beyond MAX_VALUES. */
  private valueIndex(state: FieldState, label: string): number {
    let v = state.values.get(label);
    if (v === undefined) {
      if (state.names.length >= MAX_VALUES) {
        this.reject(state);
        return -1;
      }
      v = state.names.length;
      state.values.set(label, v);
      state.names.push(label);
    }
    return v;
  }

  private toMulti(state: FieldState): Uint32Array {
    if (state.multi) return state.multi;
    const multi = new Uint32Array(this.capacity);
    if (state.single) for (let i = 0; i < state.single.length; i++) if (state.single[i]) multi[i] = 1 << ((state.single[i] as number) - 1);
    state.single = null;
    state.multi = multi;
    return multi;
  }

  private reject(state: FieldState): void {
    state.rejected = true;
    state.single = null;
    state.multi = null;
    this.fields.set(state.name, null);
    this.tracked--; // the slot goes to the next new field (free text is rejected within a few records)
  }

  private grow(index: number): void {
    let capacity = this.capacity;
    while (capacity <= index) capacity *= 2;
    for (const state of this.fields.values()) {
      if (!state) continue;
      if (state.single) {
        const next = new Uint8Array(capacity);
        next.set(state.single);
        state.single = next;
      }
      if (state.multi) {
        const next = new Uint32Array(capacity);
        next.set(state.multi);
        state.multi = next;
      }
    }
    this.capacity = capacity;
  }
}
