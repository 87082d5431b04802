/**
 * The pull request of a branch the action writes (promote/<id> today; cleanup and rollout
 * branches use the same), created or updated in place (the create-pull-request way): find
 * the open PR of the branch into the base, else create it once; a 422 "already exists" from a
 * race or a lost answer means find it again and update (G8, G11).
 */
import { Refused } from '../contract/errors.js';
import type { GitHubClient } from './client.js';
import type { Repo } from './git-data.js';
import { ACTIONS_PR_SETTING, forbidsActionsPullRequests, isForbidden, noCommitsBetween, pullRequestAlreadyExists } from './refusals.js';

export interface PullRequestWanted {
  base: string;
  branch: string;
  title: string;
  body: string;
}

export interface PullRequestResult {
  operation: 'created' | 'updated' | 'unchanged';
  url?: string;
  number?: number;
  /** Set when GitHub says the branch has nothing the base lacks (already merged). */
  nothingToMerge?: boolean;
}

interface PullLike {
  number: number;
  html_url: string;
  title: string;
  body?: string | null;
}

async function findOpen(client: GitHubClient, repo: Repo, wanted: PullRequestWanted): Promise<PullLike | undefined> {
  // `head` needs the "owner:" prefix, or GitHub ignores the filter.
  const pulls = await client.paginate(client.rest.pulls.list, { ...repo, state: 'open', head: `${repo.owner}:${wanted.branch}`, base: wanted.base, per_page: 100 });
  return pulls.sort((a, b) => a.number - b.number)[0];
}

/** The newest pull request of the branch in any state (for an already promoted run). */
export async function latestPullRequest(client: GitHubClient, repo: Repo, base: string, branch: string): Promise<string | undefined> {
  const { data } = await client.rest.pulls.list({ ...repo, state: 'all', head: `${repo.owner}:${branch}`, base, per_page: 1, sort: 'created', direction: 'desc' });
  return data[0]?.html_url;
}

async function updateIfNeeded(client: GitHubClient, repo: Repo, pull: PullLike, wanted: PullRequestWanted): Promise<PullRequestResult> {
  if (pull.title === wanted.title && (pull.body ?? '') === wanted.body) return { operation: 'unchanged', url: pull.html_url, number: pull.number };
  // PATCH is idempotent: the client's retries are safe here.
  const { data } = await client.rest.pulls.update({ ...repo, pull_number: pull.number, title: wanted.title, body: wanted.body });
  return { operation: 'updated', url: data.html_url, number: data.number };
}

export async function upsertPullRequest(client: GitHubClient, repo: Repo, wanted: PullRequestWanted): Promise<PullRequestResult> {
  const open = await findOpen(client, repo, wanted);
  if (open) return updateIfNeeded(client, repo, open, wanted);
  try {
    const { data } = await client.rest.pulls.create({
      ...repo, base: wanted.base, head: wanted.branch, title: wanted.title, body: wanted.body, request: { retries: 0 },
    });
    return { operation: 'created', url: data.html_url, number: data.number };
  } catch (error) {
    if (pullRequestAlreadyExists(error)) {
      const found = await findOpen(client, repo, wanted);
      if (found) return updateIfNeeded(client, repo, found, wanted);
    }
    if (noCommitsBetween(error)) return { operation: 'unchanged', nothingToMerge: true };
    if (forbidsActionsPullRequests(error)) {
      throw new Refused(
        `GitHub refused to open the pull request (403): this repository does not let GitHub Actions create pull requests. ` +
          `Enable Settings → Actions → General → Workflow permissions → "${ACTIONS_PR_SETTING}" (or pass a token that may), then re-run: ` +
          `branch ${wanted.branch} is ready and will be reused as it is`,
      );
    }
    if (isForbidden(error)) {
      throw new Refused(`GitHub refused to open the pull request (403): the token needs \`pull-requests: write\`; branch ${wanted.branch} is ready and will be reused on a re-run`);
    }
    throw error;
  }
}
