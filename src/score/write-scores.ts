/**
 * Writes `scores/<REF>.json` into a run folder under the store's safety rules: the run folder
 * is resolved inside the store (a link leading out is refused), `scores` must be a real folder
 * (a symbolic link or file planted there is refused, never written through), and the file is
 * written to a temporary name and renamed into place. When anything fails, the run is left as
 * it was: the temporary file is removed, and so is a `scores` folder this write created.
 */
import { lstat, mkdir, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ArtifactError } from '../contract/errors.js';
import type { StoreLocation } from '../store/location.js';
import { isErrno } from '../parse/jsonl.js';
import { writeRunJson } from '../store/writer.js';
import { resolveInStore } from '../store/safe-path.js';
import { SCORES_DIR } from './scores-file.js';

/** Returns the store-relative path written. */
export async function writeScores(store: StoreLocation, runRel: string, referenceId: string, value: unknown): Promise<string> {
  const run = await resolveInStore({ path: store.root, display: store.display }, runRel, 'dir');
  const folder = join(run.path, SCORES_DIR);
  const display = `${run.display}/${SCORES_DIR}`;
  let created = false;
  try {
    const info = await lstat(folder);
    if (!info.isDirectory()) {
      throw new ArtifactError({ file: display }, `is ${info.isSymbolicLink() ? 'a symbolic link' : 'not a folder'} (refused: scores are only written into a real folder of the run)`, 'artifact.unsafe');
    }
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
    await mkdir(folder);
    created = true;
  }
  const name = `${referenceId}.json`;
  try {
    await writeRunJson(folder, name, value);
  } catch (error) {
    if (created) await rmdir(folder).catch(() => undefined);
    throw error;
  }
  return `${runRel}/${SCORES_DIR}/${name}`;
}
