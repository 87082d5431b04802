/**
 * Carrying a lifecycle change out as one commit on a new local branch (`--commit`), based on
 * the current HEAD: the working tree, the index and the current branch stay as they are. The
 * change must match the base commit (every source committed there, no destination taken),
 * so what the branch holds is exactly the change. A branch that exists with other content is
 * never overwritten.
 */
import { UsageError } from '../contract/errors.js';
import type { StoreLocation } from '../store/location.js';
import { BranchExists, commitOnNewBranch } from '../git/branch-commit.js';
import { isSafeRefName } from '../git/refs.js';
import { openLocalRepo, type LocalRepo } from '../git/store-repo.js';
import type { StoreChange } from './change.js';
import { ChangeRefused } from './errors.js';
import { ENTRY_PARENTS, entriesFromFolders, type StoreEntry } from '../store/status.js';

/** The branch a change is committed on: archive/<id>, restore/<id>, or the one cleanup branch. */
export function changeBranch(change: StoreChange): string {
  if (change.kind === 'cleanup') return CLEANUP_BRANCH;
  const subject = change.events[0]?.event.subject ?? 'entry';
  return `${change.kind}/${subject}`;
}

/** The fixed branch of cleanup pull requests (one at a time, updated in place). */
export const CLEANUP_BRANCH = 'promotion-gate/cleanup';

/** The store's entries as the base commit has them. */
export async function entriesAtBase(repo: LocalRepo): Promise<StoreEntry[]> {
  const strip = (p: string): string => p.slice(repo.prefix.length);
  const containers = [...ENTRY_PARENTS.filter((p) => p !== 'references/gold'), 'references/silver/_archive', 'references/silver/_archived'];
  const folders = await repo.git.subfoldersAt(repo.base, containers.map((c) => `${repo.prefix}${c}`));
  const tasks = await repo.git.subfoldersAt(repo.base, [`${repo.prefix}references/gold`]);
  folders.push(...(await repo.git.subfoldersAt(repo.base, tasks)));
  return entriesFromFolders(folders.map(strip));
}

export interface CommitOutcome {
  branch: string;
  commit: string;
  operation: 'created' | 'unchanged';
  baseName: string;
}

/** Message trailers say which change made the commit and on which base (as promotion commits do). */
export function changeCommitMessage(change: StoreChange, changeId: string, base: string): string {
  return [change.title, '', change.body, '', `Promotion-Gate-Id: ${changeId}`, `Promotion-Gate-Base: ${base}`, ''].join('\n').replace(/\n{3,}/g, '\n\n');
}

export async function openRepo(store: StoreLocation): Promise<LocalRepo> {
  return openLocalRepo(store);
}

export async function commitChange(repo: LocalRepo, store: StoreLocation, change: StoreChange): Promise<CommitOutcome> {
  const branch = changeBranch(change);
  if (!isSafeRefName(branch)) throw new UsageError(`branch ${branch}: not a valid branch name`);
  const where = `${repo.baseName}`;
  for (const source of [...change.moves.map((m) => m.from), ...change.deletes]) {
    if ((await repo.git.objectTypeAt(repo.base, `${repo.prefix}${source}`)) !== 'tree') {
      throw new UsageError(`--commit: ${store.display}/${source} is not committed on ${where}; commit it first, or run without --commit to change the working tree`);
    }
  }
  for (const move of change.moves) {
    if ((await repo.git.objectTypeAt(repo.base, `${repo.prefix}${move.to}`)) !== null) {
      throw new UsageError(`--commit: ${store.display}/${move.to} already exists on ${where}; an entry is never moved onto another`);
    }
  }
  const files = [];
  for (const event of change.events) {
    const repoPath = `${repo.prefix}${event.path}`;
    const type = await repo.git.objectTypeAt(repo.base, repoPath);
    if (type !== null) {
      const existing = type === 'blob' ? await repo.git.blobText(`${repo.base}:${repoPath}`) : '';
      if (existing === event.content) continue;
      throw new UsageError(`--commit: ${store.display}/${event.path} already exists on ${where} with other content: an event file is never overwritten`);
    }
    files.push({ path: repoPath, content: event.content });
  }
  try {
    const result = await commitOnNewBranch({
      repo: repo.git,
      base: repo.base,
      branch,
      message: changeCommitMessage(change, change.kind === 'cleanup' ? 'cleanup' : branch, repo.base),
      moves: change.moves.map((m) => ({ from: `${repo.prefix}${m.from}`, to: `${repo.prefix}${m.to}` })),
      deletes: change.deletes.map((d) => `${repo.prefix}${d}`),
      files,
    });
    return { branch, commit: result.commit, operation: result.operation, baseName: repo.baseName };
  } catch (error) {
    if (error instanceof BranchExists) throw new ChangeRefused(error.message);
    throw error;
  }
}
