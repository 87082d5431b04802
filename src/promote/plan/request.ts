/**
 * The promotion request's own rules, checked before any file is read: ids are single path
 * segments (F1), the options fit the role, and a reference can never be made blocking.
 */
import { UsageError } from '../../contract/errors.js';
import { validateId } from '../../store/ids.js';
import { storePaths } from '../../store/layout.js';
import type { PromotionRequest } from './types.js';

/** Longest reason kept: it is written into README.md, baseline.json and the PR. */
export const MAX_REASON_CHARS = 2000;

export function validateRequest(request: PromotionRequest): void {
  const { names } = request;
  validateId('run', request.run, names.run);
  validateId(request.as === 'baseline' ? 'baseline' : 'reference', request.id, names.id);
  const reason = request.reason.trim();
  if (reason === '') throw new UsageError(`${names.reason} is required: say why this run is promoted (it goes into README.md and the PR)`);
  if (reason.length > MAX_REASON_CHARS) {
    throw new UsageError(`${names.reason}: ${reason.length} characters, over the ${MAX_REASON_CHARS}-character limit (keep the story in the PR)`);
  }
  if (request.as === 'baseline') {
    if (request.quality !== undefined) throw new UsageError(`${names.quality} applies to references only (this promotes a baseline)`);
    if (request.task !== undefined) throw new UsageError(`${names.task} applies to gold references only (this promotes a baseline)`);
    return;
  }
  if (request.setPin === true) {
    throw new UsageError(`${names.setPin}: a reference can never be promoted as blocking: only baselines are pinned (references stay informational)`);
  }
  if (request.task !== undefined) {
    if ((request.quality ?? 'silver') !== 'gold') throw new UsageError(`${names.task} applies to gold references only (silver references are not grouped by task)`);
    validateId('task', request.task, names.task);
  }
}

/** Store-relative destination folder: baselines/<id>, references/silver/<id> or references/gold/<task>/<id>. */
export function destinationDir(request: PromotionRequest, task: string | undefined): string {
  if (request.as === 'baseline') return storePaths.baseline(request.id);
  if ((request.quality ?? 'silver') === 'silver') return storePaths.silverReference(request.id);
  if (task === undefined) throw new UsageError(`${request.names.task}: a gold reference needs its task folder and none could be detected`);
  return storePaths.goldReference(task, request.id);
}

/** `baseline`, `silver reference`, `gold reference (task ner_entities)`: for titles and messages. */
export function roleName(request: PromotionRequest): string {
  if (request.as === 'baseline') return 'baseline';
  return `${request.quality ?? 'silver'} reference`;
}

/** The branch a promotion is committed on. */
export function promotionBranch(id: string): string {
  return `promote/${id}`;
}
