/**
 * The rollout file, version 1 (DESIGN.md section 11): `<store>/rollouts/<id>.yml`. A champion
 * and a challenger move through stages of traffic; the `state:` block is written only by the
 * tool, through pull requests. Like the policy, every object is strict, so a typo in a
 * guardrail can never silently drop it, and a JSON Schema for editors is generated from this.
 */
import { z } from 'zod';
import { ID_PATTERN } from '../store/ids.js';

const id = z.string().regex(ID_PATTERN, 'must be a single path segment id');

/** `acceptance_rate`, `latency_ms.p50`, `cost.usd`: letters, digits, `_`, dot-separated. */
export const METRIC_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*$/;
const metric = z.string().regex(METRIC_PATTERN, 'must be a metric name such as acceptance_rate or latency_ms.p50');

const isoTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/, 'must be an ISO 8601 time with a zone, such as 2026-11-20T00:00:00Z')
  .refine((value) => !Number.isNaN(Date.parse(value)), 'is not a real time');

/** An MLflow model version number, as the REST API spells it (a string of digits). */
const modelVersion = z.string().regex(/^[1-9][0-9]{0,18}$/, 'must be a model version number such as "3" (quoted)');

export const registrySchema = z
  .strictObject({
    kind: z.literal('mlflow').describe('The registry: MLflow, through its REST API (MLFLOW_TRACKING_URI, MLFLOW_TRACKING_TOKEN).'),
    model: z.string().min(1).max(256).describe('Registered model name.'),
    champion_version: modelVersion.describe('The version in production now.'),
    challenger_version: modelVersion.describe('The version being rolled out.'),
    alias: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,255}$/, 'must be letters, digits, _ or -')
      .refine((a) => a.toLowerCase() !== 'latest' && !/^v\d+$/i.test(a), 'is reserved by MLflow (latest, v<number>)')
      .default('champion')
      .describe('The alias that names production (moved on promote). Default: champion.'),
  })
  .describe('Keep a model registry in step with the rollout.');

export const stageSchema = z
  .strictObject({
    allocation: z.number().gt(0).lte(1).describe('Share of traffic the challenger gets at this stage, in (0, 1].'),
    min_days: z.number().nonnegative().default(0).describe('Minimum days at this stage before "increase".'),
    max_days: z.number().positive().optional().describe('After this many days an inconclusive stage gets on_deadline. Default: twice min_days (at least 1 day).'),
  })
  .describe('A stage: the challenger\'s allocation and how long it is held.');

export const guardrailSchema = z
  .strictObject({
    metric: metric.describe('Telemetry metric; `<field>.p<NN>` is the NN-th percentile of a unit field.'),
    direction: z.enum(['higher', 'lower']).describe('Which way is better.'),
    max_worse_pct: z.number().gt(0).lt(100).describe('The challenger may be worse than the champion by at most this percent.'),
  })
  .describe('A guardrail: rolled back when the whole interval is worse than the margin; "increase" needs the interval inside it.');

export const limitSchema = z
  .strictObject({
    metric: metric.describe('Telemetry metric; `<field>.p<NN>` is the NN-th percentile of a unit field.'),
    max: z.number().optional().describe('Absolute ceiling for the challenger.'),
    min: z.number().optional().describe('Absolute floor for the challenger.'),
    direction: z.enum(['higher', 'lower']).optional().describe('With max_worse_pct: a limit relative to the champion.'),
    max_worse_pct: z.number().gt(0).optional().describe('Relative limit: exceeded when the challenger is shown worse by more than this percent.'),
  })
  .describe('An alert: exceeded (shown by the data, at any sample size) means rollback; it never blocks "increase".');

export const allocationSchema = z
  .strictObject({
    champion: z.number().min(0).max(1),
    challenger: z.number().min(0).max(1),
  })
  .describe('Traffic shares; they sum to 1.');

export const DECISIONS = ['rollback', 'hold', 'wait', 'increase', 'promote'] as const;
export type DecisionKind = (typeof DECISIONS)[number];

export const STATUSES = ['running', 'rolled_back', 'promoted'] as const;
export type RolloutStatus = (typeof STATUSES)[number];

export const stateSchema = z
  .strictObject({
    stage: z.number().int().nonnegative().describe('Index of the current stage.'),
    since: isoTime.describe('When the current stage started.'),
    looks: z.number().int().nonnegative().default(0).describe('Decisions taken at this stage (re-runs on the same telemetry not counted).'),
    status: z.enum(STATUSES).default('running'),
    allocation: allocationSchema.optional().describe('What serves traffic reads: written by the tool.'),
    last: z
      .strictObject({
        decision: z.enum(DECISIONS),
        at: isoTime,
        telemetry_sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 in hex'),
      })
      .optional()
      .describe('The last decision applied: what it was, when, on which telemetry.'),
  })
  .describe('Written only by the tool, through pull requests.');

export const rolloutSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Editor hint; ignored.'),
    version: z.literal(1).describe('Rollout file format version.'),
    champion: id.describe('Baseline id of the model or prompt in production.'),
    challenger: id.describe('Baseline id of the candidate.'),
    registry: registrySchema.optional(),
    stages: z.array(stageSchema).min(2).describe('Stages of increasing challenger allocation; the last one is 1.00 (production).'),
    min_samples: z.number().int().nonnegative().default(1000).describe('Units per arm, per stage, before "increase".'),
    guardrails: z.array(guardrailSchema).default([]),
    limits: z.array(limitSchema).default([]),
    label_delay_days: z.record(metric, z.number().nonnegative()).default({}).describe('Metric: days before a unit\'s value counts (late labels).'),
    srm_p: z.number().gt(0).lt(0.5).default(0.001).describe('Sample-ratio mismatch threshold (χ² p-value).'),
    confidence: z.number().gt(0.5).lt(1).default(0.95).describe('Level of the always-valid intervals.'),
    on_deadline: z.enum(['hold', 'advance']).default('hold').describe('After max_days, while still inconclusive.'),
    state: stateSchema,
  })
  .describe('promotion-gate rollout, version 1.');

export type Rollout = z.output<typeof rolloutSchema>;
export type RolloutState = z.output<typeof stateSchema>;
export type Guardrail = z.output<typeof guardrailSchema>;
export type Limit = z.output<typeof limitSchema>;
export type Stage = z.output<typeof stageSchema>;
export type Allocation = z.output<typeof allocationSchema>;
export type RegistryConfig = z.output<typeof registrySchema>;

/** JSON Schema for editors (committed as schema/rollout.schema.json). */
export function rolloutJsonSchema(): unknown {
  return z.toJSONSchema(rolloutSchema, { io: 'input' });
}

/** `latency_ms.p99` → { field: 'latency_ms', p: 0.99 }; plain metrics → undefined. */
export function percentileOf(metricName: string): { field: string; p: number } | undefined {
  const match = /^(.+)\.p(\d{1,2}(?:_\d+)?)$/.exec(metricName);
  if (!match) return undefined;
  const p = Number((match[2] ?? '').replace('_', '.')) / 100;
  return p > 0 && p < 1 ? { field: match[1] ?? '', p } : undefined;
}

/** The stage's deadline in days. */
export function deadlineDays(stage: Stage): number {
  return stage.max_days ?? Math.max(1, 2 * stage.min_days);
}

/** The allocation a state implies: the stage's, 0 after a rollback, 1 after promotion. */
export function allocationFor(rollout: Pick<Rollout, 'stages'>, state: Pick<RolloutState, 'stage' | 'status'>): Allocation {
  const challenger = state.status === 'rolled_back' ? 0 : state.status === 'promoted' ? 1 : (rollout.stages[state.stage]?.allocation ?? 0);
  return { champion: round(1 - challenger), challenger };
}

function round(x: number): number {
  return Math.round(x * 1e12) / 1e12;
}
