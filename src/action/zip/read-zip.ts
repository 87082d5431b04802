/**
 * A small, strict zip reader for downloaded workflow artifacts. It trusts nothing in the
 * archive: it reads the central directory (the authoritative list, which streaming unzippers
 * ignore in favour of local headers an attacker can make disagree), locates every entry's
 * bytes through its own local header, and refuses entries whose bytes overlap (RELIABILITY
 * F28: the non-recursive zip bomb names one deflate stream many times). The archive is read
 * through a file handle, never whole: an entry's bytes are streamed, inflated once, bounded
 * by its declared size and checked against its CRC-32 on the way to disk. ZIP64, encryption
 * and methods other than stored/deflate are refused rather than half-supported.
 */
import type { FileHandle } from 'node:fs/promises';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';

export class UnsafeArchiveError extends Error {
  override name = 'UnsafeArchiveError';
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  /** Unix mode from the external attributes when the archive was made on Unix, else 0. */
  unixMode: number;
  isDirectory: boolean;
}

/** An entry with the archive offsets of its compressed bytes, read from its local header. */
export interface LocatedEntry extends ZipEntry {
  dataStart: number;
  dataEnd: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const UNIX_HOST = 3;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
/** The central directory is read into memory; real artifacts' are a few hundred KB at most. */
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buffer.subarray(0, done);
}

async function findEndOfCentralDirectory(handle: FileHandle, size: number): Promise<{ record: Buffer; at: number }> {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  const start = Math.max(0, size - EOCD_SIZE - MAX_COMMENT);
  const tail = await readAt(handle, start, size - start);
  for (let at = tail.length - EOCD_SIZE; at >= 0; at--) {
    if (tail.readUInt32LE(at) === EOCD) return { record: tail.subarray(at, at + EOCD_SIZE), at: start + at };
  }
  throw new UnsafeArchiveError('not a zip archive (no end of central directory record)');
}

function decodeName(raw: Buffer, utf8Flag: boolean): string {
  // Names without the UTF-8 flag are CP437; only their ASCII subset is accepted, so one
  // byte sequence can never be read as two different names.
  if (!utf8Flag && raw.some((b) => b > 0x7f)) throw new UnsafeArchiveError('an entry name is not ASCII and not marked UTF-8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new UnsafeArchiveError('an entry name is not valid UTF-8');
  }
}

function parseCentralDirectory(directory: Buffer, count: number): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL) throw new UnsafeArchiveError(`central directory entry ${i + 1} is malformed`);
    const madeBy = directory.readUInt16LE(at + 4) >> 8;
    const flags = directory.readUInt16LE(at + 8);
    const nameLength = directory.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
    if (next > directory.length) throw new UnsafeArchiveError(`central directory entry ${i + 1} runs past the directory`);
    const name = decodeName(directory.subarray(at + 46, at + 46 + nameLength), (flags & 0x800) !== 0);
    const external = directory.readUInt32LE(at + 38);
    entries.push({
      name,
      method: directory.readUInt16LE(at + 10),
      flags,
      crc32: directory.readUInt32LE(at + 16),
      compressedSize: directory.readUInt32LE(at + 20),
      uncompressedSize: directory.readUInt32LE(at + 24),
      localHeaderOffset: directory.readUInt32LE(at + 42),
      unixMode: madeBy === UNIX_HOST ? external >>> 16 : 0,
      isDirectory: name.endsWith('/'),
    });
    at = next;
  }
  return entries;
}

/** Each entry's bytes, located through its local header; entries may not share a byte. */
async function locate(handle: FileHandle, entries: ZipEntry[], directoryStart: number): Promise<LocatedEntry[]> {
  const located: LocatedEntry[] = [];
  for (const entry of entries) {
    const at = entry.localHeaderOffset;
    const header = at + 30 <= directoryStart ? await readAt(handle, at, 30) : Buffer.alloc(0);
    if (header.length !== 30 || header.readUInt32LE(0) !== LOCAL) throw new UnsafeArchiveError(`${entry.name}: local header missing`);
    const nameLength = header.readUInt16LE(26);
    const dataStart = at + 30 + nameLength + header.readUInt16LE(28);
    const dataEnd = dataStart + entry.compressedSize;
    if (dataEnd > directoryStart) throw new UnsafeArchiveError(`${entry.name}: data runs into the central directory or past the end of the archive`);
    located.push({ ...entry, dataStart, dataEnd });
  }
  // Sorted by position, every entry (header and data) must end before the next one starts.
  const byOffset = [...located].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let i = 1; i < byOffset.length; i++) {
    const previous = byOffset[i - 1];
    const current = byOffset[i];
    if (previous && current && current.localHeaderOffset < previous.dataEnd) {
      throw new UnsafeArchiveError(`entries ${JSON.stringify(previous.name)} and ${JSON.stringify(current.name)} overlap in the archive (one compressed stream named twice, a zip bomb)`);
    }
  }
  // The local header must name the same entry as the central directory does.
  for (const entry of located) {
    const nameLength = (await readAt(handle, entry.localHeaderOffset + 26, 2)).readUInt16LE(0);
    const localName = await readAt(handle, entry.localHeaderOffset + 30, nameLength);
    if (!localName.equals(Buffer.from(entry.name, 'utf8'))) throw new UnsafeArchiveError(`${entry.name}: the local header names another entry`);
  }
  return located;
}

/** The archive's entries, each located and checked not to overlap another; nothing is inflated. */
export async function readZipEntries(handle: FileHandle, size: number, maxEntries: number): Promise<LocatedEntry[]> {
  const { record, at: end } = await findEndOfCentralDirectory(handle, size);
  const count = record.readUInt16LE(10);
  const directorySize = record.readUInt32LE(12);
  const offset = record.readUInt32LE(16);
  if (count === 0xffff || directorySize === 0xffffffff || offset === 0xffffffff) throw new UnsafeArchiveError('ZIP64 archives are not supported');
  if (record.readUInt16LE(4) !== 0 || record.readUInt16LE(6) !== 0) throw new UnsafeArchiveError('multi-disk archives are not supported');
  if (count > maxEntries) throw new UnsafeArchiveError(`${count} entries, over the cap of ${maxEntries}`);
  if (offset + directorySize > end) throw new UnsafeArchiveError('the central directory lies outside the archive');
  if (directorySize > MAX_DIRECTORY_BYTES) throw new UnsafeArchiveError(`the central directory is ${directorySize} bytes, over the cap of ${MAX_DIRECTORY_BYTES}`);
  const entries = parseCentralDirectory(await readAt(handle, offset, directorySize), count);
  return locate(handle, entries, offset);
}

/**
 * Counts and checksums an entry's inflated bytes as they pass: more than the declared size
 * stops the stream at once (a zip bomb that lies about its size never fills the disk), and
 * at the end the size and the CRC-32 must be the declared ones.
 */
class EntryGuard extends Transform {
  private length = 0;
  private crc = 0;
  constructor(private readonly entry: ZipEntry) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.length += chunk.length;
    if (this.length > this.entry.uncompressedSize) {
      done(new UnsafeArchiveError(`${this.entry.name}: cannot be inflated within its declared size of ${this.entry.uncompressedSize} bytes`));
      return;
    }
    this.crc = crc32(chunk, this.crc);
    done(null, chunk);
  }
  override _flush(done: TransformCallback): void {
    if (this.length !== this.entry.uncompressedSize) {
      done(new UnsafeArchiveError(`${this.entry.name}: ${this.length} bytes, but the archive declares ${this.entry.uncompressedSize}`));
    } else if ((this.crc >>> 0) !== this.entry.crc32) {
      done(new UnsafeArchiveError(`${this.entry.name}: CRC-32 mismatch`));
    } else {
      done();
    }
  }
}

/**
 * The entry's bytes as a stream: read from the archive, inflated once, guarded. Pipe it
 * with `stream.pipeline`; any failure is an UnsafeArchiveError naming the entry.
 */
export function entryStreams(handle: FileHandle, entry: LocatedEntry): NodeJS.ReadWriteStream[] {
  const source: NodeJS.ReadableStream = entry.compressedSize === 0
    ? Readable.from([])
    : handle.createReadStream({ start: entry.dataStart, end: entry.dataEnd - 1, autoClose: false, highWaterMark: 64 * 1024 });
  const steps: NodeJS.ReadWriteStream[] = [source as NodeJS.ReadWriteStream];
  if (entry.method === 8) steps.push(createInflateRaw());
  steps.push(new EntryGuard(entry));
  return steps;
}

/** A zlib or stream failure while extracting `entry`, as an UnsafeArchiveError naming it. */
export function entryFailure(entry: ZipEntry, error: unknown): UnsafeArchiveError {
  if (error instanceof UnsafeArchiveError) return error;
  return new UnsafeArchiveError(`${entry.name}: cannot be inflated (${(error as Error).message})`);
}
