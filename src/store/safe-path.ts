/**
 * Safe access inside a store root (F2, F3).
 *
 * A path is walked one component at a time with lstat, so nothing is opened before its
 * type is known. A symbolic link is followed only when its real target stays inside the
 * real store root (real stores link references to each other); FIFOs, sockets, devices
 * and links leading out are refused without being opened. Files are then opened with
 * O_NOFOLLOW | O_NONBLOCK and the opened descriptor must be the inode that was checked,
 * so swapping a component between the check and the open is refused too. A regular file
 * with more than one name (a hard link, nlink > 1) is refused as well: its other name may be
 * outside the store, and nothing tells where (F23, F27).
 */
import { constants, type Stats } from 'node:fs';
import { lstat, open, realpath, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { ArtifactError, UsageError } from '../contract/errors.js';
import { describeKind, isErrno } from '../parse/jsonl.js';

/** A store root and how to name it in messages (relative to the working directory). */
export interface StoreRoot {
  path: string;
  display: string;
}

export type StoreRootLike = string | StoreRoot;

/** What the last component must be; 'any' leaves the check to the caller. */
export type Expect = 'file' | 'dir' | 'any';

export interface Resolved {
  /** Real absolute path (no symbolic link left in it). */
  path: string;
  /** How messages name it, e.g. `data/eval/runs/x/metrics.json`. */
  display: string;
  /** A component was a symbolic link (inside the store): reported, per F3. */
  symlinked: boolean;
  stats: Stats;
}

/** A store root; `display` defaults to the path relative to the working directory. */
export function storeRoot(rootPath: string, display?: string): StoreRoot {
  return { path: path.resolve(rootPath), display: display ?? defaultDisplay(rootPath) };
}

function defaultDisplay(rootPath: string): string {
  const relative = path.relative(process.cwd(), path.resolve(rootPath));
  if (relative === '') return '.';
  if (relative.startsWith('..') || path.isAbsolute(relative)) return rootPath.split(path.sep).join('/');
  return relative.split(path.sep).join('/');
}

/** A StoreRoot from a root path (plus an optional display prefix) or an existing one. */
export function asStoreRoot(root: StoreRootLike, display?: string): StoreRoot {
  if (typeof root === 'string') return storeRoot(root, display);
  return display === undefined ? root : { path: root.path, display };
}

/** `data/eval` + `runs/x` -> `data/eval/runs/x`. */
export function displayOf(root: StoreRootLike, relative: string): string {
  const base = asStoreRoot(root).display;
  if (relative === '') return base;
  return base === '.' ? relative : `${base.replace(/\/+$/, '')}/${relative}`;
}

/**
 * Resolves `relative` ("/"-separated, inside the store) to a real path, checking every
 * component; by default the last one must be a regular file. Throws ArtifactError
 * `artifact.missing` or `artifact.unsafe`. With a root path, the third argument is the
 * display prefix (e.g. `data/eval`); a StoreRoot carries its own.
 */
export function resolveInStore(root: StoreRoot, relative: string, expect?: Expect): Promise<Resolved>;
export function resolveInStore(root: string, relative: string, display?: string, expect?: Expect): Promise<Resolved>;
export function resolveInStore(root: StoreRootLike, relative: string, third?: string, fourth?: Expect): Promise<Resolved> {
  if (typeof root === 'string') return resolve(storeRoot(root, third), relative, fourth ?? 'file');
  if (third !== undefined && third !== 'file' && third !== 'dir' && third !== 'any') {
    throw new TypeError(`resolveInStore: expected 'file', 'dir' or 'any', got ${JSON.stringify(third)}`);
  }
  return resolve(root, relative, third ?? 'file');
}

async function resolve(store: StoreRoot, relative: string, expect: Expect): Promise<Resolved> {
  const display = displayOf(store, relative);
  const parts = splitRelative(relative, display);
  const realRoot = await realStoreRoot(store);
  let current = realRoot;
  let stats = await lstat(realRoot);
  let symlinked = false;
  for (let i = 0; i < parts.length; i++) {
    const here = displayOf(store, parts.slice(0, i + 1).join('/'));
    const isLast = i === parts.length - 1;
    const candidate = path.join(current, parts[i]!);
    try {
      stats = await lstat(candidate);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) {
        throw new ArtifactError({ file: display }, isLast ? 'not found' : `not found (no folder ${here})`, 'artifact.missing');
      }
      throw unreadable(display, error);
    }
    current = candidate;
    if (stats.isSymbolicLink()) {
      current = await followLink(candidate, realRoot, display, isLast ? undefined : here);
      stats = await lstat(current);
      symlinked = true;
    }
    if (!isLast && !stats.isDirectory()) {
      throw new ArtifactError({ file: display }, `${here} is ${describeKind(stats)}, not a folder (refused)`, 'artifact.unsafe');
    }
  }
  checkKind(stats, expect, display);
  return { path: current, display, symlinked, stats };
}

/**
 * Opens a resolved regular file for reading. O_NONBLOCK keeps a FIFO swapped in after the
 * check from blocking; the inode comparison refuses it (or any other swap) before reading.
 */
export async function openResolved(resolved: Resolved): Promise<FileHandle> {
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  let handle: FileHandle;
  try {
    handle = await open(resolved.path, flags);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) throw new ArtifactError({ file: resolved.display }, 'not found', 'artifact.missing');
    if (isErrno(error, 'ELOOP')) throw changed(resolved.display);
    throw unreadable(resolved.display, error);
  }
  const opened = await handle.stat();
  if (!opened.isFile() || opened.ino !== resolved.stats.ino || opened.dev !== resolved.stats.dev || opened.nlink > 1) {
    await handle.close();
    throw changed(resolved.display);
  }
  return handle;
}

export async function openInStore(root: StoreRootLike, relative: string): Promise<{ handle: FileHandle; resolved: Resolved }> {
  const resolved = await resolve(asStoreRoot(root), relative, 'file');
  return { handle: await openResolved(resolved), resolved };
}

/** Real path of the store root; a missing root is a usage error (nothing to evaluate). */
export async function realStoreRoot(store: StoreRoot): Promise<string> {
  let real: string;
  try {
    real = await realpath(store.path);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) throw new UsageError(`store ${store.display}: folder not found`);
    throw error;
  }
  if (!(await lstat(real)).isDirectory()) throw new UsageError(`store ${store.display}: not a folder`);
  return real;
}

/** True when `target` (a real path) is `realRoot` or below it. */
export function isInside(realRoot: string, target: string): boolean {
  const prefix = realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep;
  return target === realRoot || target.startsWith(prefix);
}

/** Real target of a link that must stay inside the store. `folder` names a parent link. */
async function followLink(link: string, realRoot: string, display: string, folder: string | undefined): Promise<string> {
  const what = folder === undefined ? 'is a symbolic link' : `parent folder ${folder} is a symbolic link`;
  let target: string;
  try {
    target = await realpath(link);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) throw new ArtifactError({ file: display }, `${what} to a missing target`, 'artifact.missing');
    if (isErrno(error, 'ELOOP')) throw new ArtifactError({ file: display }, `${what} in a loop (refused)`, 'artifact.unsafe');
    throw unreadable(display, error);
  }
  // The target is not named: it may be a private path of the machine.
  if (!isInside(realRoot, target)) {
    throw new ArtifactError({ file: display }, `${what} that points outside the store (refused, not read)`, 'artifact.unsafe');
  }
  return target;
}

function checkKind(stats: Stats, expect: Expect, display: string): void {
  if (expect === 'any') return;
  const ok = expect === 'file' ? stats.isFile() : stats.isDirectory();
  if (!ok) {
    const wanted = expect === 'file' ? 'a regular file' : 'a folder';
    throw new ArtifactError({ file: display }, `is ${describeKind(stats)}, not ${wanted} (refused, not read)`, 'artifact.unsafe');
  }
  if (expect === 'file') checkSingleName(stats, display);
}

/** A regular file must have one name: a hard link's other name may lie outside the store. */
export function checkSingleName(stats: Stats, display: string): void {
  if (stats.isFile() && stats.nlink > 1) {
    throw new ArtifactError({ file: display }, `is a hard link (${stats.nlink} names for one file; refused, not read)`, 'artifact.unsafe');
  }
}

/** "/"-separated plain components only: ids are validated earlier, this is the backstop. */
function splitRelative(relative: string, display: string): string[] {
  if (relative === '') return [];
  const parts = relative.split('/');
  for (const part of parts) {
    if (part === '' || part === '.' || part === '..' || part.includes('\\') || part.includes('\0')) {
      throw new ArtifactError({ file: display }, 'not a plain relative path inside the store (refused)', 'artifact.unsafe');
    }
  }
  return parts;
}

function changed(display: string): ArtifactError {
  return new ArtifactError({ file: display }, 'changed while being opened (refused, not read)', 'artifact.unsafe');
}

function unreadable(display: string, error: unknown): ArtifactError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  return new ArtifactError({ file: display }, `cannot be read (${code})`, 'artifact.unreadable');
}
