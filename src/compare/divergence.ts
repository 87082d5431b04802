/**
 * Output divergence for shadow comparisons (DESIGN.md section 9): do two systems answer the
 * same items the same way? Two measures per item, both pure:
 *
 * - exact: the outputs are equal after whitespace normalisation (runs of whitespace become
 *   one space, ends trimmed), so a reformatted answer is not counted as a different one;
 * - token F1 between the two outputs, the bag-of-tokens F1 of the SQuAD v1.1 evaluation
 *   script (Rajpurkar et al. 2016, "SQuAD: 100,000+ Questions for Machine Comprehension of
 *   Text", section 5): precision = shared / tokens(B), recall = shared / tokens(A), shared
 *   counted with multiplicity, F1 = 2PR / (P + R); both empty is 1, one empty is 0. Tokens are
 *   maximal runs of Unicode letters and digits, lower-cased (no English article removal: the
 *   outputs may be in any language). F1 is symmetric, so which side is A does not matter.
 */
import { sortedQuantile } from '../stats/bootstrap.js';

/** How a record's output value becomes text: a string as it is, a one-string object as that string, else stable JSON. */
export function outputText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    let only: unknown;
    let count = 0;
    for (const key in record) {
      only = record[key];
      if (++count > 1) break;
    }
    if (count === 1 && typeof only === 'string') return only;
  }
  return stableJson(value);
}

/** JSON with object keys sorted (code-unit order), so key order never makes two outputs differ. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const WHITESPACE = /\s+/g;

/** Code units JavaScript's `\s` matches above ASCII (the slow path handles them). */
const isWideSpace = (c: number): boolean =>
  c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;

/**
 * Whitespace runs become one space; leading and trailing whitespace goes. Most outputs are
 * already normal: one pass over the code units returns them as they are (a million outputs
 * per side make the regular expression's copy worth avoiding).
 */
export function normalizeWhitespace(text: string): string {
  let previousSpace = true; // a leading space is not normal
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (previousSpace) return text.replace(WHITESPACE, ' ').trim();
      previousSpace = true;
    } else if ((c >= 9 && c <= 13) || (c >= 0x80 && isWideSpace(c))) {
      return text.replace(WHITESPACE, ' ').trim();
    } else previousSpace = false;
  }
  return previousSpace && text.length > 0 ? text.replace(WHITESPACE, ' ').trim() : text;
}

const TOKEN = /[\p{L}\p{N}]+/gu;

/** Lower-cased runs of Unicode letters and digits; ASCII text is split without the Unicode regex. */
export function tokens(text: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return text.toLowerCase().match(TOKEN) ?? [];
    const word = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
    if (word) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(text.slice(start, i).toLowerCase());
      start = -1;
    }
  }
  if (start >= 0) out.push(text.slice(start).toLowerCase());
  return out;
}

/** Token keys of the two sides, reused between calls (a million outputs would otherwise mean millions of small arrays). */
let keysA = new Int32Array(256);
let keysB = new Int32Array(256);

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/**
 * 32-bit keys of a text's tokens (FNV-1a of the lower-cased token), into the side's buffer
 * from 0; returns the count. ASCII text is hashed as it is scanned, without making token
 * strings; other text goes through `tokens`. Two different tokens of one item share a key
 * with probability about 2^-32 per pair of tokens: F1 is a similarity distribution, not a
 * decision, and this keeps a million comparisons cheap.
 */
function tokenKeys(text: string, which: 'a' | 'b'): number {
  keyTarget = which;
  keyBuffer = which === 'a' ? keysA : keysB;
  keyCount = 0;
  let h = FNV_OFFSET;
  let inToken = false;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0x80) {
      keyCount = 0;
      for (const token of tokens(text)) {
        let x = FNV_OFFSET;
        for (let j = 0; j < token.length; j++) x = Math.imul(x ^ token.charCodeAt(j), FNV_PRIME);
        pushKey(x);
      }
      return keyCount;
    }
    const upper = c >= 65 && c <= 90;
    if (upper || (c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (upper) c += 32;
      h = Math.imul(h ^ c, FNV_PRIME);
      inToken = true;
    } else if (inToken) {
      pushKey(h);
      h = FNV_OFFSET;
      inToken = false;
    }
  }
  if (inToken) pushKey(h);
  return keyCount;
}

// The buffer tokenKeys is filling (module state rather than a closure made per call).
let keyTarget: 'a' | 'b' = 'a';
let keyBuffer = keysA;
let keyCount = 0;

function pushKey(h: number): void {
  if (keyCount === keyBuffer.length) {
    const grown = new Int32Array(keyBuffer.length * 2);
    grown.set(keyBuffer);
    keyBuffer = grown;
    if (keyTarget === 'a') keysA = grown;
    else keysB = grown;
  }
  keyBuffer[keyCount++] = h;
}

/** Sorts the first n keys in place: insertion sort for the short lists outputs usually are. */
function sortPrefix(keys: Int32Array, n: number): Int32Array {
  if (n > 48) {
    keys.subarray(0, n).sort();
    return keys;
  }
  for (let i = 1; i < n; i++) {
    const x = keys[i] as number;
    let j = i - 1;
    while (j >= 0 && (keys[j] as number) > x) {
      keys[j + 1] = keys[j] as number;
      j--;
    }
    keys[j + 1] = x;
  }
  return keys;
}

/** Token F1 of two texts (see the module comment): shared tokens counted by merging the sorted keys. */
export function tokenF1(a: string, b: string): number {
  if (a === b) return 1;
  const na = tokenKeys(a, 'a');
  const nb = tokenKeys(b, 'b');
  if (na === 0 || nb === 0) return na === nb ? 1 : 0;
  const ka = sortPrefix(keysA, na);
  const kb = sortPrefix(keysB, nb);
  let shared = 0;
  for (let i = 0, j = 0; i < na && j < nb; ) {
    const x = ka[i] as number;
    const y = kb[j] as number;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  if (shared === 0) return 0;
  const precision = shared / nb;
  const recall = shared / na;
  return (2 * precision * recall) / (precision + recall);
}

/** Fixed bins of token F1: [0, 0.1), [0.1, 0.2), ... [0.9, 1.0), and exactly 1 on its own. */
export const F1_BIN_EDGES = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

export interface DivergenceSummary {
  /** Joined items with an output on both sides. */
  items: number;
  /** Of those, items whose normalised outputs differ. */
  differing: number;
  /** differing / items (null with no items). */
  share: number | null;
  /** Joined items lacking an output on A / on B (not counted above). */
  without_output: { a: number; b: number };
  similarity: {
    metric: 'token_f1';
    /** Items with a token F1 (all of `items`, unless `note` says why not). */
    items: number;
    mean: number | null;
    quantiles: { p10: number; p25: number; p50: number; p75: number; p90: number } | null;
    /** Counts per bin of F1_BIN_EDGES (`[0.9, 1)` excludes 1), then `identical_tokens`: exactly 1. */
    bins: { low: number; high: number; count: number }[];
    identical_tokens: number;
    note?: string;
  };
}

/** Accumulates per-item results; `summary()` is independent of the order items were added in. */
export class DivergenceTally {
  private items = 0;
  private differing = 0;
  private missingA = 0;
  private missingB = 0;
  private f1 = new Float64Array(1024);
  private f1Count = 0;
  private f1Dropped: string | undefined;

  /** One joined item with outputs on both sides; `f1` undefined when it was not computed. */
  add(equal: boolean, f1: number | undefined): void {
    this.items++;
    if (!equal) this.differing++;
    if (this.f1Dropped !== undefined || f1 === undefined) return;
    if (this.f1Count === this.f1.length) {
      const grown = new Float64Array(this.f1.length * 2);
      grown.set(this.f1);
      this.f1 = grown;
    }
    this.f1[this.f1Count++] = f1;
  }

  /** A joined item lacking an output on a side. */
  missing(side: 'a' | 'b'): void {
    if (side === 'a') this.missingA++;
    else this.missingB++;
  }

  /** Token F1 cannot be computed for every item: report none rather than a biased subset. */
  dropSimilarity(reason: string): void {
    this.f1Dropped ??= reason;
    this.f1 = new Float64Array(0);
    this.f1Count = 0;
  }

  get itemCount(): number {
    return this.items;
  }

  summary(): DivergenceSummary {
    const values = this.f1.slice(0, this.f1Count).sort();
    const n = values.length;
    const bins = F1_BIN_EDGES.slice(0, -1).map((low, i) => ({ low, high: F1_BIN_EDGES[i + 1] as number, count: 0 }));
    let identical = 0;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const v = values[k] as number;
      sum += v;
      if (v >= 1) {
        identical++;
        continue;
      }
      const bin = Math.min(bins.length - 1, Math.floor(v * 10));
      (bins[bin] as { count: number }).count++;
    }
    const q = (p: number): number => sortedQuantile(values, p);
    const complete = this.f1Dropped === undefined && n === this.items;
    return {
      items: this.items,
      differing: this.differing,
      share: this.items === 0 ? null : this.differing / this.items,
      without_output: { a: this.missingA, b: this.missingB },
      similarity: {
        metric: 'token_f1',
        items: n,
        mean: n === 0 ? null : sum / n,
        quantiles: n === 0 ? null : { p10: q(0.1), p25: q(0.25), p50: q(0.5), p75: q(0.75), p90: q(0.9) },
        bins,
        identical_tokens: identical,
        ...(complete ? {} : { note: this.f1Dropped ?? `token F1 computed for ${n} of ${this.items} items` }),
      },
    };
  }
}
