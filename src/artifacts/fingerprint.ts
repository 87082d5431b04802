/**
 * fingerprint.json: provenance of a run. Two shapes exist in the wild: ours (`git` at the top)
 * and the corpus's `fingerprint_version: "1.0"` shape with `run_context.git`. Both are read;
 * unknown fields are kept untouched (passthrough) because they are the user's record.
 * `fingerprintView` maps the known fields of either shape onto one set of names.
 */
import { z } from 'zod';

const gitSchema = z.looseObject({
  commit: z.string().nullable().optional(),
  branch: z.string().nullable().optional(),
  dirty: z.boolean().nullable().optional(),
  dirty_paths: z.array(z.string()).optional(),
  dirty_count: z.number().int().nonnegative().optional(),
});

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hexadecimal sha256');

const trainingEntry = z.union([z.string(), z.looseObject({ id: z.string().optional(), fingerprint: z.string().optional() })]);

/** The file name of a run's fingerprint. */
export const FINGERPRINT_FILE = 'fingerprint.json';

export const fingerprintSchema = z.looseObject({
  fingerprint_version: z.string().optional(),
  git: gitSchema.optional(),
  run_context: z
    .looseObject({
      run_id: z.string().optional(),
      dataset_id: z.string().optional(),
      baseline_id: z.string().nullable().optional(),
      git: gitSchema.optional(),
    })
    .optional(),
  run_id: z.string().optional(),
  timestamp: z.string().optional(),
  artifact_type: z.string().optional(),
  tool: z.looseObject({ name: z.string().optional(), version: z.string().optional() }).optional(),
  environment: z.looseObject({ python_version: z.string().nullable().optional() }).optional(),
  config_hash: sha256.optional(),
  dataset: z
    .looseObject({
      id: z.string().optional(),
      fingerprint: z.string().optional(),
      items: z.number().int().nonnegative().optional(),
    })
    .optional(),
  model: z.looseObject({ name: z.string().optional() }).optional(),
  // The corpus writes `prompts: null` when a run had no prompts, and a map of prompt
  // templates (`{user: {name, sha256}}`) when it had some; ours adds the bundle hash.
  prompts: z
    .looseObject({
      prompt_hash: sha256.optional(),
      prompt_version: z.string().nullable().optional(),
      bundle_file: z.string().optional(),
    })
    .nullable()
    .optional(),
  training_datasets: z.array(trainingEntry).optional(),
  task: z.string().optional(),
});

export type Fingerprint = z.output<typeof fingerprintSchema>;

export interface FingerprintGit {
  commit?: string;
  branch?: string | null;
  dirty?: boolean | null;
  dirtyPaths?: string[];
  dirtyCount?: number;
}

/** The git block wherever the shape keeps it. */
export function fingerprintGit(fp: Fingerprint): FingerprintGit | undefined {
  const git = fp.git ?? fp.run_context?.git;
  if (!git) return undefined;
  return { commit: git.commit ?? undefined, branch: git.branch, dirty: git.dirty, dirtyPaths: git.dirty_paths, dirtyCount: git.dirty_count };
}

export function fingerprintDataset(fp: Fingerprint): string | undefined {
  return fp.dataset?.id ?? fp.run_context?.dataset_id;
}

export const FULL_SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** The model of the corpus shape: its single pipeline stage's model and generation params. */
function corpusModel(fp: Fingerprint): Record<string, unknown> | undefined {
  const stages = asRecord(asRecord(fp.pipeline)?.stages);
  const only = stages && Object.keys(stages).length === 1 ? asRecord(Object.values(stages)[0]) : undefined;
  const model = asRecord(only?.model);
  if (!model) return undefined;
  return {
    name: model.model_name,
    revision: model.model_revision,
    provider: model.provider_type,
    generation: only?.generation_params,
  };
}

/**
 * One normalised object of the fields provenance checks read, whichever shape the file has.
 * `required_fields` paths are looked up in the file first, then here, so `git.commit` is
 * found in a corpus fingerprint too.
 */
export function fingerprintView(fp: Fingerprint): Record<string, unknown> {
  const git = fingerprintGit(fp);
  return {
    git: git ? { commit: git.commit, branch: git.branch, dirty: git.dirty, dirty_paths: git.dirtyPaths } : undefined,
    dataset: { id: fingerprintDataset(fp), fingerprint: fp.dataset?.fingerprint },
    model: fp.model ?? corpusModel(fp),
    run_id: fp.run_id ?? fp.run_context?.run_id,
  };
}

function readPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split('.')) {
    const record = asRecord(current);
    if (!record || !Object.hasOwn(record, key)) return undefined;
    current = record[key];
  }
  return current;
}

/** A fingerprint field by dot path, in the file or in its normalised view. */
export function fingerprintField(fp: Fingerprint, path: string): unknown {
  const raw = readPath(fp, path);
  return raw !== undefined && raw !== null ? raw : readPath(fingerprintView(fp), path);
}
