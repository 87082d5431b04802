/**
 * Copies local commits into the fake GitHub through its git data API (blobs, trees, commits,
 * refs, all validated by Prism), so the fake's shas equal the local repository's. Tests of
 * the workflow_run half need that: the action finds the pull request by head sha.
 */
import type { GitHubClient } from '../../../src/github/client.js';
import { gitBytes } from '../git.js';

const raw = gitBytes;
const text = (cwd: string, ...args: string[]): string => raw(cwd, ...args).toString('utf8');

interface Person {
  name: string;
  email: string;
  date: string;
}

function person(line: string): Person {
  const m = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(line);
  if (!m || m[4] !== '+0000') throw new Error(`mirror: commit dates must be UTC (${line})`);
  return { name: m[1] ?? '', email: m[2] ?? '', date: new Date(Number(m[3]) * 1000).toISOString().replace('.000Z', 'Z') };
}

/** Mirrors `sha` and its ancestors that `owner/repo` lacks, oldest first; returns nothing. */
export async function mirrorCommit(client: GitHubClient, work: string, owner: string, repo: string, sha: string, have: Set<string>): Promise<void> {
  const commits = text(work, 'rev-list', '--reverse', '--topo-order', sha).split('\n').filter((c) => c && !have.has(c));
  for (const commit of commits) {
    const body = text(work, 'cat-file', 'commit', commit);
    const [header = '', ...rest] = body.split('\n\n');
    const lines = header.split('\n');
    const field = (name: string): string[] => lines.filter((l) => l.startsWith(`${name} `)).map((l) => l.slice(name.length + 1));
    const entries = text(work, 'ls-tree', '-r', '-z', commit).split('\0').filter(Boolean).map((l) => {
      const [meta = '', path = ''] = l.split('\t');
      const [mode = '', , blob = ''] = meta.split(' ');
      return { mode, blob, path };
    });
    const tree = [];
    for (const e of entries) {
      const content = raw(work, 'cat-file', 'blob', e.blob).toString('base64');
      const made = await client.rest.git.createBlob({ owner, repo, content, encoding: 'base64' });
      if (made.data.sha !== e.blob) throw new Error(`mirror: blob sha mismatch for ${e.path}`);
      tree.push({ path: e.path, mode: e.mode as '100644' | '100755' | '120000', type: 'blob' as const, sha: e.blob });
    }
    const madeTree = await client.rest.git.createTree({ owner, repo, tree });
    const made = await client.rest.git.createCommit({
      owner,
      repo,
      message: rest.join('\n\n'),
      tree: madeTree.data.sha,
      parents: field('parent'),
      author: person(field('author')[0] ?? ''),
      committer: person(field('committer')[0] ?? ''),
    });
    if (made.data.sha !== commit) throw new Error(`mirror: commit sha mismatch (${made.data.sha} != ${commit})`);
    have.add(commit);
  }
}

/** Creates a branch at a mirrored commit. */
export async function setBranch(client: GitHubClient, owner: string, repo: string, branch: string, sha: string): Promise<void> {
  await client.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha });
}
