/**
 * Where a side's predictions are collected: in the bundled worker thread
 * (dist/predictions-worker/index.js, found beside the running bundle) when the file is big
 * enough for a second core to pay, else in-thread. The gate collects the candidate in a worker
 * while the main thread streams the baseline, so the two files are parsed at once. Errors
 * are the in-thread ones: a strict-input failure comes back as the same ArtifactError, and any
 * other worker failure (cannot start, crashed) repeats the side in-thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ArtifactError, type FileLocation } from '../contract/errors.js';
import { collectPredictions, type CollectedPredictions, type CollectRequest } from './collect-predictions.js';

export type WorkerMessage =
  | { type: 'count'; items: number }
  | { type: 'done'; collected: CollectedPredictions }
  | { type: 'invalid'; where: FileLocation; reason: string; code: string }
  | { type: 'failed' };

// Kept in variables: ncc turns a literal path next to import.meta.url into a bundled asset.
const WORKER_DIR = 'predictions-worker';
const WORKER_FILE = 'index.js';

/**
 * Parsing makes short-lived garbage: a small young generation (V8's default for a thread is
 * several times larger) keeps the process's peak RSS down at no measured cost in time.
 */
export const WORKER_LIMITS = Object.freeze({ maxYoungGenerationSizeMb: 6 });

/** The bundled worker beside the running bundle, or null (running from source). */
export function predictionsWorkerUrl(base: string = import.meta.url): URL | null {
  const url = new URL(`../${WORKER_DIR}/${WORKER_FILE}`, base);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
}

/** Collects in the worker at `workerUrl` when given, else in-thread. */
export function collectIn(workerUrl: URL | null, request: CollectRequest, onCount?: (items: number) => void, every = 4096): Promise<CollectedPredictions> {
  if (!workerUrl) return collectPredictions(request, onCount, every);
  return new Promise<CollectedPredictions | undefined>((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(workerUrl, { workerData: { request, every, counts: onCount !== undefined }, resourceLimits: WORKER_LIMITS });
    } catch {
      resolve(undefined);
      return;
    }
    let settled = false;
    const settle = (value: CollectedPredictions | undefined, error?: ArtifactError) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (error) reject(error);
      else resolve(value);
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'count') onCount?.(message.items);
      else if (message.type === 'done') settle(message.collected);
      else if (message.type === 'invalid') settle(undefined, new ArtifactError(message.where, message.reason, message.code));
      else settle(undefined);
    });
    worker.once('error', () => settle(undefined));
    worker.once('exit', () => settle(undefined));
  }).then((collected) => collected ?? collectPredictions(request, onCount, every));
}
