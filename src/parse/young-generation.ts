/**
 * Keeps V8's young generation at its initial size in this process. Reading 10^6-line JSONL
 * makes garbage at several hundred MB/s; V8 answers by growing the semi-spaces (up to 16 MB
 * each on Node 22, more on Node 24), and that memory stays resident: measured on the gate at
 * 10^6 items per side, Node 24 peaked at ~400 MB with growth and ~290 MB without, Node 22
 * ~230 MB -> ~170 MB on one side's read, at the same CPU time (a scavenge of a small
 * young generation is cheap: little of this garbage survives). Worker threads set their own
 * cap through `resourceLimits` (src/gate/predictions-worker-limits.ts).
 *
 * `--max-semi-space-size` is read only when the heap is created, so it cannot be set from
 * inside; the growth factor is read at each scavenge, so setting it at start-up takes effect.
 * Called once by each entry point (the CLI and the action), never by library code.
 *
 * A worker thread's heap is created later, and so reads the semi-space size flags: without
 * growth its young generation would stay at V8's 1 MB minimum (this thread's grew to 4 MB
 * during start-up), and the gate's predictions worker then spent twice the main thread's time
 * in scavenges (1,108 against 283 at 10^6 items, each copying the same few survivors).
 * WORKER_SEMI_SPACE_FLAG starts the workers' semi-spaces at 4 MB, each still capped by its
 * `resourceLimits.maxYoungGenerationSizeMb` (a third of which is one semi-space).
 */
import { setFlagsFromString } from 'node:v8';

/** The V8 flags set (exported for the test that checks this V8 still knows and reads them). */
export const YOUNG_GENERATION_FLAG = '--semi-space-growth-factor=1';
export const WORKER_SEMI_SPACE_FLAG = '--min-semi-space-size=4';

export function keepYoungGenerationSmall(): void {
  setFlagsFromString(YOUNG_GENERATION_FLAG);
  sizeWorkerSemiSpaces();
}

/** Only the workers' flag: for a worker started before `keepYoungGenerationSmall` runs (cli/standby.ts). */
export function sizeWorkerSemiSpaces(): void {
  setFlagsFromString(WORKER_SEMI_SPACE_FLAG);
}
