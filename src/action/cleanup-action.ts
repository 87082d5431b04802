/**
 * `command: cleanup` (for a `schedule` trigger): plan the retention policy on the checked-out
 * store, keep whatever an open pull request touches, and open or update one pull request on
 * promotion-gate/cleanup with the plan applied (one verified commit through the API, one
 * event per action). The pull request body is the plan table; the job summary shows it too.
 */
import { UsageError } from '../contract/errors.js';
import { openPullRequestFiles } from '../github/open-pulls.js';
import { CLEANUP_BRANCH } from '../lifecycle/apply-commit.js';
import { cleanupChange, planCleanup, readCleanup } from '../lifecycle/cleanup.js';
import { applyOnGitHub } from '../lifecycle/github-apply.js';
import { renderPlanMarkdown } from '../lifecycle/render.js';
import { inlineCode, safeHref } from '../report/escape.js';
import { readPolicy } from '../policy/read.js';
import type { ActionDeps } from './deps.js';
import { baseBranchOf } from './promote-action.js';
import type { ActionSettings, ResolvedInputs } from './settings.js';

/** Repository paths of open pull requests, as store-relative paths (others dropped). */
function storeRelative(paths: string[], storePath: string): string[] {
  const prefix = storePath === '' ? '' : `${storePath}/`;
  return paths.filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length));
}

export async function runCleanupAction(settings: ActionSettings, inputs: ResolvedInputs, deps: ActionDeps): Promise<void> {
  const { core, context } = deps;
  const token = settings.githubToken;
  if (token === undefined) throw new UsageError('input github-token is required for command: cleanup (a token with contents: write and pull-requests: write)');
  const { store, storePath } = inputs;
  const { policy } = await readPolicy(inputs.policy, inputs.names);
  const client = deps.github(token);
  const repo = context.repository;

  const reading = await readCleanup(store, policy);
  for (const note of reading.notes) core.warning(`promotion-gate cleanup: ${note}`);
  const pulls = await openPullRequestFiles(client, repo, { branch: CLEANUP_BRANCH });
  const now = new Date().toISOString();
  const plan = planCleanup(reading, policy, now, pulls.map((p) => ({ number: p.number, paths: storeRelative(p.paths, storePath) })));
  const body = renderPlanMarkdown(plan, storePath);
  core.info(`cleanup plan: ${plan.counts.archive} to archive, ${plan.counts.delete} to delete, ${plan.counts.keep} kept (${pulls.length} open pull request(s) checked)`);

  if (plan.counts.archive + plan.counts.delete === 0) {
    core.setOutput('pull-request-url', '');
    core.setOutput('pull-request-operation', 'unchanged');
    await core.writeSummary(`${body}\n_Nothing to archive or delete: no pull request opened._\n`).catch(() => undefined);
    return;
  }
  const workflowRunUrl = context.runId > 0 ? `${context.serverUrl}/${repo.owner}/${repo.repo}/actions/runs/${context.runId}` : undefined;
  const change = cleanupChange(plan, { actor: deps.env.GITHUB_ACTOR || 'github-actions', at: plan.now, ...(workflowRunUrl ? { workflowRunUrl } : {}) });
  const result = await applyOnGitHub({
    client, repo, baseBranch: await baseBranchOf(context, client), storePath, branch: CLEANUP_BRANCH, changeId: 'cleanup',
    change, pullRequest: { title: change.title, body }, log: (message) => core.info(message),
  });
  core.setOutput('pull-request-url', result.pullRequestUrl ?? '');
  core.setOutput('pull-request-operation', result.operation);
  core.info(`cleanup ${result.operation}: ${result.pullRequestUrl ?? 'no pull request'}`);
  const href = safeHref(result.pullRequestUrl);
  const head = `### 🧹 Cleanup: ${result.operation} — ${href ? `[pull request](${href})` : 'no pull request'} on ${inlineCode(CLEANUP_BRANCH)}\n\n`;
  try {
    await core.writeSummary(`${head}${body}`);
  } catch (error) {
    core.warning(`promotion-gate: could not write the job summary: ${error instanceof Error ? error.message : String(error)}`);
  }
}
