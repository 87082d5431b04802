/**
 * `auto_promote` (DESIGN.md section 12): after `command: gate` on a push to the default branch,
 * every gated run that passes every gate and beats its baseline by the policy's margin (the
 * report's `auto_promotion` evidence) gets a promotion pull request, opened exactly as
 * `command: promote` opens one (github/promotion-sync.ts: one verified commit on
 * promote/<id>, its lifecycle events, one pull request; a re-run is `unchanged`). The evidence
 * is the promotion's reason and a section of the gate report in the PR body. Nothing is merged.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { GitHubClient } from '../github/client.js';
import { errorMessage } from '../github/errors.js';
import { latestPullRequest } from '../github/pull-requests.js';
import { promoteOnGitHub } from '../promote/github/promote-on-github.js';
import type { Policy } from '../policy/schema.js';
import { findEarlierPromotion } from '../promote/already-promoted.js';
import { readPromotionSource } from '../promote/source.js';
import { repoPath } from '../promote/plan/pull-request-text.js';
import { promotionBranch, validateRequest } from '../promote/plan/request.js';
import type { PromotionRequest } from '../promote/plan/types.js';
import { ACTION_NAMES, type InputNames } from '../contract/inputs.js';
import { escapeText, inlineCode, safeHref } from '../report/escape.js';
import { autoPromotionEligible, readAutoPromotion } from '../report/sections/auto-promotion.js';
import { resolveInStore } from '../store/safe-path.js';
import { storePaths } from '../store/layout.js';
import type { ActionDeps } from './deps.js';
import type { GatePlan } from './gate-plan.js';
import { workspacePath } from './settings.js';
import type { GatedReport } from './publish.js';
import type { PushInfo } from './push-runs.js';
import type { ActionSettings } from './settings.js';

/** How the promotion's inputs are named in messages: they come from the policy, not from inputs. */
export const AUTO_PROMOTE_NAMES: InputNames = {
  ...ACTION_NAMES,
  run: 'gated run', as: 'auto_promote', id: 'policy auto_promote.id_prefix + run id', reason: 'auto-promotion reason',
  quality: 'auto_promote', task: 'task', setPin: 'policy auto_promote.set_pin', taskHint: 'auto_promote promotes baselines only',
};

export function autoPromotionRequest(run: string, config: NonNullable<Policy['auto_promote']>, why: string): PromotionRequest {
  return {
    run,
    as: 'baseline',
    id: `${config.id_prefix}${run}`,
    reason: `Auto-promotion (policy auto_promote): ${why}`,
    setPin: config.set_pin,
    names: AUTO_PROMOTE_NAMES,
  };
}

interface Outcome {
  run: string;
  line: string;
  url?: string;
  operation?: string;
  path?: string;
}

export async function autoPromote(input: {
  settings: ActionSettings;
  deps: ActionDeps;
  plan: GatePlan;
  reports: GatedReport[];
  push: PushInfo & { branch: string };
  client: GitHubClient | undefined;
}): Promise<void> {
  const { settings, deps, plan, push, client } = input;
  const { core, context } = deps;
  const config = plan.policy.policy.auto_promote;
  if (!config) return;
  const storePath = workspacePath(context.workspace, settings.store, 'store');
  const policyFile = settings.policy ? resolve(context.workspace, settings.policy) : join(plan.candidateStore.root, storePaths.policy);
  const policyPath = workspacePath(context.workspace, policyFile, 'policy');
  const outcomes: Outcome[] = [];
  const failures: string[] = [];

  for (const { key: run, report } of input.reports) {
    const evidence = readAutoPromotion(report);
    if (run === undefined || !evidence) continue;
    if (!autoPromotionEligible(report)) {
      const why = report.verdict === 'pass' ? evidence.why : 'the gate failed';
      core.info(`auto-promotion: run ${run} is not promoted: ${why}`);
      outcomes.push({ run, line: `- ${inlineCode(run)}: not promoted: ${escapeText(why, 600)}` });
      continue;
    }
    if (!client) {
      failures.push(`run ${run} beats its baseline but input github-token is empty: no promotion pull request can be opened`);
      continue;
    }
    try {
      const request = autoPromotionRequest(run, config, evidence.why);
      validateRequest(request);
      const earlier = await findEarlierPromotion(plan.candidateStore, request);
      if (earlier !== undefined) {
        const url = await latestPullRequest(client, context.repository, push.branch, promotionBranch(request.id));
        outcomes.push({ run, line: `- ${inlineCode(run)}: already promoted to ${inlineCode(repoPath(storePath, earlier))}`, operation: 'unchanged', path: repoPath(storePath, earlier), ...(url ? { url } : {}) });
        continue;
      }
      const source = await readPromotionSource(plan.candidateStore, run);
      const result = await promoteOnGitHub({
        client, repo: context.repository, baseBranch: push.branch, storePath, request, source, report,
        promotedBy: deps.env.GITHUB_ACTOR || 'github-actions',
        now: () => new Date().toISOString(),
        policyPath,
        ...(context.runId > 0 ? { workflowRunUrl: `${context.serverUrl}/${context.repository.owner}/${context.repository.repo}/actions/runs/${context.runId}` } : {}),
        readSource: async (rel) => readFile((await resolveInStore({ path: plan.candidateStore.root, display: plan.candidateStore.display }, `runs/${run}/${rel}`, 'file')).path),
        log: (message) => core.info(message),
      });
      core.info(`auto-promotion of ${run}: ${result.operation} ${result.pullRequestUrl ?? ''} (${result.promotedPath})`);
      const href = safeHref(result.pullRequestUrl);
      outcomes.push({
        run,
        line: `- ${inlineCode(run)} → ${inlineCode(result.promotedPath)}: ${href ? `[pull request](${href})` : 'no pull request'} ${result.operation}`,
        operation: result.operation,
        path: result.promotedPath,
        ...(result.pullRequestUrl ? { url: result.pullRequestUrl } : {}),
      });
    } catch (error) {
      failures.push(`run ${run} beats its baseline but its promotion failed: ${errorMessage(error)}`);
    }
  }

  const promoted = outcomes.filter((o) => o.operation !== undefined);
  core.setOutput('pull-request-url', promoted.map((o) => o.url ?? '').join(','));
  core.setOutput('pull-request-operation', promoted.map((o) => o.operation).join(','));
  core.setOutput('promoted-path', promoted.map((o) => o.path).join(','));
  const lines = [...outcomes.map((o) => o.line), ...failures.map((f) => `- ❌ ${escapeText(f, 600)}`)];
  if (lines.length > 0) {
    await core.writeSummary(`\n### 📦 Auto-promotion on ${inlineCode(config.metric)} (push to ${inlineCode(push.branch)})\n\n${lines.join('\n')}\n`).catch((error: unknown) => {
      core.warning(`promotion-gate: could not write the job summary: ${errorMessage(error)}`);
    });
  }
  if (failures.length > 0) throw new Error(`auto-promotion: ${failures.join('; ')}`);
}
