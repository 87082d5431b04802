/**
 * What the compliance gate reads from the run folders' bytes, as plain data: the candidate's
 * files (secret-scanned unless the policy turns that off) and, when its manifest is checked,
 * the baseline's files. A side's files are hashed only when something compares the hashes: its
 * manifest.json (present, and checked by the policy) or a promotion's plan. The same job runs in
 * a worker thread or in-thread (scan-transport.ts); either way the work itself is `runScanJob`,
 * i.e. `scanRun`.
 */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedSide } from '../../artifacts/load-run.js';
import type { Policy } from '../../policy/schema.js';
import { scanRun, type RunScan } from './run-scan.js';
import type { PrecomputedDigests } from './file-digest.js';
import { MANIFEST_FILE } from './file-names.js';
import type { StoreLocation } from '../../store/location.js';

export interface SideScanJob {
  location: StoreLocation;
  relDir: string;
  secrets: boolean;
  /** Git blob ids too (the candidate of a promotion). */
  gitBlobs?: boolean;
  /** False: no sha256 (nothing compares it). */
  hashes?: boolean;
}

export interface ScanJob {
  candidate: SideScanJob;
  baseline?: SideScanJob;
  /** Files already digested by another read (see ScanOptions.precomputed). */
  precomputed?: PrecomputedDigests;
}

/** A side's scan, or `failed` when it threw: the caller repeats it in-thread for the real error. */
export type SideScanOutcome = { scan: RunScan } | { failed: true };

export interface ScanJobResult {
  candidate: SideScanOutcome;
  baseline?: SideScanOutcome;
}

export interface ScanJobInput {
  store: StoreLocation;
  baseStore: StoreLocation;
  candidate: LoadedSide;
  baseline: LoadedSide | null;
  policy: Policy;
  /** Also compute the candidate's git blob ids (a promotion plans with them). */
  gitBlobs?: boolean;
}

/**
 * Whether the folder has an entry named manifest.json (of any kind: the manifest check reads
 * it and reports what it is). Asked again each time a job is made, so a manifest that appears
 * later is hashed for by the later job; one that appears after the last is compared with
 * digests that have no sha256, which never match it (a failed check, never a pass).
 */
function hasManifest(location: StoreLocation, relDir: string): boolean {
  try {
    lstatSync(join(location.root, relDir, MANIFEST_FILE));
    return true;
  } catch {
    return false;
  }
}

export function scanJobFor(input: ScanJobInput): ScanJob {
  const { compliance } = input.policy;
  const checked = compliance.manifest !== 'off';
  const hashes = (location: StoreLocation, relDir: string) => (checked && hasManifest(location, relDir) ? {} : { hashes: false });
  const candidate: SideScanJob = {
    location: plainLocation(input.store),
    relDir: input.candidate.relDir,
    secrets: compliance.secrets !== 'off',
    // A promotion plans its commit with every file's sha256 and blob id.
    ...(input.gitBlobs ? { gitBlobs: true } : hashes(input.store, input.candidate.relDir)),
  };
  if (!input.baseline || !checked) return { candidate };
  const baseline = { location: plainLocation(input.baseStore), relDir: input.baseline.relDir, secrets: false, ...hashes(input.baseStore, input.baseline.relDir) };
  return { candidate, baseline };
}

/** Only the fields the scan reads, so the job can be posted to a worker. */
const plainLocation = (location: StoreLocation): StoreLocation => ({ root: location.root, display: location.display });

export function scanSide(side: SideScanJob, precomputed?: PrecomputedDigests): Promise<RunScan> {
  return scanRun(side.location, side.relDir, {
    secrets: side.secrets,
    gitBlobs: side.gitBlobs === true,
    ...(side.hashes === false ? { sha256: false } : {}),
    ...(precomputed ? { precomputed } : {}),
  });
}

async function settle(side: SideScanJob, precomputed?: PrecomputedDigests): Promise<SideScanOutcome> {
  try {
    return { scan: await scanSide(side, precomputed) };
  } catch {
    return { failed: true };
  }
}

/** The worker's whole task. Sides are scanned one after the other (one core's worth of work). */
export async function runScanJob(job: ScanJob): Promise<ScanJobResult> {
  const candidate = await settle(job.candidate, job.precomputed);
  return job.baseline ? { candidate, baseline: await settle(job.baseline, job.precomputed) } : { candidate };
}
