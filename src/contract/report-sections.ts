/**
 * The report's optional sections (DESIGN.md section 5): per-item flips and score coverage from
 * the paired statistics, and the provenance of both sides. Part of `promotion-gate/report@1`:
 * fields may be added, none renamed. Producers (gate, provenance) and renderers (report) both
 * take their shapes from here.
 */
import type { Direction } from './report.js';

/** A count and the first few ids, in order of first appearance. */
export interface IdSample {
  count: number;
  examples: string[];
}

export interface ItemChange {
  id: string;
  baseline: number;
  candidate: number;
  delta: number;
}

/** Per score name, in the JSON report under `flips`. */
export type FlipsEntry = {
  /** Metrics whose rule uses this score. */
  metrics: string[];
  direction: Direction;
  /** Paired items with the score on both sides. */
  items: number;
  /** Items that got worse / better in the rule's direction. */
  worse: number;
  better: number;
} & (
  | { kind: 'binary'; worse_ids: string[]; better_ids: string[]; ids_truncated: boolean }
  | { kind: 'continuous'; largest_worsening: ItemChange[] }
);

/** Per score name, in the JSON report under `score_coverage`. */
export interface ScoreCoverageEntry {
  /** Paired items with the score on both sides (the items of the interval and the flips). */
  items: number;
  /** Paired items (in both predictions files) lacking the score on one side. */
  missing_baseline: IdSample;
  missing_candidate: IdSample;
}

/** A unified diff bounded in size for the report (prompts, config). */
export interface BoundedDiff {
  text: string;
  /** Lines in the full diff. */
  lines: number;
  truncated: boolean;
  omitted_lines: number;
  /** Why there is no diff text although the texts differ. */
  note?: string;
}

/** What the secret scan of a run found (masked findings only). */
export interface SecretSummary {
  files: number;
  bytes: number;
  seconds: number;
  findings: { file: string; line: number; kind: string; masked: string }[];
  total: number;
  not_scanned: string[];
}

/** Files on disk compared with manifest.json. */
export interface ManifestDiff {
  changed: string[];
  missing: string[];
  extra: string[];
  /** Entries that could not be read, with the reason. */
  unreadable: string[];
  /** Differences promotion is expected to make (reported, not failures). */
  expected: string[];
  checked: number;
}

export interface SideProvenance {
  commit: string | null;
  commit_url?: string;
  branch?: string | null;
  dirty: boolean | null;
  dirty_paths: string[];
  /** null when the fingerprint did not record which paths were dirty. */
  dirty_count: number | null;
  timestamp?: string;
  dataset: { id?: string; fingerprint?: string };
  prompt_version?: string | null;
  prompt_hash?: string;
  config_hash?: string;
}

export interface ProvenanceSection {
  candidate: SideProvenance;
  baseline: SideProvenance | null;
  dataset_match: boolean | null;
  prompt_changed: boolean | null;
  config_changed: boolean | null;
  diffs: { prompts?: BoundedDiff; config?: BoundedDiff };
  /** The scan's speed is shown from 1 MB on: below that it is mostly start-up time. */
  secrets?: SecretSummary & { mb_per_s: number | null };
  manifest?: { candidate?: ManifestDiff; baseline?: ManifestDiff };
}
