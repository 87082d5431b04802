/**
 * A rollout decision on GitHub: one verified commit on `rollout/<id>` holding the base branch's
 * tree plus the decision's changes (the rollout's state, its events, and on promote the
 * champion's folder moved to the archive and the pins moved), one pull request created or
 * updated in place, and for a rollback with auto-merge the merge itself.
 *
 * Like promotions (RELIABILITY G8-G12): every attempt first reads what exists, the branch only
 * moves forward (never a force-push; commits it did not make stop it), and a re-run after a
 * failure at any write converges: the same decision makes the same tree, an open pull request
 * is found again, and a base that already holds the decision is "unchanged".
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../contract/errors.js';
import type { RolloutApplyPlan } from './apply.js';
import type { GitHubClient } from '../github/client.js';
import { GitData, type Repo, type TreeWrite } from '../github/git-data.js';
import { entryAt, listFolder } from '../github/git-data-paths.js';
import { httpStatus } from '../github/errors.js';
import { branchMovedUnderUs } from '../github/refusals.js';
import { upsertPullRequest } from '../github/pull-requests.js';

export const rolloutBranch = (id: string): string => `rollout/${id}`;

const TRAILERS = {
  rollout: 'Promotion-Gate-Rollout',
  base: 'Promotion-Gate-Base',
  state: 'Promotion-Gate-State',
  telemetry: 'Promotion-Gate-Telemetry',
  decidedAt: 'Promotion-Gate-Decided-At',
} as const;

export const sha256Text = (text: string): string => createHash('sha256').update(text).digest('hex');

export interface RolloutTrailers {
  rollout?: string;
  base?: string;
  state?: string;
  telemetry?: string;
  decidedAt?: string;
}

export function parseRolloutTrailers(message: string): RolloutTrailers {
  const out: RolloutTrailers = {};
  for (const [key, name] of Object.entries(TRAILERS) as Array<[keyof RolloutTrailers, string]>) {
    const match = new RegExp(`^${name}: (\\S+)$`, 'm').exec(message);
    if (match?.[1]) out[key] = match[1];
  }
  return out;
}

interface OwnedBranch {
  tip: string;
  tree: string;
  trailers: RolloutTrailers;
}

function foreign(branch: string, sha: string, why: string): UsageError {
  return new UsageError(`branch ${branch} has commits promotion-gate did not make (${sha.slice(0, 12)}: ${why}); it never force-pushes over them: merge or close that work and delete the branch`);
}

/** The branch when every commit since its base is ours (verified, with our trailers); null when absent. */
async function readOwnedBranch(git: GitData, branch: string, id: string): Promise<OwnedBranch | null> {
  const tip = await git.branchHead(branch);
  if (tip === null) return null;
  let sha = tip;
  let first: { tree: string; trailers: RolloutTrailers } | undefined;
  for (let depth = 0; depth < 400; depth++) {
    const commit = await git.commit(sha);
    const trailers = parseRolloutTrailers(commit.message);
    if (trailers.rollout !== id) throw foreign(branch, sha, `not a rollout commit for ${id}`);
    if (!commit.verified) throw foreign(branch, sha, 'not a verified commit made through the GitHub API');
    if (!trailers.base) throw foreign(branch, sha, 'no recorded base commit');
    first ??= { tree: commit.tree, trailers };
    const others = commit.parents.filter((p) => p !== trailers.base);
    if (others.length === 0 && commit.parents.length === 1) return { tip, ...first };
    if (others.length !== 1 || commit.parents.length > 2) throw foreign(branch, sha, 'unexpected parents');
    sha = others[0] ?? '';
  }
  throw foreign(branch, sha, 'too many commits');
}

/** The time of the decision already on the branch, when it was made from the same state and telemetry. */
export async function previousDecisionTime(client: GitHubClient, repo: Repo, id: string, rolloutText: string, telemetrySha: string | undefined): Promise<string | undefined> {
  if (telemetrySha === undefined) return undefined;
  const git = new GitData(client, repo);
  const tip = await git.branchHead(rolloutBranch(id));
  if (tip === null) return undefined;
  const trailers = parseRolloutTrailers((await git.commit(tip)).message);
  return trailers.rollout === id && trailers.state === sha256Text(rolloutText) && trailers.telemetry === telemetrySha ? trailers.decidedAt : undefined;
}

export interface RolloutSyncInput {
  client: GitHubClient;
  repo: Repo;
  baseBranch: string;
  /** The store's path in the repository ('' at the root). */
  storePath: string;
  /** The rollout file as the decision read it (the checkout). */
  rolloutText: string;
  plan: RolloutApplyPlan;
  /** Repository path of the policy file. */
  policyPath: string;
  merge: boolean;
  log(message: string): void;
}

export interface RolloutSyncResult {
  operation: 'created' | 'updated' | 'unchanged';
  branch: string;
  pullRequestUrl?: string;
  pullRequestNumber?: number;
  commit?: string;
  merged: boolean;
  /** The base branch already holds exactly this decision (merged earlier). */
  alreadyOnBase: boolean;
}

async function treeWrites(git: GitData, baseTree: string, input: RolloutSyncInput): Promise<TreeWrite[]> {
  const prefix = input.storePath === '' ? '' : `${input.storePath}/`;
  const { plan } = input;
  const writes: TreeWrite[] = [{ path: `${prefix}${plan.rolloutRel}`, mode: '100644', type: 'blob', content: plan.rolloutText }];
  for (const event of plan.change.events) writes.push({ path: `${prefix}${event.path}`, mode: '100644', type: 'blob', content: event.content });
  if (plan.policy) writes.push({ path: input.policyPath, mode: '100644', type: 'blob', content: plan.policy.text });
  for (const move of plan.change.moves) {
    const listing = await listFolder(git, baseTree, `${prefix}${move.from}`);
    if (!listing || listing.notAFolder) throw new UsageError(`${prefix}${move.from} is not a folder on ${input.baseBranch}: cannot archive it`);
    for (const [rel, item] of [...listing.files].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const mode = item.mode === '100755' || item.mode === '120000' ? item.mode : '100644';
      writes.push({ path: `${prefix}${move.to}/${rel}`, mode, type: 'blob', sha: item.sha });
    }
    writes.push({ path: `${prefix}${move.from}`, mode: '040000', type: 'tree', sha: null });
  }
  return writes;
}

function commitMessage(input: RolloutSyncInput, baseHead: string): string {
  const { plan } = input;
  return [
    plan.title,
    '',
    ...plan.decision.reasons,
    '',
    `${TRAILERS.rollout}: ${plan.id}`,
    `${TRAILERS.base}: ${baseHead}`,
    `${TRAILERS.state}: ${sha256Text(input.rolloutText)}`,
    `${TRAILERS.telemetry}: ${plan.decision.telemetry.sha256}`,
    `${TRAILERS.decidedAt}: ${plan.decision.decided_at}`,
    '',
  ].join('\n');
}

async function attempt(input: RolloutSyncInput): Promise<RolloutSyncResult> {
  const git = new GitData(input.client, input.repo);
  const branch = rolloutBranch(input.plan.id);
  const prefix = input.storePath === '' ? '' : `${input.storePath}/`;
  const baseHead = await git.branchHead(input.baseBranch);
  if (baseHead === null) throw new UsageError(`base branch ${input.baseBranch} not found in ${input.repo.owner}/${input.repo.repo}`);
  const baseTree = (await git.commit(baseHead)).tree;
  const onBase = await entryAt(git, baseTree, `${prefix}${input.plan.rolloutRel}`);
  const baseText = onBase?.type === 'blob' ? await git.blobText(onBase.sha) : undefined;
  if (baseText === input.plan.rolloutText) {
    input.log(`${prefix}${input.plan.rolloutRel} on ${input.baseBranch} already holds this decision: nothing to change`);
    return { operation: 'unchanged', branch, merged: false, alreadyOnBase: true };
  }
  if (baseText !== input.rolloutText) {
    throw new UsageError(`${prefix}${input.plan.rolloutRel} changed on ${input.baseBranch} since the checkout this decision was made from: run again on the new head`);
  }
  const owned = await readOwnedBranch(git, branch, input.plan.id);
  const tree = await git.createTree(baseTree, await treeWrites(git, baseTree, input));
  let tip: string;
  let written: 'created' | 'updated' | 'unchanged';
  if (owned && owned.tree === tree) {
    tip = owned.tip;
    written = 'unchanged';
  } else {
    const parents = !owned ? [baseHead] : owned.trailers.base === baseHead ? [owned.tip] : [owned.tip, baseHead];
    tip = await git.createCommit(commitMessage(input, baseHead), tree, parents);
    if (owned) await git.fastForwardBranch(branch, tip);
    else await git.createBranch(branch, tip);
    written = owned ? 'updated' : 'created';
  }
  input.log(`branch ${branch}: ${written} (${tip.slice(0, 12)}, based on ${input.baseBranch} ${baseHead.slice(0, 12)})`);
  const pull = await upsertPullRequest(input.client, input.repo, { base: input.baseBranch, branch, title: input.plan.title, body: input.plan.body });
  const operation = pull.operation === 'created' ? 'created' : written !== 'unchanged' || pull.operation === 'updated' ? 'updated' : 'unchanged';
  let merged = false;
  if (input.merge && pull.number !== undefined) {
    try {
      await input.client.rest.pulls.merge({ ...input.repo, pull_number: pull.number, merge_method: 'merge', sha: tip, request: { retries: 0 } });
      merged = true;
      input.log(`pull request #${pull.number} merged (auto-merge: rollback)`);
    } catch (error) {
      const status = httpStatus(error);
      if (status === 405 || status === 409) throw new UsageError(`GitHub refused to merge the rollback pull request #${pull.number} (${status}): merge it by hand; the branch is ready`);
      throw error;
    }
  }
  return {
    operation, branch, commit: tip, merged, alreadyOnBase: false,
    ...(pull.url ? { pullRequestUrl: pull.url } : {}),
    ...(pull.number !== undefined ? { pullRequestNumber: pull.number } : {}),
  };
}

export async function syncRolloutOnGitHub(input: RolloutSyncInput): Promise<RolloutSyncResult> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(input);
    } catch (error) {
      if (!branchMovedUnderUs(error) || n >= 3) throw error;
      input.log(`branch ${rolloutBranch(input.plan.id)} moved meanwhile (another run?): reading it again`);
    }
  }
}
