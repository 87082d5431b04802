/**
 * The injectable seam between the action and the outside world (the changesets/action way):
 * the runner toolkit, the GitHub client, artifact storage and the environment. The real
 * implementation is built in real-deps.ts; unit tests pass fakes; end-to-end tests run the
 * bundle for real.
 */
import type * as core from '@actions/core';
import type { GitHubClient, WriteSpacing } from '../github/client.js';
import type { InputReader } from './settings.js';

/** The runner's context, read from GITHUB_* variables and the event payload file. */
export interface RunnerContext {
  eventName: string;
  /** The parsed event payload (GITHUB_EVENT_PATH), or {} when there is none. */
  payload: Record<string, unknown>;
  /** Why GITHUB_EVENT_PATH could not be read (missing file, not JSON); the action stops with it. */
  problem?: string;
  repository: { owner: string; repo: string };
  sha: string;
  ref: string;
  workspace: string;
  apiUrl: string;
  serverUrl: string;
  graphqlUrl: string;
  runId: number;
  runAttempt: number;
  /** GITHUB_JOB, the job's id in the workflow ('' outside a runner). */
  job: string;
  /** RUNNER_TEMP, for downloads and reports. */
  tempDir: string;
  /**
   * Spacing of GitHub writes when PROMOTION_GATE_GITHUB_SPACING_MS sets one (the end-to-end
   * tests use 0 against the fake GitHub); otherwise the client's DEFAULT_SPACING applies.
   */
  githubSpacing?: WriteSpacing;
}

/** Where a workflow artifact comes from when it is not the current run's. */
export interface ArtifactSource {
  runId: number;
  owner: string;
  repo: string;
  token: string;
}

/**
 * Workflow artifacts. Downloads are never extracted by the transfer itself: the zip is
 * handed back raw and opened by our guarded extractor (zip slip, symlinks, size caps; F4).
 */
export interface ArtifactTransfer {
  upload(name: string, files: string[], rootDirectory: string): Promise<void>;
  /** Saves the named artifact's zip, unextracted, into the empty `directory`; returns the zip's path. */
  downloadZip(name: string, directory: string, from?: ArtifactSource): Promise<string>;
  /** Names of the current workflow run's artifacts (the newest of each name). */
  list(): Promise<string[]>;
}

export type ActionCore = Pick<
  typeof core,
  'info' | 'warning' | 'error' | 'notice' | 'debug' | 'setOutput' | 'setFailed' | 'setSecret' | 'startGroup' | 'endGroup'
> & {
  /** Appends Markdown to the job summary (GITHUB_STEP_SUMMARY). */
  writeSummary(markdown: string): Promise<void>;
};

export interface ActionDeps {
  input: InputReader;
  core: ActionCore;
  context: RunnerContext;
  env: NodeJS.ProcessEnv;
  /** A GitHub client for `token`, with retry, throttling and one time budget (src/github/client.ts). */
  github(token: string): GitHubClient;
  artifacts: ArtifactTransfer;
}
