/**
 * The injectable seam between the action and the outside world (the changesets/action way):
 * the runner toolkit, the GitHub client and the environment. The real implementation is
 * built in src/index.ts; unit tests pass fakes; end-to-end tests run the bundle for real.
 */
import type * as core from '@actions/core';
import type { InputReader } from './settings.js';

/** The runner's context, read from GITHUB_* variables and the event payload file. */
export interface RunnerContext {
  eventName: string;
  /** The parsed event payload (GITHUB_EVENT_PATH), or {} when there is none. */
  payload: Record<string, unknown>;
  repository: { owner: string; repo: string };
  sha: string;
  ref: string;
  workspace: string;
  apiUrl: string;
  serverUrl: string;
  graphqlUrl: string;
  runId: number;
  runAttempt: number;
  /** RUNNER_TEMP, for downloads and reports. */
  tempDir: string;
}

export interface ActionDeps {
  input: InputReader;
  core: Pick<typeof core, 'info' | 'warning' | 'error' | 'notice' | 'debug' | 'setOutput' | 'setFailed' | 'setSecret' | 'summary' | 'startGroup' | 'endGroup'>;
  context: RunnerContext;
  env: NodeJS.ProcessEnv;
}
