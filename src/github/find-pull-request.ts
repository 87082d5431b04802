/**
 * Finds the pull request for a head (repository, branch, sha) through the API. Used by the
 * commenting half of the two-workflow pattern: the number is never taken from an artifact
 * the untrusted run wrote, and for fork PRs workflow_run's own `pull_requests` is empty.
 */
import type { GitHubClient } from './client.js';
import { httpStatus } from './errors.js';

export interface HeadQuery {
  headOwner: string;
  headBranch: string;
  /** "owner/name" of the head repository. */
  headRepo: string;
  headSha: string;
}

interface PullLike {
  number: number;
  head: { sha: string; repo: { full_name: string } | null };
}

const matches = (query: HeadQuery) => (pull: PullLike): boolean =>
  pull.head.sha === query.headSha && (pull.head.repo?.full_name ?? '').toLowerCase() === query.headRepo.toLowerCase();

export async function findPullRequestByHead(client: GitHubClient, repo: { owner: string; repo: string }, query: HeadQuery): Promise<unknown> {
  // `head` must carry the "owner:" prefix, or GitHub silently ignores the filter.
  const byBranch = await client.paginate(client.rest.pulls.list, { ...repo, state: 'open', head: `${query.headOwner}:${query.headBranch}`, per_page: 100 });
  const found = byBranch.find(matches(query));
  if (found) return found;
  // The branch may have been renamed; the commit still leads to its pull request.
  try {
    const byCommit = await client.paginate(client.rest.repos.listPullRequestsAssociatedWithCommit, { ...repo, commit_sha: query.headSha, per_page: 100 });
    return byCommit.find((p) => p.state === 'open' && matches(query)(p));
  } catch (error) {
    // 422 "No commit found for SHA": the head is not in this repository's network.
    if (httpStatus(error) === 422 || httpStatus(error) === 404) return undefined;
    throw error;
  }
}
