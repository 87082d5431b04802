/**
 * The vocabulary of a promotion: what is asked, what the source run holds, and the plan that
 * says exactly which files land where. The plan is computed without I/O (plan.ts); the local
 * and GitHub appliers only carry it out.
 */
import type { InputNames } from '../../contract/inputs.js';
import type { EventFile } from '../../store/events.js';
import type { Report } from '../../contract/report.js';

export type PromoteAs = 'baseline' | 'reference';
export type ReferenceQuality = 'silver' | 'gold';
export type GitFileMode = '100644' | '100755';

export interface PromotionRequest {
  run: string;
  as: PromoteAs;
  id: string;
  reason: string;
  /** References only; default silver. */
  quality?: ReferenceQuality;
  /** Gold references only: the task folder, when it should not be detected. */
  task?: string;
  /** Baselines only: pin the new baseline in the policy, in the same change. */
  setPin?: boolean;
  names: InputNames;
}

/** One file of the source run, hashed both ways: sha256 for the manifest, git's blob id for trees. */
export interface SourceFile {
  /** Path inside the run folder, "/"-separated. */
  rel: string;
  size: number;
  sha256: string;
  gitSha: string;
  mode: GitFileMode;
}

/** What the plan needs to know about the run, from the gate's read of it (promote/source.ts) or a test. */
export interface PromotionSource {
  files: SourceFile[];
  /** baseline.json text (BOM removed), when the run has one. */
  metadataText?: string;
  /** Task stated by the run's artifacts, in precedence order (metrics.json first). */
  taskClaims: { source: string; task: string }[];
  /** `schema` of metrics.json, e.g. `metrics_ner_v1`. */
  metricsSchema?: string;
  /** The first record of predictions.jsonl, for recognising NER or summarization output. */
  firstPrediction?: unknown;
  dataset?: string;
  /** The git commit the fingerprint records. */
  commit?: string;
  /** The run's own README.md, kept in the promoted one under a heading of its own. */
  readme?: string;
  /** The store's promotion README template for this role, when it keeps one. */
  template?: { path: string; text: string };
}

/** A destination that already exists: its files by git blob id, and its baseline.json text. */
export interface ExistingDestination {
  files: Map<string, string>;
  metadataText?: string;
}

/** Promotion fields adopted from an earlier attempt, so a re-run plans the same bytes. */
export interface AdoptedFields {
  promotedAt?: string;
  promotedBy?: string;
}

export interface PlanInput {
  request: PromotionRequest;
  source: PromotionSource;
  report: Report;
  promotedAt: string;
  promotedBy: string;
  /** The destination as it is on the base (working tree or base branch), or null. */
  existing: ExistingDestination | null;
  /** The policy file for `set-pin`: its path (repository- or store-relative) and text, if any. */
  policy?: { path: string; text?: string };
  /** The workflow run that promotes (action only), for the `promoted` event. */
  workflowRunUrl?: string;
}

export interface PlannedFile {
  /** Path inside the destination folder. */
  rel: string;
  kind: 'moved' | 'generated';
  size: number;
  sha256: string;
  gitSha: string;
  mode: GitFileMode;
  /** Generated files only (README.md, baseline.json, manifest.json). */
  content?: Buffer;
}

export interface PromotionPlan {
  request: PromotionRequest;
  /** Store-relative folders, e.g. `runs/x` and `references/gold/ner_entities/y`. */
  sourceDir: string;
  destinationDir: string;
  task?: string;
  /** Every file of the destination, sorted by path. */
  files: PlannedFile[];
  /** `new`: write it; `identical`: it already holds exactly these bytes (nothing written). */
  destination: 'new' | 'identical';
  metadata: Record<string, unknown>;
  promotedAt: string;
  promotedBy: string;
  reportDigest: string;
  /** The edited policy text (set-pin), or undefined. */
  policyText?: string;
  /** What the policy edit did, in words. */
  policyChange?: string;
  /** Event files (store-relative) written with the promotion: `promoted`, and `pin_changed` for set-pin. */
  events: EventFile[];
}
