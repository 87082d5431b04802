/**
 * Writes the sticky comments. A comment that cannot be written never changes the verdict
 * (RELIABILITY G1): a fork's pull_request run gets a read-only GITHUB_TOKEN, so a 403 here
 * is expected there and becomes a warning that names the missing permission and the fix.
 */
import type { GitHubClient } from '../github/client.js';
import { errorMessage, httpStatus } from '../github/errors.js';
import { resolveIdentity, type TokenIdentity } from '../github/identity.js';
import { upsertStickyComment } from '../github/sticky-comment.js';
import type { ActionCore } from './deps.js';
import { mayReplaceComment } from './head-order.js';
import type { PullRequestInfo } from './pull-request.js';
import type { GitRepo } from '../git/repo.js';

export const READ_ONLY_HINT =
  'the token cannot write pull request comments: grant `permissions: pull-requests: write`. ' +
  'Pull requests from forks always get a read-only GITHUB_TOKEN on `pull_request`; to comment on them use the two-workflow pattern ' +
  '(gate on pull_request, comment from workflow_run: examples/workflows/gate-pr.yml and comment-from-workflow-run.yml). ' +
  'The verdict, the job summary and the report artifact are not affected';

export interface CommentJob {
  key: string;
  body: string;
}

export async function writeComments(input: {
  client: GitHubClient;
  repository: { owner: string; repo: string };
  pr: PullRequestInfo;
  checkout: GitRepo | undefined;
  jobs: CommentJob[];
  core: Pick<ActionCore, 'info' | 'warning'>;
}): Promise<string[]> {
  const { client, pr, core } = input;
  const urls: string[] = [];
  let identity: TokenIdentity;
  try {
    identity = await resolveIdentity(client);
  } catch (error) {
    core.warning(`promotion-gate: no PR comment: cannot tell which account this token is (${errorMessage(error)})`);
    return urls;
  }
  core.info(`comments are matched by author ${identity.login} (${identity.source})`);
  const mayReplace = mayReplaceComment({ checkout: input.checkout, ourHead: pr.headSha, client, ...input.repository, pullNumber: pr.number, log: core.info });
  for (const job of input.jobs) {
    try {
      const result = await upsertStickyComment(client, { ...input.repository, issueNumber: pr.number, key: job.key }, identity, { body: job.body, mayReplace, log: core.info });
      core.info(`comment for ${job.key}: ${result.operation}${result.removed > 0 ? `, ${result.removed} duplicate(s) removed` : ''} ${result.url}`);
      if (result.url) urls.push(result.url);
    } catch (error) {
      const status = httpStatus(error);
      const why = status === 403 || status === 404 ? READ_ONLY_HINT : 'the verdict, the job summary and the report artifact are not affected';
      core.warning(`promotion-gate: could not write the comment for run ${job.key} on pull request #${pr.number} (${status ?? 'no answer'}: ${errorMessage(error).split('\n')[0]}): ${why}`);
      // A read-only token fails the same way for every run: say it once.
      if (status === 403) break;
    }
  }
  return urls;
}
