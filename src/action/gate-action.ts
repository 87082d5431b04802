/**
 * `command: gate`: decide the pull request and the runs, gate each run against the base
 * commit's policy and baselines, then publish (summary, annotations, outputs, artifact) and
 * comment. Returns the verdict; main.ts alone turns it into a failed step.
 */
import { gate } from '../contract/check.js';
import { runGate } from '../gate/run-gate.js';
import { assembleReport } from '../gate/verdict.js';
import type { Report, Verdict } from '../contract/report.js';
import type { GitHubClient } from '../github/client.js';
import { UsageError } from '../contract/errors.js';
import { writeComments } from './comment.js';
import type { ActionDeps } from './deps.js';
import { buildGatePlan, type GatePlan } from './gate-plan.js';
import { publishResults, type GatedReport } from './publish.js';
import { pullRequestForWorkflowRun, pullRequestFromEvent, workflowRunHead, type PullRequestInfo } from './pull-request.js';
import { renderForComment, type RenderContext } from './render.js';
import type { ActionSettings, ResolvedInputs } from './settings.js';
import { UnsafeArchiveError } from './zip/read-zip.js';
import { autoPromote } from './auto-promote-action.js';
import { isDefaultBranchPush, pushInfo } from './push-runs.js';

/** The pull request, or 'none' when a workflow_run has no open pull request for its head. */
async function whichPullRequest(deps: ActionDeps, client: GitHubClient | undefined): Promise<PullRequestInfo | undefined | 'none'> {
  const head = workflowRunHead(deps.context);
  if (!head) return pullRequestFromEvent(deps.context);
  if (!client) throw new UsageError('input github-token: needed on workflow_run to find the pull request');
  const pr = await pullRequestForWorkflowRun(client, deps.context, head);
  if (!pr) {
    deps.core.notice(`no open pull request has head ${head.headRepo}@${head.headSha.slice(0, 12)} (branch ${head.headBranch}); it was closed or has moved on, so there is nothing to gate`);
    return 'none';
  }
  deps.core.info(`workflow run ${head.runId} belongs to pull request #${pr.number} (found by head repository and sha)`);
  return pr;
}

/** A report for the store as a whole, when no run was gated (or the artifact was refused). */
function storeReport(settings: ActionSettings, plan: Pick<GatePlan, 'extraCompliance'> | undefined, id: string, path: string, extra: GatedReport['report']['gates']): Report {
  const checks = plan?.extraCompliance ?? [];
  return assembleReport({
    candidate: { id, path },
    baseline: null,
    baselineSource: 'none',
    failOn: settings.failOn ?? 'error',
    gates: [...extra, ...(checks.length > 0 ? [gate('compliance', checks)] : [])],
    metrics: [],
    references: [],
  });
}

async function gateRuns(settings: ActionSettings, inputs: ResolvedInputs, plan: GatePlan): Promise<GatedReport[]> {
  const reports: GatedReport[] = [];
  for (const run of plan.runs) {
    const report = await runGate({
      store: plan.candidateStore,
      ...(plan.baseStore ? { baseStore: plan.baseStore } : {}),
      run,
      names: inputs.names,
      ...(settings.run ? {} : { runSource: `run folder ${plan.candidateStore.display}/runs/${run}` }),
      baseline: settings.baseline,
      policy: plan.policy.policy,
      policyFile: { display: plan.policy.source, text: plan.policy.text },
      failOn: settings.failOn,
      extraCompliance: plan.extraCompliance,
      extraReport: { policy_source: plan.policy.source, head_sha: plan.headSha, ...(plan.policyChange ? { policy_change: plan.policyChange } : {}) },
      ...(plan.repo && plan.headSha ? { headRef: plan.headSha } : {}),
    });
    reports.push({ key: run, report });
  }
  return reports;
}

export async function runGateAction(settings: ActionSettings, inputs: ResolvedInputs, deps: ActionDeps): Promise<Verdict | undefined> {
  const client = settings.githubToken ? deps.github(settings.githubToken) : undefined;
  const pr = await whichPullRequest(deps, client);
  if (pr === 'none') return undefined;

  let plan: GatePlan | undefined;
  try {
    return await gateAndPublish(settings, inputs, deps, client, pr, (built) => (plan = built));
  } finally {
    // Temp folders (the base snapshot) are removed on every path, errors included.
    await plan?.cleanup?.();
  }
}

async function gateAndPublish(settings: ActionSettings, inputs: ResolvedInputs, deps: ActionDeps, client: GitHubClient | undefined, pr: PullRequestInfo | undefined, keep: (plan: GatePlan) => void): Promise<Verdict | undefined> {
  const { core, context } = deps;
  let plan: GatePlan | undefined;
  let reports: GatedReport[];
  try {
    plan = await buildGatePlan(settings, inputs, deps, pr);
    keep(plan);
    for (const note of plan.notes) core.info(note);
    reports = await gateRuns(settings, inputs, plan);
    if (reports.length === 0) {
      core.info(`no run folder under ${settings.store}/runs/ changed: nothing to compare`);
      reports = [{ key: undefined, report: storeReport(settings, plan, 'no run changed', `${settings.store}/runs`, []) }];
    }
  } catch (error) {
    if (!(error instanceof UnsafeArchiveError)) throw error;
    // A hostile or broken artifact is a failed gate (F4), not a configuration error.
    const check = { id: 'artifact.safe', status: 'fail' as const, message: `artifact ${settings.artifact ?? ''} refused, nothing was extracted outside a fresh temp folder: ${error.message}` };
    reports = [{ key: undefined, report: storeReport(settings, plan, settings.artifact ?? 'artifact', `artifact ${settings.artifact ?? ''}`, [gate('functional', [check])]) }];
  }

  const render: RenderContext = { serverUrl: context.serverUrl, repository: context.repository, headSha: plan?.headSha ?? pr?.headSha ?? context.sha, runId: context.runId };
  const { verdict } = await publishResults(deps, reports, render, plan?.notes ?? [], settings.reportArtifact);

  const commentable = reports.filter((r): r is GatedReport & { key: string } => r.key !== undefined);
  if (pr && settings.comment && commentable.length > 0) {
    if (!client) {
      core.warning('promotion-gate: no PR comment: input github-token is empty');
    } else {
      const urls = await writeComments({
        client,
        repository: context.repository,
        pr,
        checkout: plan?.repo,
        jobs: commentable.map((r) => ({ key: r.key, body: renderForComment(r.report, r.key, render) })),
        core,
      });
      core.setOutput('comment-url', urls.join(','));
    }
  }
  if (plan?.policy.policy.auto_promote) {
    // auto_promote acts on a push to the default branch only; elsewhere the report shows the evidence.
    const push = pushInfo(context);
    if (isDefaultBranchPush(push)) await autoPromote({ settings, deps, plan, reports, push, client });
    else if (push) core.info(`auto_promote applies to pushes to the default branch${push.defaultBranch ? ` (${push.defaultBranch})` : ''}; this push is to ${push.branch ?? context.ref}: nothing promoted`);
  }
  return verdict;
}
