/**
 * A `push` event: which branch it went to (is it the default branch, where `auto_promote`
 * applies), and which run folders it added or changed, found with git between the event's
 * `before` and `after` commits like a pull request's runs (git/changed-runs.ts).
 */
import { UsageError } from '../contract/errors.js';
import { changedRuns, type ChangedRuns } from '../git/changed-runs.js';
import type { GitRepo } from '../git/repo.js';
import type { RunnerContext } from './deps.js';

export interface PushInfo {
  /** The pushed branch (refs/heads/ removed), or undefined for a tag. */
  branch: string | undefined;
  defaultBranch: string | undefined;
  before: string;
  after: string;
}

const NO_COMMIT = /^0+$/;

export function pushInfo(context: RunnerContext): PushInfo | undefined {
  if (context.eventName !== 'push') return undefined;
  const { payload } = context;
  const repository = payload.repository;
  const defaultBranch = typeof repository === 'object' && repository !== null ? (repository as Record<string, unknown>).default_branch : undefined;
  return {
    branch: context.ref.startsWith('refs/heads/') ? context.ref.slice('refs/heads/'.length) : undefined,
    defaultBranch: typeof defaultBranch === 'string' ? defaultBranch : undefined,
    before: typeof payload.before === 'string' ? payload.before : '',
    after: typeof payload.after === 'string' ? payload.after : context.sha,
  };
}

export function isDefaultBranchPush(push: PushInfo | undefined): push is PushInfo & { branch: string } {
  return push !== undefined && push.branch !== undefined && push.branch === push.defaultBranch;
}

/** The runs the push added or changed; `storePath` is repository-relative. */
export async function runsChangedByPush(repo: GitRepo, push: PushInfo, storePath: string): Promise<ChangedRuns> {
  if (push.before === '' || NO_COMMIT.test(push.before)) {
    throw new UsageError('input run: this push created the branch, so there is no earlier commit to compare with: set input run');
  }
  await repo.requireCommit(push.before, 'the commit before the push (event before)');
  await repo.requireCommit(push.after, 'the pushed commit (event after)');
  return changedRuns(repo, push.before, push.after, storePath);
}
