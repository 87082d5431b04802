// Global setup for the test run. Shared servers (the fake GitHub behind Prism) start here
// once per run, not per test; test files reach them through `inject` (see
// tests/support/github/control-client.ts), each in its own session of the fake. The bundles
// are built once per run too, by `npm test` before vitest starts; a stale dist/ is said here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { CLI } from './cli.js';
import type { GitHubHarness } from './github/harness.js';
import { startGitHubHarness } from './github/harness.js';
// Declares the ProvidedContext keys (githubApiUrl, ...) that `project.provide` is typed against.
import type {} from './github/provided.js';

/** The newest modification time under `dir`, in ms. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

function warnIfStale(): void {
  let bundled: number;
  try {
    bundled = statSync(CLI).mtimeMs;
  } catch {
    console.warn(`promotion-gate tests: no bundle at ${CLI}: the CLI and action tests need one (npm test builds it; or npm run bundle)`);
    return;
  }
  if (newest(fileURLToPath(new URL('../../src', import.meta.url))) > bundled) {
    console.warn('promotion-gate tests: src/ changed after the bundle was built: the CLI and action tests run the old bundle (npm test rebuilds it; or npm run bundle)');
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  warnIfStale();
  let harness: GitHubHarness | undefined;
  try {
    harness = await startGitHubHarness();
    project.provide('githubApiUrl', harness.apiUrl);
    project.provide('githubFakeUrl', harness.fakeUrl);
    project.provide('githubControlUrl', harness.controlUrl);
    project.provide('githubPrismStartupMs', harness.prism.startupMs);
    project.provide('githubHarnessError', '');
  } catch (error) {
    // Unit tests must still run: only tests that ask for the harness fail, with this message.
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    project.provide('githubApiUrl', '');
    project.provide('githubFakeUrl', '');
    project.provide('githubControlUrl', '');
    project.provide('githubPrismStartupMs', -1);
    project.provide('githubHarnessError', `the fake GitHub behind Prism failed to start: ${message}`);
  }
  return async () => {
    await harness?.stop();
  };
}
