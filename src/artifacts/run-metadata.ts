/**
 * baseline.json (run metadata, plus promotion fields once promoted) and config.yaml. Both are
 * loose: real stores carry many fields we do not interpret; we read only what we need.
 */
import { z } from 'zod';

export const runMetadataSchema = z.looseObject({
  run_id: z.string().optional(),
  dataset_id: z.string().optional(),
  task: z.string().optional(),
  created_at: z.string().optional(),
  created_by: z.string().optional(),
  promoted_from: z.string().optional(),
  promoted_at: z.string().optional(),
  promoted_as: z.enum(['baseline', 'reference']).optional(),
  promoted_id: z.string().optional(),
  reason: z.string().optional(),
  reference_quality: z.enum(['silver', 'gold']).nullable().optional(),
});
export type RunMetadata = z.output<typeof runMetadataSchema>;

export const runConfigSchema = z.looseObject({
  id: z.string().optional(),
  task: z.string().optional(),
  baseline: z.string().optional(),
  dataset_id: z.string().optional(),
  data: z.looseObject({ dataset_id: z.string().optional() }).optional(),
});
export type RunConfig = z.output<typeof runConfigSchema>;

export function configDataset(config: RunConfig): string | undefined {
  return config.dataset_id ?? config.data?.dataset_id;
}
