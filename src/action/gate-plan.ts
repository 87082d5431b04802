/**
 * Everything the gate needs decided before any run is evaluated: which runs, where their
 * files are read from, which policy and baselines apply, and the store-wide compliance
 * findings (immutability). Pull requests read policy and baselines at the base commit.
 */
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import type { StoreLocation } from '../gate/load-side.js';
import type { LoadedPolicy } from '../gate/policy-source.js';
import type { Check } from '../gates/check.js';
import { changedRuns } from '../git/changed-runs.js';
import { immutabilityChecks, promotedChanges } from '../git/immutability.js';
import { materializeAtRef } from '../git/materialize.js';
import { mergeBase } from '../git/merge-base.js';
import { changedRolloutFiles } from '../git/rollout-changes.js';
import { rolloutStateChecks } from '../rollout/state-guard.js';
import { downloadArtifactRuns } from './artifact-run.js';
import { readAtBase, readInWorkspace, type BaseReads } from './base-reads.js';
import type { ActionDeps } from './deps.js';
import { guardPrivilegedCheckout, PRIVILEGED_EVENTS } from './fork-guard.js';
import { pushInfo, runsChangedByPush } from './push-runs.js';
import type { PolicyChange } from './policy-change.js';
import { fetchPullRequestCommits, headIsCheckedOut } from './pr-commits.js';
import type { PullRequestInfo } from './pull-request.js';
import { createScratchRepo, repositoryTop } from './scratch-repo.js';
import type { ActionSettings } from './settings.js';

export interface GatePlan {
  pr?: PullRequestInfo;
  repoTop?: string;
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

export async function workspaceStore(settings: ActionSettings, workspace: string): Promise<StoreLocation> {
  const root = resolve(workspace, settings.store);
  const rel = relative(workspace, root).split(sep).join('/');
  if (rel.startsWith('..') || isAbsolute(rel)) throw new UsageError(`input store: ${settings.store} is outside the workspace`);
  return { root, display: rel === '' ? '.' : rel };
}

export async function storePathIn(repoTop: string, store: StoreLocation, input: string): Promise<string> {
  const info = await stat(store.root).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`input store: ${input} is not a folder in the checkout`);
  return relative(await realpath(repoTop), await realpath(store.root)).split(sep).join('/');
}

async function pullRequestPlan(settings: ActionSettings, deps: ActionDeps, pr: PullRequestInfo, store: StoreLocation): Promise<GatePlan> {
  const { context } = deps;
  const repoTop = await repositoryTop(context.workspace);
  if (!repoTop) throw new UsageError('the workspace is not a git checkout: run actions/checkout (with fetch-depth: 0) before promotion-gate');
  await guardPrivilegedCheckout({ eventName: context.eventName, pr, workspace: context.workspace, allow: settings.allowForkCheckout, warn: deps.core.warning });
  if (PRIVILEGED_EVENTS.includes(context.eventName)) await fetchPullRequestCommits(repoTop, pr);
  const base = await mergeBase(repoTop, pr.baseSha, pr.headSha);
  const storePath = await storePathIn(repoTop, store, settings.store);
  const reads = await readAtBase({ repoTop, workspace: context.workspace, store, storePath, policyInput: settings.policy, baseSha: pr.baseSha, headSha: pr.headSha, tempDir: context.tempDir });
  try {
    return await pullRequestRuns(settings, deps, pr, store, repoTop, base, storePath, reads);
  } catch (error) {
    await reads.dispose();
    throw error;
  }
}

async function pullRequestRuns(settings: ActionSettings, deps: ActionDeps, pr: PullRequestInfo, store: StoreLocation, repoTop: string, base: string, storePath: string, reads: BaseReads): Promise<GatePlan> {
  const { context } = deps;
  const extraCompliance = [
    ...immutabilityChecks(await promotedChanges(repoTop, base, pr.headSha, storePath), base),
    // RELIABILITY T4: a rollout's state changes only on its rollout/<id> branch, one decision at a time.
    ...rolloutStateChecks(await changedRolloutFiles(repoTop, base, pr.headSha, storePath), pr.headRepo === pr.baseRepo ? pr.headRef : undefined),
  ];
  const notes = [`pull request #${pr.number}: head ${pr.headSha.slice(0, 12)}, merge base ${base.slice(0, 12)}; policy and baselines from the base commit ${pr.baseSha.slice(0, 12)}`];

  let runs: string[];
  let candidateStore = store;
  if (settings.artifact) {
    ({ store: candidateStore, runs } = await downloadArtifactRuns(settings, deps, repoTop, store.display));
  } else {
    const changed = settings.run ? { runs: runList(settings.run), deleted: [] } : await changedRuns(repoTop, base, pr.headSha, storePath);
    runs = changed.runs;
    if (changed.deleted.length > 0) notes.push(`runs deleted by the pull request (not gated): ${changed.deleted.join(', ')}`);
    if (runs.length > 0 && !(await headIsCheckedOut(repoTop, pr.headSha))) {
      // The head is not checked out (pull_request_target, workflow_run): read its runs from git objects.
      const scratch = await createScratchRepo(context.tempDir, repoTop);
      const prefix = storePath ? `${storePath}/` : '';
      const { skipped } = await materializeAtRef(repoTop, pr.headSha, runs.map((r) => `${prefix}runs/${r}`), scratch);
      for (const s of skipped) notes.push(`${s.path}: not read from the head commit (${s.why})`);
      candidateStore = { root: join(scratch, storePath), display: store.display };
    }
  }
  return { pr, repoTop, headSha: pr.headSha, candidateStore, baseStore: reads.snapshot.store, policy: reads.policy, ...(reads.change ? { policyChange: reads.change } : {}), runs, extraCompliance, notes, cleanup: reads.dispose };
}

/** Input `run`: one run id, or several separated by commas or whitespace (a matrix chunk from `command: plan`). */
export function runList(input: string): string[] {
  return [...new Set(input.split(/[\s,]+/).filter((id) => id !== ''))];
}

export async function buildGatePlan(settings: ActionSettings, deps: ActionDeps, pr: PullRequestInfo | undefined): Promise<GatePlan> {
  const { context } = deps;
  const store = await workspaceStore(settings, context.workspace);
  if (pr) return pullRequestPlan(settings, deps, pr, store);
  // Outside a pull request there is no base to protect: the workspace is what is gated.
  const repoTop = await repositoryTop(context.workspace);
  const policy = await readInWorkspace(store, settings.policy, context.workspace);
  if (settings.artifact) {
    const downloaded = await downloadArtifactRuns(settings, deps, repoTop, store.display);
    return { repoTop, headSha: context.sha, candidateStore: downloaded.store, baseStore: store, policy, runs: downloaded.runs, extraCompliance: [], notes: [] };
  }
  const push = pushInfo(context);
  if (!settings.run && push && repoTop) {
    // A push: the runs it added or changed (for auto_promote on the default branch).
    const changed = await runsChangedByPush(repoTop, push, await storePathIn(repoTop, store, settings.store));
    const notes = [`push ${push.before.slice(0, 12)}..${push.after.slice(0, 12)}${push.branch ? ` to ${push.branch}` : ''}: ${changed.runs.length} run(s) added or changed`];
    if (changed.deleted.length > 0) notes.push(`runs deleted by the push (not gated): ${changed.deleted.join(', ')}`);
    return { repoTop, headSha: context.sha, candidateStore: store, policy, runs: changed.runs, extraCompliance: [], notes };
  }
  if (!settings.run) throw new UsageError(`input run: required on ${context.eventName || 'this event'} (only pull requests and pushes default to the runs they change), or set artifact`);
  return { repoTop, headSha: context.sha, candidateStore: store, policy, runs: runList(settings.run), extraCompliance: [], notes: [] };
}
