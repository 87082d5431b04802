/**
 * A web link for a commit, so the report's commit is one click from the code: from the
 * Actions environment when running there, else from a GitHub-style `origin` remote.
 */
import { GitRepo } from '../../git/repo.js';

const SAFE_SLUG = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** `git@host:owner/repo.git` or `https://host/owner/repo(.git)` -> `https://host/owner/repo`. */
export function webUrlOfRemote(remote: string): string | undefined {
  const ssh = /^(?:ssh:\/\/)?git@([A-Za-z0-9.-]+)[:/]([^\s]+?)(?:\.git)?\/?$/.exec(remote);
  const https = /^https:\/\/(?:[^@/\s]+@)?([A-Za-z0-9.-]+(?::\d+)?)\/([^\s]+?)(?:\.git)?\/?$/.exec(remote);
  const match = ssh ?? https;
  if (!match || !SAFE_SLUG.test(match[2]!)) return undefined;
  return `https://${match[1]}/${match[2]}`;
}

export async function commitUrl(repoPath: string, commit: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(commit)) return undefined;
  const server = env.GITHUB_SERVER_URL;
  const repository = env.GITHUB_REPOSITORY;
  if (server && repository && SAFE_SLUG.test(repository) && /^https:\/\/[A-Za-z0-9.:-]+$/.test(server)) {
    return `${server}/${repository}/commit/${commit}`;
  }
  const remote = await GitRepo.at(repoPath).remoteUrl('origin').catch(() => undefined);
  const web = remote ? webUrlOfRemote(remote) : undefined;
  return web ? `${web}/commit/${commit}` : undefined;
}
