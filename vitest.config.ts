import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Tests spawn the bundled CLI and real git processes: allow them time on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Files mostly wait on child processes (the bundle, git, Prism), so more files than cores run
    // at once; vitest's default (cores - 1) would run them one at a time on a 2-core machine.
    // Each file has its own session of the shared fake GitHub, so they never share state.
    maxWorkers: Math.max(3, availableParallelism()),
    globalSetup: ['tests/support/global-setup.ts'],
  },
});
