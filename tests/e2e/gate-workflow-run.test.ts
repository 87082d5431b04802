// The two-workflow pattern's commenting half and the pwn-request guard (RELIABILITY G1, G2):
// on workflow_run the action finds the PR by head repository and sha through the API, reads
// the fork's commits as git data (never checked out), and comments with the write token.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useGitHubSession } from '../support/github/use-session.js';
import { tempDir } from '../support/temp-store.js';
import { ADD_REGRESSED_RUN, checkout, makePrRepo, OWNER, pullRequestEvent, REPO, runAction, type PrRepo } from './gate-support.js';
import { git } from '../support/git.js';

const gh = useGitHubSession('gate workflow_run');

const FORK = 'forker';

function workflowRunEvent(repo: PrRepo, headSha = repo.headSha): Record<string, unknown> {
  return {
    action: 'completed',
    workflow_run: {
      id: 4242,
      name: 'gate',
      event: 'pull_request',
      conclusion: 'failure',
      head_sha: headSha,
      head_branch: 'feature',
      head_repository: { full_name: `${FORK}/${REPO}`, owner: { login: FORK } },
      // Empty for forks on GitHub; a number here would not be trusted anyway.
      pull_requests: [],
    },
    repository: { full_name: `${OWNER}/${REPO}` },
  };
}

/** What the commenting workflow checks out: the default branch, full history, nothing of the PR. */
function freshBaseClone(repo: PrRepo): PrRepo {
  const work = join(tempDir('pg-wr-'), 'work');
  git(repo.dir, 'clone', '--quiet', '--no-local', '--single-branch', '--branch', 'main', repo.origin, work);
  return { ...repo, work };
}

const marked = async (run: string) => (await gh.snapshot(OWNER, REPO)).comments.filter((c) => c.body.includes(`<!-- promotion-gate:${run} -->`));

describe('workflow_run: the commenting half', () => {
  it('finds the fork PR by head repository and sha, gates its run from git objects, and comments', async () => {
    const repo = await makePrRepo(gh, { changes: ADD_REGRESSED_RUN, forkOwner: FORK, mirror: true });
    const base = freshBaseClone(repo);
    expect(() => git(base.work, 'cat-file', '-e', repo.headSha)).toThrow();
    const result = await runAction({ gh, repo: base, event: workflowRunEvent(repo), eventName: 'workflow_run' });
    expect(result.stdout).toMatch(/workflow run 4242 belongs to pull request #1 \(found by head repository and sha\)/);
    expect(result.code).toBe(1);
    expect(result.outputs['verdict']).toBe('fail');
    const [comment] = await marked('run_bad');
    expect(comment?.author).toBe('github-actions[bot]');
    expect(comment?.body).toContain(repo.headSha);
    // Nothing of the fork was checked out into the workspace.
    expect(git(base.work, 'rev-parse', 'HEAD')).toBe(repo.baseSha);
    expect(git(base.work, 'status', '--porcelain')).toBe('');
  });

  it('does nothing when no open PR has that head (a PR number is never guessed)', async () => {
    const repo = await makePrRepo(gh, { forkOwner: FORK, mirror: true });
    const result = await runAction({ gh, repo: freshBaseClone(repo), event: workflowRunEvent(repo, 'f'.repeat(40)), eventName: 'workflow_run' });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/::notice::no open pull request has head forker\/evals@ffffffffffff/);
    expect((await gh.snapshot(OWNER, REPO)).comments).toHaveLength(0);
  });
});

describe('pwn-request guard (G2)', () => {
  it('refuses workflow_run with the fork head checked out', async () => {
    const repo = await makePrRepo(gh, { forkOwner: FORK, mirror: true, checkout: 'head' });
    const result = await runAction({ gh, repo, event: workflowRunEvent(repo), eventName: 'workflow_run' });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/::error::promotion-gate: refusing to run: workflow_run runs with this repository's write token.*allow-fork-checkout/);
    expect((await gh.snapshot(OWNER, REPO)).comments).toHaveLength(0);
  });

  it('refuses pull_request_target with the fork head merged in, unless allowed', async () => {
    const repo = await makePrRepo(gh, { forkOwner: FORK, mirror: true });
    const event = await pullRequestEvent(gh, repo, 'pull_request_target');
    const refused = await runAction({ gh, repo, event, eventName: 'pull_request_target' });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/refusing to run: pull_request_target/);
    expect(await marked('run_new')).toHaveLength(0);

    const allowed = await runAction({ gh, repo, event, eventName: 'pull_request_target', inputs: { 'allow-fork-checkout': 'true' } });
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(/::warning::pull_request_target runs with this repository's write token.*continuing because allow-fork-checkout is true/);
    expect(await marked('run_new')).toHaveLength(1);
  });

  it('runs pull_request_target safely with the base checked out, reading the head as data', async () => {
    const repo = await makePrRepo(gh, { forkOwner: FORK, mirror: true });
    const base = freshBaseClone(repo);
    checkout(base.work, 'base', repo.baseSha, repo.headSha);
    const result = await runAction({ gh, repo: base, event: await pullRequestEvent(gh, repo, 'pull_request_target'), eventName: 'pull_request_target' });
    expect(result.code).toBe(0);
    expect(result.outputs['verdict']).toBe('pass');
    expect(await marked('run_new')).toHaveLength(1);
  });
});
