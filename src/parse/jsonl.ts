/**
 * Streaming JSONL: one strict JSON object per line, read in large chunks.
 *
 * Each chunk is cut at its last newline; the complete lines are validated as UTF-8 and
 * decoded in one native call (0x0A never occurs inside a multi-byte sequence, so cutting
 * there is safe), then split as a string. Only the partial line at a chunk's end is
 * copied. Errors carry file:line:column (or file:line and the byte offset for UTF-8).
 */
import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { ArtifactError } from '../contract/errors.js';
import { parseStrictJson } from './json.js';
import { decodeStrictUtf8 } from './utf8.js';

export interface ReadLimits {
  maxFileBytes: number;
  maxLineBytes: number;
  maxLines: number;
}

/** JSONL limits plus the cap for whole JSON files (metrics.json, fingerprint.json, ...). */
export interface StoreLimits extends ReadLimits {
  maxJsonBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<StoreLimits> = Object.freeze({
  maxFileBytes: 2048 * MiB,
  maxLineBytes: 16 * MiB,
  maxLines: 5_000_000,
  maxJsonBytes: 64 * MiB,
});

export type JsonObject = Record<string, unknown>;

export interface JsonlRecord {
  value: JsonObject;
  /** 1-based physical line in the file. */
  line: number;
}

export interface JsonlSummary {
  records: number;
  /** Physical lines, blank ones included. */
  lines: number;
  bytes: number;
}

/**
 * Sees the file's bytes as they are read, so that one read can serve another purpose too (the
 * gate hashes and secret-scans predictions from its parse): `start` with the open file's stats,
 * `bytes` for every chunk in file order (valid only during the call), `end` with its stats after
 * the last byte. A read that stops early (a parse error) never calls `end`.
 */
export interface ByteTap {
  start(stats: Stats): void;
  bytes(chunk: Buffer): void;
  end(stats: Stats): void;
}

export interface JsonlOptions {
  /** Read size; tests make it tiny to exercise chunk boundaries. */
  chunkBytes?: number;
  tap?: ByteTap;
}

const DEFAULT_CHUNK = 1 * MiB;
/** Lines are decoded in pieces of about this size (strings under V8's large-object size). */
const DECODE_BYTES = 64 * 1024;

/**
 * Calls `onRecord` for each non-blank line, in order. `source` is a path or a handle the
 * caller opened (and still owns); the store reader passes an already verified handle.
 */
export async function forEachJsonl(
  source: string | FileHandle,
  display: string,
  limits: ReadLimits,
  onRecord: (value: JsonObject, line: number) => void,
  options: JsonlOptions = {},
): Promise<JsonlSummary> {
  const splitter = new LineSplitter(display, limits, onRecord);
  for await (const [chunk, offset] of chunks(source, display, limits, options)) splitter.push(chunk, offset);
  return splitter.end();
}

/** The same records as an async generator; records are produced a chunk at a time. */
export async function* readJsonl(
  source: string | FileHandle,
  display: string,
  limits: ReadLimits,
  options: JsonlOptions = {},
): AsyncGenerator<JsonlRecord, JsonlSummary> {
  let batch: JsonlRecord[] = [];
  const splitter = new LineSplitter(display, limits, (value, line) => batch.push({ value, line }));
  for await (const [chunk, offset] of chunks(source, display, limits, options)) {
    splitter.push(chunk, offset);
    const ready = batch;
    batch = [];
    yield* ready;
  }
  const summary = splitter.end();
  yield* batch;
  return summary;
}

/** The file's bytes in chunks of two reused buffers: each chunk is valid until the next. */
async function* chunks(
  source: string | FileHandle,
  display: string,
  limits: ReadLimits,
  options: JsonlOptions,
): AsyncGenerator<[Buffer, number]> {
  const handle = typeof source === 'string' ? await openRegularFile(source, display) : source;
  try {
    const stats = await handle.stat();
    checkFileSize(stats, display, limits.maxFileBytes);
    const tap = options.tap;
    tap?.start(stats);
    // Two buffers: the next read runs (in libuv's thread pool) while the caller parses the
    // chunk just yielded, so reading overlaps parsing. A chunk stays valid until the next one
    // is yielded: only then does a read into its buffer start again.
    const size = options.chunkBytes ?? DEFAULT_CHUNK;
    const buffers = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)];
    const readInto = (buffer: Buffer, offset: number) => {
      const pending = handle.read(buffer, 0, size, offset);
      // Awaited below; this only keeps a read left in flight by an early exit (a parse error)
      // from becoming an unhandled rejection. close() waits for it.
      pending.catch(() => undefined);
      return pending;
    };
    let next = readInto(buffers[0]!, 0);
    for (let index = 0, offset = 0; ; index++) {
      const { bytesRead, buffer } = await next;
      if (bytesRead === 0) {
        tap?.end(await handle.stat());
        return;
      }
      next = readInto(buffers[(index + 1) & 1]!, offset + bytesRead);
      const chunk = buffer.subarray(0, bytesRead);
      tap?.bytes(chunk);
      yield [chunk, offset];
      offset += bytesRead;
    }
  } finally {
    if (handle !== source) await handle.close();
  }
}

/**
 * Opens a path that must be a regular file. O_NONBLOCK keeps a FIFO from blocking the open;
 * the fstat check then refuses it before a single byte is read.
 */
async function openRegularFile(path: string, display: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if (isErrno(error, 'ENOENT')) throw new ArtifactError({ file: display }, 'file not found', 'artifact.missing');
    throw error;
  }
  const stats = await handle.stat();
  if (!stats.isFile()) {
    await handle.close();
    throw new ArtifactError({ file: display }, `is ${describeKind(stats)}, not a regular file (refused, not read)`, 'artifact.unsafe');
  }
  return handle;
}

export function checkFileSize(stats: Stats, display: string, maxBytes: number): void {
  if (stats.size > maxBytes) {
    throw new ArtifactError(
      { file: display },
      `file is ${formatBytes(stats.size)}, over the ${formatCap(maxBytes)} cap`,
      'artifact.too_large',
    );
  }
}

/** Splits chunks into lines, parses them and enforces the caps. */
class LineSplitter {
  private line = 0;
  private records = 0;
  private bytes = 0;
  /** The incomplete line at the end of the previous chunk (a copy). */
  private carry: Buffer | undefined;
  private carryOffset = 0;
  /** Bytes of a line already known to exceed the cap, still being measured. */
  private overlong = 0;
  private tooManyLines = false;
  /** Over the line cap, whether the bytes counted so far end inside a line. */
  private tailOpen = false;

  constructor(
    private readonly display: string,
    private readonly limits: ReadLimits,
    private readonly onRecord: (value: JsonObject, line: number) => void,
  ) {}

  push(chunk: Buffer, offset: number): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limits.maxFileBytes) {
      // The file grew after its size was checked.
      throw new ArtifactError(
        { file: this.display },
        `file is over the ${formatCap(this.limits.maxFileBytes)} cap (it grew while being read)`,
        'artifact.too_large',
      );
    }
    if (this.tooManyLines) return this.countRest(chunk, 0);
    const firstNewline = chunk.indexOf(0x0a);
    if (this.overlong > 0) {
      // Measure the rest of an overlong line without keeping it, then report its real size.
      if (firstNewline === -1) {
        this.overlong += chunk.length;
        return;
      }
      this.failOverlong(this.line + 1, this.overlong + firstNewline);
    }
    if (firstNewline === -1) return this.appendCarry(chunk, offset);
    let blockStart = 0;
    if (this.carry !== undefined) {
      // The line that straddles the previous chunk and this one.
      const joined = Buffer.concat([this.carry, chunk.subarray(0, firstNewline + 1)]);
      const joinedOffset = this.carryOffset;
      this.carry = undefined;
      this.block(joined, joinedOffset);
      blockStart = firstNewline + 1;
      if (this.tooManyLines) return this.countRest(chunk, blockStart);
    }
    const lastNewline = chunk.lastIndexOf(0x0a);
    if (lastNewline >= blockStart) {
      this.block(chunk.subarray(blockStart, lastNewline + 1), offset + blockStart);
      if (this.tooManyLines) return this.countRest(chunk, lastNewline + 1);
    }
    if (lastNewline + 1 < chunk.length) this.appendCarry(chunk.subarray(lastNewline + 1), offset + lastNewline + 1);
  }

  end(): JsonlSummary {
    if (this.overlong > 0) this.failOverlong(this.line + 1, this.overlong);
    if (this.carry !== undefined) {
      // The last line has no newline: parse it like any other (a truncated one fails).
      const text = decodeStrictUtf8(this.carry, this.display, this.carryOffset, this.line + 1);
      this.carry = undefined;
      this.handleLine(text, false);
    } else if (this.tailOpen) this.line++;
    if (this.tooManyLines) {
      throw new ArtifactError(
        { file: this.display },
        `file has ${this.line.toLocaleString('en-US')} lines, over the cap of ${this.limits.maxLines.toLocaleString('en-US')} lines`,
        'artifact.too_large',
      );
    }
    return { records: this.records, lines: this.line, bytes: this.bytes };
  }

  /** Over the line cap: only count the remaining lines, to report the real number. */
  private countRest(chunk: Buffer, from: number): void {
    for (let i = chunk.indexOf(0x0a, from); i !== -1; i = chunk.indexOf(0x0a, i + 1)) this.line++;
    if (chunk.length > from) this.tailOpen = chunk[chunk.length - 1] !== 0x0a;
  }

  private appendCarry(bytes: Buffer, offset: number): void {
    if (this.carry === undefined) {
      this.carry = Buffer.from(bytes); // copy: the read buffer is reused
      this.carryOffset = offset;
    } else this.carry = Buffer.concat([this.carry, bytes]);
    if (this.carry.length > this.limits.maxLineBytes) {
      this.overlong = this.carry.length;
      this.carry = undefined;
    }
  }

  private failOverlong(line: number, bytes: number): never {
    throw new ArtifactError(
      { file: this.display, line },
      `line is ${formatBytes(bytes)}, over the ${formatCap(this.limits.maxLineBytes)} line cap`,
      'artifact.too_large',
    );
  }

  /**
   * Complete lines, each ending with a newline: decoded a piece of about DECODE_BYTES at a
   * time (cut after a newline), so the decoded text is a young, short-lived string and not a
   * large object that only a full garbage collection frees (memory at 10^6 lines).
   */
  private block(bytes: Buffer, offset: number): void {
    for (let start = 0; start < bytes.length; ) {
      let end = bytes.length;
      if (end - start > DECODE_BYTES) {
        const cut = bytes.lastIndexOf(0x0a, start + DECODE_BYTES - 1);
        end = cut >= start ? cut + 1 : bytes.indexOf(0x0a, start + DECODE_BYTES) + 1; // a line longer than a piece
      }
      this.piece(bytes.subarray(start, end), offset + start);
      if (this.tooManyLines) {
        for (let i = bytes.indexOf(0x0a, end); i !== -1; i = bytes.indexOf(0x0a, i + 1)) this.line++;
        return;
      }
      start = end;
    }
  }

  private piece(bytes: Buffer, offset: number): void {
    const text = decodeStrictUtf8(bytes, this.display, offset, this.line + 1);
    for (let pos = 0; pos < text.length; ) {
      const newline = text.indexOf('\n', pos);
      this.handleLine(text.slice(pos, newline), true);
      if (this.tooManyLines) {
        for (let i = text.indexOf('\n', newline + 1); i !== -1; i = text.indexOf('\n', i + 1)) this.line++;
        return;
      }
      pos = newline + 1;
    }
  }

  private handleLine(raw: string, terminated: boolean): void {
    const line = ++this.line;
    if (line > this.limits.maxLines) {
      this.tooManyLines = true;
      return;
    }
    const max = this.limits.maxLineBytes;
    // A UTF-16 unit is 1 to 3 bytes: measure bytes only when the length is ambiguous.
    if (raw.length * 3 > max && Buffer.byteLength(raw) > max) this.failOverlong(line, Buffer.byteLength(raw));
    let text = raw.charCodeAt(raw.length - 1) === 0x0d ? raw.slice(0, -1) : raw; // CRLF (F8)
    // A BOM is accepted at the start of the file only (F8). Stripped after decoding, so a
    // BOM split across reads is still recognised and byte offsets stay file offsets.
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const first = firstNonSpace(text);
    if (first === -1) return; // blank line (F10)
    let value: unknown;
    try {
      value = parseStrictJson(text, this.display, line);
    } catch (error) {
      if (!terminated && error instanceof ArtifactError && error.reason.startsWith('unexpected end of input')) {
        throw new ArtifactError(error.where, `${error.reason}; the last line has no newline: is the file truncated?`, error.code);
      }
      throw error;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ArtifactError(
        { file: this.display, line, column: first + 1 },
        `each line must be a JSON object, found ${describeJsonType(value)}`,
      );
    }
    this.records++;
    this.onRecord(value as JsonObject, line);
  }
}

function firstNonSpace(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return i;
  }
  return -1;
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}

export function describeKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return stats.isFile() ? 'a regular file' : 'not a regular file';
}

/** `73,614,336 bytes (70.2 MiB)`: exact, plus a readable unit for large sizes. */
export function formatBytes(bytes: number): string {
  const exact = `${bytes.toLocaleString('en-US')} bytes`;
  if (bytes < 1024) return exact;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let size = bytes / 1024;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${exact} (${size.toFixed(1)} ${units[unit]})`;
}

/** A cap as people set it: `16 MiB` when round, else exact bytes. */
export function formatCap(bytes: number): string {
  for (const [unit, size] of [['GiB', 1024 ** 3], ['MiB', MiB], ['KiB', 1024]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes.toLocaleString('en-US')}-byte`;
}

export function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
