/**
 * Extracts a downloaded artifact into a fresh, empty folder (RELIABILITY F4). Every entry is
 * vetted before the first byte is written, so a hostile archive leaves nothing behind: no
 * absolute paths, no `..`, no backslashes or drive letters, no symbolic links or device
 * files, no duplicates, no encryption, and bounded entry counts and sizes. Files are written
 * with `wx` (never over something that exists) and plain 0644 permissions.
 */
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { readEntryData, readZipEntries, UnsafeArchiveError, type ZipEntry } from './read-zip.js';

export interface ExtractLimits {
  maxArchiveBytes: number;
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
}

export const DEFAULT_LIMITS: ExtractLimits = {
  maxArchiveBytes: 512 * 1024 * 1024,
  maxEntries: 20_000,
  maxEntryBytes: 512 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
};

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

/** A safe relative path, or the reason it is not. */
export function entryPathProblem(name: string): string | undefined {
  const path = name.endsWith('/') ? name.slice(0, -1) : name;
  if (path === '') return 'empty name';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'control character in the name';
  if (path.includes('\\')) return 'backslash in the name (a Windows path separator)';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'absolute path';
  for (const segment of path.split('/')) {
    if (segment === '..') return 'path climbs out with ..';
    if (segment === '' || segment === '.') return 'empty or "." path segment';
  }
  return undefined;
}

function vet(entries: ZipEntry[], limits: ExtractLimits): void {
  const seen = new Set<string>();
  const files = new Set<string>();
  let total = 0;
  for (const entry of entries) {
    const problem = entryPathProblem(entry.name);
    if (problem) throw new UnsafeArchiveError(`entry ${JSON.stringify(entry.name.slice(0, 200))}: ${problem}`);
    const type = entry.unixMode & S_IFMT;
    if (type === 0o120000) throw new UnsafeArchiveError(`entry ${JSON.stringify(entry.name)}: symbolic links are not allowed`);
    if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) throw new UnsafeArchiveError(`entry ${JSON.stringify(entry.name)}: not a regular file or folder`);
    if ((entry.flags & 0x1) !== 0) throw new UnsafeArchiveError(`entry ${JSON.stringify(entry.name)}: encrypted entries are not supported`);
    if (entry.method !== 0 && entry.method !== 8) throw new UnsafeArchiveError(`entry ${JSON.stringify(entry.name)}: compression method ${entry.method} is not supported`);
    const key = entry.name.replace(/\/$/, '');
    if (seen.has(key)) throw new UnsafeArchiveError(`entry ${JSON.stringify(entry.name)} appears twice`);
    seen.add(key);
    if (!entry.isDirectory) files.add(key);
    if (entry.uncompressedSize > limits.maxEntryBytes) {
      throw new UnsafeArchiveError(`entry ${JSON.stringify(entry.name)}: ${entry.uncompressedSize} bytes, over the cap of ${limits.maxEntryBytes}`);
    }
    total += entry.uncompressedSize;
    if (total > limits.maxTotalBytes) throw new UnsafeArchiveError(`the archive expands to over ${limits.maxTotalBytes} bytes`);
  }
  // A file cannot also be a folder on the way to another entry.
  for (const key of seen) {
    const parts = key.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (files.has(parent)) throw new UnsafeArchiveError(`entry ${JSON.stringify(key)} lies below the file ${JSON.stringify(parent)}`);
    }
  }
}

/** Lists the archive's file names after vetting it, without writing anything. */
export async function vetZip(zipPath: string, limits: ExtractLimits = DEFAULT_LIMITS): Promise<{ zip: Buffer; entries: ZipEntry[] }> {
  const size = (await stat(zipPath)).size;
  if (size > limits.maxArchiveBytes) throw new UnsafeArchiveError(`the archive is ${size} bytes, over the cap of ${limits.maxArchiveBytes}`);
  const zip = await readFile(zipPath);
  const entries = readZipEntries(zip, limits.maxEntries);
  vet(entries, limits);
  // Inflate (and CRC-check) everything before writing, so a bad entry late in the archive
  // cannot leave earlier ones behind.
  for (const entry of entries) if (!entry.isDirectory) readEntryData(zip, entry);
  return { zip, entries };
}

/** Extracts into `destination`, which must be an empty folder; `prefix` places everything below it. */
export async function extractZip(zipPath: string, destination: string, options: { prefix?: string; limits?: ExtractLimits } = {}): Promise<string[]> {
  const { zip, entries } = await vetZip(zipPath, options.limits);
  if ((await readdir(destination)).length > 0) throw new UnsafeArchiveError(`${destination} is not empty`);
  const root = resolve(destination);
  const written: string[] = [];
  for (const entry of entries) {
    const rel = `${options.prefix ? `${options.prefix}/` : ''}${entry.name.replace(/\/$/, '')}`;
    const target = resolve(root, rel);
    // Already guaranteed by the vetting; checked again where it matters, at the write.
    if (relative(root, target).startsWith(`..${sep}`) || relative(root, target) === '..') throw new UnsafeArchiveError(`entry ${entry.name} leaves the destination`);
    if (entry.isDirectory) {
      await mkdir(target, { recursive: true });
      continue;
    }
    await mkdir(join(target, '..'), { recursive: true });
    await writeFile(target, readEntryData(zip, entry), { flag: 'wx', mode: 0o644 });
    written.push(rel);
  }
  return written;
}
