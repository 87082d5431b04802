/**
 * Commits a pull request is judged between: the merge base of its base and head. A shallow
 * checkout (actions/checkout's default fetch-depth: 1) lacks it, and guessing would let a PR
 * pass unchecked (RELIABILITY G14), so a missing commit is an error that says how to fix it.
 */
import { UsageError } from '../contract/errors.js';
import { git, gitMaybe, GitError } from './git.js';

const FETCH_HINT = 'check the repository out with its history (actions/checkout with `fetch-depth: 0`)';

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

export async function isShallow(repo: string): Promise<boolean> {
  return (await gitMaybe(['rev-parse', '--is-shallow-repository'], { cwd: repo }))?.trim() === 'true';
}

/** Whether the commit object is present (a sha from an event payload is checked before use). */
export async function hasCommit(repo: string, sha: string): Promise<boolean> {
  if (!SHA.test(sha)) return false;
  return (await gitMaybe(['cat-file', '-e', `${sha}^{commit}`], { cwd: repo })) !== null;
}

/** Throws naming `what` and the fetch-depth fix when the commit is not in the checkout. */
export async function requireCommit(repo: string, sha: string, what: string): Promise<void> {
  if (!SHA.test(sha)) throw new UsageError(`${what}: "${sha.slice(0, 80)}" is not a commit sha`);
  if (await hasCommit(repo, sha)) return;
  const shallow = (await isShallow(repo)) ? ' (this is a shallow clone)' : '';
  throw new UsageError(`${what} ${sha} is not in the checkout${shallow}: ${FETCH_HINT}`);
}

/** The merge base of `base` and `head`; both must be present, and so must their common history. */
export async function mergeBase(repo: string, base: string, head: string): Promise<string> {
  await requireCommit(repo, base, 'the base commit');
  await requireCommit(repo, head, 'the head commit');
  const found = (await gitMaybe(['merge-base', base, head], { cwd: repo }))?.trim();
  if (found) return found;
  if (await isShallow(repo)) {
    throw new UsageError(`the merge base of ${base.slice(0, 12)} and ${head.slice(0, 12)} is not in this shallow clone: ${FETCH_HINT}`);
  }
  throw new UsageError(`${base.slice(0, 12)} and ${head.slice(0, 12)} have no common history, so the pull request's changes cannot be found`);
}

/** Whether `ancestor` is `descendant` or one of its ancestors; undefined when either is unknown here. */
export async function isAncestor(repo: string, ancestor: string, descendant: string): Promise<boolean | undefined> {
  if (!(await hasCommit(repo, ancestor)) || !(await hasCommit(repo, descendant))) return undefined;
  try {
    await git(['merge-base', '--is-ancestor', ancestor, descendant], { cwd: repo });
    return true;
  } catch (error) {
    if (error instanceof GitError && error.exitCode === 1) return false;
    throw error;
  }
}
