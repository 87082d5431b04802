/**
 * The repository holding a store, opened for a local change committed on a new branch
 * (`--commit` of promote, archive, restore, cleanup): its top, the store's path inside it, and
 * the commit the change is based on (HEAD), with a name for messages.
 */
import { UsageError } from '../contract/errors.js';
import type { StoreLocation } from '../store/location.js';
import { GitRepo } from './repo.js';

export interface LocalRepo {
  git: GitRepo;
  top: string;
  /** The store's path inside the repository, '' at the root, else ending in '/'. */
  prefix: string;
  base: string;
  /** The current branch name, or the short commit when HEAD is detached. */
  baseName: string;
}

export async function openLocalRepo(store: StoreLocation): Promise<LocalRepo> {
  const repo = await GitRepo.containing(store.root);
  if (!repo) throw new UsageError(`--commit: the store ${store.display} is not inside a git repository`);
  const base = await repo.resolveCommit('HEAD');
  if (!base) throw new UsageError('--commit: the repository has no commit yet to base the promotion on');
  const name = await repo.currentBranch();
  const storeReal = await repo.prefixOf(store.root);
  return { git: repo, top: repo.dir, prefix: storeReal, base, baseName: name || base.slice(0, 12) };
}
