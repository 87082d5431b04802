// Crash-point sweep for `command: promote` (RELIABILITY G4, G8, G11 and "Nothing lost"): the
// bundled action fails after each GitHub write in turn (the write applied but its answer lost,
// or refused outright), then is re-run once, or twice at the same time. Every case must end
// with one branch, one tree, at most one open PR, main unchanged and no ref moved backwards,
// checked on the fake GitHub's state (expectPromoted).
import { describe, expect, it } from 'vitest';
import { useGitHubSession } from '../support/github/use-session.js';
import { BRANCH, OWNER, REPO, expectPromoted, failure, makeWorkspace, runPromote, type ActionResult } from './promote-support.js';

/** The writes of a first promotion: POST trees, POST commits, POST refs, POST pulls. */
const WRITES = ['POST /git/trees', 'POST /git/commits', 'POST /git/refs', 'POST /pulls'];
const KINDS = ['apply-then-5xx', 'status'] as const;

const gh = useGitHubSession('promote crash sweep');

function expectDone(result: ActionResult): void {
  expect(result.code, failure(result)).toBe(0);
  expect(['created', 'updated', 'unchanged']).toContain(result.outputs['pull-request-operation']);
  expect(result.outputs['pull-request-url']).toMatch(new RegExp(`/${OWNER}/${REPO}/pull/\\d+$`));
}

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

describe.each(KINDS)('fault %s', (kind) => {
  describe.each(WRITES.map((write, index) => ({ write, index })))('at write $index ($write)', ({ index }) => {
    async function crash(): Promise<{ ws: Awaited<ReturnType<typeof makeWorkspace>>; tip: string | null }> {
      const ws = await makeWorkspace(gh);
      await gh.faults.add({ kind, afterNthWrite: index });
      const crashed = await runPromote(gh, ws);
      expect(crashed.code, 'the run fails at the injected fault').not.toBe(0);
      expect((await gh.faults.list())[0]?.fired).toBe(1);
      expect(await gh.getRef(OWNER, REPO, 'main')).toBe(ws.baseSha);
      return { ws, tip: await gh.getRef(OWNER, REPO, BRANCH) };
    }

    it('then one re-run finishes it', async () => {
      const { ws, tip } = await crash();
      expectDone(await runPromote(gh, ws));
      await expectPromoted(gh, ws, { previousTips: tip ? [tip] : [] });
    });

    it('then two re-runs at once finish it', async () => {
      const { ws, tip } = await crash();
      const results = await Promise.all([runPromote(gh, ws), runPromote(gh, ws)]);
      for (const result of results) expectDone(result);
      expect(results[0]?.outputs['pull-request-url']).toBe(results[1]?.outputs['pull-request-url']);
      await expectPromoted(gh, ws, { previousTips: tip ? [tip] : [] });
    });
  });
});
