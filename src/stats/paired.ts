// Pairing of baseline and candidate per-item scores while streaming. Only ids and numbers are
// kept: the interned ids (as characters, see id-index.ts) and, per score name, two Float64Arrays
// indexed by the item's first appearance (NaN = absent), so a million items with a few scores cost
// tens of MB, not the records.

import type { Direction, ScoreKind } from './compare.js';
import { IdIndex } from './id-index.js';
import type { IdSample, ItemChange } from '../contract/report-sections.js';

export type Side = 'baseline' | 'candidate';

export interface PairingSummary {
  baselineItems: number;
  candidateItems: number;
  /** Ids present on both sides. */
  paired: number;
  /** In the baseline, not in the candidate. */
  missing: IdSample;
  /** In the candidate, not in the baseline. */
  extra: IdSample;
  /** Repeated ids per side (each repetition counts; the first record of an id is the one kept). */
  duplicates: { baseline: IdSample; candidate: IdSample };
  /** Score names seen on either side, in order of first appearance. */
  scores: string[];
}

export interface ScoreCoverage {
  /** Paired items with a value of this score on both sides (the items its deltas use). */
  items: number;
  /** Paired items without this score in the baseline / in the candidate. */
  missingBaseline: IdSample;
  missingCandidate: IdSample;
  /** Records whose value for this score is neither a number, a boolean nor null (either side). */
  invalid: IdSample;
}

/** See PairedScores.scoreColumns. */
export interface ScoreColumns {
  size: number;
  present: Uint8Array;
  baseline: Float64Array;
  candidate: Float64Array;
}

/** The values of one score on one side, over every item of that side that has it (paired or not). */
export interface SideSummary {
  count: number;
  /** Sum by Neumaier's compensated summation (error ~ 1 ulp of the sum, not n ulps). */
  sum: number;
  /** Sum of |value|, for rounding bounds. */
  sumAbs: number;
  /** Sample standard deviation (divisor count - 1); NaN below 2 values. */
  sd: number;
  min: { value: number; id: string } | null;
  max: { value: number; id: string } | null;
  /** The first item whose value is neither 0 nor 1, or null when all are (a binary score). */
  nonBinary: { value: number; id: string } | null;
}

export type Flips =
  /** worse: passed (1) in the baseline and failed (0) in the candidate, for direction higher. */
  | { kind: 'binary'; worse: number; better: number; worseIds: string[]; betterIds: string[] }
  /** largestWorsening: the `top` items that got worse by the most, worst first. */
  | { kind: 'continuous'; worse: number; better: number; largestWorsening: ItemChange[] };

export interface FlipOptions {
  kind?: ScoreKind;
  direction?: Direction;
  /** Binary: at most this many ids per list (default: all). */
  limit?: number;
  /** Continuous: how many of the largest worsenings to list (default 10). */
  top?: number;
}

const BASELINE = 1;
const CANDIDATE = 2;
const BOTH = BASELINE | CANDIDATE;

interface Column {
  baseline: Float64Array;
  candidate: Float64Array;
  invalid: IdSample;
}

interface SideState {
  readonly bit: number;
  /** The index after the last one this side added: the guess for its next id. */
  next: number;
  /** Distinct ids added. */
  count: number;
  readonly duplicates: IdSample;
}

function newSideState(bit: number): SideState {
  return { bit, next: 0, count: 0, duplicates: { count: 0, examples: [] } };
}

function grow(array: Float64Array, capacity: number): Float64Array {
  const next = new Float64Array(capacity).fill(NaN);
  next.set(array);
  return next;
}

export class PairedScores {
  private readonly index = new IdIndex();
  private readonly columns = new Map<string, Column>();
  private flags = new Uint8Array(1024);
  private size = 0;
  private readonly baseline = newSideState(BASELINE);
  private readonly candidate = newSideState(CANDIDATE);

  /** `examples`: how many ids to keep for each reported list. */
  constructor(private readonly examples = 5) {}

  addBaseline(id: string, scores: Readonly<Record<string, unknown>> | null | undefined): number {
    return this.add('baseline', id, scores);
  }

  addCandidate(id: string, scores: Readonly<Record<string, unknown>> | null | undefined): number {
    return this.add('candidate', id, scores);
  }

  /**
   * Records one item of one side. Sides may be streamed one after the other or interleaved.
   * Finite numbers are stored; booleans count as 1/0; null or a missing key means no score; any
   * other value is counted as invalid and treated as absent. A repeated id on the same side is
   * counted as a duplicate and ignored. Returns the item's dense index (its position in order of
   * first appearance on either side), or -1 for an ignored duplicate.
   */
  add(side: Side, id: string, scores: Readonly<Record<string, unknown>> | null | undefined): number {
    const state = side === 'baseline' ? this.baseline : this.candidate;
    const i = this.slot(state, id);
    if (i < 0 || !scores) return i;
    for (const name in scores) {
      if (!Object.prototype.hasOwnProperty.call(scores, name)) continue;
      const value = scores[name];
      const column = this.columns.get(name) ?? this.addColumn(name);
      const values = state.bit === BASELINE ? column.baseline : column.candidate;
      if (typeof value === 'number' && Number.isFinite(value)) values[i] = value;
      else if (typeof value === 'boolean') values[i] = value ? 1 : 0;
      else if (value !== null && value !== undefined) {
        column.invalid.count++;
        if (column.invalid.examples.length < this.examples) column.invalid.examples.push(id);
      }
    }
    return i;
  }

  /**
   * Records a whole side at once, as collected off-thread: the ids in file order, concatenated
   * in `idText` (row i ends at `idEnds[i]`), and per score the value of each row (NaN = no
   * score). The same as calling `add` row by row: a repeated id is a duplicate and its row is
   * ignored, and a score's column exists once a kept row has a value for it. An id equal to the
   * one this side expects next (same order as the other side) is compared in place, never copied.
   */
  addColumns(side: Side, idText: string, idEnds: Uint32Array, scores: ReadonlyArray<{ name: string; values: Float64Array }>): void {
    const state = side === 'baseline' ? this.baseline : this.candidate;
    const targets: Array<Float64Array | undefined> = scores.map(() => undefined);
    const index = this.index;
    for (let row = 0, start = 0; row < idEnds.length; row++) {
      const end = idEnds[row] as number;
      const guess = state.next;
      const i = guess < index.size && index.equalsText(guess, idText, start, end)
        ? this.known(state, guess, idText, start, end)
        : this.slot(state, idText.slice(start, end));
      start = end;
      if (i < 0) continue;
      for (let s = 0; s < scores.length; s++) {
        const score = scores[s] as { name: string; values: Float64Array };
        const value = score.values[row] as number;
        if (value !== value) continue; // NaN: no score on this row
        let values = targets[s];
        if (values === undefined || values.length < this.flags.length) {
          const column = this.columns.get(score.name) ?? this.addColumn(score.name);
          values = targets[s] = state.bit === BASELINE ? column.baseline : column.candidate;
        }
        values[i] = value;
      }
    }
  }

  /**
   * Readies the id lookups for a side that will not come in the order of the ids seen so far
   * (IdIndex.prepareLookups): called while waiting for that side, it takes the work off the
   * pairing of the side itself.
   */
  prepareLookups(): void {
    this.index.prepareLookups();
  }

  /** The index of `id` for this side, or -1 when the side already had it (a duplicate, counted). */
  private slot(state: SideState, id: string): number {
    // Prediction files of one dataset usually list items in the same order: when the id is the one
    // after this side's previous item, a comparison replaces the hash lookup.
    const guess = state.next;
    const i = guess < this.index.size && this.index.equals(guess, id) ? guess : this.index.intern(id);
    return this.claim(state, i, id);
  }

  /** `slot` for an id already found at index `i` (text[start, end)); the string is made only for a duplicate's example. */
  private known(state: SideState, i: number, text: string, start: number, end: number): number {
    if (i < this.size && (this.flags[i] as number) & state.bit) return this.claim(state, i, text.slice(start, end));
    return this.claim(state, i, '');
  }

  /** Marks index `i` as held by this side, or counts a duplicate (`id` names it in the examples). */
  private claim(state: SideState, i: number, id: string): number {
    state.next = i + 1;
    if (i === this.size) {
      this.size++;
      if (this.size > this.flags.length) this.reserve(2 * this.flags.length);
    } else if ((this.flags[i] as number) & state.bit) {
      state.duplicates.count++;
      if (state.duplicates.examples.length < this.examples) state.duplicates.examples.push(id);
      return -1;
    }
    this.flags[i] = (this.flags[i] as number) | state.bit;
    state.count++;
    return i;
  }

  /** Items added so far (distinct ids over both sides); dense indices run from 0 to size - 1. */
  get items(): number {
    return this.size;
  }

  /** Which sides hold each item by dense index (1 baseline, 2 candidate, 3 both); valid until the next `add`. */
  presence(): Uint8Array {
    return this.flags.subarray(0, this.size);
  }

  /** The id of a dense index. */
  idAt(index: number): string {
    return this.index.idAt(index);
  }

  /**
   * Read-only views of one score by dense index, for analyses beyond deltas (histograms, ranks,
   * attribution): each side's value (NaN = absent) and `present`, the sides holding the item
   * (1 baseline, 2 candidate, 3 both). Valid until the next `add`; undefined for an unseen score.
   */
  scoreColumns(name: string): ScoreColumns | undefined {
    const column = this.columns.get(name);
    if (!column) return undefined;
    return {
      size: this.size,
      present: this.flags.subarray(0, this.size),
      baseline: column.baseline.subarray(0, this.size),
      candidate: column.candidate.subarray(0, this.size),
    };
  }

  summary(): PairingSummary {
    let paired = 0;
    for (let i = 0; i < this.size; i++) if (this.flags[i] === BOTH) paired++;
    const missing = this.sample((i) => this.flags[i] === BASELINE);
    const extra = this.sample((i) => this.flags[i] === CANDIDATE);
    const copy = (s: IdSample): IdSample => ({ count: s.count, examples: [...s.examples] });
    return {
      baselineItems: this.baseline.count,
      candidateItems: this.candidate.count,
      paired,
      missing,
      extra,
      duplicates: { baseline: copy(this.baseline.duplicates), candidate: copy(this.candidate.duplicates) },
      scores: [...this.columns.keys()],
    };
  }

  hasScore(name: string): boolean {
    return this.columns.has(name);
  }

  coverage(name: string): ScoreCoverage {
    const column = this.columns.get(name);
    const none = (): IdSample => ({ count: 0, examples: [] });
    if (!column) {
      const all = this.sample((i) => this.flags[i] === BOTH);
      return { items: 0, missingBaseline: all, missingCandidate: { ...all, examples: [...all.examples] }, invalid: none() };
    }
    const { baseline, candidate } = column;
    // One pass (it runs on the gate's serial path after reading, over every item).
    const flags = this.flags;
    const size = this.size;
    const missingBaseline = none();
    const missingCandidate = none();
    let items = 0;
    for (let i = 0; i < size; i++) {
      if (flags[i] !== BOTH) continue;
      const b = baseline[i] as number;
      const c = candidate[i] as number;
      if (b === b && c === c) items++;
      if (b !== b && ++missingBaseline.count <= this.examples) missingBaseline.examples.push(this.index.idAt(i));
      if (c !== c && ++missingCandidate.count <= this.examples) missingCandidate.examples.push(this.index.idAt(i));
    }
    return {
      items,
      missingBaseline,
      missingCandidate,
      invalid: { count: column.invalid.count, examples: [...column.invalid.examples] },
    };
  }

  /** Summary of a score's values on one side, over all of that side's items that have it. */
  sideSummary(name: string, side: Side): SideSummary {
    const column = this.columns.get(name);
    const bit = side === 'baseline' ? BASELINE : CANDIDATE;
    const summary: SideSummary = { count: 0, sum: 0, sumAbs: 0, sd: NaN, min: null, max: null, nonBinary: null };
    if (!column) return summary;
    const values = side === 'baseline' ? column.baseline : column.candidate;
    let sum = 0;
    let compensation = 0;
    let minAt = -1;
    let maxAt = -1;
    for (let i = 0; i < this.size; i++) {
      if (!((this.flags[i] as number) & bit)) continue;
      const v = values[i] as number;
      if (Number.isNaN(v)) continue;
      summary.count++;
      const next = sum + v;
      compensation += Math.abs(sum) >= Math.abs(v) ? sum - next + v : v - next + sum;
      sum = next;
      summary.sumAbs += Math.abs(v);
      if (minAt < 0 || v < (values[minAt] as number)) minAt = i;
      if (maxAt < 0 || v > (values[maxAt] as number)) maxAt = i;
      if (summary.nonBinary === null && v !== 0 && v !== 1) summary.nonBinary = { value: v, id: this.index.idAt(i) };
    }
    summary.sum = sum + compensation;
    if (minAt >= 0) summary.min = { value: values[minAt] as number, id: this.index.idAt(minAt) };
    if (maxAt >= 0) summary.max = { value: values[maxAt] as number, id: this.index.idAt(maxAt) };
    if (summary.count >= 2) {
      const mean = summary.sum / summary.count;
      let squares = 0;
      for (let i = 0; i < this.size; i++) {
        if (!((this.flags[i] as number) & bit)) continue;
        const v = values[i] as number;
        if (!Number.isNaN(v)) squares += (v - mean) * (v - mean);
      }
      summary.sd = Math.sqrt(squares / (summary.count - 1));
    }
    return summary;
  }

  /** Candidate minus baseline over paired items having the score on both sides, in first-seen order. */
  deltas(name: string): Float64Array {
    const column = this.columns.get(name);
    if (!column) return new Float64Array(0);
    const { baseline, candidate } = column;
    const out = new Float64Array(this.size);
    let n = 0;
    for (let i = 0; i < this.size; i++) {
      if (this.flags[i] !== BOTH) continue;
      const d = (candidate[i] as number) - (baseline[i] as number);
      if (!Number.isNaN(d)) out[n++] = d;
    }
    return out.slice(0, n);
  }

  /** Kind of a score from its values on the items its deltas use: 'binary' if all are 0 or 1 (see detectKind). */
  kind(name: string): ScoreKind {
    const column = this.columns.get(name);
    if (!column) return 'continuous';
    const { baseline, candidate } = column;
    let seen = false;
    for (let i = 0; i < this.size; i++) {
      if (this.flags[i] !== BOTH) continue;
      const b = baseline[i] as number;
      const c = candidate[i] as number;
      if (Number.isNaN(b) || Number.isNaN(c)) continue;
      if ((b !== 0 && b !== 1) || (c !== 0 && c !== 1)) return 'continuous';
      seen = true;
    }
    return seen ? 'binary' : 'continuous';
  }

  /**
   * Per-item changes of a score over the paired items having it on both sides. "Worse" follows
   * the direction (higher: a lower candidate value is worse). Binary lists every flip (up to
   * `limit`) in first-seen order; continuous lists the `top` largest worsenings.
   */
  flips(name: string, options: FlipOptions = {}): Flips {
    const kind = options.kind ?? this.kind(name);
    const sign = (options.direction ?? 'higher') === 'higher' ? -1 : 1;
    const column = this.columns.get(name);
    const limit = options.limit ?? Infinity;
    const top = options.top ?? 10;
    let worse = 0;
    let better = 0;
    const worseIds: string[] = [];
    const betterIds: string[] = [];
    const largest: ItemChange[] = [];
    if (column) {
      const { baseline, candidate } = column;
      for (let i = 0; i < this.size; i++) {
        if (this.flags[i] !== BOTH) continue;
        const b = baseline[i] as number;
        const c = candidate[i] as number;
        const worsening = sign * (c - b);
        if (!(worsening !== 0)) continue; // unchanged, or a score absent on a side (NaN)
        if (worsening < 0) {
          better++;
          if (kind === 'binary' && betterIds.length < limit) betterIds.push(this.index.idAt(i));
          continue;
        }
        worse++;
        if (kind === 'binary') {
          if (worseIds.length < limit) worseIds.push(this.index.idAt(i));
        } else if (top > 0 && (largest.length < top || worsening > sign * (largest[largest.length - 1] as ItemChange).delta)) {
          insertByWorsening(largest, { id: this.index.idAt(i), baseline: b, candidate: c, delta: c - b }, sign, top);
        }
      }
    }
    if (kind === 'binary') return { kind, worse, better, worseIds, betterIds };
    return { kind, worse, better, largestWorsening: largest };
  }

  private addColumn(name: string): Column {
    const capacity = this.flags.length;
    const column: Column = {
      baseline: new Float64Array(capacity).fill(NaN),
      candidate: new Float64Array(capacity).fill(NaN),
      invalid: { count: 0, examples: [] },
    };
    this.columns.set(name, column);
    return column;
  }

  private reserve(capacity: number): void {
    const flags = new Uint8Array(capacity);
    flags.set(this.flags);
    this.flags = flags;
    for (const column of this.columns.values()) {
      column.baseline = grow(column.baseline, capacity);
      column.candidate = grow(column.candidate, capacity);
    }
  }

  /** Count of items matching `test` and the first few ids, in first-seen order. */
  private sample(test: (i: number) => boolean): IdSample {
    let count = 0;
    const examples: string[] = [];
    for (let i = 0; i < this.size; i++) {
      if (!test(i)) continue;
      count++;
      if (examples.length < this.examples) examples.push(this.index.idAt(i));
    }
    return { count, examples };
  }
}

/** Inserts keeping `list` sorted by worsening, largest first, at most `top` long (ties: first seen stays first). */
function insertByWorsening(list: ItemChange[], item: ItemChange, sign: number, top: number): void {
  const w = sign * item.delta;
  let at = list.length;
  while (at > 0 && sign * (list[at - 1] as ItemChange).delta < w) at--;
  list.splice(at, 0, item);
  if (list.length > top) list.pop();
}
