/**
 * The runner's context, read once from the GITHUB_* variables and the event payload file, the
 * way the runner hands them to a JavaScript action. Nothing else reads process.env. Reading
 * never throws: a missing or malformed payload file is recorded as `problem`, which the action
 * reports as a configuration error inside its error handling (with a report written).
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { WriteSpacing } from '../github/client.js';
import type { RunnerContext } from './deps.js';

export interface EventPayload {
  payload: Record<string, unknown>;
  /** Why the payload file cannot be used; the action stops with it, in its own error handling. */
  problem?: string;
}

/** The event payload, or why it cannot be read. */
export function readEventPayload(path: string | undefined): EventPayload {
  if (!path) return { payload: {} };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { payload: {}, problem: `GITHUB_EVENT_PATH ${path}: the event payload cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { payload: {}, problem: `GITHUB_EVENT_PATH ${path}: the event payload is not valid JSON (${(error as Error).message.split('\n')[0]})` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { payload: {}, problem: `GITHUB_EVENT_PATH ${path}: the event payload is not a JSON object` };
  }
  return { payload: parsed as Record<string, unknown> };
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

/** `event` is the payload read earlier (src/action/event-guard.ts); default: read it now. */
export function readRunnerContext(env: NodeJS.ProcessEnv, event: EventPayload = readEventPayload(env.GITHUB_EVENT_PATH)): RunnerContext {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const serverUrl = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const apiUrl = (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload: event.payload,
    ...(event.problem ? { problem: event.problem } : {}),
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
