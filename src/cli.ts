#!/usr/bin/env node
/**
 * CLI entry (bundled to dist/cli/index.js, a few lines). It turns on Node's compile cache
 * (module.enableCompileCache: V8's compiled code of a module kept on disk and checked against
 * the module's source), then loads the CLI itself, bundled beside it as dist/cli/main.js (from
 * src/cli/entry.ts), so that its 2.6 MB are compiled through the cache: on a gate's ~140 ms
 * start-up that was ~25 ms of parsing and compiling on every run.
 *
 * The cache lives in the user's own cache folder ($XDG_CACHE_HOME or ~/.cache, then
 * promotion-gate/compile-cache), not in the shared temp folder where another local user could
 * plant compiled code; NODE_COMPILE_CACHE names another folder, NODE_DISABLE_COMPILE_CACHE=1
 * turns it off.
 *
 * For a gate on a big candidate, it first starts the predictions worker on standby, so that the
 * thread's own start (~100 ms) runs while the CLI loads (cli/standby.ts).
 */
import module from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { standbyForGate } from './cli/standby.js';

const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
// Absent before Node 22.1; a folder that cannot be used (read-only) is only skipped.
module.enableCompileCache?.(process.env.NODE_COMPILE_CACHE || join(cacheHome, 'promotion-gate', 'compile-cache'));
if (process.argv[2] === 'gate') standbyForGate(process.argv.slice(3));
// Left to run time (main.js is its own bundle, not a module of this one): a variable for the
// type checker, webpackIgnore for ncc.
const MAIN: string = './main.js';
await import(/* webpackIgnore: true */ MAIN);
