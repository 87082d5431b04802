/**
 * The provenance code's one door into a store: listing a run folder recursively and
 * opening its files, always through the store's safe-path rules (links followed only when
 * they stay inside the store root, FIFOs and devices never opened).
 */
import type { FileHandle } from 'node:fs/promises';
import { ArtifactError } from '../contract/errors.js';
import { storeRootOf, type StoreLocation } from './location.js';
import { listDirInStore, readJsonInStore, readTextInStore, type EntryKind } from './read.js';
import { displayOf, openResolved, resolveInStore } from './safe-path.js';

export interface RunEntry {
  /** Path inside the run folder, "/"-separated. */
  rel: string;
  /** Path inside the store, for the store readers. */
  storeRel: string;
  display: string;
  kind: EntryKind;
  symlinked: boolean;
}

const MAX_DEPTH = 16;
const MAX_ENTRIES = 100_000;

const join = (a: string, b: string): string => (a === '' ? b : b === '' ? a : `${a}/${b}`);

/** `runs/x` + `fingerprint.json`; a run folder that is the location itself is ''. */
export const runPath = join;

/**
 * Every entry below `relDir` (files, and anything that is not a file or folder, so callers
 * can report it), sorted by path. Folders reached through links are not descended into:
 * a link to a folder would let one run claim another's files.
 */
export async function listRunEntries(location: StoreLocation, relDir: string): Promise<RunEntry[]> {
  const root = storeRootOf(location);
  const out: RunEntry[] = [];
  const walk = async (rel: string, depth: number): Promise<void> => {
    for (const entry of await listDirInStore(root, join(relDir, rel))) {
      const childRel = join(rel, entry.name);
      const storeRel = join(relDir, childRel);
      const display = displayOf(root, storeRel);
      if (entry.kind === 'directory' && !entry.symlinked && depth < MAX_DEPTH) await walk(childRel, depth + 1);
      else out.push({ rel: childRel, storeRel, display, kind: entry.kind, symlinked: entry.symlinked });
      if (out.length > MAX_ENTRIES) throw new ArtifactError({ file: display }, `more than ${MAX_ENTRIES} files in the run folder (refused)`, 'artifact.too_large');
    }
  };
  await walk('', 0);
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

export async function openInRun(location: StoreLocation, storeRel: string): Promise<{ handle: FileHandle; size: number; display: string }> {
  const resolved = await resolveInStore(storeRootOf(location), storeRel, 'file');
  return { handle: await openResolved(resolved), size: resolved.stats.size, display: resolved.display };
}

/** A small text file, or undefined when it does not exist. Other problems throw. */
export async function readOptionalText(location: StoreLocation, storeRel: string, maxBytes: number): Promise<string | undefined> {
  try {
    return await readTextInStore(storeRootOf(location), storeRel, maxBytes);
  } catch (error) {
    if (error instanceof ArtifactError && error.code === 'artifact.missing') return undefined;
    throw error;
  }
}

/** A small strict JSON file, or undefined when it does not exist. Other problems throw. */
export async function readOptionalJson(location: StoreLocation, storeRel: string, maxBytes: number): Promise<unknown> {
  try {
    return await readJsonInStore(storeRootOf(location), storeRel, maxBytes);
  } catch (error) {
    if (error instanceof ArtifactError && error.code === 'artifact.missing') return undefined;
    throw error;
  }
}
