/**
 * Lifecycle statuses (DESIGN.md section 10): an entry's status is where it lives, nothing
 * else. This is the one place that knows the mapping; archive, restore, cleanup, events,
 * the gate's "archived baseline" hint, and later `runs` and the dashboard all ask here.
 *
 *   runs/<id>                                experimental  (retention applies)
 *   baselines/<id>                           baseline      (never touched by retention)
 *   references/silver/<id>                   reference
 *   references/gold/<task>/<id>              reference
 *   runs/_archived/<id>                      archived run  (restorable, deleted by retention)
 *   baselines/_archived/<id>                 archived baseline (restorable, never deleted)
 *   references/<quality>/_archive[d]/<id>    archived reference (real stores keep these; untouched)
 *   (gone, with a `deleted` event)           deleted
 *
 * Pure: `entryAt(path)` classifies one store-relative folder, `entriesFromFolders` a listing
 * (from the working tree, a git tree or the GitHub API), `statusOf` adds the event log.
 */
import { UsageError } from '../contract/errors.js';
import { isValidId, validateId } from './ids.js';
import type { LifecycleEvent } from './events.js';

export const ENTRY_STATUSES = ['experimental', 'baseline', 'reference', 'archived', 'deleted'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/** What the entry is, whatever its status: an archived baseline is still a baseline. */
export type EntryKind = 'run' | 'baseline' | 'reference';

export interface StoreEntry {
  id: string;
  status: Exclude<EntryStatus, 'deleted'>;
  kind: EntryKind;
  /** Store-relative folder, "/"-separated: `runs/x`, `baselines/_archived/y`. */
  path: string;
  /** References only. */
  quality?: 'silver' | 'gold';
  /** Gold references only: the task folder. */
  task?: string;
}

/** Where archived entries of each kind live. */
export const ARCHIVE_FOLDER = '_archived';
const ARCHIVED_REFERENCE_FOLDERS = new Set(['_archived', '_archive']);

/** The folders that hold entries, for listing a store: depth-1 children of each. */
export const ENTRY_PARENTS: readonly string[] = ['runs', 'runs/_archived', 'baselines', 'baselines/_archived', 'references/silver', 'references/gold'];

/** The store entry a folder is, or undefined when the path is not an entry (a template, a task folder, a bad id). */
export function entryAt(path: string): StoreEntry | undefined {
  const parts = path.split('/');
  const [top, second, third, fourth] = parts;
  const entry = (status: StoreEntry['status'], kind: EntryKind, id: string | undefined, extra: Partial<StoreEntry> = {}): StoreEntry | undefined =>
    id !== undefined && isValidId(id) ? { id, status, kind, path, ...extra } : undefined;
  if (top === 'runs' || top === 'baselines') {
    const kind: EntryKind = top === 'runs' ? 'run' : 'baseline';
    if (parts.length === 2) return entry(top === 'runs' ? 'experimental' : 'baseline', kind, second);
    if (parts.length === 3 && second === ARCHIVE_FOLDER) return entry('archived', kind, third);
    return undefined;
  }
  if (top !== 'references') return undefined;
  if (second === 'silver') {
    if (parts.length === 3) return entry('reference', 'reference', third, { quality: 'silver' });
    if (parts.length === 4 && third !== undefined && ARCHIVED_REFERENCE_FOLDERS.has(third)) return entry('archived', 'reference', fourth, { quality: 'silver' });
    return undefined;
  }
  if (second === 'gold' && parts.length === 4 && third !== undefined && isValidId(third)) {
    return entry('reference', 'reference', fourth, { quality: 'gold', task: third });
  }
  if (second === 'gold' && parts.length === 4 && third !== undefined && ARCHIVED_REFERENCE_FOLDERS.has(third)) {
    return entry('archived', 'reference', fourth, { quality: 'gold' });
  }
  return undefined;
}

/** Entries among store-relative folder paths, sorted by path (code-unit order, the same everywhere). */
export function entriesFromFolders(folders: Iterable<string>): StoreEntry[] {
  const entries: StoreEntry[] = [];
  for (const folder of folders) {
    const entry = entryAt(folder);
    if (entry) entries.push(entry);
  }
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Where an entry goes when archived (runs and baselines only; references are immutable). */
export function archivedPath(entry: StoreEntry): string {
  if (entry.kind === 'reference') throw new UsageError(`${entry.path}: references are immutable and never archived`);
  return `${entry.kind === 'run' ? 'runs' : 'baselines'}/${ARCHIVE_FOLDER}/${entry.id}`;
}

/** Where an archived run or baseline goes back to. */
export function restoredPath(entry: StoreEntry): string {
  if (entry.kind === 'reference') throw new UsageError(`${entry.path}: archived references are not restored by promotion-gate (references are immutable)`);
  return `${entry.kind === 'run' ? 'runs' : 'baselines'}/${entry.id}`;
}

/** A qualified name (`baselines/x`, `runs/_archived/x`) or a bare id, as users type it. */
export function findEntries(entries: StoreEntry[], name: string, input: string): StoreEntry[] {
  if (name.includes('/')) {
    const path = name.replace(/\/+$/, '');
    const entry = entryAt(path);
    if (!entry) throw new UsageError(`${input} "${name}": not an entry path (runs/<id>, runs/_archived/<id>, baselines/<id>, baselines/_archived/<id>, references/...)`);
    return entries.filter((e) => e.path === entry.path);
  }
  validateId('run', name, input);
  return entries.filter((e) => e.id === name);
}

export interface EntryLifecycle {
  status: EntryStatus;
  /** The entries with this id (empty when deleted or unknown). */
  entries: StoreEntry[];
  /** The `deleted` event, when the id is gone. */
  deletedBy?: LifecycleEvent;
}

/**
 * The status of an id: where it lives, else `deleted` when the log records its deletion,
 * else undefined (unknown). Several entries can share an id (a run and a baseline); the
 * caller decides whether that is ambiguous.
 */
export function statusOf(id: string, entries: StoreEntry[], events: LifecycleEvent[]): EntryLifecycle | undefined {
  const found = entries.filter((e) => e.id === id);
  const first = found[0];
  if (first) return { status: first.status, entries: found };
  const deleted = [...events].reverse().find((e) => e.type === 'deleted' && e.subject === id);
  return deleted ? { status: 'deleted', entries: [], deletedBy: deleted } : undefined;
}
