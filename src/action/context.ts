/**
 * The runner's context, read once from the GITHUB_* variables and the event payload file, the
 * way the runner hands them to a JavaScript action. Nothing else reads process.env.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { UsageError } from '../contract/errors.js';
import type { WriteSpacing } from '../github/client.js';
import type { RunnerContext } from './deps.js';

function payloadFrom(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`GITHUB_EVENT_PATH ${path}: cannot be read (${(error as Error).message})`);
  }
  const parsed: unknown = JSON.parse(text);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

const positive = (value: string | undefined, fallback: number): number => {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : fallback;
};

/** PROMOTION_GATE_GITHUB_SPACING_MS: one spacing for all writes (tests); unset or invalid, the default. */
function spacing(value: string | undefined): WriteSpacing | undefined {
  if (value === undefined || !/^\d{1,6}$/.test(value)) return undefined;
  return { writeMs: Number(value), notificationMs: Number(value) };
}

export function readRunnerContext(env: NodeJS.ProcessEnv): RunnerContext {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const serverUrl = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const apiUrl = (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload: payloadFrom(env.GITHUB_EVENT_PATH),
    repository: { owner, repo },
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    apiUrl,
    serverUrl,
    graphqlUrl: env.GITHUB_GRAPHQL_URL ?? `${apiUrl}/graphql`,
    runId: positive(env.GITHUB_RUN_ID, 0),
    runAttempt: positive(env.GITHUB_RUN_ATTEMPT, 1),
    job: env.GITHUB_JOB ?? '',
    tempDir: env.RUNNER_TEMP ?? tmpdir(),
    ...(spacing(env.PROMOTION_GATE_GITHUB_SPACING_MS) ? { githubSpacing: spacing(env.PROMOTION_GATE_GITHUB_SPACING_MS) } : {}),
  };
}
