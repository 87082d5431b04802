/**
 * The promoted baseline.json: the run's own metadata, byte for byte, plus the promotion
 * fields (DESIGN.md section 1), and the digest that ties it to the gate report.
 */
import { canonicalJson, sha256Hex } from '../../provenance/hashing.js';
import { PROMOTION_FIELDS } from '../../provenance/seal/manifest.js';
import type { Report } from '../../contract/report.js';
import { PromotionRefused } from './errors.js';
import { editTopLevelMembers } from './json-members.js';
import type { PromotionRequest } from './types.js';

/** Every field promotion writes; the provenance list plus who promoted and the report digest. */
export const PROMOTION_METADATA_FIELDS: readonly string[] = [...new Set([...PROMOTION_FIELDS, 'promoted_by', 'gate_report_sha256'])];

/**
 * sha256 of the report's stable core (RFC 8785 canonical JSON). Fields outside the
 * documented contract (timings, extra sections) are left out so that re-running the same
 * promotion gives the same digest, and so the same bytes.
 */
export function reportDigest(report: Report): string {
  const core: Record<string, unknown> = {
    schema: report.schema,
    verdict: report.verdict,
    candidate: report.candidate,
    baseline: report.baseline,
    baseline_source: report.baseline_source,
    gates: report.gates,
    metrics: report.metrics,
    references: report.references,
  };
  if (report.dataset !== undefined) core['dataset'] = report.dataset;
  if (report.task !== undefined) core['task'] = report.task;
  return `sha256:${sha256Hex(canonicalJson(JSON.parse(JSON.stringify(core)) as unknown))}`;
}

export interface MetadataInput {
  request: PromotionRequest;
  promotedAt: string;
  promotedBy: string;
  reportDigest: string;
  /** The run's baseline.json text, when it has one. */
  sourceText?: string;
  dataset?: string;
  task?: string;
}

/** The fields this promotion sets, in the order they are appended. */
export function promotionFields(input: MetadataInput): [string, unknown][] {
  const { request } = input;
  return [
    ['promoted_from', request.run],
    ['promoted_at', input.promotedAt],
    ['promoted_as', request.as],
    ['promoted_id', request.id],
    ['reason', request.reason.trim()],
    ...(request.as === 'reference' ? [['reference_quality', request.quality ?? 'silver'] as [string, unknown]] : []),
    ['promoted_by', input.promotedBy],
    ['gate_report_sha256', input.reportDigest],
  ];
}

/** A minimal baseline.json for a run that has none. */
function freshMetadata(input: MetadataInput): string {
  const fresh: Record<string, unknown> = { run_id: input.request.run };
  if (input.dataset !== undefined) fresh['dataset_id'] = input.dataset;
  if (input.task !== undefined) fresh['task'] = input.task;
  return `${JSON.stringify(fresh, null, 2)}\n`;
}

export function promotedMetadataText(input: MetadataInput): string {
  const text = input.sourceText ?? freshMetadata(input);
  const set = promotionFields(input);
  // A promotion field this promotion does not set (reference_quality on a baseline) would lie.
  const remove = new Set(PROMOTION_METADATA_FIELDS.filter((field) => !set.some(([key]) => key === field)));
  try {
    return editTopLevelMembers(text, set, remove);
  } catch {
    throw new PromotionRefused(`runs/${input.request.run}/baseline.json: not a JSON object, so promotion metadata cannot be added`);
  }
}

/** baseline.json without the promotion fields, hashed: what the run itself recorded. */
export function metadataCore(metadata: Record<string, unknown>): string {
  const core = Object.fromEntries(Object.entries(metadata).filter(([key]) => !PROMOTION_METADATA_FIELDS.includes(key)));
  return sha256Hex(canonicalJson(core));
}
