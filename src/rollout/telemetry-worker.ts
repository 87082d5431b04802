/**
 * Worker entry (bundled to dist/telemetry-worker/index.js): parses one telemetry file into its
 * summary and posts it, the histograms' bins transferred. A TelemetryError is posted as data
 * and rethrown as the same error by the calling thread; anything else makes that thread parse
 * the file itself (telemetry-transport.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TelemetryError } from './telemetry-error.js';
import { moveSummary, type TelemetryJob, type TelemetryWorkerMessage } from './telemetry-transport.js';
import { parseTelemetryHere } from './telemetry.js';

if (parentPort) {
  const port = parentPort;
  const post = (message: TelemetryWorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  const { path, display, spec, chunkBytes } = workerData as TelemetryJob;
  parseTelemetryHere(path, display, spec, chunkBytes ? { chunkBytes } : {}).then(
    (summary) => {
      const moved = moveSummary(summary);
      post({ type: 'done', summary: moved.summary }, moved.transfer);
    },
    (error: unknown) => {
      if (error instanceof TelemetryError) post({ type: 'invalid', where: error.where, reason: error.reason });
      else post({ type: 'failed' });
    },
  );
}
