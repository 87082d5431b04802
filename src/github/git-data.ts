/**
 * The Git Data API, typed down to what a promotion needs: refs, commits, trees and blobs.
 *
 * Every write is sent once (`retries: 0`): a promotion is re-run as a whole, and each of its
 * steps first finds what an earlier attempt left (blobs and trees are content-addressed,
 * the branch and the PR are found by name), so a lost answer never duplicates anything.
 */
import type { GitHubClient } from './client.js';
import { httpStatus } from './errors.js';

export interface Repo {
  owner: string;
  repo: string;
}

export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  verified: boolean;
  author: string;
}

export interface TreeItem {
  path: string;
  mode: string;
  type: string;
  sha: string;
}

/** A tree entry to write: a blob by `sha`, UTF-8 text by `content`, or a deletion (`sha: null`). */
export type TreeWrite = {
  path: string;
  mode: '100644' | '100755' | '040000' | '160000' | '120000';
  type: 'blob' | 'tree' | 'commit';
} & ({ sha: string | null } | { content: string });

const ONCE = { request: { retries: 0 } };

export class GitData {
  private readonly trees = new Map<string, { items: TreeItem[]; truncated: boolean }>();

  constructor(
    readonly client: GitHubClient,
    readonly repo: Repo,
  ) {}

  /** The commit a branch points at, or null when the branch does not exist. */
  async branchHead(branch: string): Promise<string | null> {
    try {
      const { data } = await this.client.rest.git.getRef({ ...this.repo, ref: `heads/${branch}` });
      return data.object.sha;
    } catch (error) {
      if (httpStatus(error) === 404) return null;
      throw error;
    }
  }

  async commit(sha: string): Promise<CommitInfo> {
    const { data } = await this.client.rest.git.getCommit({ ...this.repo, commit_sha: sha });
    return {
      sha: data.sha,
      tree: data.tree.sha,
      parents: data.parents.map((p) => p.sha),
      message: data.message,
      verified: data.verification?.verified === true,
      author: data.author.name ?? '',
    };
  }

  async tree(sha: string, recursive = false): Promise<{ items: TreeItem[]; truncated: boolean }> {
    const key = `${sha}:${recursive}`;
    const cached = this.trees.get(key);
    if (cached) return cached;
    const { data } = await this.client.rest.git.getTree({ ...this.repo, tree_sha: sha, ...(recursive ? { recursive: 'true' } : {}) });
    const items = data.tree.map((t) => ({ path: t.path ?? '', mode: t.mode ?? '', type: t.type ?? '', sha: t.sha ?? '' }));
    const result = { items, truncated: data.truncated };
    this.trees.set(key, result);
    return result;
  }

  async blobText(sha: string): Promise<string> {
    const { data } = await this.client.rest.git.getBlob({ ...this.repo, file_sha: sha });
    return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
  }

  async createBlob(content: Buffer): Promise<string> {
    const { data } = await this.client.rest.git.createBlob({ ...this.repo, content: content.toString('base64'), encoding: 'base64', ...ONCE });
    return data.sha;
  }

  async createTree(baseTree: string, entries: TreeWrite[]): Promise<string> {
    const { data } = await this.client.rest.git.createTree({ ...this.repo, base_tree: baseTree, tree: entries, ...ONCE });
    return data.sha;
  }

  /** No author or committer is given, so GitHub signs the commit (verified). */
  async createCommit(message: string, tree: string, parents: string[]): Promise<string> {
    const { data } = await this.client.rest.git.createCommit({ ...this.repo, message, tree, parents, ...ONCE });
    return data.sha;
  }

  async createBranch(branch: string, sha: string): Promise<void> {
    await this.client.rest.git.createRef({ ...this.repo, ref: `refs/heads/${branch}`, sha, ...ONCE });
  }

  /** Never forced: GitHub refuses anything but a fast-forward, which makes this a compare-and-swap. */
  async fastForwardBranch(branch: string, sha: string): Promise<void> {
    await this.client.rest.git.updateRef({ ...this.repo, ref: `heads/${branch}`, sha, force: false, ...ONCE });
  }
}
