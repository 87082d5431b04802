/**
 * `--base-ref`: read the policy, the baselines and the references as they are at a git ref
 * (the PR's base), so that changes in the PR itself cannot loosen the gate it is judged by.
 */
import { mkdtemp, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { UsageError } from '../contract/errors.js';
import { gitMaybe, isSafeRefName } from './git.js';
import { materializeAtRef } from './materialize.js';
import type { StoreLocation } from '../store/location.js';

export interface BaseSnapshot {
  store: StoreLocation;
  /** The resolved commit SHA of the ref. */
  commit: string;
  /** Repository-relative path of the store. */
  storePath: string;
}

export async function snapshotAtRef(store: StoreLocation, ref: string, flag = '--base-ref'): Promise<BaseSnapshot> {
  if (!isSafeRefName(ref) && !/^[0-9a-f]{7,64}$/.test(ref)) throw new UsageError(`${flag} "${ref}": not a valid git ref name`);
  const top = (await gitMaybe(['rev-parse', '--show-toplevel'], { cwd: store.root }))?.trim();
  if (!top) throw new UsageError(`${flag}: the store ${store.display} is not inside a git repository`);
  const commit = (await gitMaybe(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: top }))?.trim();
  if (!commit) {
    throw new UsageError(`${flag} "${ref}": no such commit in the repository (in CI, check out with fetch-depth: 0 so the base commit is present)`);
  }
  const storePath = relative(await realpath(top), await realpath(store.root)).split(sep).join('/');
  if (storePath.startsWith('..')) throw new UsageError(`${flag}: the store ${store.display} is outside the repository`);
  const destination = await mkdtemp(join(tmpdir(), 'promotion-gate-base-'));
  const prefix = storePath ? `${storePath}/` : '';
  await materializeAtRef(top, commit, [`${prefix}policy.yml`, `${prefix}baselines`, `${prefix}references`], destination);
  return {
    store: { root: join(destination, storePath), display: `${store.display}@${commit.slice(0, 12)}` },
    commit,
    storePath,
  };
}
