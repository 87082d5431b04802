/**
 * The heap of the gate's predictions worker: in a module of its own, small, because the CLI's
 * loader (src/cli.ts) reads it too, to start that worker on standby (parse/standby-worker.ts).
 */

/**
 * Parsing makes short-lived garbage: a young generation of 12 MB (4 MB semi-spaces, the size the
 * main thread's reaches; see parse/young-generation.ts) rather than V8's default for a thread,
 * several times larger, keeps the process's peak RSS down; 6 MB (2 MB semi-spaces) cost the
 * worker ~75 ms more in scavenges at 10^6 items, on the gate's critical path.
 */
export const WORKER_LIMITS = Object.freeze({ maxYoungGenerationSizeMb: 12 });
