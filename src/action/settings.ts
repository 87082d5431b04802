/**
 * The action's inputs as one typed, validated settings object (the actions/checkout way).
 * Every raw input is a string; `''` means "not set" (never 0 or false), and an invalid value
 * fails naming the input. `resolveInputs` then resolves them once, at the edge: the store's
 * location, the policy's source, the ids (checked before any file is touched, F1) and the
 * input names every message uses.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../contract/errors.js';
import { ACTION_NAMES, type InputNames } from '../contract/inputs.js';
import type { PolicySource } from '../policy/read.js';
import { validateId } from '../store/ids.js';
import type { StoreLocation } from '../store/location.js';
import { DEFAULT_LIMITS } from './zip/extract-zip.js';

/** Every gate report artifact starts with this; `command: aggregate` collects them by it. */
export const REPORT_ARTIFACT_PREFIX = 'promotion-gate-report-';
export const REPORT_ARTIFACT = /^promotion-gate-report-[A-Za-z0-9._-]{1,100}$/;
/** Runs per matrix job when `chunk-size` is not set. */
export const DEFAULT_CHUNK_SIZE = 20;

/** Reads an input the way the runner passes it: INPUT_<NAME> with spaces as underscores. */
export type InputReader = (name: string) => string;

const optional = z
  .string()
  .transform((value) => value.trim())
  .transform((value) => (value === '' ? undefined : value));

const bool = (name: string, fallback: boolean) =>
  optional.transform((value, ctx) => {
    if (value === undefined) return fallback;
    if (/^(true|yes|1)$/i.test(value)) return true;
    if (/^(false|no|0)$/i.test(value)) return false;
    ctx.addIssue({ code: 'custom', message: `${name}: expected true or false, got "${value}"` });
    return z.NEVER;
  });

const choice = <T extends string>(name: string, values: readonly T[]) =>
  optional.transform((value, ctx) => {
    if (value === undefined) return undefined;
    if ((values as readonly string[]).includes(value)) return value as T;
    ctx.addIssue({ code: 'custom', message: `${name}: expected one of ${values.join(', ')}, got "${value}"` });
    return z.NEVER;
  });

/** A sanity bound on the downloaded archive (2 GiB - 1); its entries are streamed, never held whole. */
const MAX_ARCHIVE_BYTES = 2 ** 31 - 1;
/** A sanity bound on what an artifact may expand to on the runner's disk (64 GiB). */
const MAX_TOTAL_BYTES = 64 * 1024 ** 3;

/** A size in bytes: digits only, from 1 to `max`; `''` gives `fallback`. */
const byteCount = (name: string, fallback: number, max: number) =>
  optional.transform((value, ctx) => {
    if (value === undefined) return fallback;
    const bytes = /^[0-9]{1,20}$/.test(value) ? Number(value) : NaN;
    if (Number.isSafeInteger(bytes) && bytes >= 1 && bytes <= max) return bytes;
    ctx.addIssue({ code: 'custom', message: `${name}: expected a size in bytes from 1 to ${max}, got "${value}"` });
    return z.NEVER;
  });

const settingsSchema = z.object({
  command: choice('command', ['gate', 'promote', 'rollout', 'cleanup', 'plan', 'aggregate', 'site'] as const).transform((v) => v ?? 'gate'),
  store: optional.transform((v) => v ?? 'data/eval'),
  policy: optional,
  run: optional,
  baseline: optional,
  artifact: optional,
  artifactRunId: optional.transform((value, ctx) => {
    if (value === undefined) return undefined;
    if (/^[1-9][0-9]{0,19}$/.test(value)) return Number(value);
    ctx.addIssue({ code: 'custom', message: `artifact-run-id: expected a workflow run id (digits), got "${value}"` });
    return z.NEVER;
  }),
  artifactMaxBytes: byteCount('artifact-max-bytes', DEFAULT_LIMITS.maxArchiveBytes, MAX_ARCHIVE_BYTES),
  artifactMaxTotalBytes: byteCount('artifact-max-total-bytes', DEFAULT_LIMITS.maxTotalBytes, MAX_TOTAL_BYTES),
  githubToken: optional,
  comment: bool('comment', true),
  failOn: choice('fail-on', ['error', 'warning'] as const),
  promoteAs: choice('promote-as', ['baseline', 'reference'] as const),
  promotedId: optional,
  reason: optional,
  referenceQuality: choice('reference-quality', ['silver', 'gold'] as const),
  setPin: bool('set-pin', false),
  allowForkCheckout: bool('allow-fork-checkout', false),
  rollout: optional,
  telemetry: optional,
  autoMerge: choice('auto-merge', ['none', 'rollback'] as const).transform((v) => v ?? 'none'),
  chunkSize: optional.transform((value, ctx) => {
    if (value === undefined) return DEFAULT_CHUNK_SIZE;
    if (/^[1-9][0-9]{0,5}$/.test(value)) return Number(value);
    ctx.addIssue({ code: 'custom', message: `chunk-size: expected a whole number of runs per matrix job (1 or more), got "${value}"` });
    return z.NEVER;
  }),
  reportArtifact: optional.transform((value, ctx) => {
    if (value === undefined) return undefined;
    if (REPORT_ARTIFACT.test(value)) return value;
    ctx.addIssue({ code: 'custom', message: `report-artifact: expected a name starting with ${REPORT_ARTIFACT_PREFIX} (letters, digits, ".", "_", "-"), got "${value}"` });
    return z.NEVER;
  }),
  matrix: optional,
  siteDir: optional.transform((v) => v ?? '_site'),
  baseUrl: optional,
  maxComparisons: optional,
});

export type ActionSettings = z.output<typeof settingsSchema>;

const INPUT_NAMES: Record<keyof z.input<typeof settingsSchema>, string> = {
  command: 'command',
  store: 'store',
  policy: 'policy',
  run: 'run',
  baseline: 'baseline',
  artifact: 'artifact',
  artifactRunId: 'artifact-run-id',
  artifactMaxBytes: 'artifact-max-bytes',
  artifactMaxTotalBytes: 'artifact-max-total-bytes',
  githubToken: 'github-token',
  comment: 'comment',
  failOn: 'fail-on',
  promoteAs: 'promote-as',
  promotedId: 'promoted-id',
  reason: 'reason',
  referenceQuality: 'reference-quality',
  setPin: 'set-pin',
  allowForkCheckout: 'allow-fork-checkout',
  rollout: 'rollout',
  telemetry: 'telemetry',
  autoMerge: 'auto-merge',
  chunkSize: 'chunk-size',
  reportArtifact: 'report-artifact',
  matrix: 'matrix',
  siteDir: 'site-dir',
  baseUrl: 'base-url',
  maxComparisons: 'max-comparisons',
};

export function readSettings(read: InputReader): ActionSettings {
  const raw = Object.fromEntries(Object.entries(INPUT_NAMES).map(([key, input]) => [key, read(input)]));
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const input = INPUT_NAMES[issue?.path[0] as keyof typeof INPUT_NAMES] ?? String(issue?.path[0]);
    const message = issue?.message ?? 'invalid';
    throw new UsageError(message.startsWith(input) ? `input ${message}` : `input ${input}: ${message}`);
  }
  return parsed.data;
}

/** The inputs that name places, resolved against the workspace. */
export interface ResolvedInputs {
  store: StoreLocation;
  /** The store's path inside the workspace, "/"-separated ('' at its root). */
  storePath: string;
  /** The policy input as a file in the workspace, else the store's policy.yml. */
  policy: PolicySource;
  names: InputNames;
}

/** A workspace path as a "/"-separated path inside it ('' for the root); never outside. */
export function workspacePath(workspace: string, path: string, input: string): string {
  const rel = relative(workspace, resolve(workspace, path));
  if (rel.startsWith('..') || isAbsolute(rel)) throw new UsageError(`input ${input}: ${path} is outside the workspace`);
  return rel.split(sep).join('/');
}

export function resolveInputs(settings: ActionSettings, workspace: string): ResolvedInputs {
  // Input run: one id, or a matrix chunk's ids separated by commas or whitespace; each is checked
  // (`command: plan` checks them itself, naming where each came from: the input or a changed folder).
  if (settings.run !== undefined && settings.command !== 'plan') for (const id of settings.run.split(/[\s,]+/).filter((part) => part !== '')) validateId('run', id, ACTION_NAMES.run);
  if (settings.baseline !== undefined) validateId('baseline', settings.baseline, ACTION_NAMES.baseline);
  if (settings.promotedId !== undefined) validateId(settings.promoteAs === 'reference' ? 'reference' : 'baseline', settings.promotedId, ACTION_NAMES.id);
  const storePath = workspacePath(workspace, settings.store, 'store');
  const store: StoreLocation = { root: resolve(workspace, settings.store), display: storePath === '' ? '.' : storePath };
  const policy: PolicySource = settings.policy ? { file: { path: resolve(workspace, settings.policy), display: settings.policy }, store } : { store };
  return { store, storePath, policy, names: ACTION_NAMES };
}
