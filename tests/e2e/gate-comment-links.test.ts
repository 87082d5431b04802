// The links out of the posted comment (issue 12 item 3), end to end: the bundled action knows
// the server, the repository and the workflow run from the runner's variables, and the comment
// it posts links the run, the run's artifacts (where the JSON report is) and the head commit,
// shown short.
import { describe, expect, it } from 'vitest';
import { useGitHubSession } from '../support/github/use-session.js';
import { makePrRepo, OWNER, pullRequestEvent, REPO, runAction } from './gate-support.js';

const gh = useGitHubSession('gate comment links');

describe('the posted comment links out', () => {
  it('to the workflow run, its report artifact and the head commit (short)', async () => {
    const repo = await makePrRepo(gh);
    const result = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo), env: { GITHUB_SERVER_URL: 'https://github.example.com', GITHUB_RUN_ID: '4242' } });
    expect(result.code).toBe(0);
    const mine = (await gh.snapshot(OWNER, REPO)).comments.filter((c) => c.body.includes('<!-- promotion-gate:run_new -->'));
    expect(mine).toHaveLength(1);
    const body = mine[0]?.body ?? '';
    const run = `https://github.example.com/${OWNER}/${REPO}/actions/runs/4242`;
    expect(body).toContain(`[workflow run](${run})`);
    expect(body).toContain(`[report artifact](${run}#artifacts)`);
    expect(body).toContain(`[\`${repo.headSha.slice(0, 7)}\`](https://github.example.com/${OWNER}/${REPO}/commit/${repo.headSha})`);
  });

  it('to nothing it does not know: no run id, no run links', async () => {
    const repo = await makePrRepo(gh);
    const result = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo), env: { GITHUB_RUN_ID: '' } });
    expect(result.code).toBe(0);
    const body = (await gh.snapshot(OWNER, REPO)).comments.find((c) => c.body.includes('<!-- promotion-gate:run_new -->'))?.body ?? '';
    expect(body).not.toContain('[workflow run]');
    expect(body).not.toContain('/actions/runs/');
    expect(body).toContain('the full report is in the report artifact');
  });
});
