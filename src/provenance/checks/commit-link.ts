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

/** The `origin` remote's URL of the repository at a path (a git process), or undefined. */
export type RemoteLookup = (repoPath: string) => Promise<string | undefined>;

const originOf: RemoteLookup = (repoPath) => GitRepo.at(repoPath).remoteUrl('origin').catch(() => undefined);

/** A lookup that asks git once per path: the two sides of a gate usually share one repository. */
export function sharedRemoteLookup(): RemoteLookup {
  const asked = new Map<string, Promise<string | undefined>>();
  return (repoPath) => {
    let remote = asked.get(repoPath);
    if (!remote) asked.set(repoPath, (remote = originOf(repoPath)));
    return remote;
  };
}

/** The link from the Actions environment, or undefined outside Actions (or when its values look unsafe). */
function actionsUrl(commit: string, env: NodeJS.ProcessEnv): string | undefined {
  const server = env.GITHUB_SERVER_URL;
  const repository = env.GITHUB_REPOSITORY;
  if (server && repository && SAFE_SLUG.test(repository) && /^https:\/\/[A-Za-z0-9.:-]+$/.test(server)) {
    return `${server}/${repository}/commit/${commit}`;
  }
  return undefined;
}

const linkable = (commit: string): boolean => /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(commit);

/** Whether `commitUrl` will ask git for the remote (so a caller may ask early). */
export function asksRemote(commit: string | null | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  return commit !== null && commit !== undefined && linkable(commit) && actionsUrl(commit, env) === undefined;
}

export async function commitUrl(repoPath: string, commit: string, env: NodeJS.ProcessEnv = process.env, remoteOf: RemoteLookup = originOf): Promise<string | undefined> {
  if (!linkable(commit)) return undefined;
  const fromActions = actionsUrl(commit, env);
  if (fromActions) return fromActions;
  const remote = await remoteOf(repoPath);
  const web = remote ? webUrlOfRemote(remote) : undefined;
  return web ? `${web}/commit/${commit}` : undefined;
}
