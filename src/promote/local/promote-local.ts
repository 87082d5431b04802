/**
 * Local mode, end to end: gate, plan against what is there, then either apply to the working
 * tree or commit on a new branch promote/<id> (with `commit`). Returns what happened; the CLI
 * prints it. A refusal is an outcome (exit 1), not an exception.
 */
import path from 'node:path';
import type { StoreLocation } from '../../store/location.js';
import type { LoadedPolicy } from '../../policy/read.js';
import { UsageError } from '../../contract/errors.js';
import type { Report } from '../../contract/report.js';
import { findEarlierPromotion } from '../already-promoted.js';
import { applyToWorkingTree, readExistingInStore, type WorkingTreeResult } from './working-tree.js';
import { baseEntries, commitPlanOnBranch, existingAtBase, readLocalBranch, type LocalCommitResult } from './commit.js';
import { PromotionRefused } from '../plan/errors.js';
import { gateForPromotion } from '../gate-for-promotion.js';
import { buildPlan, gateBlockers, plannedDestination } from '../plan/plan.js';
import { checkSourceMatchesBase } from '../plan/source-check.js';
import type { PromotionPlan, PromotionRequest, PromotionSource } from '../plan/types.js';

import { openLocalRepo } from '../../git/store-repo.js';
export interface LocalPromotionInput {
  store: StoreLocation;
  request: PromotionRequest;
  policy: LoadedPolicy;
  /** Absolute path of the policy file (set-pin edits it). */
  policyFile: string;
  policyDisplay: string;
  baseline?: string;
  commit: boolean;
  promotedBy: string;
  now: string;
}

export type LocalPromotionOutcome =
  | { kind: 'already'; dir: string }
  | { kind: 'refused'; message: string; report?: Report }
  | { kind: 'done'; report: Report; plan: PromotionPlan; workingTree?: WorkingTreeResult; commit?: LocalCommitResult; baseName?: string };

async function viaCommit(input: LocalPromotionInput, report: Report, source: PromotionSource): Promise<LocalPromotionOutcome> {
  const { request, store } = input;
  const repo = await openLocalRepo(store);
  const { destination } = plannedDestination(request, source);
  const branch = await readLocalBranch(repo, request.id);
  if (branch && branch.trailers?.id !== request.id) {
    throw new PromotionRefused(`branch promote/${request.id} already exists and was not made by promotion-gate for ${request.id}: it is never overwritten`);
  }
  const policyRepoPath = path.relative(repo.top, input.policyFile).split(path.sep).join('/');
  if (request.setPin && (policyRepoPath.startsWith('..') || path.isAbsolute(policyRepoPath))) {
    throw new UsageError(`${request.names.setPin} --commit: the policy ${input.policyDisplay} is outside the repository, so it cannot change in the commit`);
  }
  const policyText = request.setPin ? await repo.git.fileAt(repo.base, policyRepoPath) : undefined;
  const plan = buildPlan({
    request, source, report,
    promotedAt: branch?.trailers?.promotedAt ?? input.now,
    promotedBy: branch?.trailers?.promotedBy ?? input.promotedBy,
    existing: await existingAtBase(repo, destination),
    ...(request.setPin ? { policy: { path: input.policyDisplay, text: policyText } } : {}),
  });
  checkSourceMatchesBase(source.files, await baseEntries(repo, plan.sourceDir), `${store.display}/${plan.sourceDir}`, repo.baseName);
  const commit = await commitPlanOnBranch(repo, store, plan, request.setPin ? policyRepoPath : undefined);
  return { kind: 'done', report, plan, commit, baseName: repo.baseName };
}

export async function promoteLocally(input: LocalPromotionInput): Promise<LocalPromotionOutcome> {
  const { request, store } = input;
  const earlier = await findEarlierPromotion(store, request);
  if (earlier !== undefined) return { kind: 'already', dir: earlier };
  const { report, source } = await gateForPromotion({
    store, request, policy: input.policy.policy, baseline: input.baseline,
    extraReport: { policy_source: input.policy.source },
  });
  const blockers = gateBlockers(report);
  if (blockers || !source) return { kind: 'refused', message: `promotion refused: ${blockers ?? 'the run folder cannot be read'}`, report };
  try {
    if (input.commit) return await viaCommit(input, report, source);
    const { destination } = plannedDestination(request, source);
    const plan = buildPlan({
      request, source, report, promotedAt: input.now, promotedBy: input.promotedBy,
      existing: await readExistingInStore(store, destination),
      ...(request.setPin ? { policy: { path: input.policyDisplay, text: input.policy.text } } : {}),
    });
    const workingTree = await applyToWorkingTree(store, plan, request.setPin ? input.policyFile : undefined);
    return { kind: 'done', report, plan, workingTree };
  } catch (error) {
    if (error instanceof PromotionRefused) return { kind: 'refused', message: error.message, report };
    throw error;
  }
}
