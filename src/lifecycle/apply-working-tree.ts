/**
 * Carrying a lifecycle change out in the working tree. Everything is checked first (every
 * source is a real folder inside the store, no destination exists); then folders to delete
 * are renamed into a hidden trash folder, moves are renames, events are written, and only
 * when all of that worked is the trash removed. A failure before that point puts every
 * renamed folder back, so the store is as it was (or, at worst, holds the trash folder).
 */
import { mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../contract/errors.js';
import type { StoreLocation } from '../store/location.js';
import { ensureFolder } from '../store/writer.js';
import { realStoreRoot, resolveInStore, type StoreRoot } from '../store/safe-path.js';
import type { StoreChange } from './change.js';
import { writeEventFiles } from '../store/event-log.js';

const root = (store: StoreLocation): StoreRoot => ({ path: store.root, display: store.display });

async function exists(store: StoreLocation, rel: string): Promise<boolean> {
  return resolveInStore(root(store), rel, 'any').then(
    () => true,
    () => false,
  );
}

/** The real path of a store folder that must be a plain folder (not reached through a link). */
async function plainFolder(store: StoreLocation, rel: string): Promise<string> {
  const resolved = await resolveInStore(root(store), rel, 'dir').catch(() => {
    throw new UsageError(`${store.display}/${rel}: not found (or not a folder)`);
  });
  if (resolved.symlinked) throw new UsageError(`${store.display}/${rel}: reached through a symbolic link; move it by hand`);
  return resolved.path;
}

export interface WorkingTreeOutcome {
  moved: number;
  deleted: number;
  events: number;
}

export async function applyToWorkingTree(store: StoreLocation, change: StoreChange): Promise<WorkingTreeOutcome> {
  const sources = new Map<string, string>();
  for (const rel of [...change.moves.map((m) => m.from), ...change.deletes]) sources.set(rel, await plainFolder(store, rel));
  for (const move of change.moves) {
    if (await exists(store, move.to)) throw new UsageError(`${store.display}/${move.to} already exists: it is never overwritten`);
  }
  // Event files this change creates, removed again if a later step fails.
  const newEvents: string[] = [];
  for (const event of change.events) if (!(await exists(store, event.path))) newEvents.push(event.path);
  const realRoot = await realStoreRoot(root(store));
  const done: { from: string; to: string }[] = [];
  let trash: string | undefined;
  try {
    if (change.deletes.length > 0) {
      trash = await mkdtemp(path.join(realRoot, `.promotion-gate-trash-`));
      for (const [index, rel] of change.deletes.entries()) {
        const target = path.join(trash, String(index));
        await rename(sources.get(rel) ?? '', target);
        done.push({ from: sources.get(rel) ?? '', to: target });
      }
    }
    for (const move of change.moves) {
      const parent = await ensureFolder(store, path.posix.dirname(move.to));
      const target = path.join(parent, path.posix.basename(move.to));
      await rename(sources.get(move.from) ?? '', target);
      done.push({ from: sources.get(move.from) ?? '', to: target });
    }
    await writeEventFiles(store, change.events);
  } catch (error) {
    for (const step of done.reverse()) await rename(step.to, step.from).catch(() => undefined);
    for (const rel of newEvents) await rm(path.join(realRoot, ...rel.split('/')), { force: true }).catch(() => undefined);
    if (trash) await rm(trash, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
  if (trash) await rm(trash, { recursive: true, force: true });
  return { moved: change.moves.length, deleted: change.deletes.length, events: change.events.length };
}
