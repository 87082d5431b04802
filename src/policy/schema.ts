/**
 * The policy file, version 1 (DESIGN.md section 3). Users keep this file for years, so its
 * field names are a contract: every object is strict (an unknown field is an error naming
 * it) and every field has a default matching the documented built-in behaviour.
 */
import { z } from 'zod';

/** Longest rule pattern; the glob compiler refuses anything over 65,536 characters outright. */
export const MAX_PATTERN_LENGTH = 4096;

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be a single path segment id');

export const directionSchema = z.enum(['higher', 'lower']);

export const pinSchema = z
  .strictObject({
    baseline: id.describe('The baseline id under baselines/ that matching runs are compared with.'),
    dataset: z.string().min(1).optional().describe('Match runs of this dataset id (optional).'),
    task: z.string().min(1).optional().describe('Match runs of this task (optional).'),
  })
  .describe('A pin: which baseline a candidate is compared with.');

export const ruleSchema = z
  .strictObject({
    metric: z
      .string()
      .min(1)
      .max(MAX_PATTERN_LENGTH, `must be at most ${MAX_PATTERN_LENGTH} characters`)
      .describe('Metric dot path or glob: `*` matches one segment, `**` any number of segments.'),
    direction: directionSchema.optional().describe('Which way is better. Default: inferred from the name.'),
    tolerance: z.number().nonnegative().optional().describe('Allowed worsening, absolute.'),
    tolerance_pct: z.number().nonnegative().optional().describe('Plus this percent of |baseline|.'),
    severity: z.enum(['error', 'warning']).default('error').describe('What a regression is.'),
    min: z.number().optional().describe('Absolute floor: a candidate below it fails.'),
    max: z.number().optional().describe('Absolute ceiling: a candidate above it fails.'),
    max_gain_pct: z.number().positive().optional().describe('An improvement beyond this percent is suspicious (warning).'),
    missing: z.enum(['fail', 'warn', 'ignore']).default('fail').describe('What happens when the candidate lacks the metric.'),
    significance: z
      .number()
      .gt(0)
      .lt(0.5)
      .optional()
      .describe(
        'With per-item scores, fail only when the worsening beyond the tolerance is statistically real: when the two-sided ' +
          '(1 - significance) interval of the mean per-item change lies entirely beyond the allowed worsening, a one-sided test at α/2 ' +
          '(0.05: a 95% interval, at most 2.5% false failures). Exact McNemar for 0/1 scores; t and studentized bootstrap otherwise. ' +
          'Fewer than the items any test needs (6 at 0.05) warn "too few items to decide".',
      ),
    score: z.string().min(1).optional().describe('Per-item score name in predictions `scores` (default: the last path segment).'),
    confidence: z
      .number()
      .gt(0.5)
      .lt(1)
      .optional()
      .describe('Two-sided level of the interval shown and decided with (default 1 - significance); the rule fails at one-sided (1 - confidence) / 2.'),
    resamples: z.number().int().min(100).max(100_000).optional().describe('Bootstrap resamples (default 1000).'),
    drift: z
      .strictObject({
        anchor: z
          .union([z.literal('first'), id])
          .describe('The baseline id to compare with as well, or `first`: the root of the promotion chain of the candidate\'s baseline.'),
        max_worse_pct: z.number().nonnegative().describe('The candidate may be at most this percent of |anchor| worse than the anchor.'),
      })
      .optional()
      .describe('Cumulative drift guard: also compare with an anchor baseline, so small allowed regressions cannot add up.'),
  })
  .describe('A gating rule; the first rule whose metric pattern matches wins.');

export const complianceSchema = z.strictObject({
  allow_dirty: z.boolean().default(false).describe('Allow runs produced from a dirty working tree.'),
  require_commit: z.boolean().default(true).describe('The fingerprint commit must exist and be reachable from the gated head.'),
  require_same_dataset: z.boolean().default(true).describe('The dataset fingerprint must equal the baseline\'s.'),
  required_fields: z.array(z.string().min(1)).default([]).describe('Fingerprint fields that must be present, by dot path.'),
  secrets: z.enum(['fail', 'warn', 'off']).default('fail').describe('What a secret found in an artifact does.'),
  prompt_hash: z
    .enum(['fail', 'warn', 'off'])
    .default('fail')
    .describe('What a prompt bundle (prompts.json) that no longer hashes to the fingerprint\'s prompt_hash does.'),
  config_hash: z
    .enum(['fail', 'warn', 'off'])
    .default('fail')
    .describe('What a config.yaml that no longer hashes to the fingerprint\'s config_hash does.'),
  training_overlap: z
    .enum(['fail', 'warn', 'off'])
    .default('fail')
    .describe('What an evaluation dataset that the fingerprint declares as training data does.'),
  manifest: z
    .enum(['fail', 'warn', 'off'])
    .default('fail')
    .describe('What a file that differs from manifest.json (changed, missing or extra) does.'),
  non_regular_entries: z
    .enum(['fail', 'warn'])
    .default('fail')
    .describe('What a run entry that is not a regular file inside the store (a link leading out, a FIFO, a device, a hard link) does; it is never read.'),
});

export const referencesSchema = z.strictObject({
  show: z.boolean().default(true).describe('Show the run\'s standing against references (always informational).'),
});

export const schemasSchema = z.strictObject({
  validate: z
    .enum(['fail', 'warn', 'off'])
    .default('fail')
    .describe('When the store keeps JSON Schemas in <store>/schemas/: what a metrics.json or predictions line that does not match its schema does.'),
  predictions: z
    .record(z.string().min(1), z.string().min(1))
    .default({})
    .describe('Schema file (in <store>/schemas/) that every predictions line must match, by task; without one, a line is checked against the schema its own `schema` field names.'),
});

export const identitySchema = z.strictObject({
  missing: z
    .enum(['fail', 'warn'])
    .default('fail')
    .describe('What a candidate that names no dataset (or task) in any artifact, while its baseline does, is: fail (not known to be comparable) or warn.'),
});

export const predictionsSchema = z.strictObject({
  id_field: z.string().min(1).default('auto').describe('Item id field, or `auto` to detect id, example_id, episode_id, ...'),
  coverage: z
    .enum(['exact', 'superset', 'subset'])
    .default('exact')
    .describe('exact: same items as the baseline; superset: extra items allowed; subset: missing items allowed.'),
});

const count = (what: string) =>
  z
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number (no fraction)' })
    .min(0, { error: 'must be 0 or more' })
    .optional()
    .describe(what);

/** Which pin a dependency side means: the same match keys as a pin (dataset, task). */
export const pinMatchSchema = z
  .strictObject({
    dataset: z.string().min(1).optional().describe('The dataset id of the pin.'),
    task: z.string().min(1).optional().describe('The task of the pin.'),
  })
  .refine((m) => m.dataset !== undefined || m.task !== undefined, 'must name a dataset, a task or both')
  .describe('Pin match keys: which pinned model this is.');

export const dependencySchema = z
  .strictObject({
    upstream: pinMatchSchema.describe('The model whose outputs the downstream models consume (its pin).'),
    downstream: z.array(pinMatchSchema).min(1).describe('The models built on the upstream\'s outputs.'),
  })
  .describe(
    'A multi-model dependency: a downstream run\'s fingerprint names the upstream baseline it was produced with (`upstream`); the gate fails ' +
      'a downstream candidate built on an upstream other than the pinned one, and promoting an upstream lists the downstream baselines to re-evaluate.',
  );

export const retentionSchema = z
  .strictObject({
    keep_experimental: count('The newest N experimental runs are always kept.'),
    archive_after_days: count('Experimental runs more than this many days old are archived.'),
    delete_archived_after_days: count('Runs archived more than this many days ago are deleted (archived baselines never are).'),
  })
  .describe('Lifecycle retention for `cleanup` (all optional; an absent rule never acts).');

export const autoPromoteSchema = z
  .strictObject({
    metric: z
      .string()
      .min(1)
      .refine((m) => !m.includes('*'), 'must name one metric (a dot path, no glob)')
      .describe('The metric (dot path) a run must beat its baseline on; its direction comes from its rule or its name.'),
    min_gain: z
      .number()
      .nonnegative()
      .default(0)
      .describe('The run must beat the baseline by more than this, in the metric\'s units and direction (a drop for lower-is-better metrics).'),
    significance: z
      .number()
      .gt(0)
      .lt(0.5)
      .default(0.05)
      .describe(
        'With per-item scores (the metric rule\'s `score`), the gain beyond min_gain must also be significant: the one-sided test at ' +
          'significance / 2 that the gate uses for regressions, turned around (exact McNemar for 0/1 scores; t and studentized bootstrap otherwise).',
      ),
    set_pin: z.boolean().default(true).describe('Pin the new baseline for the run\'s dataset and task in the same pull request.'),
    id_prefix: z
      .string()
      .regex(/^[A-Za-z0-9._-]{0,64}$/, 'ASCII letters, digits, ".", "_" and "-" only')
      .default('')
      .describe('The new baseline is baselines/<id_prefix><run id>.'),
  })
  .describe(
    'Opt-in: on a push to the default branch, the action opens a promotion pull request (as `command: promote` would) for a gated run ' +
      'that passes every gate and beats its baseline on `metric` by more than `min_gain`. It never merges.',
  );

export const policySchema = z
  .strictObject({
    $schema: z.string().optional().describe('Editor hint; ignored.'),
    version: z.literal(1).describe('Policy format version.'),
    pins: z.array(pinSchema).default([]),
    cold_start: z.enum(['fail', 'absolute']).default('fail').describe('Without a baseline: fail, or apply only min/max bounds.'),
    fail_on: z.enum(['error', 'warning']).default('error').describe('Fail the verdict on errors only, or on warnings too.'),
    predictions: predictionsSchema.default({ id_field: 'auto', coverage: 'exact' }),
    defaults: z.enum(['builtin', 'none']).default('builtin').describe('Built-in rules for metrics that no rule matches.'),
    rules: z.array(ruleSchema).default([]),
    compliance: complianceSchema.default({
      allow_dirty: false,
      require_commit: true,
      require_same_dataset: true,
      required_fields: [],
      secrets: 'fail',
      prompt_hash: 'fail',
      config_hash: 'fail',
      training_overlap: 'fail',
      manifest: 'fail',
      non_regular_entries: 'fail',
    }),
    references: referencesSchema.default({ show: true }),
    identity: identitySchema.default({ missing: 'fail' }).describe('Dataset and task identity of the candidate against its baseline.'),
    schemas: schemasSchema.default({ validate: 'fail', predictions: {} }).describe('Validation of run artifacts against the JSON Schemas the store keeps.'),
    retention: retentionSchema.optional(),
    auto_promote: autoPromoteSchema.optional(),
    dependencies: z.array(dependencySchema).optional().describe('Multi-model dependencies (upstream and downstream pin matches).'),
  })
  .describe('promotion-gate policy, version 1.');

export type Policy = z.output<typeof policySchema>;
export type Rule = z.output<typeof ruleSchema>;
export type Pin = z.output<typeof pinSchema>;
export type Retention = z.output<typeof retentionSchema>;
export type AutoPromote = z.output<typeof autoPromoteSchema>;
export type Direction = z.output<typeof directionSchema>;
export type Dependency = z.output<typeof dependencySchema>;
export type PinMatch = z.output<typeof pinMatchSchema>;
export type Drift = NonNullable<Rule['drift']>;

/** The policy that applies when the store has no policy file. */
export const DEFAULT_POLICY: Policy = policySchema.parse({ version: 1 });

/** JSON Schema for editors (committed as schema/policy.schema.json). */
export function policyJsonSchema(): unknown {
  return z.toJSONSchema(policySchema, { io: 'input' });
}
