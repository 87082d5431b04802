/**
 * Extracts a downloaded artifact into a fresh, empty folder (RELIABILITY F4, F28). Every
 * entry's header is vetted before the first byte is written: no absolute paths, no `..`, no
 * backslashes or drive letters, no names over NAME_MAX, no symbolic links or device files,
 * no duplicates, no encryption, no entries sharing bytes, no extreme compression ratios, and
 * bounded entry counts and sizes. Then each entry is streamed to disk once, inflated no
 * further than its declared size and CRC-checked on the way; if one turns out bad, everything
 * written is removed, so a hostile archive leaves nothing behind. Files are written with `wx`
 * (never over something that exists) and plain 0644 permissions.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rm, type FileHandle } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { entryFailure, entryStreams, readZipEntries, UnsafeArchiveError, type LocatedEntry, type ZipEntry } from './read-zip.js';

export interface ExtractLimits {
  maxArchiveBytes: number;
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  /** Largest declared size / compressed size of an entry bigger than RATIO_EXEMPT_BYTES. */
  maxRatio: number;
}

export const DEFAULT_LIMITS: ExtractLimits = {
  maxArchiveBytes: 512 * 1024 * 1024,
  maxEntries: 20_000,
  maxEntryBytes: 512 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  // JSONL predictions deflate 5-30 to 1; deflate itself stops near 1032 to 1.
  maxRatio: 200,
};

/** Entries up to this size may compress as well as they like (a file of blanks is no bomb). */
const RATIO_EXEMPT_BYTES = 1024 * 1024;
/** Linux's NAME_MAX and a path bound well under PATH_MAX once placed in a temp folder. */
const MAX_SEGMENT_BYTES = 255;
const MAX_NAME_BYTES = 1024;

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
  if (Buffer.byteLength(path) > MAX_NAME_BYTES) return `name longer than ${MAX_NAME_BYTES} bytes`;
  for (const segment of path.split('/')) {
    if (segment === '..') return 'path climbs out with ..';
    if (segment === '' || segment === '.') return 'empty or "." path segment';
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES) return `a path segment longer than ${MAX_SEGMENT_BYTES} bytes (NAME_MAX)`;
  }
  return undefined;
}

/** An entry that expands far beyond its compressed bytes, or a stored one whose sizes differ. */
function ratioProblem(entry: ZipEntry, limits: ExtractLimits): string | undefined {
  if (entry.method === 0) return entry.compressedSize === entry.uncompressedSize ? undefined : 'a stored entry whose sizes differ';
  if (entry.uncompressedSize <= RATIO_EXEMPT_BYTES) return undefined;
  const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
  return ratio > limits.maxRatio ? `compression ratio ${Math.round(ratio)} to 1, over the cap of ${limits.maxRatio} to 1 (a zip bomb?)` : undefined;
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
    const ratio = entry.isDirectory ? undefined : ratioProblem(entry, limits);
    if (ratio) throw new UnsafeArchiveError(`entry ${JSON.stringify(entry.name)}: ${ratio}`);
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

interface OpenZip {
  handle: FileHandle;
  entries: LocatedEntry[];
}

async function openZip(zipPath: string, limits: ExtractLimits): Promise<OpenZip> {
  const handle = await open(zipPath, 'r');
  try {
    const { size } = await handle.stat();
    if (size > limits.maxArchiveBytes) throw new UnsafeArchiveError(`the archive is ${size} bytes, over the cap of ${limits.maxArchiveBytes}`);
    const entries = await readZipEntries(handle, size, limits.maxEntries);
    vet(entries, limits);
    return { handle, entries };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The archive's entries after vetting every header, without inflating or writing anything. */
export async function vetZip(zipPath: string, limits: Partial<ExtractLimits> = {}): Promise<{ entries: ZipEntry[] }> {
  const { handle, entries } = await openZip(zipPath, { ...DEFAULT_LIMITS, ...limits });
  await handle.close();
  return { entries };
}

/** Extracts into `destination`, which must be an empty folder; `prefix` places everything below it. */
export async function extractZip(zipPath: string, destination: string, options: { prefix?: string; limits?: Partial<ExtractLimits> } = {}): Promise<string[]> {
  const { handle, entries } = await openZip(zipPath, { ...DEFAULT_LIMITS, ...options.limits });
  try {
    if ((await readdir(destination)).length > 0) throw new UnsafeArchiveError(`${destination} is not empty`);
    const root = resolve(destination);
    const written: string[] = [];
    try {
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
        try {
          await pipeline([...entryStreams(handle, entry), createWriteStream(target, { flags: 'wx', mode: 0o644 })]);
        } catch (error) {
          throw entryFailure(entry, error);
        }
        written.push(rel);
      }
    } catch (error) {
      // A bad entry found while streaming: nothing of the archive stays behind.
      for (const name of await readdir(root)) await rm(join(root, name), { recursive: true, force: true });
      throw error;
    }
    return written;
  } finally {
    await handle.close();
  }
}
