/**
 * The pwn-request guard (RELIABILITY G2). `pull_request_target` and `workflow_run` run with
 * the base repository's write token and secrets; if the job checked out a fork's head, any
 * build step may already have run the fork's code with them. The gate reads PR data from
 * git objects and needs no such checkout, so one is refused unless explicitly allowed.
 */
import { UsageError } from '../contract/errors.js';
import { GitRepo } from '../git/repo.js';
import type { PullRequestInfo } from './pull-request.js';

export const PRIVILEGED_EVENTS = ['pull_request_target', 'workflow_run'];

export function isFork(pr: Pick<PullRequestInfo, 'headRepo' | 'baseRepo'>): boolean {
  // A deleted fork has no head repository: it can only have been a fork.
  return pr.headRepo === '' || pr.headRepo.toLowerCase() !== pr.baseRepo.toLowerCase();
}

/** Whether the checked-out HEAD contains the fork's head commit (checked out directly or merged). */
export async function forkHeadCheckedOut(workspace: string, headSha: string): Promise<boolean> {
  const repo = GitRepo.at(workspace);
  const head = await repo.resolveCommit('HEAD');
  if (!head) return false;
  return (await repo.isAncestor(headSha, head)) === true;
}

export async function guardPrivilegedCheckout(input: {
  eventName: string;
  pr: PullRequestInfo;
  workspace: string;
  allow: boolean;
  warn: (message: string) => void;
}): Promise<void> {
  const { eventName, pr } = input;
  if (!PRIVILEGED_EVENTS.includes(eventName) || !isFork(pr)) return;
  if (!(await forkHeadCheckedOut(input.workspace, pr.headSha))) return;
  const what = `${eventName} runs with this repository's write token and secrets, and the workspace has the fork's head (${pr.headRepo || 'a deleted fork'}@${pr.headSha.slice(0, 12)}) checked out`;
  if (input.allow) {
    input.warn(`${what}; continuing because allow-fork-checkout is true`);
    return;
  }
  throw new UsageError(
    `refusing to run: ${what}, so untrusted code may already have run with them (a "pwn request"). ` +
      'Check out the base branch instead (the gate reads the pull request from git objects), use the two-workflow pattern ' +
      '(gate on pull_request, comment from workflow_run), or set input allow-fork-checkout: true if you accept the risk',
  );
}
