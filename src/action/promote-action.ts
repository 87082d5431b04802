/**
 * `command: promote` (for workflow_dispatch): gate the run in the workspace, then make one
 * verified commit on promote/<promoted-id> through the Git Data API and open or update one
 * pull request (src/promote/github/promote-on-github.ts). The report is published like a gate's; a
 * refusal throws, and main.ts turns it into a failed step.
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../contract/errors.js';
import { latestPullRequest } from '../github/pull-requests.js';
import { promoteOnGitHub, type GitHubPromotionResult } from '../promote/github/promote-on-github.js';
import type { GitHubClient } from '../github/client.js';
import { findEarlierPromotion } from '../promote/already-promoted.js';
import { PromotionRefused } from '../promote/plan/errors.js';
import { gateForPromotion } from '../promote/gate-for-promotion.js';
import { gateBlockers } from '../promote/plan/plan.js';
import { repoPath } from '../promote/plan/pull-request-text.js';
import { promotionBranch } from '../promote/plan/request.js';
import { type PromotionRequest } from '../promote/plan/types.js';
import { escapeText, inlineCode, safeHref } from '../report/escape.js';
import { resolveInStore } from '../store/safe-path.js';
import { policyFileOf, readPolicy } from '../policy/read.js';
import type { ActionDeps, RunnerContext } from './deps.js';
import { publishResults } from './publish.js';
import { workspacePath, type ActionSettings, type ResolvedInputs } from './settings.js';

function need(value: string | undefined, input: string, what: string): string {
  if (value === undefined) throw new UsageError(`input ${input} is required for command: promote (${what})`);
  return value;
}

export function requestFromSettings(settings: ActionSettings, inputs: Pick<ResolvedInputs, 'names'>): PromotionRequest {
  return {
    run: need(settings.run, 'run', 'the run id under <store>/runs/'),
    as: need(settings.promoteAs, 'promote-as', 'baseline or reference') as PromotionRequest['as'],
    id: need(settings.promotedId, 'promoted-id', 'the new baseline or reference id'),
    reason: need(settings.reason, 'reason', 'why this run is promoted'),
    ...(settings.referenceQuality ? { quality: settings.referenceQuality } : {}),
    setPin: settings.setPin,
    names: inputs.names,
  };
}

/** The branch the workflow was dispatched on; else the repository's default branch. */
export async function baseBranchOf(context: RunnerContext, client: GitHubClient): Promise<string> {
  if (context.ref.startsWith('refs/heads/')) return context.ref.slice('refs/heads/'.length);
  const { data } = await client.rest.repos.get({ ...context.repository });
  return data.default_branch;
}

function summary(result: GitHubPromotionResult): string {
  const { plan } = result;
  const href = safeHref(result.pullRequestUrl);
  const pr = href ? `[pull request](${href})` : 'no pull request';
  const lines = [
    `### 📦 Promotion of ${inlineCode(plan.request.run)} to ${inlineCode(plan.request.id)}: ${result.operation}`,
    '',
    `- ${pr}; branch ${inlineCode(result.branch)}${result.commit ? ` at ${inlineCode(result.commit.slice(0, 12))}` : ''}`,
    `- promoted path ${inlineCode(result.promotedPath)}${result.alreadyPromoted ? ' (already on the base branch)' : ''}`,
    ...(plan.policyChange ? [`- policy: ${escapeText(plan.policyChange, 300)}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

export async function runPromoteAction(settings: ActionSettings, inputs: ResolvedInputs, deps: ActionDeps): Promise<void> {
  const { core, context } = deps;
  const request = requestFromSettings(settings, inputs);
  const token = need(settings.githubToken, 'github-token', 'a token with contents: write and pull-requests: write');
  const { store, storePath } = inputs;
  const policyPath = workspacePath(context.workspace, policyFileOf(inputs.policy).path, 'policy');
  const policy = await readPolicy(inputs.policy, inputs.names);
  const client = deps.github(token);
  const repo = context.repository;

  const earlier = await findEarlierPromotion(store, request);
  if (earlier !== undefined) {
    // The checkout already holds the merged promotion: say so, with the PR that made it.
    core.info(`run ${request.run} was already promoted to ${repoPath(storePath, earlier)} (its baseline.json records it): nothing to do`);
    const url = await latestPullRequest(client, repo, await baseBranchOf(context, client), promotionBranch(request.id));
    core.setOutput('pull-request-url', url ?? '');
    core.setOutput('pull-request-operation', 'unchanged');
    core.setOutput('promoted-path', repoPath(storePath, earlier));
    return;
  }

  const { report, source } = await gateForPromotion({
    store, request, policy: policy.policy, baseline: settings.baseline,
    extraReport: { policy_source: policy.source },
  });
  await publishResults(deps, [{ key: request.run, report }], { serverUrl: context.serverUrl, repository: repo, headSha: context.sha }, []);
  const blockers = gateBlockers(report);
  if (blockers || !source) throw new PromotionRefused(`promotion refused: ${blockers ?? 'the run folder cannot be read'}`);

  const baseBranch = await baseBranchOf(context, client);
  const result = await promoteOnGitHub({
    client, repo, baseBranch, storePath, request, source, report,
    promotedBy: deps.env.GITHUB_ACTOR || 'github-actions',
    now: () => new Date().toISOString(),
    policyPath,
    ...(context.runId > 0 ? { workflowRunUrl: `${context.serverUrl}/${repo.owner}/${repo.repo}/actions/runs/${context.runId}` } : {}),
    readSource: async (rel) => readFile((await resolveInStore({ path: store.root, display: store.display }, `runs/${request.run}/${rel}`, 'file')).path),
    log: (message) => core.info(message),
  });
  core.setOutput('pull-request-url', result.pullRequestUrl ?? '');
  core.setOutput('pull-request-operation', result.operation);
  core.setOutput('promoted-path', result.promotedPath);
  core.info(`promotion ${result.operation}: ${result.pullRequestUrl ?? 'no pull request'} (${result.promotedPath})`);
  try {
    await core.writeSummary(summary(result));
  } catch (error) {
    core.warning(`promotion-gate: could not write the job summary: ${error instanceof Error ? error.message : String(error)}`);
  }
}
