/**
 * Finds the references in a store: `references/silver/<id>/` and
 * `references/gold/<task>/<id>/` (a gold folder holding artifacts directly, as real stores
 * sometimes have, is read as a reference too). Their dataset and task come from whichever
 * small artifact states them. Unreadable references are skipped: they are informational.
 * Archived folders (`_archive/`, `_archived/` under silver or a gold task) are listed too,
 * marked `archived`: a run scored against one must still see that reference's scores.
 */
import { listDirInStore, readJsonInStore } from './read.js';
import type { StoreLocation } from './location.js';

/** A reference found in the store, with the dataset and task its artifacts state. */
export interface ReferenceInfo {
  id: string;
  quality: 'silver' | 'gold';
  path: string;
  /** Folder relative to the store root, e.g. `references/silver/x`. */
  rel?: string;
  dataset?: string;
  task?: string;
  /** Found under an `_archive/` folder: shown only when a side was scored against it. */
  archived?: boolean;
}

const IDENTITY_FILES = ['metrics.json', 'baseline.json', 'index.json', 'fingerprint.json'];
const ARTIFACT_MARKERS = new Set(['predictions.jsonl', 'metrics.json', 'baseline.json', 'index.json']);
const MAX_IDENTITY_BYTES = 4 * 1024 * 1024;

const ARCHIVES = ['_archive', '_archived'];

async function subdirectories(store: StoreLocation, rel: string): Promise<string[]> {
  try {
    const entries = await listDirInStore(store.root, rel, store.display);
    return entries.filter((e) => e.kind === 'directory' && !e.name.startsWith('_') && !e.name.startsWith('.')).map((e) => e.name);
  } catch {
    return [];
  }
}

/** `[rel, archived]` for a folder and its archive folders. */
async function withArchives(store: StoreLocation, rel: string): Promise<{ rel: string; archived: boolean }[]> {
  const found = [{ rel, archived: false }];
  for (const archive of ARCHIVES) {
    if ((await subdirectories(store, `${rel}/${archive}`)).length > 0) found.push({ rel: `${rel}/${archive}`, archived: true });
  }
  return found;
}

async function holdsArtifacts(store: StoreLocation, rel: string): Promise<boolean> {
  try {
    const entries = await listDirInStore(store.root, rel, store.display);
    return entries.some((e) => e.kind === 'file' && ARTIFACT_MARKERS.has(e.name));
  } catch {
    return false;
  }
}

async function identity(store: StoreLocation, rel: string): Promise<{ dataset?: string; task?: string }> {
  const found: { dataset?: string; task?: string } = {};
  for (const file of IDENTITY_FILES) {
    try {
      const value = await readJsonInStore(store.root, `${rel}/${file}`, MAX_IDENTITY_BYTES, store.display);
      if (!value || typeof value !== 'object') continue;
      const record = value as Record<string, unknown>;
      const context = (record.run_context ?? {}) as Record<string, unknown>;
      const dataset = record.dataset_id ?? context.dataset_id;
      if (!found.dataset && typeof dataset === 'string') found.dataset = dataset;
      if (!found.task && typeof record.task === 'string') found.task = record.task;
      if (found.dataset && found.task) break;
    } catch {
      // missing or invalid: try the next file
    }
  }
  return found;
}

export async function discoverReferences(store: StoreLocation): Promise<ReferenceInfo[]> {
  const references: ReferenceInfo[] = [];
  for (const folder of await withArchives(store, 'references/silver')) {
    for (const id of await subdirectories(store, folder.rel)) {
      const rel = `${folder.rel}/${id}`;
      references.push({ id, quality: 'silver', path: `${store.display}/${rel}`, rel, ...(folder.archived ? { archived: true } : {}), ...(await identity(store, rel)) });
    }
  }
  for (const name of await subdirectories(store, 'references/gold')) {
    const rel = `references/gold/${name}`;
    if (await holdsArtifacts(store, rel)) {
      references.push({ id: name, quality: 'gold', path: `${store.display}/${rel}`, rel, ...(await identity(store, rel)) });
      continue;
    }
    for (const folder of await withArchives(store, rel)) {
      for (const id of await subdirectories(store, folder.rel)) {
        const refRel = `${folder.rel}/${id}`;
        const found = await identity(store, refRel);
        references.push({ id, quality: 'gold', path: `${store.display}/${refRel}`, rel: refRel, ...(folder.archived ? { archived: true } : {}), task: found.task ?? name, ...(found.dataset ? { dataset: found.dataset } : {}) });
      }
    }
  }
  return references;
}
