/**
 * Writing into the store. Each file of a run folder is written to a fresh temporary name and
 * renamed into place: a crash never leaves a half-written artifact, and a symbolic link planted
 * where an artifact goes is replaced, never written through. Folders are created one checked
 * component at a time, so a link planted on the way is never followed out of the store.
 */
import { lstat, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path, { join } from 'node:path';
import { UsageError } from '../contract/errors.js';
import type { StoreLocation } from './location.js';
import { isDirectoryInStore } from './read.js';
import { realStoreRoot, resolveInStore, type StoreRoot } from './safe-path.js';

const root = (store: StoreLocation): StoreRoot => ({ path: store.root, display: store.display });

export async function writeRunFile(runDir: string, name: string, content: string): Promise<void> {
  const target = join(runDir, name);
  const existing = await lstat(target).catch(() => undefined);
  if (existing && !existing.isFile() && !existing.isSymbolicLink()) {
    throw new UsageError(`${target}: exists and is not a regular file (refused)`);
  }
  const temporary = join(runDir, `.${name}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(temporary, content, { flag: 'wx' });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export async function writeRunJson(runDir: string, name: string, value: unknown): Promise<void> {
  await writeRunFile(runDir, name, `${JSON.stringify(value, null, 2)}\n`);
}

/** Real path of a store folder, created one checked component at a time. */
export async function ensureFolder(store: StoreLocation, rel: string): Promise<string> {
  let real = await realStoreRoot(root(store));
  const parts = rel.split('/');
  for (let i = 0; i < parts.length; i++) {
    const here = parts.slice(0, i + 1).join('/');
    if (await isDirectoryInStore(root(store), here)) {
      real = (await resolveInStore(root(store), here, 'dir')).path;
      continue;
    }
    real = path.join(real, parts[i] ?? '');
    await mkdir(real);
  }
  return real;
}
