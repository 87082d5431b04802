/**
 * The open pull requests of a repository and the paths each one touches (old and new names
 * of renamed files too), for cleanup: an entry an open pull request touches is still in use.
 * One pull request can be left out (the cleanup's own, which touches everything it moves).
 */
import type { GitHubClient } from './client.js';
import type { Repo } from './git-data.js';

export interface OpenPullFiles {
  number: number;
  /** Repository paths the pull request adds, changes, removes or renames. */
  paths: string[];
}

export async function openPullRequestFiles(client: GitHubClient, repo: Repo, except?: { branch: string }): Promise<OpenPullFiles[]> {
  const pulls = await client.paginate(client.rest.pulls.list, { ...repo, state: 'open', per_page: 100 });
  const out: OpenPullFiles[] = [];
  for (const pull of pulls.sort((a, b) => a.number - b.number)) {
    const own = except !== undefined && pull.head.ref === except.branch && pull.head.repo?.full_name === `${repo.owner}/${repo.repo}`;
    if (own) continue;
    const files = await client.paginate(client.rest.pulls.listFiles, { ...repo, pull_number: pull.number, per_page: 100 });
    const paths = new Set<string>();
    for (const file of files) {
      paths.add(file.filename);
      if (file.previous_filename) paths.add(file.previous_filename);
    }
    out.push({ number: pull.number, paths: [...paths].sort() });
  }
  return out;
}
