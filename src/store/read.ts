/**
 * Reading store files: every read goes through resolveInStore/openResolved (safe-path.ts),
 * checks the size cap before reading, and decodes strict UTF-8 (F2, F5, F8, F9).
 */
import { readdir, realpath, lstat } from 'node:fs/promises';
import path from 'node:path';
import { ArtifactError } from '../contract/errors.js';
import {
  checkFileSize,
  forEachJsonl,
  isErrno,
  readJsonl,
  type JsonlOptions,
  type JsonlRecord,
  type JsonlSummary,
  type JsonObject,
  type ReadLimits,
} from '../parse/jsonl.js';
import { parseStrictJson } from '../parse/json.js';
import { decodeStrictUtf8, stripBom } from '../parse/utf8.js';
import { asStoreRoot, isInside, openResolved, realStoreRoot, resolveInStore, type StoreRootLike } from './safe-path.js';

// The gate imports the resolver with the readers.
export { resolveInStore } from './safe-path.js';

export interface StoreText {
  /** Content without a leading BOM. */
  text: string;
  display: string;
  path: string;
  symlinked: boolean;
  bytes: number;
}

export interface StoreJson {
  value: unknown;
  display: string;
  path: string;
  symlinked: boolean;
  bytes: number;
}

/**
 * A text file's content (strict UTF-8, BOM removed), its size capped before reading.
 * `display` overrides the store's display prefix (e.g. `data/eval`) in messages.
 */
export async function readTextInStore(root: StoreRootLike, relative: string, maxBytes: number, display?: string): Promise<string> {
  return (await readTextFileInStore(root, relative, maxBytes, display)).text;
}

/** A strict JSON file's value (no NaN, no duplicate keys; errors name file:line:column). */
export async function readJsonInStore(root: StoreRootLike, relative: string, maxBytes: number, display?: string): Promise<unknown> {
  return (await readJsonFileInStore(root, relative, maxBytes, display)).value;
}

/** readTextInStore, also telling where the file really is and whether a link led there (F3). */
export async function readTextFileInStore(
  root: StoreRootLike,
  relative: string,
  maxBytes: number,
  display?: string,
): Promise<StoreText> {
  const resolved = await resolveInStore(asStoreRoot(root, display), relative, 'file');
  checkFileSize(resolved.stats, resolved.display, maxBytes);
  const handle = await openResolved(resolved);
  try {
    // One byte more than expected: if it fills, the file grew after the check.
    const buffer = Buffer.allocUnsafe(resolved.stats.size + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) {
        throw new ArtifactError({ file: resolved.display }, 'changed while being read (refused)', 'artifact.unsafe');
      }
    }
    const text = stripBom(decodeStrictUtf8(buffer.subarray(0, length), resolved.display));
    return { text, display: resolved.display, path: resolved.path, symlinked: resolved.symlinked, bytes: length };
  } finally {
    await handle.close();
  }
}

/** readJsonInStore, also telling where the file really is and whether a link led there (F3). */
export async function readJsonFileInStore(
  root: StoreRootLike,
  relative: string,
  maxBytes: number,
  display?: string,
): Promise<StoreJson> {
  const { text, ...file } = await readTextFileInStore(root, relative, maxBytes, display);
  return { value: parseStrictJson(text, file.display), ...file };
}

/**
 * Whether `relative` is a folder of the store (reached through links that stay inside).
 * Missing means false; an unsafe path (a link out of the store) throws, it is not "absent".
 */
export async function isDirectoryInStore(root: StoreRootLike, relative: string, display?: string): Promise<boolean> {
  try {
    return (await resolveInStore(asStoreRoot(root, display), relative, 'any')).stats.isDirectory();
  } catch (error) {
    if (error instanceof ArtifactError && error.code === 'artifact.missing') return false;
    throw error;
  }
}

export interface JsonlFileSummary extends JsonlSummary {
  display: string;
  symlinked: boolean;
}

/** Streams a JSONL file of the store; see forEachJsonl. */
export async function forEachJsonlInStore(
  root: StoreRootLike,
  relative: string,
  limits: ReadLimits,
  onRecord: (value: JsonObject, line: number) => void,
  options: JsonlOptions = {},
): Promise<JsonlFileSummary> {
  const resolved = await resolveInStore(asStoreRoot(root), relative, 'file');
  const handle = await openResolved(resolved);
  try {
    const summary = await forEachJsonl(handle, resolved.display, limits, onRecord, options);
    return { ...summary, display: resolved.display, symlinked: resolved.symlinked };
  } finally {
    await handle.close();
  }
}

/** Generator form of forEachJsonlInStore. */
export async function* readJsonlInStore(
  root: StoreRootLike,
  relative: string,
  limits: ReadLimits,
  options: JsonlOptions = {},
): AsyncGenerator<JsonlRecord, JsonlSummary> {
  const resolved = await resolveInStore(asStoreRoot(root), relative, 'file');
  const handle = await openResolved(resolved);
  try {
    return yield* readJsonl(handle, resolved.display, limits, options);
  } finally {
    await handle.close();
  }
}

export type EntryKind =
  | 'file'
  | 'directory'
  | 'fifo'
  | 'socket'
  | 'device'
  | 'other'
  | 'broken-link'
  | 'link-loop'
  /** A link whose target is outside the store: never followed. */
  | 'escaping-link';

export interface DirEntry {
  name: string;
  /** For a link inside the store, the kind of its target. */
  kind: EntryKind;
  symlinked: boolean;
}

/** Entries of a store folder, sorted by name; links are classified, never read through. */
export async function listDirInStore(root: StoreRootLike, relative: string, display?: string): Promise<DirEntry[]> {
  const store = asStoreRoot(root, display);
  const folder = await resolveInStore(store, relative, 'dir');
  const realRoot = await realStoreRoot(store);
  let dirents;
  try {
    dirents = await readdir(folder.path, { withFileTypes: true });
  } catch (error) {
    throw new ArtifactError({ file: folder.display }, `cannot be listed (${errnoCode(error)})`, 'artifact.unreadable');
  }
  const entries: DirEntry[] = [];
  for (const dirent of dirents) {
    if (!dirent.isSymbolicLink()) {
      entries.push({ name: dirent.name, kind: kindOf(dirent), symlinked: false });
      continue;
    }
    entries.push({ name: dirent.name, kind: await linkKind(path.join(folder.path, dirent.name), realRoot), symlinked: true });
  }
  // Code-unit order, not locale order: the same on every machine.
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function linkKind(link: string, realRoot: string): Promise<EntryKind> {
  let target: string;
  try {
    target = await realpath(link);
  } catch (error) {
    if (isErrno(error, 'ELOOP')) return 'link-loop';
    return 'broken-link';
  }
  if (!isInside(realRoot, target)) return 'escaping-link';
  return kindOf(await lstat(target));
}

interface TypeInfo {
  isFile(): boolean;
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}

function kindOf(info: TypeInfo): EntryKind {
  if (info.isFile()) return 'file';
  if (info.isDirectory()) return 'directory';
  if (info.isFIFO()) return 'fifo';
  if (info.isSocket()) return 'socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'device';
  return 'other';
}

function errnoCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'unknown error';
}
