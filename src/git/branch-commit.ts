/**
 * One commit on a new local branch, built with plumbing in a temporary index: folders moved
 * (read-tree --prefix, then rm --cached), folders deleted, files added, then write-tree,
 * commit-tree and update-ref with an empty old value (create only). The working tree, the
 * real index and the current branch are never touched. Used by the lifecycle commands'
 * `--commit`; the same shape as the local promotion commit.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { git, gitMaybe } from './git.js';

/** The folders directly inside each of `folders` (repository paths) at `ref`. */
export async function subfoldersAt(top: string, ref: string, folders: string[]): Promise<string[]> {
  if (folders.length === 0) return [];
  const out = await git(['--literal-pathspecs', 'ls-tree', '-z', '--full-tree', ref, '--', ...folders.map((f) => `${f}/`)], { cwd: top });
  return out
    .split('\0')
    .filter(Boolean)
    .map((line) => ({ type: line.slice(0, line.indexOf('\t')).split(' ')[1], path: line.slice(line.indexOf('\t') + 1) }))
    .filter((entry) => entry.type === 'tree')
    .map((entry) => entry.path);
}

/** What is at a repository path at `ref`: 'tree', 'blob', 'commit' (a submodule) or null. */
export async function objectTypeAt(top: string, ref: string, repoPath: string): Promise<string | null> {
  const out = await gitMaybe(['cat-file', '-t', `${ref}:${repoPath}`], { cwd: top });
  return out === null ? null : out.trim();
}

export interface BranchCommitInput {
  top: string;
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
  const work = await mkdtemp(path.join(tmpdir(), 'promotion-gate-branch-'));
  const opts = { cwd: input.top, env: { GIT_INDEX_FILE: path.join(work, 'index') } };
  try {
    await git(['read-tree', input.base], opts);
    for (const move of input.moves) {
      await git(['read-tree', `--prefix=${move.to}/`, `${input.base}:${move.from}`], opts);
      await git(['--literal-pathspecs', 'rm', '--cached', '-r', '-q', '--', move.from], opts);
    }
    for (const folder of input.deletes) await git(['--literal-pathspecs', 'rm', '--cached', '-r', '-q', '--', folder], opts);
    for (const [index, file] of input.files.entries()) {
      const disk = path.join(work, `file-${index}`);
      await writeFile(disk, file.content);
      const sha = (await git(['hash-object', '-w', '--no-filters', '--', disk], opts)).trim();
      await git(['update-index', '--add', '--cacheinfo', `100644,${sha},${file.path}`], opts);
    }
    const tree = (await git(['write-tree'], opts)).trim();
    const ref = `refs/heads/${input.branch}`;
    const existing = (await gitMaybe(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], opts))?.trim();
    if (existing) {
      const existingTree = (await git(['rev-parse', `${existing}^{tree}`], opts)).trim();
      if (existingTree === tree) return { commit: existing, tree, operation: 'unchanged' };
      throw new BranchExists(`branch ${input.branch} already exists with other content; it is never overwritten (delete it with \`git branch -D ${input.branch}\` and run again)`);
    }
    const messageFile = path.join(work, 'message');
    await writeFile(messageFile, input.message);
    const commit = (await git(['commit-tree', tree, '-p', input.base, '-F', messageFile], opts)).trim();
    await git(['update-ref', '-m', `promotion-gate: ${input.branch}`, ref, commit, ''], opts);
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
export async function folderAddedDates(top: string, folders: string[], depth: (repoPath: string) => string | undefined): Promise<Map<string, { at: string; commit: string }> | null> {
  if ((await git(['rev-parse', '--is-shallow-repository'], { cwd: top })).trim() === 'true') return null;
  const dates = new Map<string, { at: string; commit: string }>();
  if (folders.length === 0 || (await gitMaybe(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: top })) === null) return dates;
  const out = await git(['--literal-pathspecs', 'log', '--no-renames', '--diff-filter=A', '--name-only', '-z', '--format=%x01%H %cI', 'HEAD', '--', ...folders], { cwd: top, maxBuffer: 512 * 1024 * 1024 });
  // Newest first: the last commit seen for an entry is the oldest that added a file to it.
  for (const chunk of out.split('\x01').filter(Boolean)) {
    const [header = '', ...names] = chunk.split('\0').map((part) => part.replace(/^\n/, '')).filter(Boolean);
    const [commit = '', at = ''] = header.split(' ');
    for (const name of names) {
      const entry = depth(name);
      if (entry !== undefined) dates.set(entry, { at: new Date(at).toISOString(), commit });
    }
  }
  return dates;
}

