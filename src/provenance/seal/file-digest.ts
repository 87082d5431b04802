/**
 * One pass over a file's bytes computing what provenance needs from it: its sha256 and
 * size (for the manifest) and, optionally, the secrets it contains and its git blob id (for a
 * promotion, which names every file by it). Large predictions files are read once, in big
 * chunks, never held in memory. The bytes can also come from someone else's read: the gate's
 * predictions readers feed a `DigestTap` with the chunks they parse, and the scan of the run
 * folder then takes that digest instead of reading the file again, when it is the same file,
 * unchanged (same device, inode, size, modification and change times before and after).
 */
import { createHash, type Hash } from 'node:crypto';
import type { Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { gitBlobHasher } from '../../git/blob-id.js';
import { SecretScanner, type SecretFinding } from '../secrets/scanner.js';

const CHUNK_BYTES = 4 * 1024 * 1024;

export interface FileDigest {
  /** Absent when not asked for (DigestOptions.sha256 false): nothing then compares with it. */
  sha256?: string;
  size: number;
  secrets?: { findings: SecretFinding[]; total: number };
  /**
   * With `gitBlob`: git's blob id and whether the file is executable. No id when the file's
   * size changed while it was read (its id would name bytes nobody can read again).
   */
  git?: { sha?: string; executable: boolean };
}

export interface DigestOptions {
  secrets: boolean;
  gitBlob?: boolean;
  /**
   * The sha256 (default true). The gate wants a side's hashes only to check its manifest.json,
   * and hashing is a fifth of the CPU of a gate on 10^6 items a side: a run folder without a
   * manifest is not hashed (see scan-job.ts).
   */
  sha256?: boolean;
}

const wantsSha256 = (options: DigestOptions): boolean => options.sha256 !== false;

/** Which file, in which state: equal identities before and after a read mean it read one version. */
export interface FileIdentity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

export const identityOf = (stats: Stats): FileIdentity => ({ dev: stats.dev, ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs });

const sameIdentity = (a: FileIdentity, b: FileIdentity): boolean =>
  a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;

/** A digest computed from another reader's pass over the file, with what it is valid for. */
export interface PrecomputedDigest {
  identity: FileIdentity;
  options: DigestOptions;
  digest: FileDigest;
}

/** Digests by file, looked up by the scan of a run folder (plain data: it crosses threads). */
export type PrecomputedDigests = readonly PrecomputedDigest[];

/** The precomputed digest of the file whose handle reports `stats`, computed with `options`, if any. */
export function findPrecomputed(digests: PrecomputedDigests | undefined, stats: Stats, options: DigestOptions): FileDigest | undefined {
  if (!digests) return undefined;
  const identity = identityOf(stats);
  // A digest with a hash serves a request without one; never the other way round.
  const found = digests.find(
    (d) =>
      sameIdentity(d.identity, identity) &&
      d.options.secrets === options.secrets &&
      (d.options.gitBlob === true) === (options.gitBlob === true) &&
      (wantsSha256(d.options) || !wantsSha256(options)),
  );
  return found?.digest;
}

/** Digest state fed chunk by chunk, in file order. */
export class FileDigester {
  private readonly hash: Hash | undefined;
  private readonly scanner: SecretScanner | undefined;
  private readonly blob: Hash | undefined;
  private size = 0;

  /** `stats` (size and mode before reading) is needed for a git blob id. */
  constructor(
    options: DigestOptions,
    private readonly stats?: Pick<Stats, 'size' | 'mode'>,
  ) {
    this.hash = wantsSha256(options) ? createHash('sha256') : undefined;
    this.scanner = options.secrets ? new SecretScanner() : undefined;
    // The blob id's header holds the size, so it is taken from the file before reading.
    this.blob = options.gitBlob && stats ? gitBlobHasher(stats.size) : undefined;
  }

  push(chunk: Uint8Array): void {
    this.hash?.update(chunk);
    this.blob?.update(chunk);
    this.scanner?.push(chunk);
    this.size += chunk.byteLength;
  }

  finish(): FileDigest {
    const { scanner, blob, stats, size } = this;
    scanner?.end();
    return {
      ...(this.hash ? { sha256: this.hash.digest('hex') } : {}),
      size,
      ...(scanner ? { secrets: { findings: scanner.findings, total: scanner.total } } : {}),
      ...(blob && stats ? { git: { ...(size === stats.size ? { sha: blob.digest('hex') } : {}), executable: (stats.mode & 0o111) !== 0 } } : {}),
    };
  }
}

/** Whether a digest with these options needs the file's bytes at all (else its size is all it holds). */
export const readsBytes = (options: DigestOptions): boolean => wantsSha256(options) || options.secrets || options.gitBlob === true;

export async function digestHandle(handle: FileHandle, options: DigestOptions): Promise<FileDigest> {
  if (!readsBytes(options)) return { size: (await handle.stat()).size };
  const digester = new FileDigester(options, options.gitBlob ? await handle.stat() : undefined);
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  for (let size = 0; ; ) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, size);
    if (bytesRead === 0) break;
    digester.push(buffer.subarray(0, bytesRead));
    size += bytesRead;
  }
  return digester.finish();
}

/**
 * Computes a file's digest from a reader's pass over it (a `ByteTap` of the JSONL reader):
 * `result()` is the digest only when the reader went through the whole file and the file was
 * the same before and after (else undefined: the scan reads the file itself).
 */
export class DigestTap {
  private digester: FileDigester | undefined;
  private before: FileIdentity | undefined;
  private outcome: PrecomputedDigest | undefined;

  constructor(private readonly options: DigestOptions) {}

  start(stats: Stats): void {
    this.before = identityOf(stats);
    this.digester = new FileDigester(this.options, stats);
  }

  bytes(chunk: Buffer): void {
    this.digester?.push(chunk);
  }

  end(stats: Stats): void {
    const { digester, before } = this;
    if (!digester || !before) return;
    const digest = digester.finish();
    const after = identityOf(stats);
    if (sameIdentity(before, after) && digest.size === after.size) this.outcome = { identity: after, options: this.options, digest };
  }

  result(): PrecomputedDigest | undefined {
    return this.outcome;
  }
}
