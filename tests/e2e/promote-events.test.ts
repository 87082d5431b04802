// The promotion commit made by the action carries its `promoted` event (actor, workflow run
// URL, the gate report's digest) and, with set-pin, `pin_changed`; a later re-run from another
// workflow run keeps the first run's event, so the branch stays unchanged (G8).
import { expect, it } from 'vitest';
import { useGitHubSession } from '../support/github/use-session.js';
import { BRANCH, DEST, ID, OWNER, REPO, RUN, STORE, failure, makeWorkspace, runPromote } from './promote-support.js';

const gh = useGitHubSession('promotion events');

async function eventsOnBranch(): Promise<Record<string, unknown>[]> {
  const tree = await gh.readTree(OWNER, REPO, BRANCH);
  return [...tree].filter(([path]) => path.startsWith(`${STORE}/events/`)).map(([path, file]) => ({ path, ...(JSON.parse(file.content.toString('utf8')) as Record<string, unknown>) }));
}

it('writes the promoted event into the promotion commit, and a re-run from another workflow run keeps it', async () => {
  const ws = await makeWorkspace(gh);
  const result = await runPromote(gh, ws);
  expect(result.code, failure(result)).toBe(0);
  const events = await eventsOnBranch();
  expect(events).toHaveLength(1);
  const metadata = JSON.parse((await gh.readTree(OWNER, REPO, BRANCH)).get(`${DEST}/baseline.json`)?.content.toString('utf8') ?? '{}') as Record<string, unknown>;
  expect(events[0]).toMatchObject({
    schema: 'promotion-gate/event@1', type: 'promoted', subject: ID, actor: 'octocat', from: `runs/${RUN}`, to: `baselines/${ID}`,
    workflow_run_url: `https://github.com/${OWNER}/${REPO}/actions/runs/2002`, gate_report_sha256: metadata['gate_report_sha256'], at: metadata['promoted_at'],
  });
  expect(String(events[0]?.['path'])).toMatch(new RegExp(`^${STORE}/events/\\d{8}T\\d{6}Z-promoted-${ID}\\.json$`));
  const tip = await gh.getRef(OWNER, REPO, BRANCH);

  const again = await runPromote(gh, ws, {}, gh.tokens.write, { GITHUB_RUN_ID: '3003', GITHUB_ACTOR: 'someone-else' });
  expect(again.code, failure(again)).toBe(0);
  expect(again.outputs['pull-request-operation']).toBe('unchanged');
  expect(await gh.getRef(OWNER, REPO, BRANCH)).toBe(tip);
  expect(await eventsOnBranch()).toEqual(events);
});

it('with set-pin, also writes pin_changed naming the pin and the baseline it named before', async () => {
  const ws = await makeWorkspace(gh);
  const result = await runPromote(gh, ws, { 'set-pin': 'true' });
  expect(result.code, failure(result)).toBe(0);
  const events = await eventsOnBranch();
  expect(events.map((e) => e['type']).sort()).toEqual(['pin_changed', 'promoted']);
  expect(events.find((e) => e['type'] === 'pin_changed')).toMatchObject({
    subject: ID, from: 'baseline_demo_v1', to: ID, pin: { dataset: 'demo_support_qa_v1', task: 'qa' }, actor: 'octocat',
  });
});
