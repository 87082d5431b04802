/**
 * One pass over a file's bytes computing what provenance needs from it: its sha256 and
 * size (for the manifest) and, optionally, the secrets it contains. Large predictions files
 * are read once, in big chunks, never held in memory.
 */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { SecretScanner, type SecretFinding } from '../secrets/scanner.js';

const CHUNK_BYTES = 4 * 1024 * 1024;

export interface FileDigest {
  sha256: string;
  size: number;
  secrets?: { findings: SecretFinding[]; total: number };
}

export async function digestHandle(handle: FileHandle, scanSecrets: boolean): Promise<FileDigest> {
  const hash = createHash('sha256');
  const scanner = scanSecrets ? new SecretScanner() : undefined;
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let size = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, size);
    if (bytesRead === 0) break;
    const chunk = buffer.subarray(0, bytesRead);
    hash.update(chunk);
    scanner?.push(chunk);
    size += bytesRead;
  }
  scanner?.end();
  return {
    sha256: hash.digest('hex'),
    size,
    ...(scanner ? { secrets: { findings: scanner.findings, total: scanner.total } } : {}),
  };
}
