/**
 * Where a side's predictions are collected: in the bundled worker thread
 * (dist/predictions-worker/index.js, found beside the running bundle) when the file is big
 * enough for a second core to pay, else in-thread. The gate collects the candidate in a worker
 * while the main thread streams the baseline, so the two files are parsed at once. Errors
 * are the in-thread ones: a strict-input failure comes back as the same ArtifactError, and any
 * other worker failure (cannot start, crashed) repeats the side in-thread. With `digest`, the
 * same read also hashes (and secret-scans) the file for the provenance checks (DigestTap), so
 * the run folder's scan does not read it again.
 */
import { Worker } from 'node:worker_threads';
import { ArtifactError, type FileLocation } from '../contract/errors.js';
import { collectPredictions, type CollectedPredictions, type CollectRequest } from '../artifacts/collect-predictions.js';
import { DigestTap, type DigestOptions, type PrecomputedDigest } from '../provenance/seal/file-digest.js';
import { claimStandby } from '../parse/standby-worker.js';
import { WORKER_LIMITS } from './predictions-worker-limits.js';

/** A collected side, and its file's digest when one was asked for and the whole file was read. */
export interface CollectedSide extends CollectedPredictions {
  digest?: PrecomputedDigest;
}

export type WorkerMessage =
  | { type: 'count'; items: number }
  | { type: 'unordered' }
  | { type: 'done'; collected: CollectedPredictions; digest?: PrecomputedDigest }
  | { type: 'invalid'; where: FileLocation; reason: string; code: string }
  | { type: 'failed' };

/** What the worker is started with. */
export interface WorkerTask {
  request: CollectRequest;
  every: number;
  counts: boolean;
  digest?: DigestOptions;
}

/** A side being collected; `result()` is its outcome (and only then does the worker hold the process open). */
export interface PendingCollection {
  result(): Promise<CollectedSide>;
}

/** The whole task, in whichever thread runs it (the worker entry calls this too). */
export async function collectSide(task: Omit<WorkerTask, 'counts'>, onCount?: (items: number) => void, onUnordered?: () => void): Promise<CollectedSide> {
  const tap = task.digest ? new DigestTap(task.digest) : undefined;
  const collected = await collectPredictions(task.request, onCount, task.every, tap, onUnordered);
  const digest = tap?.result();
  return digest ? { ...collected, digest } : collected;
}

/**
 * Starts collecting now in the worker at `workerUrl` when given; else in-thread, lazily, when
 * the result is first asked for. Until then the worker does not keep the process alive, so a
 * gate that ends early on an error exits at once. `onUnordered`: the worker saw this side's ids
 * not ascend (sent while it still reads; never called in-thread, where the side is paired only
 * once read anyway).
 */
export function collectIn(
  workerUrl: URL | null,
  request: CollectRequest,
  onCount?: (items: number) => void,
  every = 4096,
  digest?: DigestOptions,
  onUnordered?: () => void,
): PendingCollection {
  const task = { request, every, ...(digest ? { digest } : {}) };
  const inThread = () => collectSide(task, onCount);
  if (!workerUrl) {
    let pending: Promise<CollectedSide> | undefined;
    return { result: () => (pending ??= inThread()) };
  }
  let worker: Worker | undefined;
  const outcome = new Promise<CollectedSide | undefined>((resolve, reject) => {
    try {
      const workerData: WorkerTask = { ...task, counts: onCount !== undefined };
      // The one the CLI's loader started on standby when there is one (already past its bootstrap).
      const standby = claimStandby('predictions-worker');
      if (standby) standby.postMessage(workerData);
      worker = standby ?? new Worker(workerUrl, { workerData, resourceLimits: WORKER_LIMITS });
      worker.unref();
    } catch {
      resolve(undefined);
      return;
    }
    const started = worker;
    let settled = false;
    const settle = (value: CollectedSide | undefined, error?: ArtifactError) => {
      if (settled) return;
      settled = true;
      void started.terminate();
      if (error) reject(error);
      else resolve(value);
    };
    started.on('message', (message: WorkerMessage) => {
      if (message.type === 'count') onCount?.(message.items);
      else if (message.type === 'unordered') onUnordered?.();
      else if (message.type === 'done') settle(message.digest ? { ...message.collected, digest: message.digest } : message.collected);
      else if (message.type === 'invalid') settle(undefined, new ArtifactError(message.where, message.reason, message.code));
      else settle(undefined);
    });
    started.once('error', () => settle(undefined));
    started.once('exit', () => settle(undefined));
  });
  outcome.catch(() => undefined); // asked for through result(); never an unhandled rejection meanwhile
  let pending: Promise<CollectedSide> | undefined;
  return {
    result: () => {
      worker?.ref();
      return (pending ??= outcome.then((collected) => collected ?? inThread()));
    },
  };
}
