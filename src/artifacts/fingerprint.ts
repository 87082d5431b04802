/**
 * fingerprint.json: provenance of a run. Two shapes exist in the wild: ours (`git` at the top)
 * and the corpus's `fingerprint_version: "1.0"` shape with `run_context.git`. Both are read;
 * unknown fields are kept untouched (passthrough) because they are the user's record.
 */
import { z } from 'zod';

const gitSchema = z.looseObject({
  commit: z.string().optional(),
  branch: z.string().nullable().optional(),
  dirty: z.boolean().nullable().optional(),
  dirty_paths: z.array(z.string()).optional(),
});

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
  dataset: z.looseObject({ id: z.string().optional(), fingerprint: z.string().optional() }).optional(),
  task: z.string().optional(),
});

export type Fingerprint = z.output<typeof fingerprintSchema>;

export interface FingerprintGit {
  commit?: string;
  branch?: string | null;
  dirty?: boolean | null;
  dirtyPaths?: string[];
}

/** The git block wherever the shape keeps it. */
export function fingerprintGit(fp: Fingerprint): FingerprintGit | undefined {
  const git = fp.git ?? fp.run_context?.git;
  if (!git) return undefined;
  return { commit: git.commit, branch: git.branch, dirty: git.dirty, dirtyPaths: git.dirty_paths };
}

export function fingerprintDataset(fp: Fingerprint): string | undefined {
  return fp.dataset?.id ?? fp.run_context?.dataset_id;
}

export const FULL_SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
