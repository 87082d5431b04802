/**
 * One commit on a new local branch, built with plumbing in a temporary index: folders moved
 * (read-tree --prefix, then rm --cached), folders deleted, files added, then write-tree,
 * commit-tree and a branch created only if absent. The working tree, the real index and the
 * current branch are never touched. Used by the lifecycle commands' `--commit`; the same
 * shape as the local promotion commit. Also when each entry folder was added (for ages).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GitRepo } from './repo.js';

export interface BranchCommitInput {
  repo: GitRepo;
  base: string;
  branch: string;
  message: string;
  /** Repository paths. */
  moves: { from: string; to: string }[];
  deletes: string[];
  files: { path: string; content: string }[];
}

export interface BranchCommitResult {
  commit: string;
  tree: string;
  operation: 'created' | 'unchanged';
}

/** Thrown when the branch exists with other content: it is never overwritten. */
export class BranchExists extends Error {
  override name = 'BranchExists';
}

export async function commitOnNewBranch(input: BranchCommitInput): Promise<BranchCommitResult> {
  const { repo } = input;
  const work = await mkdtemp(path.join(tmpdir(), 'promotion-gate-branch-'));
  try {
    const tree = await repo.withTemporaryIndex(async (index) => {
      await index.readTree(input.base);
      for (const move of input.moves) {
        await index.readTreeInto(move.to, `${input.base}:${move.from}`);
        await index.removeFolders([move.from]);
      }
      for (const folder of input.deletes) await index.removeFolders([folder]);
      for (const [n, file] of input.files.entries()) {
        const disk = path.join(work, `file-${n}`);
        await writeFile(disk, file.content);
        const [sha = ''] = await repo.hashFiles([disk]);
        await index.add([{ mode: '100644', sha, path: file.path }]);
      }
      return index.writeTree();
    });
    const existing = await repo.resolveCommit(`refs/heads/${input.branch}`);
    if (existing) {
      if ((await repo.treeOf(existing)) === tree) return { commit: existing, tree, operation: 'unchanged' };
      throw new BranchExists(`branch ${input.branch} already exists with other content; it is never overwritten (delete it with \`git branch -D ${input.branch}\` and run again)`);
    }
    const commit = await repo.commitTree(tree, [input.base], input.message);
    await repo.createBranch(input.branch, commit, `promotion-gate: ${input.branch}`);
    return { commit, tree, operation: 'created' };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * The date of the commit that added each entry folder, oldest add first (one `git log` over
 * the given repository folders). Renames are not followed: a folder moved into
 * `runs/_archived/` was added there by the commit that moved it. A shallow clone cannot
 * answer (its first commit would look like it added everything), so it returns null.
 */
export async function folderAddedDates(repo: GitRepo, folders: string[], depth: (repoPath: string) => string | undefined): Promise<Map<string, { at: string; commit: string }> | null> {
  if (await repo.isShallow()) return null;
  const dates = new Map<string, { at: string; commit: string }>();
  if (folders.length === 0 || (await repo.resolveCommit('HEAD')) === undefined) return dates;
  // Newest first: the last commit seen for an entry is the oldest that added a file to it.
  for (const { commit, at, paths } of await repo.additions(folders)) {
    for (const name of paths) {
      const entry = depth(name);
      if (entry !== undefined) dates.set(entry, { at: new Date(at).toISOString(), commit });
    }
  }
  return dates;
}
