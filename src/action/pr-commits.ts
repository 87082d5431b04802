/**
 * Getting a pull request's commits into the checkout as data. On `pull_request` the runner
 * checks out the merge commit and, with fetch-depth: 0, has both sides. On
 * `pull_request_target` and `workflow_run` the workspace holds the base branch: the head is
 * fetched from `refs/pull/<n>/head` into a private ref and read from git objects, never
 * checked out, so no code from the pull request runs.
 */
import { UsageError } from '../contract/errors.js';
import { GitError } from '../git/errors.js';
import { isSafeRefName } from '../git/refs.js';
import type { GitRepo } from '../git/repo.js';
import type { PullRequestInfo } from './pull-request.js';

export async function fetchPullRequestCommits(repo: GitRepo, pr: PullRequestInfo): Promise<void> {
  if ((await repo.hasCommit(pr.headSha)) && (await repo.hasCommit(pr.baseSha))) return;
  if (!isSafeRefName(pr.baseRef)) throw new UsageError(`the pull request's base branch "${pr.baseRef.slice(0, 100)}" is not a valid ref name`);
  const into = `refs/remotes/promotion-gate/pull/${pr.number}`;
  try {
    await repo.fetch('origin', [`+refs/pull/${pr.number}/head:${into}/head`, `+refs/heads/${pr.baseRef}:${into}/base`]);
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    throw new UsageError(`could not fetch pull request #${pr.number} from origin (${error.message}); check the repository out with actions/checkout (fetch-depth: 0, persist-credentials) first`);
  }
}

/** Whether the workspace holds the head's files: HEAD is the head, or the merge commit of it. */
export async function headIsCheckedOut(repo: GitRepo, headSha: string): Promise<boolean> {
  const line = await repo.headWithParents();
  if (!line) return false;
  const [head, ...parents] = line;
  return head === headSha || (parents.length === 2 && parents.includes(headSha));
}
