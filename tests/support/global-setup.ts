// Global setup for the test run. Shared servers (the fake GitHub behind Prism) start here
// once per run, not per test; test files reach them through `inject` (see
// tests/support/github/control-client.ts), each in its own session of the fake.
import type { TestProject } from 'vitest/node';
import type { GitHubHarness } from './github/harness.js';
import { startGitHubHarness } from './github/harness.js';
// Declares the ProvidedContext keys (githubApiUrl, ...) that `project.provide` is typed against.
import type {} from './github/provided.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
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
