/**
 * The ids present in one folder of the store (`runs`, `baselines`), for suggestions when a
 * typed id names nothing. Only folder names that are valid ids are returned, so a hostile
 * name never reaches a message; a missing or unreadable folder lists nothing.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isValidId } from './ids.js';
import { isDirectoryInStore } from './read.js';

export async function idsInFolder(root: string, folder: string): Promise<string[]> {
  try {
    if (!(await isDirectoryInStore(root, folder))) return [];
    const entries = await readdir(join(root, folder), { withFileTypes: true });
    return entries.filter((e) => (e.isDirectory() || e.isSymbolicLink()) && isValidId(e.name) && !e.name.startsWith('_')).map((e) => e.name).sort();
  } catch {
    return [];
  }
}
