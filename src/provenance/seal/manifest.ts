/**
 * manifest.json: sha256 and size of every file of a run, written last by `run create` and
 * re-checked by the gate and by `verify`. Promotion legitimately adds README.md and
 * promotion fields to baseline.json; the manifest keeps a hash of baseline.json without
 * those fields (`core_sha256`) so that a promoted folder still verifies, while any other
 * change to any file is named.
 */
import { z } from 'zod';
import { ArtifactError } from '../../contract/errors.js';
import { TOOL_NAME, TOOL_VERSION } from '../../contract/version.js';
import { canonicalJson, sha256Hex } from '../hashing.js';
import type { RunScan } from './run-scan.js';
import type { ManifestDiff } from '../../contract/report-sections.js';

import { MANIFEST_FILE, METADATA_FILE } from './file-names.js';

export { MANIFEST_FILE, METADATA_FILE };
export const PROMOTION_README = 'README.md';
/**
 * `promotion-gate score` writes scores/<REF>.json into a run after it was sealed: derived,
 * informational files (references never block), so adding or rewriting them is expected.
 */
const SCORES_PREFIX = 'scores/';

/** Fields promotion adds to baseline.json (DESIGN.md section 1). */
export const PROMOTION_FIELDS = ['promoted_from', 'promoted_at', 'promoted_as', 'promoted_id', 'promoted_by', 'reason', 'reference_quality', 'gate_report_sha256'];

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const entrySchema = z.looseObject({ sha256, size: z.number().int().nonnegative(), core_sha256: sha256.optional() });
export const manifestSchema = z.looseObject({
  manifest_version: z.literal(1),
  algorithm: z.literal('sha256'),
  files: z.record(z.string(), entrySchema),
});
export type Manifest = z.output<typeof manifestSchema>;

/** Hash of run metadata without the promotion fields. */
export function metadataCoreHash(metadata: unknown): string | undefined {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) return undefined;
  const core = Object.fromEntries(Object.entries(metadata).filter(([key]) => !PROMOTION_FIELDS.includes(key)));
  return sha256Hex(canonicalJson(core));
}

export function buildManifest(scan: RunScan, metadata: unknown, createdAt = new Date().toISOString()): Manifest {
  const files: Manifest['files'] = {};
  for (const file of scan.files) {
    if (file.rel === MANIFEST_FILE) continue;
    if (!file.digest) throw new ArtifactError({ file: file.display }, `cannot be recorded in the manifest: ${file.problem ?? 'unreadable'}`, 'artifact.unsafe');
    const core = file.rel === METADATA_FILE ? metadataCoreHash(metadata) : undefined;
    if (file.digest.sha256 === undefined) throw new Error(`internal: ${file.display} was scanned without its sha256`);
    files[file.rel] = { sha256: file.digest.sha256, size: file.digest.size, ...(core ? { core_sha256: core } : {}) };
  }
  return { manifest_version: 1, algorithm: 'sha256', created_at: createdAt, created_by: { name: TOOL_NAME, version: TOOL_VERSION }, files };
}

export function parseManifest(value: unknown, display: string): Manifest {
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ArtifactError({ file: display }, `not a valid manifest: ${issue?.path.join('.') || '(top level)'}: ${issue?.message}`, 'manifest.invalid');
  }
  return parsed.data;
}


export function hasDifferences(diff: ManifestDiff): boolean {
  return diff.changed.length + diff.missing.length + diff.extra.length + diff.unreadable.length > 0;
}

/**
 * Compares files on disk with the manifest; `metadata` is the current baseline.json value.
 *
 * A manifest written by promotion (it has a `promotion` section) covers every byte of
 * baseline.json, audit fields included (`reason`, `promoted_by`, `gate_report_sha256`): any
 * edit is a change. Only a manifest that predates the promotion (written by `run create`)
 * lets the promotion fields differ, and then says which fields it could not cover and why.
 */
export function compareManifest(manifest: Manifest, scan: RunScan, metadata: unknown): ManifestDiff {
  const diff: ManifestDiff = { changed: [], missing: [], extra: [], unreadable: [], expected: [], checked: 0 };
  const written = manifest.promotion !== undefined;
  const promoted = !written && metadata !== null && typeof metadata === 'object' && ('promoted_at' in metadata || 'promoted_as' in metadata);
  const onDisk = new Map(scan.files.map((file) => [file.rel, file]));
  for (const [rel, entry] of Object.entries(manifest.files)) {
    const file = onDisk.get(rel);
    if (!file) {
      diff.missing.push(rel);
      continue;
    }
    diff.checked++;
    if (!file.digest) diff.unreadable.push(`${rel} (${file.problem ?? 'unreadable'})`);
    else if (file.digest.sha256 !== entry.sha256 || file.digest.size !== entry.size) {
      const promotionOnly = rel === METADATA_FILE && promoted && entry.core_sha256 !== undefined && metadataCoreHash(metadata) === entry.core_sha256;
      if (promotionOnly) {
        diff.expected.push(`${rel}: promotion fields added after this manifest was written (${PROMOTION_FIELDS.join(', ')}); not covered by it, because the manifest predates the promotion`);
      } else if (rel.startsWith(SCORES_PREFIX)) {
        diff.expected.push(`${rel}: rewritten by \`score\``);
      } else {
        diff.changed.push(rel);
      }
    }
  }
  for (const file of scan.files) {
    if (file.rel === MANIFEST_FILE || Object.hasOwn(manifest.files, file.rel)) continue;
    if (promoted && file.rel === PROMOTION_README) diff.expected.push(`${file.rel}: added by promotion`);
    else if (file.rel.startsWith(SCORES_PREFIX) && !file.problem) diff.expected.push(`${file.rel}: written by \`score\``);
    else diff.extra.push(file.problem ? `${file.rel} (${file.problem})` : file.rel);
  }
  return diff;
}

/** One line per difference, for the terminal and for check messages. */
export function describeDiff(diff: ManifestDiff, limit = Infinity): string[] {
  const lines = [
    ...diff.changed.map((p) => `changed: ${p}`),
    ...diff.missing.map((p) => `missing: ${p}`),
    ...diff.extra.map((p) => `extra: ${p}`),
    ...diff.unreadable.map((p) => `unreadable: ${p}`),
  ];
  return lines.length > limit ? [...lines.slice(0, limit), `… and ${lines.length - limit} more`] : lines;
}
