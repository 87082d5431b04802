/**
 * The data the dashboard's pages hand to their script, as JSON blocks (html.ts `dataBlock`)
 * and, for precomputed comparisons, as small script files loaded on demand. Both sides of
 * the boundary import these types: the builder (Node) writes them, the client (browser,
 * src/site/client/) reads them. Every string in here came from the store and is rendered by
 * the client with `textContent` or by Observable Plot (text nodes) only.
 */
import type { ComparisonJson } from '../compare/comparison.js';
import type { RunsEntryJson } from '../compare/runs.js';

export const SITE_SCHEMA = 'promotion-gate/site@1';

/** Where an entry lives (its status), or `unreadable` for a folder that is not a readable entry. */
export type SiteStatus = 'experimental' | 'baseline' | 'reference' | 'archived' | 'unreadable';

/** An overview row: what `runs` says of the entry (src/compare/runs.ts), with the site's status and page. */
export interface SiteEntry extends Pick<RunsEntryJson, 'id' | 'quality' | 'task' | 'dataset' | 'model' | 'prompt_version' | 'prompt_hash' | 'created' | 'items' | 'cost' | 'tokens' | 'experiment' | 'arm'> {
  /** Unique: the store-relative folder (`baselines/x`), or the folder name for an unreadable one. */
  key: string;
  /** Null for a folder that is not a readable entry (status `unreadable`). */
  kind: RunsEntryJson['kind'] | null;
  status: SiteStatus;
  /** The entry's page, relative to the site root; null when it has none. */
  page: string | null;
  /** One line per file that could not be read (the entry is still listed). */
  problems: string[];
}

/** Compare page: every entry's numeric metrics (dot paths in document order) and the precomputed pairs. */
export interface CompareData {
  entries: { key: string; id: string; status: SiteStatus; dataset: string | null }[];
  metrics: Record<string, [string, number][]>;
  units: Record<string, string>;
  pairs: PrecomputedPair[];
  /** Pairs worth comparing that were not precomputed because of the cap or the time budget. */
  pairs_over_cap: number;
  max_pairs: number;
  /** The pair shown first. */
  initial: { a: string; b: string } | null;
}

export interface PrecomputedPair {
  a: string;
  b: string;
  /** Why this pair was chosen (promotion step, rollout, experiment, gated against). */
  why: string;
  /** Script file (relative to the site root) that registers the comparison, or null when compare refused. */
  file: string | null;
  /** compare's one-line refusal (bad input), when it refused. */
  error: string | null;
}

/** What a comparison script file registers: `window.PG_COMPARISONS[index] = { ... }`. */
export type ComparisonPayload = ComparisonJson;

export interface HistoryPoint {
  id: string;
  /** Entry key when the baseline is still in the store. */
  key: string | null;
  page: string | null;
  status: SiteStatus | 'deleted' | 'missing';
  /** When it became the pin's baseline (event), else when it was promoted (baseline.json). */
  at: string | null;
  /** What it was promoted from (baseline.json promoted_from). */
  promoted_from: string | null;
  by: string | null;
  reason: string | null;
  metrics: Record<string, number>;
}

export interface HistoryGroup {
  key: string;
  label: string;
  /** `pin`: the policy's pin and its pin_changed events; `dataset`: baselines of one dataset in promotion order (no pin recorded). */
  source: 'pin' | 'dataset';
  points: HistoryPoint[];
  /** The point marked as drift anchor, by index, when the policy names one. */
  anchor: { index: number; rule: string; max_worse_pct: number | null } | null;
  anchor_note: string;
  metrics: string[];
  default_metric: string | null;
}

export interface HistoryData {
  groups: HistoryGroup[];
  units: Record<string, string>;
}

export interface RolloutView {
  id: string;
  file: string;
  error: string | null;
  champion: string | null;
  challenger: string | null;
  champion_page: string | null;
  challenger_page: string | null;
  status: string | null;
  stage: number | null;
  allocation: { champion: number; challenger: number } | null;
  stages: { allocation: number; min_days: number; max_days: number | null }[];
  /** Challenger share over time, from the rollout's events (and the file's state). */
  timeline: { at: string; challenger: number; decision: string }[];
}

export interface RolloutsData {
  rollouts: RolloutView[];
}
