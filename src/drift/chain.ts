/**
 * The promotion chain of a baseline (DESIGN.md section 12, cumulative drift): each baseline
 * was promoted from a run (`promoted_from` in its baseline.json), and that run was gated
 * against the baseline before it. Following those links back gives the chain, newest first;
 * its last member is the root, the `first` anchor.
 *
 * Pure: how one baseline names its predecessor (config.yaml, the event log) is read by
 * read-chain.ts and handed in as `linkOf`, so the walk, the cycle guard and the broken-link
 * wording are tested with plain maps.
 */

import { quoteForMessage } from '../parse/json.js';
import { ID_PATTERN } from '../store/ids.js';

/** Only ids that could name a folder are followed (or printed bare); anything else is quoted. */
const SAFE_ID = ID_PATTERN;

/** What one baseline says about where it came from. */
export interface ChainLink {
  id: string;
  /** Store-relative folder: `baselines/<id>` or `baselines/_archived/<id>`. */
  dir: string;
  /** The run it was promoted from (baseline.json `promoted_from`), when it says. */
  promotedFrom?: string;
  /** The baseline before it, and which file said so. */
  predecessor?: { id: string; via: string };
}

export interface PromotionChain {
  /** Newest first: the starting baseline, then each predecessor; the last is the root. */
  members: ChainLink[];
  /** Why the walk stopped early (a missing predecessor, a cycle, too long), when it did. */
  problem?: string;
}

/** Longer chains than this are refused as a loop nobody could review. */
export const MAX_CHAIN = 1000;

/**
 * Walk from `start` back through predecessors. `linkOf(id)` is null when the baseline is not in
 * the store (active or archived). The walk stops at a baseline naming no predecessor (the
 * root), or with a `problem` at a predecessor that is missing, already seen, or too far back;
 * then the last member found is the root.
 */
export async function followChain(start: string, linkOf: (id: string) => Promise<ChainLink | null>, max = MAX_CHAIN): Promise<PromotionChain | null> {
  const first = await linkOf(start);
  if (!first) return null;
  const members: ChainLink[] = [first];
  const seen = new Set([start]);
  let current = first;
  while (current.predecessor) {
    const { id, via } = current.predecessor;
    if (seen.has(id)) return { members, problem: `the chain loops: ${via} names ${id}, already in the chain` };
    if (members.length >= max) return { members, problem: `the chain is longer than ${max} promotions; stopped at ${current.id}` };
    if (!SAFE_ID.test(id)) return { members, problem: `${via} names ${quoteForMessage(id)}, which is not a baseline id; the chain starts at ${current.id}` };
    const next = await linkOf(id);
    if (!next) return { members, problem: `${via} names ${id} as the baseline before ${current.id}, but it is not in the store (deleted?); the chain starts at ${current.id}` };
    members.push(next);
    seen.add(id);
    current = next;
  }
  return { members };
}

/** `b3 ← b2 ← b1`: the chain as the report prints it, newest first (long chains elided in the middle). */
export function chainText(chain: PromotionChain, limit = 12): string {
  const ids = chain.members.map((m) => m.id);
  if (ids.length <= limit) return ids.join(' ← ');
  const head = ids.slice(0, limit - 3);
  const tail = ids.slice(-2);
  return [...head, `… ${ids.length - head.length - tail.length} more …`, ...tail].join(' ← ');
}
