/**
 * Worker entry (bundled to dist/scan-worker/index.js): runs the ScanJob it is given and
 * posts the result. A side that throws is reported as failed; the main thread repeats it
 * in-thread to surface the real error (scan-transport.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runScanJob, type ScanJob } from './scan-job.js';

if (parentPort) {
  const port = parentPort;
  void runScanJob(workerData as ScanJob).then((result) => port.postMessage(result));
}
