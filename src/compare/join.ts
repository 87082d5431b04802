/**
 * Joins the items of two predictions files by id, reading both files at once.
 *
 * Why both at once: output divergence needs both outputs of an item together, and keeping
 * one side's outputs until the other file is read would cost the whole file in memory. The
 * two files stream concurrently (each reads its next chunk while the other parses), so when
 * they list items in the same order, as files of one dataset usually do, an item's first
 * record waits only until the other file reaches it: a chunk's worth of outputs. When they
 * do not, the waiting outputs grow; past PENDING_TEXT_CAP characters they are dropped for
 * 64-bit hashes, so the exact divergence stays exact, token F1 is reported as not computed
 * (never over a biased subset), and excerpts come from a second, targeted read.
 *
 * The order in which the two streams interleave is up to the operating system, so nothing
 * reported may depend on it: items are given a canonical order afterwards (A's file order,
 * then B-only items in B's order), and ties are broken by that position.
 *
 * Ids and scores go into the gate's own pairing structure (PairedScores); item ids are
 * detected and records interpreted by the gate's functions, so `compare` and `gate` read a
 * predictions file the same way.
 */
import { detectIdField, interpretRecord } from '../artifacts/predictions.js';
import { ArtifactError } from '../contract/errors.js';
import { DEFAULT_LIMITS } from '../parse/jsonl.js';
import { inferDirection } from '../policy/direction.js';
import { truncate } from '../report/escape.js';
import { PairedScores } from '../stats/paired.js';
import type { IdSample } from '../contract/report-sections.js';
import { forEachJsonlInStore } from '../store/read.js';
import type { StoreRoot } from '../store/safe-path.js';
import { DivergenceTally, normalizeWhitespace, outputText, tokenF1, type DivergenceSummary } from './divergence.js';
import { FieldTable, type TrackedField } from './item-fields.js';
import { TopList } from './top-items.js';

/** Output fields tried in order when none is given. */
export const OUTPUT_FIELDS = ['output', 'prediction', 'response', 'completion', 'generation', 'generated_text', 'answer'];
/** Characters of each side's output kept with a listed item. */
export const EXCERPT_CHARS = 160;
/** Characters of outputs waiting for the other side before they are replaced by hashes. */
export const PENDING_TEXT_CAP = 64 * 1024 * 1024;

export interface JoinSideInput {
  store: StoreRoot;
  /** predictions.jsonl, relative to the store root. */
  relPath: string;
  display: string;
}

export interface JoinOptions {
  /** 'auto' (the gate's detection) or a field name, for both sides. */
  idField: string;
  /** Default: the first of OUTPUT_FIELDS a record has. */
  outputField?: string;
  /** Scores to compare: names in `scores` or dot paths into the record. Default: every name in `scores`. */
  scores?: readonly string[];
  /** Length of the largest gains/regressions lists. */
  top: number;
  pendingTextCap?: number;
}

export interface SideScan {
  display: string;
  /** Distinct ids. */
  items: number;
  idField?: string;
  outputField?: string;
  duplicates: IdSample;
  /** Line of each item by dense index (0: not on this side). */
  lines: Int32Array;
  fields: TrackedField[];
}

export interface TopPair {
  gains: TopList;
  regressions: TopList;
}

export interface JoinResult {
  pairs: PairedScores;
  a: SideScan;
  b: SideScan;
  /** Dense indices in canonical order: A's file order, then items only in B in B's order. */
  order: Uint32Array;
  /** Canonical position of each dense index (its place in `order`). */
  position: Uint32Array;
  divergence: DivergenceSummary | null;
  /** Kept while joining; null when outputs had to be dropped (then recomputed by the caller). */
  tops: Map<string, TopPair> | null;
  /** Score names seen on either side. */
  scores: string[];
}

class Aborted extends Error {}

function hash32(text: string, seed: number, prime: number): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), prime);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
const hashA = (text: string): number => hash32(text, 0x811c9dc5, 0x01000193);
const hashB = (text: string): number => hash32(text, 0x2545f491, 0x9e3779b1);

function pathValue(record: Record<string, unknown>, path: string): unknown {
  let current: unknown = record;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The requested scores of a record: from `scores` by name, else by dot path into the record. */
function pickScores(record: Record<string, unknown>, scores: Record<string, number> | undefined, names: readonly string[], file: string, line: number): Record<string, number> | undefined {
  let out: Record<string, number> | undefined;
  for (const name of names) {
    let value: unknown = scores && Object.hasOwn(scores, name) ? scores[name] : pathValue(record, name);
    if (value === undefined || value === null) continue;
    if (typeof value === 'boolean') value = value ? 1 : 0;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new ArtifactError({ file, line }, `score ${JSON.stringify(name)} must be a finite number, got ${typeof value === 'string' ? 'a string' : typeof value === 'number' ? String(value) : Array.isArray(value) ? 'an array' : `a${typeof value === 'object' ? 'n object' : ` ${typeof value}`}`}`, 'predictions.scores');
    }
    out ??= {};
    Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function grown<T extends Int32Array | Uint32Array | Uint8Array>(array: T, capacity: number): T {
  const next = new (array.constructor as new (length: number) => T)(capacity);
  next.set(array);
  return next;
}

export async function joinPredictions(a: JoinSideInput, b: JoinSideInput, options: JoinOptions): Promise<JoinResult> {
  const pairs = new PairedScores();
  const cap = options.pendingTextCap ?? PENDING_TEXT_CAP;
  const excluded = (idField: string | undefined, outputField: string | undefined): Set<string> =>
    new Set(['scores', ...(idField ? [idField] : []), ...(outputField ? [outputField] : [])]);
  let capacity = 1024;
  const lines = { a: new Int32Array(capacity), b: new Int32Array(capacity) };
  const ensure = (index: number): void => {
    if (index < capacity) return;
    while (capacity <= index) capacity *= 2;
    lines.a = grown(lines.a, capacity);
    lines.b = grown(lines.b, capacity);
    if (hashes) {
      hashes.h1 = grown(hashes.h1, capacity);
      hashes.h2 = grown(hashes.h2, capacity);
      hashes.out = grown(hashes.out, capacity);
    }
  };

  const tally = new DivergenceTally();
  let sawOutput = false;
  // The first side's output and scores of each item, by dense index, until the other side's
  // record arrives (arrays, not a Map: an item's index is assigned in order, so these only append).
  const pendingText: (string | undefined)[] = [];
  const pendingScores: (Readonly<Record<string, unknown>> | undefined)[] = [];
  let pendingChars = 0;
  // Set once outputs no longer fit: per item, the first side's output hash (out: 1 present, 2 absent).
  let hashes: { h1: Uint32Array; h2: Uint32Array; out: Uint8Array } | null = null;
  let tops: Map<string, TopPair> | null = new Map();
  let aborted = false;

  const dropTexts = (): void => {
    const h = { h1: new Uint32Array(capacity), h2: new Uint32Array(capacity), out: new Uint8Array(capacity) };
    for (let index = 0; index < pendingText.length; index++) {
      const waiting = ((lines.a[index] as number) > 0) !== ((lines.b[index] as number) > 0);
      if (!waiting) continue;
      const text = pendingText[index];
      if (text === undefined) h.out[index] = 2;
      else {
        h.out[index] = 1;
        h.h1[index] = hashA(text);
        h.h2[index] = hashB(text);
      }
    }
    pendingText.length = 0;
    pendingScores.length = 0;
    pendingChars = 0;
    hashes = h;
    tops = null;
    tally.dropSimilarity(`token F1 not computed: the two files list items in different orders and the outputs waiting to be paired exceeded ${Math.round(cap / 1048576)} MB; sort both files by id for token F1`);
  };

  const topsFor = (name: string): TopPair => {
    let pair = tops?.get(name);
    if (!pair) {
      const sign = inferDirection(name) === 'lower' ? -1 : 1;
      pair = { gains: new TopList(options.top, sign), regressions: new TopList(options.top, -sign) };
      tops?.set(name, pair);
    }
    return pair;
  };

  const lacking = (hasA: boolean, hasB: boolean): void => {
    if (!hasA) tally.missing('a');
    if (!hasB) tally.missing('b');
  };

  const join = (index: number, textA: string | undefined, scoresA: Readonly<Record<string, unknown>> | undefined, textB: string | undefined, scoresB: Readonly<Record<string, unknown>> | undefined): void => {
    if (textA !== undefined && textB !== undefined) tally.add(textA === textB, tokenF1(textA, textB));
    else lacking(textA !== undefined, textB !== undefined);
    if (!scoresA || !scoresB || !tops) return;
    const position = lines.a[index] as number;
    for (const name in scoresB) {
      const vb = scoresB[name];
      const va = scoresA[name];
      if (typeof va !== 'number' || typeof vb !== 'number') continue;
      const delta = vb - va;
      if (delta === 0) continue;
      const pair = topsFor(name);
      const list = pair.gains.accepts(delta, position) ? pair.gains : pair.regressions.accepts(delta, position) ? pair.regressions : undefined;
      // A delta is a gain or a regression, never both: at most one list takes it.
      if (!list) continue;
      list.insert({
        index, position, a: va, b: vb, delta,
        ...(textA !== undefined ? { excerptA: truncate(textA, EXCERPT_CHARS) } : {}),
        ...(textB !== undefined ? { excerptB: truncate(textB, EXCERPT_CHARS) } : {}),
      });
    }
  };

  const scan = async (side: 'a' | 'b', input: JoinSideInput): Promise<{ idField?: string; outputField?: string; fields: FieldTable | null }> => {
    let idField = options.idField === 'auto' ? undefined : options.idField;
    let outputField = options.outputField;
    let fields: FieldTable | null = null;
    const mine = side === 'a' ? 'baseline' : 'candidate';
    await forEachJsonlInStore(input.store, input.relPath, DEFAULT_LIMITS, (record, line) => {
      if (aborted) throw new Aborted();
      idField ??= detectIdField(record, input.display, line);
      const item = interpretRecord(record, idField, input.display, line);
      const scores = options.scores ? pickScores(record, item.scores, options.scores, input.display, line) : item.scores;
      const index = pairs.add(mine, item.id, scores);
      if (index < 0) return; // a repeated id: reported after the scan
      ensure(index);
      (side === 'a' ? lines.a : lines.b)[index] = line;
      if (outputField === undefined) outputField = OUTPUT_FIELDS.find((f) => record[f] !== undefined);
      fields ??= new FieldTable(excluded(idField, outputField ?? OUTPUT_FIELDS[0]));
      fields.observe(record, index);
      const raw = outputField === undefined ? undefined : outputText(record[outputField]);
      const text = raw === undefined ? undefined : normalizeWhitespace(raw);
      if (text !== undefined) sawOutput = true;
      const otherLine = (side === 'a' ? lines.b : lines.a)[index] as number;
      if (otherLine === 0) {
        if (hashes) {
          hashes.out[index] = text === undefined ? 2 : 1;
          if (text !== undefined) {
            hashes.h1[index] = hashA(text);
            hashes.h2[index] = hashB(text);
          }
          return;
        }
        pendingText[index] = text;
        pendingScores[index] = scores;
        if (text !== undefined) {
          pendingChars += text.length;
          if (pendingChars > cap) dropTexts();
        }
        return;
      }
      if (hashes) {
        const firstText = hashes.out[index] === 1;
        if (firstText && text !== undefined) tally.add(hashes.h1[index] === hashA(text) && hashes.h2[index] === hashB(text), undefined);
        else if (side === 'b') lacking(firstText, text !== undefined);
        else lacking(text !== undefined, firstText);
        return;
      }
      const firstText = pendingText[index];
      const firstScores = pendingScores[index];
      pendingText[index] = undefined;
      pendingScores[index] = undefined;
      if (firstText !== undefined) pendingChars -= firstText.length;
      if (side === 'b') join(index, firstText, firstScores, text, scores);
      else join(index, text, scores, firstText, firstScores);
    });
    return { idField, outputField, fields };
  };

  // The first failure stops the other file at its next record.
  const stopping = (run: Promise<Awaited<ReturnType<typeof scan>>>): Promise<Awaited<ReturnType<typeof scan>>> =>
    run.catch((error: unknown) => {
      aborted = true;
      throw error;
    });
  const settled = await Promise.allSettled([stopping(scan('a', a)), stopping(scan('b', b))]);
  const failure = settled.map((s) => (s.status === 'rejected' ? (s.reason as unknown) : undefined)).find((reason) => reason !== undefined && !(reason instanceof Aborted));
  if (failure !== undefined) throw failure;
  const [scanA, scanB] = settled.map((s) => (s.status === 'fulfilled' ? s.value : { fields: null })) as [Awaited<ReturnType<typeof scan>>, Awaited<ReturnType<typeof scan>>];

  const size = pairs.items;
  const { order, position } = canonicalOrder(lines.a, lines.b, size);
  const summary = pairs.summary();
  const sideScan = (side: 'a' | 'b', input: JoinSideInput, scanned: Awaited<ReturnType<typeof scan>>): SideScan => ({
    display: input.display,
    items: side === 'a' ? summary.baselineItems : summary.candidateItems,
    ...(scanned.idField ? { idField: scanned.idField } : {}),
    ...(scanned.outputField ? { outputField: scanned.outputField } : {}),
    duplicates: side === 'a' ? summary.duplicates.baseline : summary.duplicates.candidate,
    lines: (side === 'a' ? lines.a : lines.b).subarray(0, size),
    fields: scanned.fields?.result() ?? [],
  });
  return {
    pairs,
    a: sideScan('a', a, scanA),
    b: sideScan('b', b, scanB),
    order,
    position,
    divergence: sawOutput ? tally.summary() : null,
    tops,
    scores: summary.scores,
  };
}

/** A's items in A's line order, then B-only items in B's line order: O(n) by bucketing lines. */
function canonicalOrder(linesA: Int32Array, linesB: Int32Array, size: number): { order: Uint32Array; position: Uint32Array } {
  let maxA = 0;
  let maxB = 0;
  for (let i = 0; i < size; i++) {
    if ((linesA[i] as number) > maxA) maxA = linesA[i] as number;
    if ((linesB[i] as number) > maxB) maxB = linesB[i] as number;
  }
  const byLineA = new Int32Array(maxA + 1).fill(-1);
  const byLineB = new Int32Array(maxB + 1).fill(-1);
  for (let i = 0; i < size; i++) {
    const la = linesA[i] as number;
    if (la > 0) byLineA[la] = i;
    else byLineB[linesB[i] as number] = i;
  }
  const order = new Uint32Array(size);
  let n = 0;
  for (let l = 1; l <= maxA; l++) if ((byLineA[l] as number) >= 0) order[n++] = byLineA[l] as number;
  for (let l = 1; l <= maxB; l++) if ((byLineB[l] as number) >= 0) order[n++] = byLineB[l] as number;
  const position = new Uint32Array(size);
  for (let p = 0; p < n; p++) position[order[p] as number] = p;
  return { order, position };
}
