/**
 * `promotion-gate/comparison@1` (DESIGN.md section 9): the JSON `compare --json` writes and the
 * dashboard reads. Fields may be added, never renamed.
 *
 * Size bound. Everything per item is either counted or listed in a bounded list, so the file
 * stays small at any number of items: at most MAX_SCORES scores, each with top lists and rank
 * moves of at most MAX_TOP items (excerpts of EXCERPT_CHARS per side), FLIP_ID_CAP ids per flip
 * direction, histograms of at most 10 bins, `what_changed` of at most MAX_ATTRIBUTION_FIELDS
 * fields of MAX_VALUES buckets; MAX_METRICS metrics; MAX_FIELD_CHANGES fingerprint fields of
 * 200 characters; two bounded diffs (MAX_DIFF_CHARS each). With every bound reached that is a
 * few megabytes; a typical comparison is tens of kilobytes.
 */
import type { WhatChangedJson } from './attribution.js';
import type { ChangesJson } from './changes.js';
import type { DivergenceSummary } from './divergence.js';
import type { MetricDeltaJson } from './metric-deltas.js';
import type { PairedTestJson } from './paired-test.js';
import type { FlipsJson, HistogramJson, RankMovementJson, ScoreSummaryJson, TopListJson } from './score-analysis.js';

export const COMPARISON_SCHEMA = 'promotion-gate/comparison@1';
/** Scores analysed in detail; the rest are named in `scores_omitted`. */
export const MAX_SCORES = 20;
/** Largest `--top`. */
export const MAX_TOP = 100;
export const DEFAULT_TOP = 10;

export interface SideJson {
  /** The name as given (id or qualified path). */
  name: string;
  id: string;
  kind: 'run' | 'baseline' | 'reference';
  status: 'experimental' | 'baseline' | 'reference' | 'archived';
  quality: 'silver' | 'gold' | null;
  /** Store-relative folder, e.g. `baselines/_archived/x`. */
  path: string;
  task: string | null;
  dataset: string | null;
  dataset_fingerprint: string | null;
  model: string | null;
  prompt_version: string | null;
  prompt_hash: string | null;
  config_hash: string | null;
  experiment: string | null;
  arm: string | null;
  created: string | null;
  has_predictions: boolean;
  has_metrics: boolean;
  /** Distinct item ids read (null without predictions). */
  items: number | null;
  id_field: string | null;
  output_field: string | null;
}

export interface HeadlineJson {
  score: string;
  direction: 'higher' | 'lower' | null;
  items: number;
  /** Better/worse in the score's direction; null when unknown (then see up/down). */
  better: number | null;
  worse: number | null;
  up: number;
  down: number;
  unchanged: number;
  test: PairedTestJson;
}

export interface IdSampleJson {
  count: number;
  examples: string[];
}

/** `--fail-divergence`: the only check `compare` makes (for shadow stages). */
export interface DivergenceCheck {
  threshold: number;
  share: number;
  /** fail when share > threshold. */
  status: 'pass' | 'fail';
}

export interface ComparisonJson {
  schema: typeof COMPARISON_SCHEMA;
  /** Every delta is B minus A. */
  delta: 'b - a';
  a: SideJson;
  b: SideJson;
  /** `items` when both sides have predictions; else `metrics-only` (see notes). */
  mode: 'items' | 'metrics-only';
  experiment: { id: string; control: string; treatment: string } | null;
  /** true/false when both sides record a dataset fingerprint; null otherwise. */
  dataset_match: boolean | null;
  notes: string[];
  headline: HeadlineJson | null;
  metrics: MetricDeltaJson[];
  metrics_omitted: number;
  items: { a: number; b: number; joined: number; only_a: IdSampleJson; only_b: IdSampleJson } | null;
  scores: ScoreSummaryJson[];
  scores_omitted: string[];
  histograms: HistogramJson[];
  largest_gains: TopListJson[];
  largest_regressions: TopListJson[];
  rank_movement: RankMovementJson[];
  flips: FlipsJson[];
  what_changed: WhatChangedJson | null;
  divergence: DivergenceSummary | null;
  /** Present with --fail-divergence. */
  divergence_check?: DivergenceCheck;
  changes: ChangesJson;
  limits: { top: number; scores: number; flip_ids: number; excerpt_chars: number };
}
