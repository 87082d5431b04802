/**
 * Copies paths as they are at a git ref into a fresh folder, so the gate can read the
 * policy and the pinned baseline from a PR's base commit (a PR cannot weaken its own gate).
 * Only regular files are written; symbolic links and submodules in the tree are listed as
 * skipped, never followed, so nothing outside the destination can be touched.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { GitRepo } from './repo.js';

async function writeBlob(repo: GitRepo, sha: string, destination: string): Promise<void> {
  await mkdir(dirname(destination), { recursive: true });
  const child = spawn('git', ['cat-file', 'blob', sha], { cwd: repo.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('close', done));
  await pipeline(child.stdout, createWriteStream(destination, { flags: 'wx' }));
  const code = await exited;
  if (code !== 0) throw new Error(`git cat-file blob ${sha} failed: ${stderr.trim()}`);
}

export interface Materialized {
  written: string[];
  skipped: { path: string; why: string }[];
}

/**
 * Writes every regular file under `paths` (repository-relative) at `ref` to the same
 * relative location under `destination`.
 */
export async function materializeAtRef(repo: GitRepo, ref: string, paths: string[], destination: string): Promise<Materialized> {
  const result: Materialized = { written: [], skipped: [] };
  const root = resolve(destination);
  for (const entry of await repo.listTree(ref, paths)) {
    if (entry.type !== 'blob' || !(entry.mode === '100644' || entry.mode === '100755')) {
      result.skipped.push({ path: entry.path, why: entry.mode === '120000' ? 'symbolic link' : `${entry.type} ${entry.mode}` });
      continue;
    }
    const target = resolve(root, entry.path);
    if (relative(root, target).startsWith(`..${sep}`) || target === root) {
      result.skipped.push({ path: entry.path, why: 'path leaves the destination' });
      continue;
    }
    await writeBlob(repo, entry.sha, join(root, relative(root, target)));
    result.written.push(entry.path);
  }
  return result;
}
