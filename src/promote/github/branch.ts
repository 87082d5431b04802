/**
 * The branch promote/<id> on GitHub: recognising it as ours, and moving it only forward.
 *
 * A branch is ours when every commit on it since the base is a verified commit whose trailers
 * name this promotion, and each one's parents are its recorded base and/or the previous
 * promotion commit. Anything else (a pushed commit, a rewritten history) stops the promotion
 * (G9). Updates are fast-forwards only, so even a push that races ours can never be lost.
 */
import { parsePromotionTrailers, type PromotionTrailers } from '../plan/commit-message.js';
import { PromotionRefused } from '../plan/errors.js';
import type { GitData } from '../../github/git-data.js';

/** Re-runs add at most one commit each; a longer history is not something we made. */
const MAX_OWN_COMMITS = 50;

export interface OwnedBranch {
  tip: string;
  tree: string;
  /** The tip's trailers: its base and the first attempt's promoted_at / promoted_by. */
  trailers: PromotionTrailers;
}

const PROMOTION_WAY_OUT = 'merge or close that work and delete the branch, or choose another promoted-id';

function foreignCommits(branch: string, sha: string, why: string, wayOut: string, what: string): PromotionRefused {
  return new PromotionRefused(
    `${what} stopped: branch ${branch} has commits promotion-gate did not make (${sha.slice(0, 12)}: ${why}); ` +
      `it never force-pushes over them: ${wayOut}`,
  );
}

/** The branch when it is ours, null when it does not exist; throws PromotionRefused when it is someone else's. */
export async function readOwnedBranch(
  git: GitData,
  branch: string,
  id: string,
  words: { what: string; wayOut: string } = { what: 'promotion', wayOut: PROMOTION_WAY_OUT },
): Promise<OwnedBranch | null> {
  const foreign = (branchName: string, sha: string, why: string): PromotionRefused => foreignCommits(branchName, sha, why, words.wayOut, words.what);
  const tip = await git.branchHead(branch);
  if (tip === null) return null;
  let sha = tip;
  let first: { tree: string; trailers: PromotionTrailers } | undefined;
  for (let depth = 0; depth < MAX_OWN_COMMITS; depth++) {
    const commit = await git.commit(sha);
    const trailers = parsePromotionTrailers(commit.message);
    if (trailers?.id !== id) throw foreign(branch, sha, `not a promotion commit for ${id}${commit.author ? `, author ${commit.author}` : ''}`);
    if (!commit.verified) throw foreign(branch, sha, 'not a verified commit made through the GitHub API');
    if (trailers.base === undefined) throw foreign(branch, sha, 'no recorded base commit');
    first ??= { tree: commit.tree, trailers };
    const others = commit.parents.filter((p) => p !== trailers.base);
    if (others.length === 0 && commit.parents.length === 1) return { tip, ...first };
    if (others.length !== 1 || commit.parents.length > 2) throw foreign(branch, sha, 'unexpected parents');
    sha = others[0] ?? '';
  }
  throw foreign(branch, sha, `more than ${MAX_OWN_COMMITS} commits`);
}

export interface BranchWrite {
  operation: 'created' | 'updated' | 'unchanged';
  tip: string;
}

/**
 * Points the branch at `tree`: nothing when it already has it; else one new commit on the
 * base head (new branch), on the tip (same base), or on both (the base moved: a merge, so
 * the update stays a fast-forward and the PR shows only the promotion).
 */
export async function writeBranch(git: GitData, input: { branch: string; owned: OwnedBranch | null; baseHead: string; tree: string; message: string }): Promise<BranchWrite> {
  const { owned } = input;
  // Same content: even if the base moved meanwhile, the branch already merges to exactly the plan.
  if (owned && owned.tree === input.tree) return { operation: 'unchanged', tip: owned.tip };
  const parents = !owned ? [input.baseHead] : owned.trailers.base === input.baseHead ? [owned.tip] : [owned.tip, input.baseHead];
  const commit = await git.createCommit(input.message, input.tree, parents);
  if (owned) await git.fastForwardBranch(input.branch, commit);
  else await git.createBranch(input.branch, commit);
  return { operation: owned ? 'updated' : 'created', tip: commit };
}
