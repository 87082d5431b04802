/**
 * Entities against reference entities, item by item: true positives, false positives and false
 * negatives under three matchings, and precision, recall and F1 from them. Pure functions.
 *
 * - exact: same label and the same character span [start, end).
 * - overlap: same label and spans sharing at least one character (p.start < r.end and
 *   r.start < p.end). Each entity matches at most one on the other side, and the count is the
 *   largest such one-to-one matching (maximum bipartite matching, so it does not depend on the
 *   order of the entities).
 * - set: per item, the sets of distinct (label, normalised text) pairs are compared; positions
 *   are ignored. Text is normalised by trimming, collapsing inner whitespace, dropping trailing
 *   `: , . ; ! ?` and lowercasing ("Maya:" and "maya" are one entity).
 *
 * Precision = tp / (tp + fp), recall = tp / (tp + fn), F1 = 2PR / (P + R); a zero denominator
 * gives 0, except that an item (or a whole run) with nothing to find and nothing found scores 1.
 * Aggregates are micro-averages: counts are summed over items before dividing (as CoNLL does).
 */
import { fmeasure, type PrecisionRecall } from './text-metrics.js';

export interface Entity {
  label: string;
  start?: number;
  end?: number;
  text?: string;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export type SpanMode = 'exact' | 'overlap';
export type EntityMode = SpanMode | 'set';
export const ENTITY_MODES: readonly EntityMode[] = ['exact', 'overlap', 'set'];

export interface MatchResult extends Counts {
  perLabel: Map<string, Counts>;
}

export function precisionRecall(counts: Counts): PrecisionRecall {
  const { tp, fp, fn } = counts;
  if (tp + fp + fn === 0) return { precision: 1, recall: 1, f1: 1 };
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  return { precision, recall, f1: fmeasure(precision, recall) };
}

export function addCounts(into: Counts, more: Counts): void {
  into.tp += more.tp;
  into.fp += more.fp;
  into.fn += more.fn;
}

function byLabel<T>(items: readonly T[], label: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = label(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function assemble(predicted: Map<string, number>, reference: Map<string, number>, matched: Map<string, number>): MatchResult {
  const perLabel = new Map<string, Counts>();
  const total: Counts = { tp: 0, fp: 0, fn: 0 };
  for (const label of [...new Set([...predicted.keys(), ...reference.keys()])].sort()) {
    const tp = matched.get(label) ?? 0;
    const counts = { tp, fp: (predicted.get(label) ?? 0) - tp, fn: (reference.get(label) ?? 0) - tp };
    perLabel.set(label, counts);
    addCounts(total, counts);
  }
  return { ...total, perLabel };
}

interface Span {
  start: number;
  end: number;
}

function spansOf(entities: readonly Entity[]): Span[] {
  return entities.map((e) => ({ start: e.start ?? 0, end: e.end ?? 0 }));
}

/** Exact matches: the size of the multiset intersection of [start, end) pairs. */
function exactMatches(predicted: Span[], reference: Span[]): number {
  const counts = new Map<string, number>();
  for (const r of reference) counts.set(`${r.start}:${r.end}`, (counts.get(`${r.start}:${r.end}`) ?? 0) + 1);
  let matched = 0;
  for (const p of predicted) {
    const key = `${p.start}:${p.end}`;
    const left = counts.get(key) ?? 0;
    if (left > 0) {
      matched++;
      counts.set(key, left - 1);
    }
  }
  return matched;
}

/** Overlapping pairs of one label in one item beyond this many are refused (see MAX_LCS_CELLS for the idea). */
export const MAX_OVERLAP_PAIRS = 5_000_000;

/** For each predicted span, the reference spans it overlaps (a sweep over spans sorted by start). */
function overlapGraph(predicted: Span[], reference: Span[]): number[][] {
  const order = reference.map((_, i) => i).sort((a, b) => reference[a]!.start - reference[b]!.start);
  let pairs = 0;
  return predicted.map((p) => {
    const hits: number[] = [];
    for (const i of order) {
      const r = reference[i]!;
      if (r.start >= p.end) break;
      if (p.start < r.end) hits.push(i);
    }
    pairs += hits.length;
    if (pairs > MAX_OVERLAP_PAIRS) throw new RangeError(`more than ${MAX_OVERLAP_PAIRS} overlapping entity pairs in one item`);
    return hits;
  });
}

/** Maximum bipartite matching by augmenting paths (Kuhn), searched breadth-first without recursion. */
function maximumMatching(adjacency: number[][], rightCount: number): number {
  const matchOfRight = new Int32Array(rightCount).fill(-1);
  const matchOfLeft = new Int32Array(adjacency.length).fill(-1);
  let size = 0;
  const cameFrom = new Int32Array(rightCount);
  const visited = new Uint8Array(rightCount);
  for (let root = 0; root < adjacency.length; root++) {
    if ((adjacency[root]?.length ?? 0) === 0) continue;
    visited.fill(0);
    const queue = [root];
    let free = -1;
    for (let head = 0; head < queue.length && free < 0; head++) {
      const left = queue[head]!;
      for (const right of adjacency[left]!) {
        if (visited[right]) continue;
        visited[right] = 1;
        cameFrom[right] = left;
        const next = matchOfRight[right]!;
        if (next < 0) {
          free = right;
          break;
        }
        queue.push(next);
      }
    }
    if (free < 0) continue;
    // Flip the path: each right vertex takes the left vertex that reached it.
    for (let right = free; right >= 0;) {
      const left = cameFrom[right]!;
      const previous = matchOfLeft[left]!;
      matchOfLeft[left] = right;
      matchOfRight[right] = left;
      right = previous;
    }
    size++;
  }
  return size;
}

/** Span matching of one item (every entity must have start and end). */
export function matchSpans(predicted: readonly Entity[], reference: readonly Entity[], mode: SpanMode): MatchResult {
  const p = byLabel(predicted, (e) => e.label);
  const r = byLabel(reference, (e) => e.label);
  const matched = new Map<string, number>();
  for (const [label, mine] of p) {
    const theirs = r.get(label);
    if (!theirs) continue;
    const ps = spansOf(mine);
    const rs = spansOf(theirs);
    matched.set(label, mode === 'exact' ? exactMatches(ps, rs) : maximumMatching(overlapGraph(ps, rs), rs.length));
  }
  return assemble(countByLabel(p), countByLabel(r), matched);
}

function countByLabel<T>(groups: Map<string, T[]>): Map<string, number> {
  return new Map([...groups].map(([label, items]) => [label, items.length]));
}

export function normalizeEntityText(text: string): string {
  return text.trim().replace(/\s+/g, ' ').replace(/[\s:,.;!?]+$/, '').toLowerCase();
}

/** Set matching of one item (every entity must have a text). */
export function matchSets(predicted: readonly Entity[], reference: readonly Entity[]): MatchResult {
  const setsOf = (entities: readonly Entity[]): Map<string, Set<string>> => {
    const sets = new Map<string, Set<string>>();
    for (const e of entities) {
      const text = normalizeEntityText(e.text ?? '');
      if (text === '') continue;
      const set = sets.get(e.label) ?? new Set<string>();
      set.add(text);
      sets.set(e.label, set);
    }
    return sets;
  };
  const p = setsOf(predicted);
  const r = setsOf(reference);
  const matched = new Map<string, number>();
  for (const [label, mine] of p) {
    const theirs = r.get(label);
    if (theirs) matched.set(label, [...mine].filter((t) => theirs.has(t)).length);
  }
  const sizes = (sets: Map<string, Set<string>>): Map<string, number> => new Map([...sets].map(([label, set]) => [label, set.size]));
  return assemble(sizes(p), sizes(r), matched);
}
