/**
 * Everything the gate needs decided before any run is evaluated: which runs, where their
 * files are read from, which policy and baselines apply, and the store-wide compliance
 * findings (immutability). Pull requests read policy and baselines at the base commit.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../contract/errors.js';
import type { StoreLocation } from '../store/location.js';
import type { LoadedPolicy } from '../policy/read.js';
import type { Check } from '../contract/check.js';
import { immutabilityChecks } from '../gate/checks/immutability.js';
import { changedRuns } from '../git/changed-runs.js';
import { promotedChanges } from '../git/immutability.js';
import { materializeAtRef } from '../git/materialize.js';
import { GitRepo } from '../git/repo.js';
import { changedRolloutFiles } from '../git/rollout-changes.js';
import { rolloutStateChecks } from '../rollout/state-guard.js';
import { downloadArtifactRuns } from './artifact-run.js';
import { readPolicy } from '../policy/read.js';
import { readAtBase, type BaseReads } from './base-reads.js';
import type { ActionDeps } from './deps.js';
import { guardPrivilegedCheckout, PRIVILEGED_EVENTS } from './fork-guard.js';
import { pushInfo, runsChangedByPush } from './push-runs.js';
import type { PolicyChange } from './policy-change.js';
import { fetchPullRequestCommits, headIsCheckedOut } from './pr-commits.js';
import type { PullRequestInfo } from './pull-request.js';
import { createScratchRepo } from './scratch-repo.js';
import type { ActionSettings, ResolvedInputs } from './settings.js';

export interface GatePlan {
  pr?: PullRequestInfo;
  repo?: GitRepo;
  /** The commit the runs are judged at: the PR head, else GITHUB_SHA. */
  headSha: string;
  candidateStore: StoreLocation;
  baseStore?: StoreLocation;
  policy: LoadedPolicy;
  policyChange?: PolicyChange;
  runs: string[];
  /** Store-wide compliance checks added to every run's report (immutability). */
  extraCompliance: Check[];
  notes: string[];
  /** Removes the temp folders the plan made (base snapshot, policy copy); call it on every path. */
  cleanup?: () => Promise<void>;
}

export async function storePathIn(repo: GitRepo, store: StoreLocation, input: string): Promise<string> {
  const info = await stat(store.root).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`input store: ${input} is not a folder in the checkout`);
  return repo.relativePath(store.root);
}

async function pullRequestPlan(settings: ActionSettings, inputs: ResolvedInputs, deps: ActionDeps, pr: PullRequestInfo): Promise<GatePlan> {
  const { store } = inputs;
  const { context } = deps;
  const repo = await GitRepo.containing(context.workspace);
  if (!repo) throw new UsageError('the workspace is not a git checkout: run actions/checkout (with fetch-depth: 0) before promotion-gate');
  await guardPrivilegedCheckout({ eventName: context.eventName, pr, workspace: context.workspace, allow: settings.allowForkCheckout, warn: deps.core.warning });
  if (PRIVILEGED_EVENTS.includes(context.eventName)) await fetchPullRequestCommits(repo, pr);
  const base = await repo.mergeBase(pr.baseSha, pr.headSha);
  const storePath = await storePathIn(repo, store, settings.store);
  const reads = await readAtBase({ repo, workspace: context.workspace, store, storePath, policyInput: settings.policy, names: inputs.names, baseSha: pr.baseSha, headSha: pr.headSha, tempDir: context.tempDir });
  try {
    return await pullRequestRuns(settings, deps, pr, store, repo, base, storePath, reads);
  } catch (error) {
    await reads.dispose();
    throw error;
  }
}

async function pullRequestRuns(settings: ActionSettings, deps: ActionDeps, pr: PullRequestInfo, store: StoreLocation, repo: GitRepo, base: string, storePath: string, reads: BaseReads): Promise<GatePlan> {
  const { context } = deps;
  const extraCompliance = [
    ...immutabilityChecks(await promotedChanges(repo, base, pr.headSha, storePath), base),
    // RELIABILITY T4: a rollout's state changes only on its rollout/<id> branch, one decision at a time.
    ...rolloutStateChecks(await changedRolloutFiles(repo, base, pr.headSha, storePath), pr.headRepo === pr.baseRepo ? pr.headRef : undefined),
  ];
  const notes = [`pull request #${pr.number}: head ${pr.headSha.slice(0, 12)}, merge base ${base.slice(0, 12)}; policy and baselines from the base commit ${pr.baseSha.slice(0, 12)}`];

  let runs: string[];
  let candidateStore = store;
  if (settings.artifact) {
    ({ store: candidateStore, runs } = await downloadArtifactRuns(settings, deps, repo, store.display));
  } else {
    const changed = settings.run ? { runs: runList(settings.run), deleted: [] } : await changedRuns(repo, base, pr.headSha, storePath);
    runs = changed.runs;
    if (changed.deleted.length > 0) notes.push(`runs deleted by the pull request (not gated): ${changed.deleted.join(', ')}`);
    if (runs.length > 0 && !(await headIsCheckedOut(repo, pr.headSha))) {
      // The head is not checked out (pull_request_target, workflow_run): read its runs from git objects.
      const scratch = await createScratchRepo(context.tempDir, repo);
      const prefix = storePath ? `${storePath}/` : '';
      const { skipped } = await materializeAtRef(repo, pr.headSha, runs.map((r) => `${prefix}runs/${r}`), scratch);
      for (const s of skipped) notes.push(`${s.path}: not read from the head commit (${s.why})`);
      candidateStore = { root: join(scratch, storePath), display: store.display };
    }
  }
  return { pr, repo, headSha: pr.headSha, candidateStore, baseStore: reads.snapshot.store, policy: reads.policy, ...(reads.change ? { policyChange: reads.change } : {}), runs, extraCompliance, notes, cleanup: reads.dispose };
}

/** Input `run`: one run id, or several separated by commas or whitespace (a matrix chunk from `command: plan`). */
export function runList(input: string): string[] {
  return [...new Set(input.split(/[\s,]+/).filter((id) => id !== ''))];
}

export async function buildGatePlan(settings: ActionSettings, inputs: ResolvedInputs, deps: ActionDeps, pr: PullRequestInfo | undefined): Promise<GatePlan> {
  const { context } = deps;
  const { store } = inputs;
  if (pr) return pullRequestPlan(settings, inputs, deps, pr);
  // Outside a pull request there is no base to protect: the workspace is what is gated.
  const repo = await GitRepo.containing(context.workspace);
  const policy = await readPolicy(inputs.policy, inputs.names);
  if (settings.artifact) {
    const downloaded = await downloadArtifactRuns(settings, deps, repo, store.display);
    return { repo, headSha: context.sha, candidateStore: downloaded.store, baseStore: store, policy, runs: downloaded.runs, extraCompliance: [], notes: [] };
  }
  const push = pushInfo(context);
  if (!settings.run && push && repo) {
    // A push: the runs it added or changed (for auto_promote on the default branch).
    const changed = await runsChangedByPush(repo, push, await storePathIn(repo, store, settings.store));
    const notes = [`push ${push.before.slice(0, 12)}..${push.after.slice(0, 12)}${push.branch ? ` to ${push.branch}` : ''}: ${changed.runs.length} run(s) added or changed`];
    if (changed.deleted.length > 0) notes.push(`runs deleted by the push (not gated): ${changed.deleted.join(', ')}`);
    return { repo, headSha: context.sha, candidateStore: store, policy, runs: changed.runs, extraCompliance: [], notes };
  }
  if (!settings.run) throw new UsageError(`input run: required on ${context.eventName || 'this event'} (only pull requests and pushes default to the runs they change), or set artifact`);
  return { repo, headSha: context.sha, candidateStore: store, policy, runs: runList(settings.run), extraCompliance: [], notes: [] };
}
