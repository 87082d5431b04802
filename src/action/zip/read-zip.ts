/**
 * A small, strict zip reader for downloaded workflow artifacts. It trusts nothing in the
 * archive: it reads the central directory (the authoritative list, which streaming unzippers
 * ignore in favour of local headers an attacker can make disagree), bounds every size before
 * inflating, and checks each entry's CRC-32. ZIP64, encryption and methods other than
 * stored/deflate are refused rather than half-supported.
 */
import { crc32, inflateRawSync } from 'node:zlib';

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

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const UNIX_HOST = 3;

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  const stop = Math.max(0, zip.length - 22 - 0xffff);
  for (let at = zip.length - 22; at >= stop; at--) if (zip.readUInt32LE(at) === EOCD) return at;
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

export function readZipEntries(zip: Buffer, maxEntries: number): ZipEntry[] {
  const end = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  const size = zip.readUInt32LE(end + 12);
  const offset = zip.readUInt32LE(end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw new UnsafeArchiveError('ZIP64 archives are not supported');
  if (zip.readUInt16LE(end + 4) !== 0 || zip.readUInt16LE(end + 6) !== 0) throw new UnsafeArchiveError('multi-disk archives are not supported');
  if (count > maxEntries) throw new UnsafeArchiveError(`${count} entries, over the cap of ${maxEntries}`);
  if (offset + size > end) throw new UnsafeArchiveError('the central directory lies outside the archive');
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || zip.readUInt32LE(at) !== CENTRAL) throw new UnsafeArchiveError(`central directory entry ${i + 1} is malformed`);
    const madeBy = zip.readUInt16LE(at + 4) >> 8;
    const flags = zip.readUInt16LE(at + 8);
    const nameLength = zip.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (next > end) throw new UnsafeArchiveError(`central directory entry ${i + 1} runs past the directory`);
    const name = decodeName(zip.subarray(at + 46, at + 46 + nameLength), (flags & 0x800) !== 0);
    const external = zip.readUInt32LE(at + 38);
    entries.push({
      name,
      method: zip.readUInt16LE(at + 10),
      flags,
      crc32: zip.readUInt32LE(at + 16),
      compressedSize: zip.readUInt32LE(at + 20),
      uncompressedSize: zip.readUInt32LE(at + 24),
      localHeaderOffset: zip.readUInt32LE(at + 42),
      unixMode: madeBy === UNIX_HOST ? external >>> 16 : 0,
      isDirectory: name.endsWith('/'),
    });
    at = next;
  }
  return entries;
}

/** The entry's bytes, inflated no further than its declared size and checked against its CRC-32. */
export function readEntryData(zip: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localHeaderOffset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL) throw new UnsafeArchiveError(`${entry.name}: local header missing`);
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const stored = zip.subarray(start, start + entry.compressedSize);
  if (stored.length !== entry.compressedSize) throw new UnsafeArchiveError(`${entry.name}: data runs past the end of the archive`);
  let data: Buffer;
  if (entry.method === 0) {
    data = stored;
  } else {
    try {
      // maxOutputLength turns a zip bomb that lies about its size into an error, not a full disk.
      data = inflateRawSync(stored, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
    } catch (error) {
      throw new UnsafeArchiveError(`${entry.name}: cannot be inflated within its declared size (${(error as Error).message})`);
    }
  }
  if (data.length !== entry.uncompressedSize) throw new UnsafeArchiveError(`${entry.name}: ${data.length} bytes, but the archive declares ${entry.uncompressedSize}`);
  if ((crc32(data) >>> 0) !== entry.crc32) throw new UnsafeArchiveError(`${entry.name}: CRC-32 mismatch`);
  return data;
}
