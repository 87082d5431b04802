/**
 * One pass over a file's bytes computing what provenance needs from it: its sha256 and
 * size (for the manifest) and, optionally, the secrets it contains and its git blob id (for a
 * promotion, which names every file by it). Large predictions files are read once, in big
 * chunks, never held in memory.
 */
import { createHash, type Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { gitBlobHasher } from '../../git/blob-id.js';
import { SecretScanner, type SecretFinding } from '../secrets/scanner.js';

const CHUNK_BYTES = 4 * 1024 * 1024;

export interface FileDigest {
  sha256: string;
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
}

export async function digestHandle(handle: FileHandle, options: DigestOptions): Promise<FileDigest> {
  const hash = createHash('sha256');
  const scanner = options.secrets ? new SecretScanner() : undefined;
  // The blob id's header holds the size, so it is taken from the file before reading.
  const stats = options.gitBlob ? await handle.stat() : undefined;
  const blob: Hash | undefined = stats ? gitBlobHasher(stats.size) : undefined;
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let size = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, size);
    if (bytesRead === 0) break;
    const chunk = buffer.subarray(0, bytesRead);
    hash.update(chunk);
    blob?.update(chunk);
    scanner?.push(chunk);
    size += bytesRead;
  }
  scanner?.end();
  return {
    sha256: hash.digest('hex'),
    size,
    ...(scanner ? { secrets: { findings: scanner.findings, total: scanner.total } } : {}),
    ...(blob && stats ? { git: { ...(size === stats.size ? { sha: blob.digest('hex') } : {}), executable: (stats.mode & 0o111) !== 0 } } : {}),
  };
}
