/**
 * Promoted directories are immutable (RELIABILITY G13): a pull request may add a new baseline
 * or reference, but must not touch anything inside one that already exists at the merge base.
 *
 * `git diff --raw` with rename detection off shows a rename as a delete plus an add (a
 * `--name-only` diff with renames on would hide the old path), and its modes show chmods and
 * type changes (a file replaced by a symbolic link is mode 120000) that a content diff misses.
 */
import type { GitRepo } from './repo.js';

export type ChangeKind = 'edited' | 'deleted' | 'added' | 'mode changed' | 'type changed';

export interface PromotedChange {
  /** Repository-relative path. */
  path: string;
  kind: ChangeKind;
  /** The promoted directory it is inside, store-relative (e.g. `baselines/b1`). */
  unit: string;
  oldMode: string;
  newMode: string;
}

/**
 * The promoted directory a store-relative path belongs to. Gold references are grouped by
 * task; archived baselines are promoted directories too. A loose file directly under
 * `baselines/` or `references/` is its own unit.
 */
export function promotedUnit(storeRelative: string): string {
  const parts = storeRelative.split('/');
  const depth = parts[0] === 'baselines' ? (parts[1] === '_archived' ? 3 : 2) : parts[1] === 'gold' ? 4 : 3;
  return parts.length > depth ? parts.slice(0, depth).join('/') : storeRelative;
}

/** What a git file mode stands for, in words. */
export const modeType = (mode: string): string => (mode === '120000' ? 'symbolic link' : mode === '160000' ? 'submodule' : mode === '000000' ? 'nothing' : 'file');

function kindOf(status: string, oldMode: string, newMode: string): ChangeKind {
  if (status === 'A') return 'added';
  if (status === 'D') return 'deleted';
  if (status === 'T' || modeType(oldMode) !== modeType(newMode)) return 'type changed';
  return oldMode === newMode ? 'edited' : 'mode changed';
}

/** Every change between `mergeBase` and `head` inside a promoted directory that existed at the merge base. */
export async function promotedChanges(repo: GitRepo, mergeBase: string, head: string, storePath: string): Promise<PromotedChange[]> {
  const prefix = storePath ? `${storePath}/` : '';
  const roots = [`${prefix}baselines`, `${prefix}references`];
  const existing = new Set((await repo.listTree(mergeBase, roots)).map((e) => promotedUnit(e.path.slice(prefix.length))));
  const changes: PromotedChange[] = [];
  for (const { oldMode, newMode, status, path } of await repo.rawChanges(mergeBase, head, roots)) {
    const unit = promotedUnit(path.slice(prefix.length));
    if (!existing.has(unit)) continue;
    // A modification that changes neither content nor mode cannot appear in a diff; mode-only changes can.
    changes.push({ path, kind: kindOf(status.charAt(0), oldMode, newMode), unit, oldMode, newMode });
  }
  return changes;
}
