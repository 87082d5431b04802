/**
 * The two rollout commands end to end, shared by the CLI and the action: `decideRollout`
 * reads the rollout and its telemetry and calls the pure decision; `applyRolloutLocally`
 * carries a plan out in the working tree in the order that keeps T5: the registry first,
 * then the champion's archive, events and pins, and the rollout's state last, so a failure
 * at any point leaves the state as it was and a re-run converges.
 */
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../contract/errors.js';
import type { StoreLocation } from '../store/location.js';
import { applyToWorkingTree } from '../lifecycle/apply-working-tree.js';
import { MlflowRegistry, mlflowOptionsFromEnv, type MlflowOptions } from '../registry/mlflow.js';
import { readTextInStore } from '../store/read.js';
import { realStoreRoot, resolveInStore } from '../store/safe-path.js';
import { telemetrySpec } from './accumulate.js';
import { decide, type RolloutDecision, type TelemetryInput } from './decide.js';
import { checkSubjects, readRollout, type LoadedRollout } from './load.js';
import type { RolloutApplyPlan } from './apply.js';
import { hashTelemetry, parseTelemetry, TelemetryError } from './telemetry.js';

export interface DecideRequest {
  store: StoreLocation;
  id: string;
  /** Path of the telemetry file, and how messages name it. */
  telemetry: string;
  telemetryDisplay: string;
  /** ISO time; default: the last decision's time when the telemetry is the same file, else now. */
  now?: string;
  /** The telemetry file's sha256 when the caller already hashed it (it is then not read twice). */
  sha256?: string;
  flags?: { rollout: string; now: string };
}

export function normalizeNow(value: string, flag: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new UsageError(`${flag}: "${value}" is not an ISO 8601 time with a zone (e.g. 2026-11-24T06:00:00Z)`);
  }
  return new Date(Date.parse(value)).toISOString().replace(/\.000Z$/, 'Z');
}

export async function decideRollout(request: DecideRequest): Promise<{ loaded: LoadedRollout; decision: RolloutDecision }> {
  const loaded = await readRollout(request.store, request.id, request.flags?.rollout);
  const { rollout } = loaded;
  if (rollout.state.status !== 'running') throw new UsageError(`${loaded.display}: the rollout is ${rollout.state.status.replace('_', ' ')}; there is nothing to decide`);
  await checkSubjects(request.store, loaded);
  const nowFlag = request.flags?.now ?? '--now';
  const checkNow = (now: string): string => {
    if (Date.parse(now) < Date.parse(rollout.state.since)) throw new UsageError(`${nowFlag}: ${now} is before the stage started (${rollout.state.since})`);
    return now;
  };
  const parse = (now: string) => outcomeOf(parseTelemetry(request.telemetry, request.telemetryDisplay, telemetrySpec(rollout, Date.parse(rollout.state.since), Date.parse(now))));
  const given = request.now !== undefined ? checkNow(normalizeNow(request.now, nowFlag)) : undefined;
  const hashing = outcomeOf(request.sha256 !== undefined ? Promise.resolve(request.sha256) : hashTelemetry(request.telemetry, request.telemetryDisplay));
  // With the time given, the rows are parsed (in the telemetry worker) while this thread hashes
  // the file; without it, the time depends on the hash (a re-run of the last look keeps its
  // time, RELIABILITY T3), so the parse waits for it.
  const early = given !== undefined ? parse(given) : undefined;
  early?.catch(() => undefined); // awaited below unless the hash failed; never an unhandled rejection
  const hashed = await hashing;
  let telemetry: TelemetryInput;
  let now: string;
  if ('problem' in hashed) {
    telemetry = { file: request.telemetryDisplay, problem: hashed.problem };
    now = given ?? checkNow(currentTime());
  } else {
    const sha256 = hashed.value;
    const sameAsLast = rollout.state.last?.telemetry_sha256 === sha256;
    now = given ?? checkNow(sameAsLast ? rollout.state.last!.at : currentTime());
    const parsed = await (early ?? parse(now));
    telemetry = 'problem' in parsed ? { file: request.telemetryDisplay, sha256, problem: parsed.problem } : { file: request.telemetryDisplay, sha256, summary: parsed.value };
  }
  return { loaded, decision: decide({ id: request.id, rollout, now, telemetry }) };
}

const currentTime = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A telemetry step's value, or its TelemetryError's message (the decision then holds and shows it). */
async function outcomeOf<T>(pending: Promise<T>): Promise<{ value: T } | { problem: string }> {
  try {
    return { value: await pending };
  } catch (error) {
    if (!(error instanceof TelemetryError)) throw error;
    return { problem: error.message };
  }
}

/** The registry client for a plan, from the environment (MLFLOW_TRACKING_URI, MLFLOW_TRACKING_TOKEN). */
export function registryFor(plan: RolloutApplyPlan, env: NodeJS.ProcessEnv, extra: Partial<MlflowOptions> = {}): MlflowRegistry | undefined {
  if (plan.registry.length === 0) return undefined;
  return new MlflowRegistry({ ...mlflowOptionsFromEnv(env), ...extra });
}

export interface LocalApplyResult {
  registry: string[];
  moved: number;
  events: number;
  policy: string[];
}

async function writeAtomically(store: StoreLocation, rel: string, text: string): Promise<void> {
  const resolved = await resolveInStore({ path: store.root, display: store.display }, rel, 'file').catch(async () => {
    // A new file: its folder must be inside the store.
    const real = await realStoreRoot({ path: store.root, display: store.display });
    return { path: path.join(real, ...rel.split('/')), symlinked: false };
  });
  if (resolved.symlinked) throw new UsageError(`${store.display}/${rel}: reached through a symbolic link; it is not written`);
  const temp = `${resolved.path}.promotion-gate-${process.pid}.tmp`;
  await writeFile(temp, text);
  await rename(temp, resolved.path);
}

export async function applyRolloutLocally(store: StoreLocation, plan: RolloutApplyPlan, registry: MlflowRegistry | undefined, policyRel = 'policy.yml'): Promise<LocalApplyResult> {
  let done: string[] = [];
  if (plan.registry.length > 0) {
    if (!registry) throw new UsageError('the rollout names a registry, but no registry client was configured');
    done = await registry.sync(plan.registry);
  }
  const outcome = await applyToWorkingTree(store, plan.change);
  if (plan.policy) {
    const current = await readTextInStore({ path: store.root, display: store.display }, policyRel, 1024 * 1024).catch(() => undefined);
    if (current !== plan.policy.text) await writeAtomically(store, policyRel, plan.policy.text);
  }
  await writeAtomically(store, plan.rolloutRel, plan.rolloutText);
  return { registry: done, moved: outcome.moved, events: outcome.events, policy: plan.policy?.changes ?? [] };
}
