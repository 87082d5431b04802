/**
 * Reads every file of a run folder once: sha256 and size for the manifest and, when
 * asked, the secret scan and git blob ids (a promotion reuses the gate's scan). Entries that
 * are not regular files inside the store (FIFOs, devices, links leading out) are listed with
 * the reason and never opened.
 */
import { ArtifactError } from '../../contract/errors.js';
import type { StoreLocation } from '../../store/location.js';
import { digestHandle, findPrecomputed, type FileDigest, type PrecomputedDigests } from './file-digest.js';
import { listRunEntries, openRunEntry, type RunEntry } from '../../store/run-files.js';

export interface ScannedFile extends Omit<RunEntry, 'open'> {
  digest?: FileDigest;
  /** Why the entry was not read (not a regular file inside the store, unreadable). */
  problem?: string;
}

export interface RunScan {
  files: ScannedFile[];
  bytes: number;
  seconds: number;
}

const KIND_TEXT: Record<string, string> = {
  directory: 'a folder reached through a link, or nested too deep (not read)',
  fifo: 'a FIFO (not read)',
  socket: 'a socket (not read)',
  device: 'a device (not read)',
  other: 'not a regular file (not read)',
  'broken-link': 'a symbolic link to a missing target',
  'link-loop': 'a symbolic link loop',
  'escaping-link': 'a symbolic link pointing outside the store (not followed)',
  'hard-link': 'a hard link: a file with more than one name, the other possibly outside the store (not read)',
};

/** Entries that are not regular files inside the store: listed with the reason, never opened. */
export const isIrregular = (file: ScannedFile): boolean => file.kind !== 'file';

export interface ScanOptions {
  secrets: boolean;
  gitBlobs?: boolean;
  /** Each file's sha256 (default true; see DigestOptions.sha256). */
  sha256?: boolean;
  /**
   * Digests another read already computed (the gate's predictions readers): a file whose open
   * handle shows the same identity, digested with the same options, is not read again.
   */
  precomputed?: PrecomputedDigests;
}

export async function scanRun(location: StoreLocation, relDir: string, options: ScanOptions): Promise<RunScan> {
  const started = process.hrtime.bigint();
  const files: ScannedFile[] = [];
  let bytes = 0;
  for (const { open, ...entry } of await listRunEntries(location, relDir)) {
    if (entry.kind !== 'file' || !open) {
      files.push({ ...entry, problem: KIND_TEXT[entry.kind] ?? 'not a regular file (not read)' });
      continue;
    }
    try {
      const handle = await openRunEntry({ ...entry, open });
      try {
        const wanted = { secrets: options.secrets, gitBlob: options.gitBlobs === true, ...(options.sha256 === false ? { sha256: false } : {}) };
        const digest = findPrecomputed(options.precomputed, await handle.stat(), wanted) ?? (await digestHandle(handle, wanted));
        bytes += digest.size;
        files.push({ ...entry, digest });
      } finally {
        await handle.close();
      }
    } catch (error) {
      if (!(error instanceof ArtifactError)) throw error;
      files.push({ ...entry, problem: error.reason });
    }
  }
  return { files, bytes, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
