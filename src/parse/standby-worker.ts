/**
 * A worker thread started before the code that will use it has loaded. A new thread spends
 * ~100 ms in Node's own bootstrap (compiling its internal modules) before it runs a line of
 * ours, and the gate paid that on its critical path: it created the predictions worker ~90 ms
 * after start-up (the time to load the CLI and read the policy), and the worker began parsing
 * ~115 ms later, while the main thread was already parsing the baseline. The CLI's loader
 * (src/cli.ts) starts that worker on standby instead, while the CLI itself loads; the gate hands
 * it its task, one message, when it knows it (the worker's entry waits for that message when
 * its `workerData` says `standby`). A standby worker that nobody claims is unref'd: it never
 * holds the process open, and it ends with it.
 *
 * The loader and the CLI are separate bundles, each with its own copy of this module: the
 * workers are kept on `globalThis`, under a registry symbol both copies name.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';

interface Standby {
  worker: Worker;
  alive: boolean;
}

const REGISTRY = Symbol.for('promotion-gate.standby-workers');

function registry(): Map<string, Standby> {
  const holder = globalThis as { [REGISTRY]?: Map<string, Standby> };
  return (holder[REGISTRY] ??= new Map());
}

/** What a standby worker finds in `workerData`: wait for the task as the first message. */
export interface StandbyData {
  standby: true;
}

export const isStandby = (data: unknown): data is StandbyData => typeof data === 'object' && data !== null && (data as { standby?: unknown }).standby === true;

/** Starts `url` on standby under `name` (a failure to start only means the user starts its own). */
export function startStandby(name: string, url: URL, resourceLimits: ResourceLimits): void {
  let worker: Worker;
  try {
    worker = new Worker(url, { workerData: { standby: true } satisfies StandbyData, resourceLimits });
  } catch {
    return;
  }
  worker.unref();
  const entry: Standby = { worker, alive: true };
  const died = () => {
    entry.alive = false;
  };
  // Also keeps the failure of a worker nobody claimed from being thrown on this thread.
  worker.on('error', died);
  worker.once('exit', died);
  registry().set(name, entry);
}

/**
 * The standby worker `name`, taken (a second claim gets none), or undefined when there is none
 * or it died. Events are delivered on later turns of the event loop, so a caller that attaches
 * its listeners in the same turn misses none of them.
 */
export function claimStandby(name: string): Worker | undefined {
  const entry = registry().get(name);
  registry().delete(name);
  return entry?.alive ? entry.worker : undefined;
}
