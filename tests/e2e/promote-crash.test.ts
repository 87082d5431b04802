// Crash-point sweep for `command: promote` (RELIABILITY G4, G8, G11 and "Nothing lost"): the
// bundled action fails after each GitHub write in turn (here the write applied but its answer
// lost; promote-crash-status.test.ts: refused outright), then is re-run once, or twice at the
// same time. Every case must end with one branch, one tree, at most one open PR, main unchanged
// and no ref moved backwards, checked on the fake GitHub's state (expectPromoted).
import { expect, it } from 'vitest';
import { useGitHubSession } from '../support/github/use-session.js';
import { crashSweep, expectDone, expectPromoted, makeWorkspace, OWNER, REPO, runPromote, WRITES } from './promote-support.js';

const gh = useGitHubSession('promote crash sweep');

it('a first promotion makes exactly these writes, in this order', async () => {
  const ws = await makeWorkspace(gh);
  expectDone(await runPromote(gh, ws));
  const writes = (await gh.requests()).filter((r) => r.write).map((r) => `${r.method} ${r.path.replace(`/repos/${OWNER}/${REPO}`, '')}`);
  expect(writes).toEqual(WRITES);
  await expectPromoted(gh, ws);
});

it('two runs at once from scratch end with one branch, one tree and one PR', async () => {
  const ws = await makeWorkspace(gh);
  const results = await Promise.all([runPromote(gh, ws), runPromote(gh, ws)]);
  for (const result of results) expectDone(result);
  expect(results[0]?.outputs['pull-request-url']).toBe(results[1]?.outputs['pull-request-url']);
  expect(results.map((r) => r.outputs['pull-request-operation'])).toContain('created');
  await expectPromoted(gh, ws);
});

crashSweep(gh, 'apply-then-5xx');
