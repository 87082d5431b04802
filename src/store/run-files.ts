/**
 * The provenance code's one door into a store: listing a run folder recursively and
 * opening its files, always through the store's safe-path rules (links followed only when
 * they stay inside the store root, FIFOs and devices never opened).
 */
import { constants, type Stats } from 'node:fs';
import { lstat, open, readdir, realpath, type FileHandle } from 'node:fs/promises';
import { sep } from 'node:path';
import { ArtifactError } from '../contract/errors.js';
import { isErrno } from '../parse/jsonl.js';
import { storeRootOf, type StoreLocation } from './location.js';
import { readJsonInStore, readTextInStore, type EntryKind } from './read.js';
import { displayOf, openResolved, realStoreRoot, resolveInStore } from './safe-path.js';

export interface RunEntry {
  /** Path inside the run folder, "/"-separated (bytes that are not UTF-8 show as U+FFFD). */
  rel: string;
  /** Path inside the store, for the store readers. */
  storeRel: string;
  display: string;
  kind: EntryKind | 'hard-link';
  symlinked: boolean;
  /** For a regular file: the bytes of its real path and the inode checked when listed. */
  open?: { path: Buffer; ino: number; dev: number };
}

const MAX_DEPTH = 16;
const MAX_ENTRIES = 100_000;

const join = (a: string, b: string): string => (a === '' ? b : b === '' ? a : `${a}/${b}`);

/** `runs/x` + `fingerprint.json`; a run folder that is the location itself is ''. */
export const runPath = join;

const SEPARATOR = Buffer.from(sep);
const decoder = new TextDecoder('utf-8', { fatal: false });

/** The kind of what `stats` describes; a regular file with more than one name is a hard link. */
function kindOfStats(stats: Stats): RunEntry['kind'] {
  if (stats.isFile()) return stats.nlink > 1 ? 'hard-link' : 'file';
  if (stats.isDirectory()) return 'directory';
  if (stats.isFIFO()) return 'fifo';
  if (stats.isSocket()) return 'socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'device';
  return 'other';
}

const startsWithBytes = (bytes: Buffer, prefix: Buffer): boolean => bytes.length >= prefix.length && bytes.subarray(0, prefix.length).equals(prefix);

/**
 * Every entry below `relDir` (files, and anything that is not a file or folder, so callers
 * can report it), sorted by path. Folders reached through links are not descended into:
 * a link to a folder would let one run claim another's files. Names are listed and opened
 * as bytes (F22), so a backslash, a newline or a byte that is not UTF-8 is just part of a
 * name: such a file is read and scanned like any other.
 */
export async function listRunEntries(location: StoreLocation, relDir: string): Promise<RunEntry[]> {
  const root = storeRootOf(location);
  const folder = await resolveInStore(root, relDir, 'dir');
  const realRoot = Buffer.from(await realStoreRoot(root));
  const insideRoot = Buffer.concat([realRoot, SEPARATOR]);
  const out: RunEntry[] = [];
  const classify = async (full: Buffer, dirent: { isSymbolicLink(): boolean }): Promise<Pick<RunEntry, 'kind' | 'symlinked' | 'open'>> => {
    let real = full;
    if (dirent.isSymbolicLink()) {
      try {
        real = await realpath(full, { encoding: 'buffer' });
      } catch (error) {
        return { kind: isErrno(error, 'ELOOP') ? 'link-loop' : 'broken-link', symlinked: true };
      }
      if (!real.equals(realRoot) && !startsWithBytes(real, insideRoot)) return { kind: 'escaping-link', symlinked: true };
    }
    const stats = await lstat(real);
    const kind = kindOfStats(stats);
    return { kind, symlinked: dirent.isSymbolicLink(), ...(kind === 'file' ? { open: { path: real, ino: stats.ino, dev: stats.dev } } : {}) };
  };
  const walk = async (dir: Buffer, rel: string, depth: number): Promise<void> => {
    let dirents;
    try {
      dirents = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      throw new ArtifactError({ file: displayOf(root, join(relDir, rel)) }, `cannot be listed (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`, 'artifact.unreadable');
    }
    for (const dirent of dirents) {
      const name = Buffer.from(dirent.name);
      const full = Buffer.concat([dir, SEPARATOR, name]);
      const childRel = join(rel, decoder.decode(name));
      const storeRel = join(relDir, childRel);
      const display = displayOf(root, storeRel);
      const found = await classify(full, dirent);
      if (found.kind === 'directory' && !found.symlinked && depth < MAX_DEPTH) await walk(full, childRel, depth + 1);
      else out.push({ rel: childRel, storeRel, display, ...found });
      if (out.length > MAX_ENTRIES) throw new ArtifactError({ file: display }, `more than ${MAX_ENTRIES} files in the run folder (refused)`, 'artifact.too_large');
    }
  };
  await walk(Buffer.from(folder.path), '', 0);
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/**
 * Opens a listed regular file by its bytes, refusing it when it is no longer the file that
 * was listed (a swap between the listing and the open), the same guarantee as openResolved.
 */
export async function openRunEntry(entry: RunEntry): Promise<FileHandle> {
  if (!entry.open) throw new ArtifactError({ file: entry.display }, 'not a regular file (refused, not read)', 'artifact.unsafe');
  let handle: FileHandle;
  try {
    handle = await open(entry.open.path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new ArtifactError({ file: entry.display }, `cannot be read (${code})`, 'artifact.unreadable');
  }
  const opened = await handle.stat();
  if (!opened.isFile() || opened.ino !== entry.open.ino || opened.dev !== entry.open.dev || opened.nlink > 1) {
    await handle.close();
    throw new ArtifactError({ file: entry.display }, 'changed while being opened (refused, not read)', 'artifact.unsafe');
  }
  return handle;
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
