/**
 * The CLI loader's guess at whether this process is a gate that will parse the candidate's
 * predictions in a worker thread, so that the loader starts that worker on standby while the
 * CLI loads (parse/standby-worker.ts). Only `--store` and `--run` are read, the way the gate
 * reads them (the store relative to the working folder, data/eval by default), and only a size
 * is asked of the file system. A wrong guess costs nothing but the head start: the gate still
 * checks everything itself and starts its own worker when none is waiting, and a standby
 * worker it does not claim ends with the process.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundledWorkerUrl, WORKER_MIN_BYTES } from '../parse/bundled-worker.js';
import { startStandby } from '../parse/standby-worker.js';
import { sizeWorkerSemiSpaces } from '../parse/young-generation.js';
import { isValidId } from '../store/ids.js';
import { WORKER_LIMITS } from '../gate/predictions-worker-limits.js';

const DEFAULT_STORE = 'data/eval';
const RUNS = 'runs';
const PREDICTIONS = 'predictions.jsonl';

/** `args`: the command line after the command name. */
export function standbyForGate(args: string[], cwd: string = process.cwd()): boolean {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args, options: { store: { type: 'string' }, run: { type: 'string' } }, strict: false, allowPositionals: true }));
  } catch {
    return false;
  }
  const { store, run } = values;
  if (typeof run !== 'string' || !isValidId(run)) return false; // the gate refuses it anyway
  // Segments from variables: ncc turns literal file names given to path.resolve into bundled assets.
  const segments = [typeof store === 'string' ? store : DEFAULT_STORE, RUNS, run, PREDICTIONS];
  let size: number;
  try {
    size = statSync(resolve(cwd, ...segments)).size;
  } catch {
    return false;
  }
  const url = size >= WORKER_MIN_BYTES ? bundledWorkerUrl('predictions-worker', import.meta.url) : null;
  if (!url) return false;
  // Read when the worker's heap is made, so set before it is (the CLI sets it again).
  sizeWorkerSemiSpaces();
  startStandby('predictions-worker', url, WORKER_LIMITS);
  return true;
}
