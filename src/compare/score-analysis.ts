/**
 * Per-score analysis of a join (pure): paired test, better/worse/unchanged counts,
 * fixed-bin histograms per side, largest gains and regressions, rank movement and binary
 * flips. Every loop walks items in the join's canonical order, so the bootstrap sees the
 * same sequence of deltas, and every list the same ties, on every run.
 */
import { inferDirection } from '../policy/direction.js';
import type { ScoreKind } from '../stats/compare.js';
import type { PairedScores, ScoreColumns } from '../stats/paired.js';
import type { JoinResult, TopPair } from './join.js';
import { pairedTest, type PairedTestJson } from './paired-test.js';
import { TopList, type TopEntry } from './top-items.js';

export type Direction = 'higher' | 'lower';

/** Ids listed per flip direction (the counts are always complete). */
export const FLIP_ID_CAP = 100;

export interface ScoreSummaryJson {
  name: string;
  kind: ScoreKind;
  /** Inferred from the name (DESIGN.md section 3); null when unknown: then gains are increases. */
  direction: Direction | null;
  /** Items on each side carrying the score. */
  a_items: number;
  b_items: number;
  /** Joined items carrying it on both sides: what the deltas and the test use. */
  items: number;
  mean_a: number | null;
  mean_b: number | null;
  test: PairedTestJson;
  /** B above / below / equal to A. */
  up: number;
  down: number;
  unchanged: number;
  /** up/down read in the score's direction; null when the direction is unknown. */
  better: number | null;
  worse: number | null;
}

export interface HistogramJson {
  score: string;
  /** Bin edges; bin i is [edges[i], edges[i+1]), the last one closed. */
  edges: number[];
  a: number[];
  b: number[];
}

export interface TopItemJson {
  id: string;
  a: number;
  b: number;
  delta: number;
  excerpt_a?: string;
  excerpt_b?: string;
}

export interface TopListJson {
  score: string;
  direction: Direction | null;
  items: TopItemJson[];
}

export interface RankMovementJson {
  score: string;
  /** Joined items ranked (continuous scores only). */
  items: number;
  /** Spearman's rank correlation between the sides (Pearson on mid-ranks); null below 2 items or without spread. */
  spearman: number | null;
  /** The largest moves: rank 1 is the highest value on that side; change = rank_a - rank_b (positive: moved up). */
  moves: { id: string; rank_a: number; rank_b: number; change: number }[];
}

export interface FlipsJson {
  score: string;
  direction: Direction | null;
  items: number;
  /** 0 in A, 1 in B / 1 in A, 0 in B. */
  up: number;
  down: number;
  up_ids: string[];
  down_ids: string[];
  ids_truncated: boolean;
}

export interface ScoreAnalysis {
  summary: ScoreSummaryJson;
  histogram: HistogramJson | null;
  gains: TopListJson;
  regressions: TopListJson;
  rank: RankMovementJson | null;
  flips: FlipsJson | null;
  /** Deltas of the joined items with the score, and their dense indices, in canonical order. */
  deltas: Float64Array;
  indices: Uint32Array;
}

/** Paired values of a score over joined items, in canonical order. */
function pairedValues(columns: ScoreColumns, order: Uint32Array): { indices: Uint32Array; a: Float64Array; b: Float64Array } {
  const { present, baseline, candidate } = columns;
  let n = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    if (present[i] === 3 && !Number.isNaN(baseline[i]) && !Number.isNaN(candidate[i])) n++;
  }
  const indices = new Uint32Array(n);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  let k = 0;
  for (let o = 0; o < order.length; o++) {
    const i = order[o] as number;
    if (present[i] !== 3) continue;
    const va = baseline[i] as number;
    const vb = candidate[i] as number;
    if (Number.isNaN(va) || Number.isNaN(vb)) continue;
    indices[k] = i;
    a[k] = va;
    b[k] = vb;
    k++;
  }
  return { indices, a, b };
}

function kindOf(a: Float64Array, b: Float64Array): ScoreKind {
  if (a.length === 0) return 'continuous';
  for (let k = 0; k < a.length; k++) {
    const x = a[k] as number;
    const y = b[k] as number;
    if ((x !== 0 && x !== 1) || (y !== 0 && y !== 1)) return 'continuous';
  }
  return 'binary';
}

const mean = (values: Float64Array): number | null => {
  if (values.length === 0) return null;
  let sum = 0;
  for (let k = 0; k < values.length; k++) sum += values[k] as number;
  return sum / values.length;
};

/** Equal-width bins: [0, 1] in tenths when every value is in it, two bins for 0/1 scores, else min..max in ten. */
export function histogramEdges(min: number, max: number, kind: ScoreKind): number[] {
  if (kind === 'binary') return [0, 0.5, 1];
  if (min >= 0 && max <= 1) return [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
  if (min === max) return [min, max];
  const step = (max - min) / 10;
  return Array.from({ length: 11 }, (_, i) => (i === 10 ? max : min + i * step));
}

export function binIndex(edges: readonly number[], value: number): number {
  const bins = edges.length - 1;
  if (bins <= 1) return 0;
  const min = edges[0] as number;
  const max = edges[bins] as number;
  if (value >= max) return bins - 1;
  const bin = Math.floor(((value - min) / (max - min)) * bins);
  // Floating-point edges: settle the value against the stored edges.
  let at = Math.min(bins - 1, Math.max(0, bin));
  while (at > 0 && value < (edges[at] as number)) at--;
  while (at < bins - 1 && value >= (edges[at + 1] as number)) at++;
  return at;
}

function histogram(name: string, columns: ScoreColumns, kind: ScoreKind): HistogramJson | null {
  const { present, baseline, candidate, size } = columns;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < size; i++) {
    const p = present[i] as number;
    const va = p & 1 ? (baseline[i] as number) : NaN;
    const vb = p & 2 ? (candidate[i] as number) : NaN;
    if (va < min) min = va; // NaN compares false: absent values are skipped
    if (va > max) max = va;
    if (vb < min) min = vb;
    if (vb > max) max = vb;
  }
  if (min === Infinity) return null;
  const edges = histogramEdges(min, max, kind);
  const a = new Array<number>(edges.length - 1).fill(0);
  const b = new Array<number>(edges.length - 1).fill(0);
  for (let i = 0; i < size; i++) {
    const p = present[i] as number;
    const va = baseline[i] as number;
    const vb = candidate[i] as number;
    if (p & 1 && !Number.isNaN(va)) {
      const bin = binIndex(edges, va);
      a[bin] = (a[bin] as number) + 1;
    }
    if (p & 2 && !Number.isNaN(vb)) {
      const bin = binIndex(edges, vb);
      b[bin] = (b[bin] as number) + 1;
    }
  }
  return { score: name, edges, a, b };
}

/**
 * The permutation that sorts `values` ascending: an LSD radix sort on the order-preserving
 * 64-bit image of each float (sign bit flipped, negatives inverted), 16 bits a pass. A
 * comparator sort, or a binary search per item, costs seconds at a million items (random
 * accesses into an 8 MB array); this is four linear passes over 4 MB ones, fewer when a
 * 16-bit digit is the same for every value.
 */
export function argsortAscending(values: Float64Array): Uint32Array {
  const n = values.length;
  const bits = new Float64Array(n);
  for (let i = 0; i < n; i++) bits[i] = (values[i] as number) + 0; // -0 becomes 0: they tie
  const words = new Uint32Array(bits.buffer); // little-endian: low word first
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  for (let i = 0; i < n; i++) {
    let l = words[little ? 2 * i : 2 * i + 1] as number;
    let h = words[little ? 2 * i + 1 : 2 * i] as number;
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else h = (h | 0x80000000) >>> 0;
    lo[i] = l;
    hi[i] = h;
  }
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Uint32Array(n);
  const count = new Uint32Array(65536);
  for (const [key, shift] of [[lo, 0], [lo, 16], [hi, 0], [hi, 16]] as const) {
    count.fill(0);
    for (let i = 0; i < n; i++) {
      const digit = ((key[order[i] as number] as number) >>> shift) & 0xffff;
      count[digit] = (count[digit] as number) + 1;
    }
    if (n === 0 || count[((key[order[0] as number] as number) >>> shift) & 0xffff] === n) continue;
    let sum = 0;
    for (let b = 0; b < 65536; b++) {
      const c = count[b] as number;
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = order[i] as number;
      const digit = ((key[k] as number) >>> shift) & 0xffff;
      next[count[digit] as number] = k;
      count[digit] = (count[digit] as number) + 1;
    }
    [order, next] = [next, order];
  }
  return order;
}

/** Mid-ranks, 1 = the highest value; tied values share the mean of their ranks. */
export function descendingRanks(values: Float64Array): Float64Array {
  const n = values.length;
  const order = argsortAscending(values);
  const ranks = new Float64Array(n);
  for (let start = 0; start < n; ) {
    const v = values[order[start] as number] as number;
    let end = start + 1;
    while (end < n && values[order[end] as number] === v) end++;
    const rank = n + 1 - (start + 1 + end) / 2; // ascending positions start+1..end, counted from the top
    for (let p = start; p < end; p++) ranks[order[p] as number] = rank;
    start = end;
  }
  return ranks;
}

function pearson(x: Float64Array, y: Float64Array): number | null {
  const n = x.length;
  if (n < 2) return null;
  const mx = mean(x) as number;
  const my = mean(y) as number;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < n; k++) {
    const dx = (x[k] as number) - mx;
    const dy = (y[k] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

function rankMovement(name: string, pairs: PairedScores, indices: Uint32Array, a: Float64Array, b: Float64Array, top: number): RankMovementJson {
  const ra = descendingRanks(a);
  const rb = descendingRanks(b);
  // The largest |change| first, ties in canonical order: a bounded list, like the top items.
  const moves = new TopList(top, 1);
  for (let k = 0; k < a.length; k++) {
    const change = (ra[k] as number) - (rb[k] as number);
    if (change === 0) continue;
    const size = Math.abs(change);
    if (moves.accepts(size, k)) moves.insert({ index: indices[k] as number, position: k, a: ra[k] as number, b: rb[k] as number, delta: size });
  }
  return {
    score: name,
    items: a.length,
    spearman: pearson(ra, rb),
    moves: moves.entries.map((e) => ({ id: pairs.idAt(e.index), rank_a: e.a, rank_b: e.b, change: e.a - e.b })),
  };
}

function flips(name: string, direction: Direction | null, pairs: PairedScores, indices: Uint32Array, a: Float64Array, b: Float64Array): FlipsJson {
  let up = 0;
  let down = 0;
  const upIds: string[] = [];
  const downIds: string[] = [];
  for (let k = 0; k < a.length; k++) {
    const d = (b[k] as number) - (a[k] as number);
    if (d > 0) {
      up++;
      if (upIds.length < FLIP_ID_CAP) upIds.push(pairs.idAt(indices[k] as number));
    } else if (d < 0) {
      down++;
      if (downIds.length < FLIP_ID_CAP) downIds.push(pairs.idAt(indices[k] as number));
    }
  }
  return { score: name, direction, items: a.length, up, down, up_ids: upIds, down_ids: downIds, ids_truncated: upIds.length < up || downIds.length < down };
}

/** Top lists from the columns, when they could not be kept while joining. */
function topsFromValues(direction: Direction | null, indices: Uint32Array, a: Float64Array, b: Float64Array, top: number): TopPair {
  const sign = direction === 'lower' ? -1 : 1;
  const pair: TopPair = { gains: new TopList(top, sign), regressions: new TopList(top, -sign) };
  for (let k = 0; k < a.length; k++) {
    const delta = (b[k] as number) - (a[k] as number);
    if (delta === 0) continue;
    const entry: TopEntry = { index: indices[k] as number, position: k, a: a[k] as number, b: b[k] as number, delta };
    pair.gains.offer(entry);
    pair.regressions.offer(entry);
  }
  return pair;
}

function topJson(name: string, direction: Direction | null, list: TopList, pairs: PairedScores): TopListJson {
  return {
    score: name,
    direction,
    items: list.entries.map((e) => ({
      id: pairs.idAt(e.index),
      a: e.a,
      b: e.b,
      delta: e.delta,
      ...(e.excerptA !== undefined ? { excerpt_a: e.excerptA } : {}),
      ...(e.excerptB !== undefined ? { excerpt_b: e.excerptB } : {}),
    })),
  };
}

export function analyseScore(name: string, join: JoinResult, top: number): ScoreAnalysis | null {
  const { pairs, order } = join;
  const columns = pairs.scoreColumns(name);
  if (!columns) return null;
  const { indices, a, b } = pairedValues(columns, order);
  const kind = kindOf(a, b);
  const direction = inferDirection(name);
  const deltas = new Float64Array(a.length);
  let up = 0;
  let down = 0;
  for (let k = 0; k < a.length; k++) {
    const d = (b[k] as number) - (a[k] as number);
    deltas[k] = d;
    if (d > 0) up++;
    else if (d < 0) down++;
  }
  let aItems = 0;
  let bItems = 0;
  for (let i = 0; i < columns.size; i++) {
    if ((columns.present[i] as number) & 1 && !Number.isNaN(columns.baseline[i])) aItems++;
    if ((columns.present[i] as number) & 2 && !Number.isNaN(columns.candidate[i])) bItems++;
  }
  const higherBetter = direction !== 'lower';
  const summary: ScoreSummaryJson = {
    name,
    kind,
    direction,
    a_items: aItems,
    b_items: bItems,
    items: a.length,
    mean_a: mean(a),
    mean_b: mean(b),
    test: pairedTest(deltas, kind),
    up,
    down,
    unchanged: a.length - up - down,
    better: direction === null ? null : higherBetter ? up : down,
    worse: direction === null ? null : higherBetter ? down : up,
  };
  const kept = join.tops?.get(name);
  const pair = kept ?? topsFromValues(direction, indices, a, b, top);
  return {
    summary,
    histogram: histogram(name, columns, kind),
    gains: topJson(name, direction, pair.gains, pairs),
    regressions: topJson(name, direction, pair.regressions, pairs),
    rank: kind === 'continuous' && a.length > 0 ? rankMovement(name, pairs, indices, a, b, top) : null,
    flips: kind === 'binary' ? flips(name, direction, pairs, indices, a, b) : null,
    deltas,
    indices,
  };
}
