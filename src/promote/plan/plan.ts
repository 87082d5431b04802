/**
 * The promotion plan, computed without I/O: which files move where, the generated README.md,
 * baseline.json and manifest.json, and the rules (DESIGN.md sections 1 and 6): the functional
 * and compliance gates must pass, an existing destination is never overwritten (unless it
 * already holds exactly these bytes), files over GitHub's 100 MiB limit are refused up front.
 */
import { UsageError } from '../../contract/errors.js';
import { promotionEvents } from './events.js';
import { sha256Hex } from '../../provenance/hashing.js';
import { MANIFEST_FILE, METADATA_FILE, PROMOTION_README } from '../../provenance/seal/manifest.js';
import type { Report } from '../../contract/report.js';
import { validateId } from '../../store/ids.js';
import { detectTask, type DetectedTask } from './detect-task.js';
import { PromotionRefused } from './errors.js';
import { gitBlobSha } from '../../git/blob-id.js';
import { promotionManifestText } from './manifest.js';
import { promotedMetadataText, reportDigest } from './metadata.js';
import { pinBaseline } from '../../policy/set-pin.js';
import { promotionReadme } from './readme.js';
import { destinationDir, validateRequest } from './request.js';
import type { AdoptedFields, ExistingDestination, PlanInput, PlannedFile, PromotionPlan, PromotionRequest, PromotionSource } from './types.js';

/** GitHub refuses files larger than 100 MiB. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
/** Files the promotion writes itself; a run's own copies are replaced. */
export const GENERATED_FILES: readonly string[] = [PROMOTION_README, METADATA_FILE, MANIFEST_FILE];
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

/** Why the gates forbid this promotion, or undefined. Performance is reported, never required. */
export function gateBlockers(report: Report): string | undefined {
  const failing = report.gates.filter((g) => (g.name === 'functional' || g.name === 'compliance') && g.status === 'fail');
  if (failing.length === 0) return undefined;
  const checks = failing.flatMap((g) => g.checks.filter((c) => c.status === 'fail').map((c) => `${g.name}.${c.id}`));
  const shown = checks.slice(0, 5).join(', ') + (checks.length > 5 ? ` and ${checks.length - 5} more` : '');
  return `the ${failing.map((g) => g.name).join(' and ')} gate failed (${shown}): a run is promoted only when the functional and compliance gates pass`;
}

/** A baseline.json's fields when it records the promotion of `run` to `id`, else undefined. */
export function recordedPromotion(text: string | undefined, run: string, id: string): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  return record['promoted_from'] === run && record['promoted_id'] === id ? record : undefined;
}

/** promoted_at and promoted_by of an earlier promotion of this same run to this same id. */
export function adoptFromMetadata(text: string | undefined, run: string, id: string): AdoptedFields {
  const record = recordedPromotion(text, run, id);
  return record ? sanitizeAdopted({ promotedAt: record['promoted_at'], promotedBy: record['promoted_by'] }) : {};
}

/** Only well-formed values are reused: they come from files or commits anyone could edit. */
export function sanitizeAdopted(fields: { promotedAt?: unknown; promotedBy?: unknown }): AdoptedFields {
  const out: AdoptedFields = {};
  if (typeof fields.promotedAt === 'string' && ISO_UTC.test(fields.promotedAt)) out.promotedAt = fields.promotedAt;
  if (typeof fields.promotedBy === 'string' && fields.promotedBy.length <= 200 && !/[\p{C}]/u.test(fields.promotedBy)) out.promotedBy = fields.promotedBy;
  return out;
}

function generated(rel: string, text: string): PlannedFile {
  const content = Buffer.from(text, 'utf8');
  return { rel, kind: 'generated', size: content.length, sha256: sha256Hex(content), gitSha: gitBlobSha(content), mode: '100644', content };
}

function byPath(a: PlannedFile, b: PlannedFile): number {
  return a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0;
}

/** The first path where the destination differs from the planned files, or undefined. */
function firstDifference(files: PlannedFile[], existing: ExistingDestination): string | undefined {
  for (const file of files) if (existing.files.get(file.rel) !== file.gitSha) return file.rel;
  const planned = new Set(files.map((f) => f.rel));
  return [...existing.files.keys()].sort().find((rel) => !planned.has(rel));
}

/** Where the run goes (store-relative), with the task detected for gold references. */
export function plannedDestination(request: PromotionRequest, source: PromotionSource): { destination: string; detected: DetectedTask | undefined } {
  const detected = detectTask(request.task, source);
  const gold = request.as === 'reference' && request.quality === 'gold';
  if (gold && detected === undefined) {
    throw new UsageError(`cannot detect the task of run ${request.run} for its gold folder (no task in metrics.json, baseline.json, config.yaml or fingerprint.json, and its predictions look like neither NER nor summarization): ${request.names.taskHint}`);
  }
  if (gold && detected) validateId('task', detected.task, detected.source === 'given' ? request.names.task : `task from ${detected.source}`);
  return { destination: destinationDir(request, detected?.task), detected };
}

export function buildPlan(input: PlanInput): PromotionPlan {
  const { request, source, report } = input;
  validateRequest(request);
  const blockers = gateBlockers(report);
  if (blockers) throw new PromotionRefused(`promotion refused: ${blockers}`);

  const { destination, detected } = plannedDestination(request, source);
  const sourceDir = `runs/${request.run}`;

  const tooLarge = source.files.find((f) => f.size > MAX_FILE_BYTES);
  if (tooLarge) {
    throw new PromotionRefused(`promotion refused before anything was written: ${sourceDir}/${tooLarge.rel} is ${tooLarge.size} bytes, over GitHub's 100 MiB file limit (keep large files out of the run, e.g. in Git LFS)`);
  }

  const adopted = adoptFromMetadata(input.existing?.metadataText, request.run, request.id);
  const promotedAt = adopted.promotedAt ?? input.promotedAt;
  const promotedBy = adopted.promotedBy ?? input.promotedBy;
  const digest = reportDigest(report);
  const dataset = source.dataset ?? report.dataset;

  const moved: PlannedFile[] = source.files
    .filter((f) => !GENERATED_FILES.includes(f.rel))
    .map((f) => ({ rel: f.rel, kind: 'moved', size: f.size, sha256: f.sha256, gitSha: f.gitSha, mode: f.mode }));
  const metadataText = promotedMetadataText({
    request, promotedAt, promotedBy, reportDigest: digest, sourceText: source.metadataText, dataset, task: detected?.task,
  });
  const metadataFile = generated(METADATA_FILE, metadataText);
  const readme = generated(PROMOTION_README, promotionReadme({
    request, sourceDir, destinationDir: destination, promotedAt, promotedBy, reportDigest: digest, report,
    files: moved, dataset, task: detected, commit: source.commit, ownReadme: source.readme, template: source.template,
  }));
  const metadata = JSON.parse(metadataText) as Record<string, unknown>;
  const manifest = generated(MANIFEST_FILE, promotionManifestText({
    files: [...moved, metadataFile, readme], metadata, promotedAt, sourceDir, destinationDir: destination,
    sourceManifestSha256: source.files.find((f) => f.rel === MANIFEST_FILE)?.sha256,
  }));
  const files = [...moved, metadataFile, readme, manifest].sort(byPath);

  let state: PromotionPlan['destination'] = 'new';
  if (input.existing) {
    const difference = firstDifference(files, input.existing);
    if (difference !== undefined) {
      throw new PromotionRefused(`promotion refused: ${destination} already exists and differs (first difference: ${difference}); promoted folders are never overwritten: choose another id`);
    }
    state = 'identical';
  }

  const pin = request.setPin === true && request.as === 'baseline' && input.policy
    ? pinBaseline(input.policy.text, input.policy.path, request.id, dataset, source.taskClaims[0]?.task)
    : undefined;

  const events = promotionEvents({
    id: request.id, sourceDir, destinationDir: destination, reason: request.reason, promotedAt, promotedBy, reportDigest: digest,
    promotes: state === 'new', ...(input.workflowRunUrl === undefined ? {} : { workflowRunUrl: input.workflowRunUrl }),
    ...(pin ? { pin: { pin: pin.pin, previous: pin.previous } } : {}),
  });

  return {
    request, sourceDir, destinationDir: destination, task: detected?.task, files, destination: state, metadata,
    promotedAt, promotedBy, reportDigest: digest, policyText: pin?.text, policyChange: pin?.change, events,
  };
}
