/**
 * Writing into a run folder. Each file is written to a fresh temporary name and renamed
 * into place: a crash never leaves a half-written artifact, and a symbolic link planted
 * where an artifact goes is replaced, never written through.
 */
import { lstat, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../contract/errors.js';

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
