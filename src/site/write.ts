/**
 * Writing a built site: into a fresh folder beside the destination, then swapped in with one
 * rename, so a failed build never leaves half a site and a reader never sees a mix of two.
 * The destination is replaced only when it is empty or a site this tool wrote before (it
 * holds our `promotion-gate-site.json`); any other folder is refused, so a typo in --out
 * cannot wipe someone's files.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../contract/errors.js';
import { TOOL_NAME, TOOL_VERSION } from '../contract/version.js';
import { SITE_SCHEMA } from './data.js';

export const SITE_MARKER = 'promotion-gate-site.json';

export interface OutputFile {
  path: string;
  content: string | Buffer;
}

async function checkDestination(out: string, display: string): Promise<void> {
  if (!existsSync(out)) return;
  const info = await stat(out);
  if (!info.isDirectory()) throw new UsageError(`--out ${display}: exists and is not a folder`);
  const names = await readdir(out);
  if (names.length === 0) return;
  const marker = await readFile(path.join(out, SITE_MARKER), 'utf8').catch(() => undefined);
  if (marker === undefined || !marker.includes(SITE_SCHEMA)) {
    throw new UsageError(`--out ${display}: the folder is not empty and is not a site built by ${TOOL_NAME} (no ${SITE_MARKER}); choose an empty or new folder`);
  }
}

/** Writes `files` as the whole content of `out` (replacing a previous site). Returns the total bytes. */
export async function writeSite(out: string, display: string, files: OutputFile[], summary: Record<string, unknown>): Promise<number> {
  await checkDestination(out, display);
  const parent = path.dirname(path.resolve(out));
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(path.join(parent, `.${path.basename(out)}.building-`));
  let bytes = 0;
  try {
    const all: OutputFile[] = [...files, { path: SITE_MARKER, content: `${JSON.stringify({ schema: SITE_SCHEMA, tool: { name: TOOL_NAME, version: TOOL_VERSION }, ...summary }, null, 2)}\n` }];
    const folders = new Set(all.map((f) => path.posix.dirname(f.path)).filter((d) => d !== '.'));
    for (const folder of [...folders].sort()) await mkdir(path.join(staging, folder), { recursive: true });
    for (const file of all) {
      if (file.path.split('/').some((part) => part === '..' || part === '')) throw new Error(`site file path ${file.path} is not a plain relative path`);
      await writeFile(path.join(staging, file.path), file.content);
      bytes += typeof file.content === 'string' ? Buffer.byteLength(file.content) : file.content.length;
    }
    const old = existsSync(out) ? `${staging}.old` : undefined;
    if (old) await rename(out, old);
    await rename(staging, out);
    if (old) await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return bytes;
}
