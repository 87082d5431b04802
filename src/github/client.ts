/**
 * The GitHub client: @actions/github's octokit plus retry and throttling, under one bounded
 * time budget. Rate limits (primary and secondary, RELIABILITY G3) are waited out only while
 * the budget allows; 4xx answers that retrying cannot fix are never retried.
 *
 * Retrying a POST is only safe because every create in this project is an upsert that
 * re-finds its object first (G4); the retry plugin is told not to retry writes itself.
 *
 * Writes are spaced the way GitHub asks integrations to (one second between writes, three
 * between writes that notify people, such as comments and pull requests): the throttling
 * plugin's own values, exported as DEFAULT_SPACING and passed explicitly, so a test can choose
 * another spacing by name instead of waiting (the create-pull-request way).
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

/** Statuses no retry can fix (400 bad request, 401/403 auth, 404, 409 conflict, 422 invalid). */
export const DO_NOT_RETRY = [400, 401, 403, 404, 409, 410, 422, 451];

/** Minimum time between two writes, and between two writes that notify people, in ms. */
export interface WriteSpacing {
  writeMs: number;
  notificationMs: number;
}

/** GitHub's guidance, and the throttling plugin's defaults. */
export const DEFAULT_SPACING: WriteSpacing = { writeMs: 1000, notificationMs: 3000 };

/** The plugin's own queue timeout (2 minutes), kept for the groups made here. */
const QUEUE_TIMEOUT_MS = 2 * 60_000;

export interface ClientOptions {
  token: string;
  baseUrl: string;
  /** Wall-clock budget for waiting on rate limits and retries, in ms (default 5 minutes). */
  budgetMs?: number;
  /** Called with a human message when the client waits or gives up (core.warning/info). */
  log?: (message: string) => void;
  userAgent?: string;
  /** Spacing of writes; default DEFAULT_SPACING. */
  spacing?: WriteSpacing;
}

export function createGitHubClient(options: ClientOptions): GitHubClient {
  const started = Date.now();
  const budgetMs = options.budgetMs ?? 5 * 60_000;
  const log = options.log ?? (() => {});
  const withinBudget = (waitSeconds: number): boolean => Date.now() - started + waitSeconds * 1000 <= budgetMs;
  const spacing = options.spacing ?? DEFAULT_SPACING;

  const onLimit = (kind: string) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
    if (retryCount >= 3 || !withinBudget(retryAfter)) {
      log(`GitHub ${kind} rate limit on ${request.method} ${request.url}: giving up after ${retryCount} retries (time budget ${Math.round(budgetMs / 1000)} s)`);
      return false;
    }
    log(`GitHub ${kind} rate limit on ${request.method} ${request.url}: retrying in ${retryAfter} s`);
    return true;
  };

  return getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl,
      userAgent: options.userAgent ?? 'promotion-gate',
      retry: { doNotRetry: DO_NOT_RETRY, retries: 3 },
      throttle: {
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
        // Never wait longer than the budget on a single secondary limit without retry-after.
        fallbackSecondaryRateRetryAfter: 60,
        // The plugin's write and notification queues, with this client's spacing.
        write: new Bottleneck.Group({ id: 'octokit-write', maxConcurrent: 1, minTime: spacing.writeMs, timeout: QUEUE_TIMEOUT_MS }),
        notifications: new Bottleneck.Group({ id: 'octokit-notifications', maxConcurrent: 1, minTime: spacing.notificationMs, timeout: QUEUE_TIMEOUT_MS }),
      },
      request: { timeout: 30_000 },
    },
    retry,
    throttling,
  );
}
