/**
 * Which pull request this run is about. `pull_request` and `pull_request_target` carry it in
 * the event payload; `workflow_run` (the commenting half of the two-workflow pattern) does
 * not for forks, and an artifact from the untrusted run could lie, so the pull request is
 * looked up through the API by head repository, branch and sha.
 */
import { z } from 'zod';
import { UsageError } from '../contract/errors.js';
import { findPullRequestByHead } from '../github/find-pull-request.js';
import type { GitHubClient } from '../github/client.js';
import type { RunnerContext } from './deps.js';

export interface PullRequestInfo {
  number: number;
  baseSha: string;
  baseRef: string;
  headSha: string;
  headRef: string;
  /** "owner/name" of the head repository ('' when a fork was deleted). */
  headRepo: string;
  /** "owner/name" of the repository the pull request is in. */
  baseRepo: string;
  url: string;
}

const sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/);
const repoRef = z.object({ full_name: z.string() }).nullable().optional();
const pullSchema = z.object({
  number: z.number().int().positive(),
  html_url: z.string().optional(),
  base: z.object({ sha, ref: z.string(), repo: repoRef }),
  head: z.object({ sha, ref: z.string(), repo: repoRef }),
});
const workflowRunSchema = z.object({
  id: z.number().int().positive(),
  event: z.string(),
  head_sha: sha,
  head_branch: z.string().nullable(),
  head_repository: z.object({ full_name: z.string(), owner: z.object({ login: z.string() }) }).nullable(),
});

export const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'] as const;

function fromPull(pull: z.infer<typeof pullSchema>, context: RunnerContext): PullRequestInfo {
  const here = `${context.repository.owner}/${context.repository.repo}`;
  return {
    number: pull.number,
    baseSha: pull.base.sha,
    baseRef: pull.base.ref,
    headSha: pull.head.sha,
    headRef: pull.head.ref,
    headRepo: pull.head.repo?.full_name ?? '',
    baseRepo: pull.base.repo?.full_name ?? here,
    url: pull.html_url ?? `${context.serverUrl}/${here}/pull/${pull.number}`,
  };
}

/** The pull request in a pull_request(_target) payload, or undefined for other events. */
export function pullRequestFromEvent(context: RunnerContext): PullRequestInfo | undefined {
  if (!(PULL_REQUEST_EVENTS as readonly string[]).includes(context.eventName)) return undefined;
  const parsed = pullSchema.safeParse(context.payload['pull_request']);
  if (!parsed.success) throw new UsageError(`the ${context.eventName} event payload has no usable pull_request (GITHUB_EVENT_PATH)`);
  return fromPull(parsed.data, context);
}

export interface WorkflowRunHead {
  runId: number;
  headSha: string;
  headBranch: string;
  headRepo: string;
  headOwner: string;
}

/** The head a `workflow_run` event reports (from GitHub, not from the triggering run's files). */
export function workflowRunHead(context: RunnerContext): WorkflowRunHead | undefined {
  if (context.eventName !== 'workflow_run') return undefined;
  const parsed = workflowRunSchema.safeParse(context.payload['workflow_run']);
  if (!parsed.success || !parsed.data.head_repository || !parsed.data.head_branch) {
    throw new UsageError('the workflow_run event payload has no head repository, branch and sha (GITHUB_EVENT_PATH)');
  }
  const run = parsed.data;
  return { runId: run.id, headSha: run.head_sha, headBranch: run.head_branch ?? '', headRepo: run.head_repository?.full_name ?? '', headOwner: run.head_repository?.owner.login ?? '' };
}

/** The open pull request whose head is exactly the workflow run's head repository and sha. */
export async function pullRequestForWorkflowRun(client: GitHubClient, context: RunnerContext, head: WorkflowRunHead): Promise<PullRequestInfo | undefined> {
  const pull = await findPullRequestByHead(client, context.repository, head);
  return pull ? fromPull(pullSchema.parse(pull), context) : undefined;
}
