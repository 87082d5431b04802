// Base-commit reads (DESIGN.md section 2): a PR that loosens the policy is still judged by
// the base commit's policy, and the comment shows the change and says which one applied.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useGitHubSession } from '../support/github/use-session.js';
import { EXAMPLE_STORE } from '../support/temp-store.js';
import { ADD_REGRESSED_RUN, makePrRepo, OWNER, pullRequestEvent, REPO, runAction, STORE } from './gate-support.js';

const gh = useGitHubSession('gate policy');

const policy = readFileSync(join(EXAMPLE_STORE, 'policy.yml'), 'utf8');
const loosened = policy.replace('tolerance: 0.02', 'tolerance: 0.9').replace('min: 0.5', 'min: 0.0');

describe('a PR that loosens the policy', () => {
  it('is judged by the base policy, and the comment shows the change', async () => {
    expect(loosened).not.toBe(policy);
    const repo = await makePrRepo(gh, { changes: { ...ADD_REGRESSED_RUN, [`${STORE}/policy.yml`]: loosened } });
    const result = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo) });
    expect(result.code).toBe(1);
    expect(result.outputs['failed-checks']).toContain('performance.metric.quality.exact_match');
    const report = JSON.parse(readFileSync(result.outputs['report'] ?? '', 'utf8')) as Record<string, unknown>;
    expect(report['policy_source']).toBe(`${STORE}@${repo.baseSha.slice(0, 12)}/policy.yml`);
    expect(report['policy_change']).toMatchObject({ path: `${STORE}/policy.yml`, applied: 'base', base_commit: repo.baseSha, head_commit: repo.headSha });

    const comment = (await gh.snapshot(OWNER, REPO)).comments.find((c) => c.body.includes('<!-- promotion-gate:run_bad -->'));
    expect(comment?.body).toContain('This pull request changes the policy');
    expect(comment?.body).toContain(`the policy at the base commit \`${repo.baseSha.slice(0, 12)}\``);
    expect(comment?.body).toMatch(/^- {4}tolerance: 0\.02$/m);
    expect(comment?.body).toMatch(/^\+ {4}tolerance: 0\.9$/m);
  });

  it('cannot weaken the gate with a policy input pointing at a file the PR adds', async () => {
    const repo = await makePrRepo(gh, { changes: { ...ADD_REGRESSED_RUN, 'lenient.yml': 'version: 1\ndefaults: none\n' } });
    const result = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo), inputs: { policy: 'lenient.yml' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/input policy: lenient\.yml is not a regular file at the base commit/);
  });
});
