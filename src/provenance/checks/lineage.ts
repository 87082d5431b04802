/**
 * Lineage: the fingerprint's commit exists in the repository holding the store, and is an
 * ancestor of the head being gated, so every number traces back to code that is part of
 * the change under review (not a local experiment, another branch or rewritten history).
 */
import { FULL_SHA, fingerprintGit, type Fingerprint } from '../../artifacts/fingerprint.js';
import { UsageError } from '../../contract/errors.js';
import type { Check } from '../../contract/check.js';
import { isRevisionLike } from '../../git/refs.js';
import { GitRepo } from '../../git/repo.js';

export interface LineageInput {
  fingerprint: Fingerprint | undefined;
  /** A folder inside the repository (the store root). */
  repoPath: string;
  repoDisplay: string;
  headRef?: string;
  /** How messages name the head input (`--head`, or the head commit in the action). */
  headInput?: string;
  requireCommit: boolean;
  fingerprintFile: string;
}

const EXISTS = 'fingerprint.commit-exists';
const REACHABLE = 'fingerprint.commit-reachable';

/** `--head` must be something git could take for a revision (exit 2 otherwise); git decides the rest. */
export function validateHeadRef(headRef: string | undefined, input = '--head'): void {
  if (headRef !== undefined && !isRevisionLike(headRef)) {
    throw new UsageError(`${input} ${JSON.stringify(headRef.slice(0, 200))}: not a valid git revision`);
  }
}

/** Resolves the gated head; a missing `--head` commit is a usage error, an unborn HEAD a failed check. */
async function resolveHead(repo: GitRepo, headRef: string | undefined, input = '--head'): Promise<string | undefined> {
  validateHeadRef(headRef, input);
  const sha = await repo.resolveCommit(headRef ?? 'HEAD');
  if (!sha && headRef !== undefined) throw new UsageError(`${input} ${JSON.stringify(headRef.slice(0, 200))}: no such commit in the repository`);
  return sha;
}

export async function lineageChecks(input: LineageInput): Promise<Check[]> {
  const commit = input.fingerprint ? fingerprintGit(input.fingerprint)?.commit : undefined;
  // No commit, or a malformed one: `fingerprint.commit` already says so.
  if (!commit || !FULL_SHA.test(commit)) return [];
  const problem = input.requireCommit ? 'fail' : 'warn';
  const file = input.fingerprintFile;
  const repo = await GitRepo.containing(input.repoPath).catch(() => undefined);
  if (!repo) {
    return [
      {
        id: EXISTS,
        status: input.requireCommit ? 'fail' : 'skip',
        message: `the store ${input.repoDisplay} is not inside a git repository, so commit ${commit} cannot be checked${input.requireCommit ? ' (run the gate in a clone of the repository, or set compliance.require_commit: false)' : ''}`,
        file,
      },
      { id: REACHABLE, status: 'skip', message: 'not checked: no repository' },
    ];
  }
  const head = await resolveHead(repo, input.headRef, input.headInput);
  const exists = await repo.commitExists(commit);
  if (!exists) {
    const shallow = await repo.isShallow();
    return [
      {
        id: EXISTS,
        status: problem,
        message: shallow
          ? `commit ${commit} is not in this shallow clone: fetch the full history (actions/checkout with \`fetch-depth: 0\`) so provenance can be checked`
          : `commit ${commit} is not found in this clone (never pushed, squash-merged, or history rewritten); for a repository that squash-merges, set \`compliance.require_commit: false\` (then this is a warning)`,
        file,
      },
      { id: REACHABLE, status: 'skip', message: 'not checked: the commit is not in the repository' },
    ];
  }
  const checks: Check[] = [{ id: EXISTS, status: 'pass', message: `commit ${commit} exists in the repository` }];
  const headName = input.headRef ?? 'HEAD';
  if (!head) {
    checks.push({ id: REACHABLE, status: problem, message: `${headName} does not point at a commit, so reachability cannot be checked` });
    return checks;
  }
  if (await repo.descendsFrom(head, commit)) {
    checks.push({ id: REACHABLE, status: 'pass', message: `commit ${commit} is an ancestor of ${headName} (${head.slice(0, 12)})` });
  } else {
    checks.push({
      id: REACHABLE,
      status: problem,
      message: `commit ${commit} is not an ancestor of ${headName} (${head.slice(0, 12)}): the run was produced from code outside the change being gated (another branch, or rewritten history)`,
      file,
    });
  }
  return checks;
}
