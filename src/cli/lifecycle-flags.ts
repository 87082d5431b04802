/**
 * What the lifecycle commands (archive, restore, cleanup, events) share on the command line:
 * the store and policy flags, who is acting (for events), `--now`, and carrying a change out
 * in the working tree or, with `--commit`, on a new branch.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../contract/errors.js';
import type { StoreLocation } from '../store/location.js';
import { CLI_NAMES } from '../contract/inputs.js';
import { readPolicy, type LoadedPolicy } from '../policy/read.js';
import { GitRepo } from '../git/repo.js';
import { commitChange, openRepo } from '../lifecycle/apply-commit.js';
import { applyToWorkingTree } from '../lifecycle/apply-working-tree.js';
import type { StoreChange } from '../lifecycle/change.js';
import { stringFlag, type CliIo, type FlagValues } from './command.js';
import { policySource, storeLocation } from './inputs.js';

export function lifecycleStore(values: FlagValues, io: CliIo): StoreLocation {
  return storeLocation(stringFlag(values, 'store'), io);
}

export async function lifecyclePolicy(values: FlagValues, io: CliIo, store: StoreLocation): Promise<LoadedPolicy> {
  return readPolicy(policySource(values, io, store), CLI_NAMES);
}

/** Who acts, for events: the repository's git user, else the login name. */
export async function localActor(cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const name = await GitRepo.at(cwd).configValue('user.name').catch(() => undefined);
  return name || env.USER || env.USERNAME || 'unknown';
}

/** `--now`: an ISO 8601 time with a zone (for reproducible plans), else the clock. */
export function nowFlag(values: FlagValues, flag = 'now'): string {
  const value = stringFlag(values, flag);
  if (value === undefined) return new Date().toISOString();
  const time = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw new UsageError(`--${flag} "${value.slice(0, 40)}": expected an ISO 8601 date or time with a zone, e.g. 2026-03-03 or 2026-03-03T10:00:00Z`);
  return new Date(time).toISOString();
}

export async function writeJsonFile(io: CliIo, file: string, value: unknown): Promise<void> {
  const path = resolve(io.cwd, file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Carries the change out and says what happened, in lines for stdout. */
export async function carryOut(store: StoreLocation, change: StoreChange, commit: boolean): Promise<string[]> {
  if (commit) {
    const repo = await openRepo(store);
    const result = await commitChange(repo, store, change);
    return result.operation === 'created'
      ? [`committed ${result.commit} on new branch ${result.branch} (based on ${result.baseName}); ${result.baseName} and your working tree are unchanged`]
      : [`branch ${result.branch} already holds exactly this change (${result.commit.slice(0, 12)}): nothing to do`];
  }
  await applyToWorkingTree(store, change);
  return [
    ...change.moves.map((m) => `moved ${store.display}/${m.from} -> ${store.display}/${m.to}`),
    ...change.deletes.map((d) => `deleted ${store.display}/${d}`),
    ...change.events.map((e) => `event ${store.display}/${e.path}`),
  ];
}
