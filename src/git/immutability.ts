/**
 * Promoted directories are immutable (RELIABILITY G13): a pull request may add a new baseline
 * or reference, but must not touch anything inside one that already exists at the merge base.
 *
 * `git diff --raw` with rename detection off shows a rename as a delete plus an add (a
 * `--name-only` diff with renames on would hide the old path), and its modes show chmods and
 * type changes (a file replaced by a symbolic link is mode 120000) that a content diff misses.
 */
import type { Check } from '../contract/check.js';
import { git } from './git.js';
import { listTree } from './materialize.js';

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

const TYPE_OF = (mode: string): string => (mode === '120000' ? 'symbolic link' : mode === '160000' ? 'submodule' : mode === '000000' ? 'nothing' : 'file');

function kindOf(status: string, oldMode: string, newMode: string): ChangeKind {
  if (status === 'A') return 'added';
  if (status === 'D') return 'deleted';
  if (status === 'T' || TYPE_OF(oldMode) !== TYPE_OF(newMode)) return 'type changed';
  return oldMode === newMode ? 'edited' : 'mode changed';
}

/** Every change between `mergeBase` and `head` inside a promoted directory that existed at the merge base. */
export async function promotedChanges(repo: string, mergeBase: string, head: string, storePath: string): Promise<PromotedChange[]> {
  const prefix = storePath ? `${storePath}/` : '';
  const roots = [`${prefix}baselines`, `${prefix}references`];
  const existing = new Set((await listTree(repo, mergeBase, roots)).map((e) => promotedUnit(e.path.slice(prefix.length))));
  const out = await git(['diff', '--no-renames', '--no-ext-diff', '--raw', '-z', '--no-abbrev', mergeBase, head, '--', ...roots], { cwd: repo });
  // -z raw format: ":<old mode> <new mode> <old sha> <new sha> <status>\0<path>\0" per change.
  const fields = out.split('\0');
  const changes: PromotedChange[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const meta = fields[i] ?? '';
    const path = fields[i + 1] ?? '';
    const [oldMode = '', newMode = '', , , status = ''] = meta.replace(/^:/, '').split(' ');
    const unit = promotedUnit(path.slice(prefix.length));
    if (!existing.has(unit)) continue;
    // A modification that changes neither content nor mode cannot appear in a diff; mode-only changes can.
    changes.push({ path, kind: kindOf(status.charAt(0), oldMode, newMode), unit, oldMode, newMode });
  }
  return changes;
}

const CHECK_ID = 'promoted.unchanged';

/** Compliance checks: one failing check per changed path (each becomes an annotation), or one pass. */
export function immutabilityChecks(changes: PromotedChange[], mergeBase: string): Check[] {
  if (changes.length === 0) {
    return [{ id: CHECK_ID, status: 'pass', message: `no baseline or reference that exists at the merge base ${mergeBase.slice(0, 12)} was changed` }];
  }
  return changes.map((c) => {
    const modes = c.kind === 'mode changed' || c.kind === 'type changed' ? ` (${c.oldMode} → ${c.newMode}: ${TYPE_OF(c.oldMode)} → ${TYPE_OF(c.newMode)})` : '';
    return {
      id: CHECK_ID,
      status: 'fail',
      message: `${c.path}: ${c.kind}${modes} inside the promoted directory ${c.unit}, which is immutable; promote a new baseline or reference instead`,
      // Deleted paths too: the location is how the path shows (as code) in the comment and the annotation.
      file: c.path,
    } satisfies Check;
  });
}
