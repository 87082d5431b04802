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

/** Whitespace runs become one space; leading and trailing whitespace goes. */
export function normalizeWhitespace(text: string): string {
  return text.replace(WHITESPACE, ' ').trim();
}

const TOKEN = /[\p{L}\p{N}]+/gu;

export function tokens(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

/** Token F1 of two texts (see the module comment). */
export function tokenF1(a: string, b: string): number {
  if (a === b) return 1;
  const ta = tokens(a);
  const tb = tokens(b);
  if (ta.length === 0 || tb.length === 0) return ta.length === tb.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const t of ta) counts.set(t, (counts.get(t) ?? 0) + 1);
  let shared = 0;
  for (const t of tb) {
    const left = counts.get(t);
    if (left) {
      shared++;
      counts.set(t, left - 1);
    }
  }
  if (shared === 0) return 0;
  const precision = shared / tb.length;
  const recall = shared / ta.length;
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
    for (const v of values) {
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
