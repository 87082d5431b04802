/**
 * `what_changed`: which kinds of items moved. For every categorical item field (item-fields.ts)
 * the joined items are put in buckets by value (an item with several tags sits in each of
 * their buckets), and each bucket gets its mean per-item delta and an interval. Buckets are
 * listed by effect, the largest |mean delta| first.
 *
 * This is heuristic attribution, not causal proof: a bucket's items may differ from the rest in
 * many ways besides the field, and buckets overlap. The output says so in its label.
 *
 * Multiple comparisons. With many buckets some interval would miss 0 by chance alone, so the
 * intervals are Bonferroni (Dunn) simultaneous intervals: with m buckets each interval is at
 * level 1 - alpha/m, which makes all m of them cover their true means together with
 * probability at least 1 - alpha, whatever the dependence between buckets (Dunn, O. J. 1961,
 * "Multiple comparisons among means", JASA 56(293): 52-64). alpha = 0.05; m counts every
 * bucket of every field of the score that has an interval (two items or more).
 */
import type { ScoreKind } from '../stats/compare.js';
import type { TrackedField } from './item-fields.js';
import { MAX_VALUES } from './item-fields.js';
import type { JoinResult } from './join.js';
import { bucketInterval, type IntervalJson } from './paired-test.js';

export const FAMILY_ALPHA = 0.05;
/** Fields used per score: the first ones by name (each field's buckets are scanned once per score). */
export const MAX_ATTRIBUTION_FIELDS = 16;

export const WHAT_CHANGED_LABEL = 'heuristic attribution, not causal proof';

export interface BucketJson {
  field: string;
  value: string;
  items: number;
  mean_delta: number;
  interval: IntervalJson | null;
  /** The (corrected) interval lies entirely above or below 0. */
  excludes_zero: boolean;
}

export interface ScoreAttributionJson {
  score: string;
  items: number;
  mean_delta: number | null;
  /** Buckets with an interval: the m of the Bonferroni correction. */
  tests: number;
  /** Level of each bucket's interval: 1 - alpha / m. */
  interval_level: number | null;
  buckets: BucketJson[];
}

export interface WhatChangedJson {
  label: typeof WHAT_CHANGED_LABEL;
  method: string;
  correction: { method: 'bonferroni'; family_level: number };
  /** Fields used, with their number of values. */
  fields: { name: string; values: number }[];
  scores: ScoreAttributionJson[];
}

/** One field as seen by both sides: value names, and each side's local value index mapped onto them. */
interface MergedField {
  name: string;
  values: string[];
  sides: { field: TrackedField; map: number[] }[];
}

/** Fields of both sides by name; a field qualifies with 2..MAX_VALUES values and at most one value per two joined items. */
export function mergeFields(join: JoinResult, joined: number): MergedField[] {
  const byName = new Map<string, { values: Set<string>; sides: TrackedField[] }>();
  for (const field of [...join.a.fields, ...join.b.fields]) {
    const entry = byName.get(field.name) ?? { values: new Set<string>(), sides: [] };
    for (const v of field.values) entry.values.add(v);
    entry.sides.push(field);
    byName.set(field.name, entry);
  }
  const merged: MergedField[] = [];
  for (const [name, entry] of byName) {
    const values = [...entry.values].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    if (values.length < 2 || values.length > MAX_VALUES || values.length > joined / 2) continue;
    const at = new Map(values.map((v, i) => [v, i]));
    merged.push({ name, values, sides: entry.sides.map((field) => ({ field, map: field.values.map((v) => at.get(v) as number) })) });
  }
  return merged.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

const compareText = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/** Buckets of one score over the merged fields. `indices`/`deltas`: joined items with the score, canonical order. */
export function attributeScore(score: string, kind: ScoreKind, fields: readonly MergedField[], indices: Uint32Array, deltas: Float64Array): ScoreAttributionJson {
  const n = deltas.length;
  let total = 0;
  for (let k = 0; k < n; k++) total += deltas[k] as number;
  const raw: { field: string; value: string; deltas: Float64Array }[] = [];
  const member = new Uint8Array(MAX_VALUES);
  for (const field of fields.slice(0, MAX_ATTRIBUTION_FIELDS)) {
    const buckets: number[][] = field.values.map(() => []);
    for (let k = 0; k < n; k++) {
      const index = indices[k] as number;
      member.fill(0);
      for (const side of field.sides) for (const local of side.field.valuesOf(index)) member[side.map[local] as number] = 1;
      for (let v = 0; v < field.values.length; v++) if (member[v]) (buckets[v] as number[]).push(deltas[k] as number);
    }
    field.values.forEach((value, v) => {
      const list = buckets[v] as number[];
      if (list.length > 0) raw.push({ field: field.name, value, deltas: Float64Array.from(list) });
    });
  }
  const tests = raw.filter((b) => b.deltas.length >= 2).length;
  const level = tests === 0 ? null : 1 - FAMILY_ALPHA / tests;
  const buckets: BucketJson[] = raw.map((b) => {
    let sum = 0;
    for (let k = 0; k < b.deltas.length; k++) sum += b.deltas[k] as number;
    const interval = level === null ? null : bucketInterval(b.deltas, kind, level);
    return {
      field: b.field,
      value: b.value,
      items: b.deltas.length,
      mean_delta: sum / b.deltas.length,
      interval,
      excludes_zero: interval !== null && (interval.low > 0 || interval.high < 0),
    };
  });
  buckets.sort((x, y) => Math.abs(y.mean_delta) - Math.abs(x.mean_delta) || y.items - x.items || compareText(x.field, y.field) || compareText(x.value, y.value));
  return { score, items: n, mean_delta: n === 0 ? null : total / n, tests, interval_level: level, buckets };
}

export function whatChanged(fields: readonly MergedField[], scores: ScoreAttributionJson[]): WhatChangedJson {
  return {
    label: WHAT_CHANGED_LABEL,
    method: 'mean per-item delta (B - A) per value of each categorical item field; Bonferroni-corrected intervals (Dunn 1961)',
    correction: { method: 'bonferroni', family_level: 1 - FAMILY_ALPHA },
    fields: fields.slice(0, MAX_ATTRIBUTION_FIELDS).map((f) => ({ name: f.name, values: f.values.length })),
    scores,
  };
}
