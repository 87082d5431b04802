/**
 * What the compliance gate reads from the run folders' bytes, as plain data: the candidate's
 * files (hashed, and secret-scanned unless the policy turns that off) and, when its manifest
 * is checked, the baseline's files (hashed only). The same job runs in a worker thread or
 * in-thread (scan-transport.ts); either way the work itself is `runScanJob`, i.e. `scanRun`.
 */
import type { LoadedSide } from '../../artifacts/load-run.js';
import type { Policy } from '../../policy/schema.js';
import { scanRun, type RunScan } from './run-scan.js';
import type { PrecomputedDigests } from './file-digest.js';

import type { StoreLocation } from '../../store/location.js';
export interface SideScanJob {
  location: StoreLocation;
  relDir: string;
  secrets: boolean;
  /** Git blob ids too (the candidate of a promotion). */
  gitBlobs?: boolean;
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

export function scanJobFor(input: ScanJobInput): ScanJob {
  const { compliance } = input.policy;
  const candidate = { location: plainLocation(input.store), relDir: input.candidate.relDir, secrets: compliance.secrets !== 'off', ...(input.gitBlobs ? { gitBlobs: true } : {}) };
  if (!input.baseline || compliance.manifest === 'off') return { candidate };
  return { candidate, baseline: { location: plainLocation(input.baseStore), relDir: input.baseline.relDir, secrets: false } };
}

/** Only the fields the scan reads, so the job can be posted to a worker. */
const plainLocation = (location: StoreLocation): StoreLocation => ({ root: location.root, display: location.display });

export function scanSide(side: SideScanJob, precomputed?: PrecomputedDigests): Promise<RunScan> {
  return scanRun(side.location, side.relDir, { secrets: side.secrets, gitBlobs: side.gitBlobs === true, ...(precomputed ? { precomputed } : {}) });
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
