/**
 * `--base-ref`: read the policy, the baselines and the references as they are at a git ref
 * (the PR's base), so that changes in the PR itself cannot loosen the gate it is judged by.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../contract/errors.js';
import { materializeAtRef } from './materialize.js';
import { GitRepo } from './repo.js';
import type { StoreLocation } from '../store/location.js';

export interface BaseSnapshot {
  store: StoreLocation;
  /** The resolved commit SHA of the ref. */
  commit: string;
  /** Repository-relative path of the store. */
  storePath: string;
  /** Removes the temporary folder; call it on every path (try/finally). */
  dispose(): Promise<void>;
}

const printable = (text: string): string => JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);

/** Any revision git accepts (`HEAD~1`, `origin/main`, a sha), checked by git itself. */
export async function snapshotAtRef(store: StoreLocation, ref: string, flag = '--base-ref'): Promise<BaseSnapshot> {
  const repo = await GitRepo.containing(store.root);
  if (!repo) throw new UsageError(`${flag}: the store ${store.display} is not inside a git repository`);
  const commit = await repo.resolveCommit(ref);
  if (!commit) {
    throw new UsageError(`${flag} ${printable(ref)}: no such commit in the repository (in CI, check out with fetch-depth: 0 so the base commit is present)`);
  }
  const storePath = await repo.relativePath(store.root);
  if (storePath.startsWith('..')) throw new UsageError(`${flag}: the store ${store.display} is outside the repository`);
  const destination = await mkdtemp(join(tmpdir(), 'promotion-gate-base-'));
  const dispose = () => rm(destination, { recursive: true, force: true });
  const prefix = storePath ? `${storePath}/` : '';
  try {
    // events/: the drift guard follows the promotion chain through pin_changed events at the base too.
    await materializeAtRef(repo, commit, [`${prefix}policy.yml`, `${prefix}baselines`, `${prefix}references`, `${prefix}schemas`, `${prefix}events`], destination);
  } catch (error) {
    await dispose();
    throw error;
  }
  return {
    store: { root: join(destination, storePath), display: `${store.display}@${commit.slice(0, 12)}` },
    commit,
    storePath,
    dispose,
  };
}
