/**
 * Where a bundled worker thread is. Each worker (scan-worker, predictions-worker,
 * telemetry-worker) is its own bundle, dist/<name>/index.js, beside the bundles that start it
 * (dist/cli/, dist/action/), so it is found from the running bundle's URL. Running from source
 * there is none (null), and the callers do the work in-thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Below this size of the file a worker would read, starting a thread costs more than it saves. */
export const WORKER_MIN_BYTES = 8 * 1024 * 1024;

/** dist/<name>/index.js beside the running bundle (`base`), or null when there is none. */
export function bundledWorkerUrl(name: 'scan-worker' | 'predictions-worker' | 'telemetry-worker', base: string = import.meta.url): URL | null {
  // Built from variables: ncc turns a literal path next to import.meta.url into a bundled asset.
  const file = 'index.js';
  const url = new URL(`../${name}/${file}`, base);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
}
