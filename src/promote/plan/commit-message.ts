/**
 * The promotion commit's message. Its trailers say which promotion made the commit and on
 * which base, which is how a re-run recognises its own branch (and refuses anyone else's) and
 * reuses the first attempt's promoted_at, so that it plans the very same bytes.
 */
import { escapeControls } from '../../report/escape.js';
import { roleName } from './request.js';
import { sanitizeAdopted } from './plan.js';
import type { AdoptedFields, PromotionPlan } from './types.js';

const TRAILER = {
  id: 'Promotion-Gate-Id',
  run: 'Promotion-Gate-Run',
  base: 'Promotion-Gate-Base',
  at: 'Promotion-Gate-Promoted-At',
  by: 'Promotion-Gate-Promoted-By',
} as const;

export interface PromotionTrailers extends AdoptedFields {
  id: string;
  run?: string;
  /** The base branch commit this promotion commit was planned on. */
  base?: string;
}

/** One line, no control characters: trailers and the subject must not be forged by a reason. */
function oneLine(text: string): string {
  return escapeControls(text.replace(/\r\n|[\r\n]/g, ' ')).trim();
}

export function promotionCommitMessage(plan: PromotionPlan, baseCommit: string): string {
  const { request } = plan;
  const reason = request.reason.trim().split(/\r\n|\r|\n/).map((line) => escapeControls(line)).join('\n');
  return [
    `Promote run ${request.run} to ${roleName(request)} ${request.id}`,
    '',
    reason,
    '',
    `${TRAILER.id}: ${request.id}`,
    `${TRAILER.run}: ${request.run}`,
    `${TRAILER.base}: ${baseCommit}`,
    `${TRAILER.at}: ${plan.promotedAt}`,
    `${TRAILER.by}: ${oneLine(plan.promotedBy)}`,
    '',
  ].join('\n');
}

/** The trailers of a promotion commit (from its last paragraph only), or undefined. */
export function parsePromotionTrailers(message: string): PromotionTrailers | undefined {
  const paragraphs = message.replace(/\r\n/g, '\n').trimEnd().split(/\n\s*\n/);
  const last = paragraphs[paragraphs.length - 1] ?? '';
  const values = new Map<string, string>();
  for (const line of last.split('\n')) {
    const match = /^([A-Za-z-]+): (.*)$/.exec(line);
    if (match?.[1] && match[2] !== undefined) values.set(match[1], match[2].trim());
  }
  const id = values.get(TRAILER.id);
  if (id === undefined) return undefined;
  const base = values.get(TRAILER.base);
  return {
    id,
    ...(values.has(TRAILER.run) ? { run: values.get(TRAILER.run) } : {}),
    ...(base !== undefined && /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(base) ? { base } : {}),
    ...sanitizeAdopted({ promotedAt: values.get(TRAILER.at), promotedBy: values.get(TRAILER.by) }),
  };
}
