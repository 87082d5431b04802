/**
 * A run folder named on the command line (`fingerprint --run DIR`, `verify DIR`). Reads
 * stay inside a boundary: the folder itself, or the store given with `--store` (then links
 * to other parts of the store, which real stores have, are followed).
 */
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UsageError } from '../contract/errors.js';
import type { StoreLocation } from './location.js';

export interface RunLocation {
  location: StoreLocation;
  /** The run folder inside `location` ('' when it is the location itself). */
  relDir: string;
  /** How the run folder is shown. */
  display: string;
  absDir: string;
}

function shown(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel.split(sep).join('/');
}

export async function locateRun(dir: string, store: string | undefined, cwd: string, flag: string): Promise<RunLocation> {
  const absDir = resolve(cwd, dir);
  const info = await stat(absDir).catch(() => undefined);
  if (!info) throw new UsageError(`${flag} ${dir}: folder not found`);
  if (!info.isDirectory()) throw new UsageError(`${flag} ${dir}: not a folder`);
  const display = shown(cwd, absDir);
  if (store === undefined) return { location: { root: absDir, display }, relDir: '', display, absDir };
  const root = resolve(cwd, store);
  const [realRoot, realDir] = await Promise.all([realpath(root).catch(() => undefined), realpath(absDir)]);
  if (!realRoot) throw new UsageError(`--store ${store}: folder not found`);
  const rel = relative(realRoot, realDir);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new UsageError(`${flag} ${dir} is not inside --store ${store}`);
  return { location: { root, display: shown(cwd, root) }, relDir: rel.split(sep).join('/'), display, absDir: realDir };
}
