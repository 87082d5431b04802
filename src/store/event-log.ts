/**
 * The event log on disk: reading `<store>/events/` (every file is either a valid event or a
 * reported problem, never silently skipped: RELIABILITY L3) and writing event files into the
 * working tree. The format itself is events.ts.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ArtifactError, UsageError } from '../contract/errors.js';
import type { StoreLocation } from './location.js';
import { isDirectoryInStore, listDirInStore, readTextInStore } from './read.js';
import { realStoreRoot, resolveInStore, type StoreRoot } from './safe-path.js';
import { compareEvents, EVENTS_DIR, parseEventFile, type EventFile, type LifecycleEvent } from './events.js';

/** An event file is a few hundred bytes; anything this large is not one. */
export const MAX_EVENT_BYTES = 256 * 1024;

export interface StoredEvent {
  /** The file name inside events/. */
  name: string;
  /** How messages name the file, e.g. `data/eval/events/2026...json`. */
  file: string;
  event: LifecycleEvent;
}

export interface EventProblem {
  file: string;
  /** One line naming the file (and line, column or field) and what is wrong. */
  message: string;
}

export interface EventLog {
  /** Valid events, oldest first. */
  events: StoredEvent[];
  /** Files under events/ that are not valid events, by file name. */
  problems: EventProblem[];
}

const root = (store: StoreLocation): StoreRoot => ({ path: store.root, display: store.display });

/** Every file under `<store>/events/`; a store without the folder has an empty log. */
export async function readEventLog(store: StoreLocation): Promise<EventLog> {
  if (!(await isDirectoryInStore(root(store), EVENTS_DIR))) {
    const other = await resolveInStore(root(store), EVENTS_DIR, 'any').then(() => true, () => false);
    if (other) return { events: [], problems: [{ file: `${store.display}/${EVENTS_DIR}`, message: `${store.display}/${EVENTS_DIR}: not a folder` }] };
    return { events: [], problems: [] };
  }
  const events: StoredEvent[] = [];
  const problems: EventProblem[] = [];
  for (const entry of await listDirInStore(root(store), EVENTS_DIR)) {
    // Dot files (.gitkeep) are how git keeps an empty folder; they are not events.
    if (entry.name.startsWith('.')) continue;
    const rel = `${EVENTS_DIR}/${entry.name}`;
    const file = `${store.display}/${rel}`;
    if (entry.kind !== 'file' || entry.symlinked) {
      problems.push({ file, message: `${file}: ${entry.symlinked ? 'a symbolic link' : `a ${entry.kind}`}, not an event file (refused, not read)` });
      continue;
    }
    try {
      const text = await readTextInStore(root(store), rel, MAX_EVENT_BYTES);
      events.push({ name: entry.name, file, event: parseEventFile(entry.name, text, file) });
    } catch (error) {
      if (!(error instanceof ArtifactError)) throw error;
      problems.push({ file, message: error.message });
    }
  }
  return { events: events.sort(compareEvents), problems };
}

/** A log with problems is not evidence: commands that decide from it stop (exit 2), naming the first. */
export function requireCleanLog(log: EventLog): void {
  const first = log.problems[0];
  if (!first) return;
  const more = log.problems.length > 1 ? ` (and ${log.problems.length - 1} more malformed event file(s); \`promotion-gate events\` lists them)` : '';
  throw new UsageError(`malformed event file: ${first.message}${more}`);
}

/**
 * Writes event files into the working tree, never over a different file: the same event
 * again is a no-op (a re-run), another event with the same name is an error.
 */
export async function writeEventFiles(store: StoreLocation, files: EventFile[]): Promise<number> {
  if (files.length === 0) return 0;
  const real = await realStoreRoot(root(store));
  if (!(await isDirectoryInStore(root(store), EVENTS_DIR))) await mkdir(path.join(real, EVENTS_DIR));
  const folder = (await resolveInStore(root(store), EVENTS_DIR, 'dir')).path;
  let written = 0;
  for (const file of files) {
    const target = path.join(folder, path.posix.basename(file.path));
    try {
      await writeFile(target, file.content, { flag: 'wx' });
      written++;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const existing = await readTextInStore(root(store), file.path, MAX_EVENT_BYTES).catch(() => undefined);
      if (existing !== file.content) throw new UsageError(`${store.display}/${file.path} already exists with other content: an event file is never overwritten`);
    }
  }
  return written;
}
