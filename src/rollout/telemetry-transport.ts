/**
 * Where telemetry rows are parsed: in the bundled worker thread (dist/telemetry-worker/index.js,
 * beside the running bundle) when there is one, else on this thread.
 *
 * Why a worker: V8 interns the short strings JSON.parse makes (unit ids, ISO times, arm names)
 * in the old generation, which only a full collection frees and which V8 lets grow lazily; on
 * 10^7 rows that held 60–110 MB of garbage beyond what the read needs (peak RSS 357 MB on
 * Node 22 against a 300 MB target). In a worker the heap gets a cap, so the garbage is
 * collected early, at no cost in time, and the calling thread hashes the file meanwhile on the
 * other core. What the read keeps (the id table, the histograms) lives in typed arrays outside
 * the capped heap.
 *
 * Errors are the in-thread ones: a TelemetryError comes back as the same error (same file,
 * line and field); any other worker failure (cannot start, out of memory, crashed) repeats the
 * parse on this thread, so the worker only ever makes a read faster or leaner, never different.
 */
import { Worker } from 'node:worker_threads';
import type { FileLocation } from '../contract/errors.js';
import { bundledWorkerUrl } from '../parse/bundled-worker.js';
import { ARMS, LogHistogram, type Arm, type ArmData, type TelemetrySpec, type TelemetrySummary } from './accumulate.js';
import { TelemetryError } from './telemetry-error.js';

/** What the worker is asked: the same arguments as the in-thread parse. */
export interface TelemetryJob {
  path: string;
  display: string;
  spec: TelemetrySpec;
  chunkBytes?: number;
}

/** A histogram as it crosses threads: its bins (transferred, not copied) and count. */
interface MovedHistogram {
  bins: Float64Array;
  n: number;
}
type MovedArm = Omit<ArmData, 'distributions'> & { distributions: Map<string, MovedHistogram> };
export type MovedSummary = Omit<TelemetrySummary, 'arms'> & { arms: Record<Arm, MovedArm> };

export type TelemetryWorkerMessage =
  | { type: 'done'; summary: MovedSummary }
  | { type: 'invalid'; where: FileLocation; reason: string }
  | { type: 'failed' };

/**
 * The heap the worker may use. Its live data is small (a few maps and sets; a line is at most
 * 1 MiB); the cap is what makes V8 collect the interned strings early. Measured on 10^7 rows
 * (Node 22 / 24, peak RSS of the process): 24 MB 256 / 262 MB, 32 MB 270 / 278, 64 MB 271 / 277,
 * no cap 357 / 287, at the same speed; 32 leaves room for a 1 MiB line.
 */
export const TELEMETRY_WORKER_LIMITS = Object.freeze({ maxYoungGenerationSizeMb: 6, maxOldGenerationSizeMb: 32 });

/** The summary ready to post: plain data, the histograms' bins listed for transfer. */
export function moveSummary(summary: TelemetrySummary): { summary: MovedSummary; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const arms = {} as Record<Arm, MovedArm>;
  for (const arm of ARMS) {
    const data = summary.arms[arm];
    const distributions = new Map<string, MovedHistogram>();
    for (const [name, histogram] of data.distributions) {
      distributions.set(name, { bins: histogram.bins, n: histogram.n });
      transfer.push(histogram.bins.buffer as ArrayBuffer);
    }
    arms[arm] = { units: data.units, means: data.means, distributions };
  }
  return { summary: { ...summary, arms }, transfer };
}

/** The summary as the in-thread parse returns it, rebuilt from a worker's message. */
export function restoreSummary(moved: MovedSummary): TelemetrySummary {
  const arms = {} as Record<Arm, ArmData>;
  for (const arm of ARMS) {
    const data = moved.arms[arm];
    const distributions = new Map<string, LogHistogram>();
    for (const [name, { bins, n }] of data.distributions) distributions.set(name, new LogHistogram(bins, n));
    arms[arm] = { units: data.units, means: data.means, distributions };
  }
  return { ...moved, arms };
}

/**
 * Parses in the worker at `workerUrl` (default: the bundled one), or with `inThread` when
 * there is none or the worker fails for any reason other than the telemetry itself.
 */
export async function parseTelemetrySomewhere(
  path: string,
  display: string,
  spec: TelemetrySpec,
  options: { chunkBytes?: number },
  inThread: () => Promise<TelemetrySummary>,
  workerUrl: URL | null = bundledWorkerUrl('telemetry-worker'),
): Promise<TelemetrySummary> {
  if (!workerUrl) return inThread();
  const job: TelemetryJob = { path, display, spec, ...(options.chunkBytes ? { chunkBytes: options.chunkBytes } : {}) };
  const moved = await new Promise<MovedSummary | undefined>((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(workerUrl, { workerData: job, resourceLimits: TELEMETRY_WORKER_LIMITS });
    } catch {
      resolve(undefined);
      return;
    }
    let settled = false;
    const settle = (value: MovedSummary | undefined, error?: TelemetryError) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (error) reject(error);
      else resolve(value);
    };
    worker.on('message', (message: TelemetryWorkerMessage) => {
      if (message.type === 'done') settle(message.summary);
      else if (message.type === 'invalid') settle(undefined, new TelemetryError(message.where, message.reason));
      else settle(undefined);
    });
    worker.once('error', () => settle(undefined));
    worker.once('exit', () => settle(undefined));
  });
  return moved ? restoreSummary(moved) : inThread();
}
