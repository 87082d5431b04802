#!/usr/bin/env node
/**
 * CLI entry (bundled to dist/cli/index.js, a few lines). It turns on Node's compile cache
 * (module.enableCompileCache: V8's compiled code of a module kept on disk, under
 * NODE_COMPILE_CACHE or the temp folder, checked against the module's source;
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off), then loads the CLI itself, bundled beside it as
 * dist/cli/main.js (from src/cli/entry.ts), so that the 2.6 MB of it are compiled through the
 * cache: on a gate's ~140 ms start-up that was ~25 ms of parsing and compiling on every run.
 */
import module from 'node:module';

// Absent before Node 22.1; a cache that cannot be used (a read-only folder) is only skipped.
module.enableCompileCache?.();
// Left to run time (main.js is its own bundle, not a module of this one): a variable for the
// type checker, webpackIgnore for ncc.
const MAIN: string = './main.js';
await import(/* webpackIgnore: true */ MAIN);
