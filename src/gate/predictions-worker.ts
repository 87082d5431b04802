/**
 * Worker entry (bundled to dist/predictions-worker/index.js): collects one side's
 * predictions.jsonl (and, when asked, its file digest from the same read) and posts it, its
 * arrays transferred, with a running item count on the way. A strict-input failure
 * (ArtifactError) is posted as data and rethrown as the same error by the main thread;
 * anything else makes the main thread repeat the side in-thread (predictions-transport.ts).
 * Started on standby by the CLI's loader, it waits for its task as the first message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ArtifactError } from '../contract/errors.js';
import { transferList } from '../artifacts/collect-predictions.js';
import { collectSide, type WorkerMessage, type WorkerTask } from './predictions-transport.js';
import { isStandby } from '../parse/standby-worker.js';

/** Collects the side and posts the outcome. */
function run(post: (message: WorkerMessage, transfer?: ArrayBuffer[]) => void, task: WorkerTask): void {
  const onCount = task.counts ? (items: number) => post({ type: 'count', items }) : undefined;
  collectSide(task, onCount, () => post({ type: 'unordered' })).then(
    ({ digest, ...collected }) => post({ type: 'done', collected, ...(digest ? { digest } : {}) }, transferList(collected)),
    (error: unknown) => {
      if (error instanceof ArtifactError) post({ type: 'invalid', where: error.where, reason: error.reason, code: error.code });
      else post({ type: 'failed' });
    },
  );
}

if (parentPort) {
  const port = parentPort;
  const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  // Started on standby (parse/standby-worker.ts): the task is the first message.
  if (isStandby(workerData)) port.once('message', (task: WorkerTask) => run(post, task));
  else run(post, workerData as WorkerTask);
}
