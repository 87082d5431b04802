// RELIABILITY T4 through the bundled action: a pull request that edits a rollout's `state:` by
// hand (here skipping a stage) is refused by the gate on that pull request, naming the file;
// a reviewed change of the rollout's settings alone passes.
import { expect, it } from 'vitest';
import { useGitHubSession } from '../support/github/use-session.js';
import { rolloutYaml } from '../support/rollout.js';
import { makePrRepo, pullRequestEvent, runAction, STORE } from './gate-support.js';

const gh = useGitHubSession('gate rollout state');
const PATH = `${STORE}/rollouts/planner.yml`;
const AT_STAGE_0 = rolloutYaml({ stage: 0, since: '2026-11-20T00:00:00Z' });

it('fails a PR that skips a stage by editing the state by hand', async () => {
  const repo = await makePrRepo(gh, { baseChanges: { [PATH]: AT_STAGE_0 }, changes: { [PATH]: rolloutYaml({ stage: 2, since: '2026-11-22T00:00:00Z' }) } });
  const result = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo) });
  expect(result.code).toBe(1);
  expect(result.outputs['failed-checks']).toBe('compliance.rollout.state');
  expect(result.summary).toContain(PATH);
  expect(result.summary).toContain('state: changed on branch feature; only promotion\\-gate&#39;s rollout/planner branch changes a rollout&#39;s state \\(stage 0 → stage 2\\)');
});

it('passes a PR that only tunes the rollout\'s settings', async () => {
  const repo = await makePrRepo(gh, { baseChanges: { [PATH]: AT_STAGE_0 }, changes: { [PATH]: AT_STAGE_0.replace('min_samples: 1000', 'min_samples: 5000') } });
  const result = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo) });
  expect(result.code).toBe(0);
  expect(result.outputs['verdict']).toBe('pass');
});
