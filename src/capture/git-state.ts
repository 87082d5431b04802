/**
 * The repository state a run is produced from: full commit SHA, branch, and whether the
 * working tree was dirty, with the dirty paths. Read with `git status --porcelain=v1 -z`
 * (NUL-separated, so any path is exact) and without optional locks, so a fingerprint never
 * races the user's own git commands for the index lock (GitRepo.statusPaths).
 */
import { realpath } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { GitRepo } from '../git/repo.js';

/** Paths listed in a fingerprint; the count is always exact. */
export const MAX_DIRTY_PATHS = 200;

export interface GitState {
  commit: string | null;
  branch: string | null;
  dirty: boolean;
  dirty_paths: string[];
  dirty_count: number;
}

/** The repository's top folder, or undefined when `cwd` is not inside a work tree. */
export async function repositoryRoot(cwd: string): Promise<string | undefined> {
  return (await GitRepo.containing(cwd).catch(() => undefined))?.dir;
}

async function repoRelative(top: string, path: string): Promise<string | undefined> {
  const real = await realpath(path).catch(() => undefined);
  if (!real) return undefined;
  const rel = relative(await realpath(top), real);
  if (rel === '' || rel.startsWith('..')) return undefined;
  return rel.split(sep).join('/');
}

/**
 * The state of the repository around `cwd`, or undefined outside a repository.
 * `exclude` lists folders whose changes do not make the tree dirty: the store's `runs/`
 * folder holds outputs, not inputs, and a run must not count itself as a change.
 */
export async function captureGitState(cwd: string, exclude: string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<GitState | undefined> {
  const repo = await GitRepo.containing(cwd).catch(() => undefined);
  if (!repo) return undefined;
  const top = repo.dir;
  const commit = (await repo.resolveCommit('HEAD')) ?? null;
  const symbolic = await repo.currentBranch();
  // CI checks out a detached HEAD; the runner names the branch in its environment.
  const branch = symbolic || env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME || null;
  const pathspec = [':(top)'];
  for (const path of exclude) {
    const rel = await repoRelative(top, path);
    if (rel) pathspec.push(`:(top,exclude)${rel}`);
  }
  const listed = await repo.statusPaths(pathspec);
  const paths = listed ?? [];
  // An unborn branch has no commit to point at: nothing it produces can be traced.
  const dirty = listed === null || paths.length > 0 || commit === null;
  return { commit, branch: branch || null, dirty, dirty_paths: paths.slice(0, MAX_DIRTY_PATHS), dirty_count: paths.length };
}
