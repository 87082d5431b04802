/**
 * Lineage: the fingerprint's commit exists in the repository holding the store, and is an
 * ancestor of the head being gated, so every number traces back to code that is part of
 * the change under review (not a local experiment, another branch or rewritten history).
 */
import { FULL_SHA, fingerprintGit, type Fingerprint } from '../artifacts/fingerprint.js';
import { UsageError } from '../errors.js';
import type { Check } from '../gates/check.js';
import { git, gitMaybe, GitError, resolveCommit } from '../git/git.js';
import { repositoryRoot } from './git-state.js';

export interface LineageInput {
  fingerprint: Fingerprint | undefined;
  /** A folder inside the repository (the store root). */
  repoPath: string;
  repoDisplay: string;
  headRef?: string;
  requireCommit: boolean;
  fingerprintFile: string;
}

const EXISTS = 'fingerprint.commit-exists';
const REACHABLE = 'fingerprint.commit-reachable';

/** `--head` must be something git could take for a revision (exit 2 otherwise); git decides the rest. */
export function validateHeadRef(headRef: string | undefined): void {
  // eslint-disable-next-line no-control-regex -- control characters never name a revision
  if (headRef !== undefined && (headRef.length === 0 || headRef.length > 1024 || headRef.startsWith('-') || /[\x00-\x1f\x7f]/.test(headRef))) {
    throw new UsageError(`--head ${JSON.stringify(headRef.slice(0, 200))}: not a valid git revision`);
  }
}

/** Resolves the gated head; a missing `--head` commit is a usage error, an unborn HEAD a failed check. */
async function resolveHead(top: string, headRef: string | undefined): Promise<string | undefined> {
  validateHeadRef(headRef);
  const sha = await resolveCommit(top, headRef ?? 'HEAD');
  if (!sha && headRef !== undefined) throw new UsageError(`--head ${JSON.stringify(headRef.slice(0, 200))}: no such commit in the repository`);
  return sha;
}

export async function lineageChecks(input: LineageInput): Promise<Check[]> {
  const commit = input.fingerprint ? fingerprintGit(input.fingerprint)?.commit : undefined;
  // No commit, or a malformed one: `fingerprint.commit` already says so.
  if (!commit || !FULL_SHA.test(commit)) return [];
  const problem = input.requireCommit ? 'fail' : 'warn';
  const file = input.fingerprintFile;
  const top = await repositoryRoot(input.repoPath);
  if (!top) {
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
  const head = await resolveHead(top, input.headRef);
  const exists = (await gitMaybe(['cat-file', '-e', `${commit}^{commit}`], { cwd: top })) !== null;
  if (!exists) {
    const shallow = (await gitMaybe(['rev-parse', '--is-shallow-repository'], { cwd: top }))?.trim() === 'true';
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
  try {
    await git(['merge-base', '--is-ancestor', commit, head], { cwd: top });
    checks.push({ id: REACHABLE, status: 'pass', message: `commit ${commit} is an ancestor of ${headName} (${head.slice(0, 12)})` });
  } catch (error) {
    if (!(error instanceof GitError) || error.exitCode !== 1) throw error;
    checks.push({
      id: REACHABLE,
      status: problem,
      message: `commit ${commit} is not an ancestor of ${headName} (${head.slice(0, 12)}): the run was produced from code outside the change being gated (another branch, or rewritten history)`,
      file,
    });
  }
  return checks;
}
