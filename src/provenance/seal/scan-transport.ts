/**
 * Runs a ScanJob (hashing and secret scanning of the run folders) on the second core while
 * the main thread parses predictions. The worker is the bundled `scan-worker` entry, found
 * next to the running bundle (dist/cli/index.js -> dist/scan-worker/index.js). Where it does
 * not exist (tests running from source) the job runs in-thread, lazily, when first awaited.
 * Any worker failure (it cannot start, crashes, or a side threw) falls back to running that
 * side in-thread, so errors surface exactly as `scanRun` throws them. Only the transport
 * differs: the work is always `scanSide` / `runScanJob`.
 */
import { Worker } from 'node:worker_threads';
import { bundledWorkerUrl } from '../../parse/bundled-worker.js';
import type { RunScan } from './run-scan.js';
import { scanSide, type ScanJob, type ScanJobResult, type SideScanJob, type SideScanOutcome } from './scan-job.js';

export interface RunScans {
  /** The candidate's scan; throws what `scanRun` throws. */
  candidate(): Promise<RunScan>;
  /** The baseline's scan, or undefined when the job has no baseline side. */
  baseline(): Promise<RunScan | undefined>;
}

/** Hashing and scanning make short-lived garbage: a small young generation keeps peak RSS down. */
const SCAN_LIMITS = Object.freeze({ maxYoungGenerationSizeMb: 6 });

/** Starts the job now in a worker when `workerUrl` is given, else defers it to the first await. */
export function startRunScans(job: ScanJob, workerUrl: URL | null = bundledWorkerUrl('scan-worker')): RunScans {
  if (!workerUrl) return inThread(job);
  let worker: Worker | undefined;
  const result = new Promise<ScanJobResult | undefined>((resolve) => {
    try {
      worker = new Worker(workerUrl, { workerData: job, resourceLimits: SCAN_LIMITS });
      // Until a result is awaited the worker does not hold the process open (a gate that
      // ends early on an error exits at once).
      worker.unref();
    } catch {
      resolve(undefined);
      return;
    }
    worker.once('message', (message: unknown) => resolve(message as ScanJobResult));
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
  const fallback = inThread(job);
  const scanOf = async (pick: (r: ScanJobResult) => SideScanOutcome | undefined): Promise<RunScan | undefined> => {
    worker?.ref();
    const done = await result;
    const outcome = done ? pick(done) : undefined;
    return outcome && 'scan' in outcome ? outcome.scan : undefined;
  };
  return {
    candidate: async () => (await scanOf((r) => r.candidate)) ?? fallback.candidate(),
    baseline: async () => (job.baseline ? ((await scanOf((r) => r.baseline)) ?? fallback.baseline()) : undefined),
  };
}

function inThread(job: ScanJob): RunScans {
  const once = (side: SideScanJob): (() => Promise<RunScan>) => {
    let pending: Promise<RunScan> | undefined;
    return () => (pending ??= scanSide(side, job.precomputed));
  };
  const candidate = once(job.candidate);
  const baseline = job.baseline ? once(job.baseline) : undefined;
  return { candidate, baseline: async () => baseline?.() };
}
