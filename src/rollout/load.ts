/**
 * Reading a rollout file: strict YAML, the zod schema, then the rules zod cannot express per
 * field (stages increasing to 1.00, a state consistent with its stage and allocation, label
 * delays naming a used metric). Any problem is a configuration error naming the file, line
 * and field. Writing the state back edits only the `state:` block, so comments survive.
 */
import { Document, isMap, isNode, isScalar, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ArtifactError, UsageError, formatLocation } from '../contract/errors.js';
import { parseYamlStrict, type ParsedYaml } from '../parse/yaml.js';
import type { StoreLocation } from '../store/location.js';
import { isDirectoryInStore, readTextInStore } from '../store/read.js';
import { validateId } from '../store/ids.js';
import { allocationFor, percentileOf, rolloutSchema, type Rollout, type RolloutState } from './schema.js';

export const MAX_ROLLOUT_BYTES = 256 * 1024;
export const ROLLOUTS_DIR = 'rollouts';

export const rolloutPath = (id: string): string => `${ROLLOUTS_DIR}/${validateId('run', id, 'rollout id')}.yml`;

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

function issueText(issue: z.core.$ZodIssue): { path: PropertyKey[]; text: string } {
  if (issue.code === 'unrecognized_keys') {
    const path = [...issue.path, issue.keys[0] ?? '?'];
    return { path, text: `${fieldPath(path)}: unknown field (check the spelling; see schema/rollout.schema.json)` };
  }
  return { path: [...issue.path], text: `${fieldPath(issue.path) || '(top level)'}: ${issue.message}` };
}

function fail(parsed: ParsedYaml | undefined, display: string, path: PropertyKey[], text: string): never {
  const pos = parsed?.locate(path);
  throw new UsageError(`${formatLocation({ file: display, line: pos?.line, column: pos?.column })}: ${text}`);
}

const ALLOCATION_TOLERANCE = 1e-9;

/** Parses and validates rollout text; `display` is how errors name the file. */
export function parseRollout(text: string, display: string): Rollout {
  if (Buffer.byteLength(text) > MAX_ROLLOUT_BYTES) throw new UsageError(`${display}: rollout file is over the ${MAX_ROLLOUT_BYTES}-byte cap`);
  let parsed: ParsedYaml;
  try {
    parsed = parseYamlStrict(text, display);
  } catch (error) {
    if (error instanceof ArtifactError) throw new UsageError(error.message);
    throw error;
  }
  if (parsed.value === null || parsed.value === undefined) throw new UsageError(`${display}: rollout file is empty`);
  const result = rolloutSchema.safeParse(parsed.value);
  if (!result.success) {
    const first = result.error.issues[0];
    if (!first) throw new UsageError(`${display}: invalid rollout file`);
    const { path, text: reason } = issueText(first);
    const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problem(s))` : '';
    fail(parsed, display, path, `${reason}${more}`);
  }
  const rollout = result.data;
  checkConsistency(rollout, parsed, display);
  return rollout;
}

function checkConsistency(rollout: Rollout, parsed: ParsedYaml, display: string): void {
  if (rollout.champion === rollout.challenger) fail(parsed, display, ['challenger'], `challenger: must differ from the champion (${rollout.champion})`);
  const { stages, state } = rollout;
  stages.forEach((stage, i) => {
    const previous = stages[i - 1];
    if (previous && stage.allocation <= previous.allocation) {
      fail(parsed, display, ['stages', i, 'allocation'], `stages[${i}].allocation: ${stage.allocation} must be above the previous stage's ${previous.allocation}`);
    }
    if (stage.max_days !== undefined && stage.max_days < stage.min_days) {
      fail(parsed, display, ['stages', i, 'max_days'], `stages[${i}].max_days: ${stage.max_days} is below min_days ${stage.min_days}`);
    }
  });
  const last = stages.length - 1;
  if (stages[last]?.allocation !== 1) fail(parsed, display, ['stages', last, 'allocation'], `stages[${last}].allocation: the last stage must be 1.00 (production), got ${stages[last]?.allocation}`);
  rollout.limits.forEach((limit, i) => {
    const absolute = limit.max !== undefined || limit.min !== undefined;
    const relative = limit.max_worse_pct !== undefined || limit.direction !== undefined;
    if (absolute === relative || (relative && (limit.max_worse_pct === undefined || limit.direction === undefined))) {
      fail(parsed, display, ['limits', i], `limits[${i}]: give either max and/or min (absolute), or direction with max_worse_pct (relative to the champion)`);
    }
    if (relative && percentileOf(limit.metric)) fail(parsed, display, ['limits', i, 'metric'], `limits[${i}].metric: a relative limit on a percentile is a guardrail; use guardrails for ${limit.metric}`);
    if (limit.min !== undefined && limit.max !== undefined && limit.min > limit.max) fail(parsed, display, ['limits', i], `limits[${i}]: min ${limit.min} is above max ${limit.max}`);
  });
  const used = new Set([...rollout.guardrails, ...rollout.limits].flatMap((g) => [g.metric, percentileOf(g.metric)?.field ?? g.metric]));
  for (const name of Object.keys(rollout.label_delay_days)) {
    if (!used.has(name)) fail(parsed, display, ['label_delay_days', name], `label_delay_days.${name}: no guardrail or limit uses this metric`);
  }
  if (state.stage > last) fail(parsed, display, ['state', 'stage'], `state.stage: ${state.stage} is past the last stage (${last})`);
  if (state.status === 'running' && state.stage === last) fail(parsed, display, ['state', 'stage'], `state.stage: a running rollout is never at the last stage (it is promoted when it gets there)`);
  if (state.status === 'promoted' && state.stage !== last) fail(parsed, display, ['state', 'stage'], `state.stage: a promoted rollout is at the last stage (${last}), not ${state.stage}`);
  if (state.allocation) {
    const { champion, challenger } = state.allocation;
    if (Math.abs(champion + challenger - 1) > ALLOCATION_TOLERANCE) {
      fail(parsed, display, ['state', 'allocation'], `state.allocation: champion ${champion} + challenger ${challenger} = ${champion + challenger}, not 1`);
    }
    const expected = allocationFor(rollout, state);
    if (Math.abs(challenger - expected.challenger) > ALLOCATION_TOLERANCE) {
      fail(parsed, display, ['state', 'allocation', 'challenger'], `state.allocation.challenger: ${challenger} does not match ${describeState(state)} (${expected.challenger})`);
    }
  }
}

export function describeState(state: Pick<RolloutState, 'stage' | 'status'>): string {
  return state.status === 'running' ? `stage ${state.stage}` : state.status === 'rolled_back' ? 'a rolled-back rollout' : 'a promoted rollout';
}

export interface LoadedRollout {
  id: string;
  rollout: Rollout;
  text: string;
  /** Store-relative path (`rollouts/<id>.yml`). */
  rel: string;
  display: string;
}

/** Reads `<store>/rollouts/<id>.yml` through the store's safe reader. */
export async function readRollout(store: StoreLocation, id: string, flag = '--rollout'): Promise<LoadedRollout> {
  validateId('run', id, flag);
  const rel = rolloutPath(id);
  const display = `${store.display}/${rel}`;
  let text: string;
  try {
    text = await readTextInStore({ path: store.root, display: store.display }, rel, MAX_ROLLOUT_BYTES);
  } catch (error) {
    if (error instanceof ArtifactError) throw new UsageError(error.code === 'artifact.missing' ? `${flag}: no rollout file at ${display}` : error.message);
    throw error;
  }
  return { id, rollout: parseRollout(text, display), text, rel, display };
}

/** A running rollout's champion and challenger must be baselines of the store. */
export async function checkSubjects(store: StoreLocation, loaded: LoadedRollout): Promise<void> {
  const { rollout } = loaded;
  if (rollout.state.status !== 'running') return;
  for (const side of ['champion', 'challenger'] as const) {
    const id = rollout[side];
    if (!(await isDirectoryInStore(store.root, `baselines/${id}`))) {
      const archived = await isDirectoryInStore(store.root, `baselines/_archived/${id}`);
      throw new UsageError(`${loaded.display}: ${side} "${id}" is not a baseline at ${store.display}/baselines/${id}${archived ? ' (it is archived)' : ''}`);
    }
  }
}

/**
 * The rollout file's text with its `state:` block replaced. Only the bytes of that block
 * change: everything else (comments, spacing, flow lists) is kept exactly as written.
 */
export function withState(text: string, state: RolloutState, display: string): string {
  const doc = parseDocument(text, { uniqueKeys: true });
  const plain: Record<string, unknown> = { stage: state.stage, since: state.since, looks: state.looks, status: state.status };
  if (state.allocation) plain['allocation'] = { ...state.allocation };
  if (state.last) plain['last'] = { ...state.last };
  const block = new Document({ state: plain }).toString({ lineWidth: 0 }).replace(/\n$/, '');
  const root = doc.contents;
  const pair = isMap(root) ? root.items.find((item) => isScalar(item.key) && item.key.value === 'state') : undefined;
  const start = pair && isNode(pair.key) ? pair.key.range?.[0] : undefined;
  const end = pair && isNode(pair.value) ? pair.value.range?.[1] : undefined;
  const next = start === undefined || end === undefined ? `${text.replace(/\n*$/, '\n')}${block}\n` : `${text.slice(0, start)}${block}${text.slice(end)}`;
  parseRollout(next, display); // the written file must read back
  return next;
}
