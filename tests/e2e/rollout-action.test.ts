// `command: rollout` end to end: the bundled action against the fake GitHub behind Prism and
// the fake MLflow server. Advance (one PR on rollout/<id>, created then unchanged), rollback
// with auto-merge (registry first, PR merged at once), promote (champion archived, pin moved,
// events, and the alias moved once the merged state is reconciled), and a crash at each write
// followed by a re-run that converges without a force-push.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useGitHubSession } from '../support/github/use-session.js';
import { FakeMlflow } from '../support/mlflow/fake-mlflow.js';
import { CHALLENGER_ID, CHAMPION_ID } from '../support/rollout.js';
import { OWNER, REPO, failure } from './promote-support.js';
import { BRANCH, ROLLOUT_PATH, STORE, checkoutMain, makeRolloutWorkspace, runRollout } from './rollout-support.js';

const gh = useGitHubSession('rollout action');
const mlflow = new FakeMlflow();

beforeAll(async () => {
  await mlflow.start();
});
afterAll(async () => {
  await mlflow.stop();
});
beforeEach(() => {
  mlflow.reset();
  mlflow.seedModel('planner_model', ['3', '4'], { champion: '3' });
});

const BAD = { acceptance: 0.3, latencyMedian: 800 };

async function mainFile(path: string): Promise<string> {
  return (await gh.readTree(OWNER, REPO, 'main')).get(path)?.content.toString('utf8') ?? '';
}

describe('advance', () => {
  it('opens one pull request with the decision and its numbers, then leaves it unchanged on a re-run', async () => {
    const ws = await makeRolloutWorkspace(gh, { stage: 0, daysAgo: 4, allocation: 0.1 });
    const first = await runRollout(gh, ws, mlflow);
    expect(first.code, failure(first)).toBe(0);
    expect(first.outputs).toMatchObject({ decision: 'increase', allocation: '0.25', 'pull-request-operation': 'created' });
    expect(JSON.parse(first.outputs['rollout-state'] ?? '{}')).toMatchObject({ planner: { decision: 'increase', stage: 1, status: 'running', allocation: { champion: 0.75, challenger: 0.25 } } });
    const { pulls } = await gh.snapshot(OWNER, REPO);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({ head: BRANCH, base: 'main', state: 'open', title: 'Rollout planner: increase (challenger 10% → 25%)' });
    expect(pulls[0]?.body).toContain('| `acceptance_rate` | higher | -5.0% |');
    expect(pulls[0]?.body).toMatch(/Sample ratio.*planned 10\.0% challenger/);
    const tree = await gh.readTree(OWNER, REPO, BRANCH);
    expect(tree.get(ROLLOUT_PATH)?.content.toString('utf8')).toMatch(/stage: 1\n/);
    expect([...tree.keys()].filter((p) => p.startsWith(`${STORE}/events/`))).toEqual([expect.stringMatching(/-rollout_advanced-planner\.json$/)]);
    expect(await gh.getRef(OWNER, REPO, 'main')).toBe(ws.baseSha);
    expect(mlflow.writes()).toEqual([]);

    const tip = await gh.getRef(OWNER, REPO, BRANCH);
    const again = await runRollout(gh, ws, mlflow);
    expect(again.code, failure(again)).toBe(0);
    expect(again.outputs['pull-request-operation']).toBe('unchanged');
    expect(await gh.getRef(OWNER, REPO, BRANCH)).toBe(tip);
    expect((await gh.snapshot(OWNER, REPO)).pulls).toHaveLength(1);
  });

  it('stops at a rollout branch with commits it did not make, never force-pushing', async () => {
    const ws = await makeRolloutWorkspace(gh, { stage: 0, daysAgo: 4, allocation: 0.1 });
    await gh.seedBranch(OWNER, REPO, BRANCH, { [ROLLOUT_PATH]: 'edited by hand\n' }, { from: 'main' });
    const tip = await gh.getRef(OWNER, REPO, BRANCH);
    const result = await runRollout(gh, ws, mlflow);
    expect(result.code).not.toBe(0);
    expect(failure(result)).toContain('has commits promotion-gate did not make');
    expect(await gh.getRef(OWNER, REPO, BRANCH)).toBe(tip);
  });
});

describe('rollback with auto-merge', () => {
  it('puts the registry back first, then opens and merges the rollback pull request at once', async () => {
    const ws = await makeRolloutWorkspace(gh, { stage: 0, daysAgo: 1, allocation: 0.1, challenger: BAD });
    const result = await runRollout(gh, ws, mlflow, { 'auto-merge': 'rollback' });
    expect(result.code, failure(result)).toBe(0);
    expect(result.outputs).toMatchObject({ decision: 'rollback', allocation: '0' });
    expect(JSON.parse(result.outputs['rollout-state'] ?? '{}')).toMatchObject({ planner: { status: 'rolled_back', merged: true } });
    expect(mlflow.tag('planner_model', '4', 'stage')).toBe('archived');
    expect(mlflow.alias('planner_model', 'champion')).toBe('3');
    const { pulls } = await gh.snapshot(OWNER, REPO);
    expect(pulls).toEqual([expect.objectContaining({ head: BRANCH, state: 'closed', merged: true, title: 'Rollout planner: rollback (challenger 10% → 0%)' })]);
    expect(await mainFile(ROLLOUT_PATH)).toMatch(/status: rolled_back\n {2}allocation:\n {4}champion: 1\n {4}challenger: 0/);
  });

  it('without auto-merge the rollback pull request waits for a reviewer', async () => {
    const ws = await makeRolloutWorkspace(gh, { stage: 0, daysAgo: 1, allocation: 0.1, challenger: BAD });
    const result = await runRollout(gh, ws, mlflow);
    expect(result.code, failure(result)).toBe(0);
    expect((await gh.snapshot(OWNER, REPO)).pulls).toEqual([expect.objectContaining({ state: 'open', merged: false })]);
    expect(await gh.getRef(OWNER, REPO, 'main')).toBe(ws.baseSha);
  });

  it('a registry failure leaves GitHub untouched; the re-run converges (T5)', async () => {
    const ws = await makeRolloutWorkspace(gh, { stage: 0, daysAgo: 1, allocation: 0.1, challenger: BAD });
    mlflow.addFault({ kind: 'status', status: 500, method: 'POST', times: 'always' });
    const failed = await runRollout(gh, ws, mlflow, { 'auto-merge': 'rollback' });
    expect(failed.code).not.toBe(0);
    expect(failure(failed)).toContain('MLflow POST /api/2.0/mlflow/model-versions/set-tag answered 500');
    expect((await gh.requests()).filter((r) => r.write)).toEqual([]);
    mlflow.clearFaults();
    const rerun = await runRollout(gh, ws, mlflow, { 'auto-merge': 'rollback' });
    expect(rerun.code, failure(rerun)).toBe(0);
    expect(await mainFile(ROLLOUT_PATH)).toContain('status: rolled_back');
  });
});

describe('promote', () => {
  it('proposes the promotion (champion archived, pin moved, events); once merged, the alias moves', async () => {
    const ws = await makeRolloutWorkspace(gh, { stage: 2, daysAgo: 8, allocation: 0.5, perDay: 10_000 });
    const result = await runRollout(gh, ws, mlflow);
    expect(result.code, failure(result)).toBe(0);
    expect(result.outputs).toMatchObject({ decision: 'promote', allocation: '1' });
    const tree = await gh.readTree(OWNER, REPO, BRANCH);
    expect(tree.has(`${STORE}/baselines/${CHAMPION_ID}/metrics.json`)).toBe(false);
    const main = await gh.readTree(OWNER, REPO, 'main');
    expect(tree.get(`${STORE}/baselines/_archived/${CHAMPION_ID}/metrics.json`)?.content.equals(main.get(`${STORE}/baselines/${CHAMPION_ID}/metrics.json`)!.content)).toBe(true);
    expect(tree.get(`${STORE}/policy.yml`)?.content.toString('utf8')).toContain(`baseline: ${CHALLENGER_ID}`);
    expect([...tree.keys()].filter((p) => p.startsWith(`${STORE}/events/`)).map((p) => p.replace(/^.*\/\d{8}T\d{6}Z-/, ''))).toEqual([
      `archived-${CHAMPION_ID}.json`, `pin_changed-${CHALLENGER_ID}.json`, `promoted_to_production-${CHALLENGER_ID}.json`,
    ]);
    expect(tree.get(ROLLOUT_PATH)?.content.toString('utf8')).toContain('status: promoted');
    // Production moves only after review: nothing in the registry yet.
    expect(mlflow.alias('planner_model', 'champion')).toBe('3');

    const pull = (await gh.snapshot(OWNER, REPO)).pulls[0]!;
    const merged = await fetch(`${gh.env().GITHUB_API_URL}/repos/${OWNER}/${REPO}/pulls/${pull.number}/merge`, {
      method: 'PUT', headers: { authorization: `token ${gh.tokens.write}`, 'content-type': 'application/json', accept: 'application/vnd.github+json' }, body: JSON.stringify({ merge_method: 'merge' }),
    });
    expect(merged.status).toBe(200);
    const after = await checkoutMain(gh, ws);
    const reconcile = await runRollout(gh, after, mlflow);
    expect(reconcile.code, failure(reconcile)).toBe(0);
    expect(mlflow.alias('planner_model', 'champion')).toBe('4');
    expect(mlflow.tag('planner_model', '3', 'stage')).toBe('archived');
    expect(mlflow.tag('planner_model', '4', 'stage')).toBe('production');
    expect(mlflow.violations).toEqual([]);
  });
});

/** The writes of a rollback with auto-merge: POST trees, POST commits, POST refs, POST pulls, PUT merge. */
const WRITES = ['POST /git/trees', 'POST /git/commits', 'POST /git/refs', 'POST /pulls', 'PUT /pulls/1/merge'];

describe('faults at each write (rollback with auto-merge)', () => {
  it('makes exactly these writes', async () => {
    const ws = await makeRolloutWorkspace(gh, { stage: 0, daysAgo: 1, allocation: 0.1, challenger: BAD });
    expect((await runRollout(gh, ws, mlflow, { 'auto-merge': 'rollback' })).code).toBe(0);
    expect((await gh.requests()).filter((r) => r.write).map((r) => `${r.method} ${r.path.replace(`/repos/${OWNER}/${REPO}`, '')}`)).toEqual(WRITES);
  });

  describe.each(['apply-then-5xx', 'status'] as const)('%s', (kind) => {
    it.each(WRITES.map((write, index) => ({ write, index })))('at write $index ($write), then a re-run converges', async ({ index }) => {
      const ws = await makeRolloutWorkspace(gh, { stage: 0, daysAgo: 1, allocation: 0.1, challenger: BAD });
      await gh.faults.add({ kind, afterNthWrite: index });
      const crashed = await runRollout(gh, ws, mlflow, { 'auto-merge': 'rollback' });
      expect(crashed.code).not.toBe(0);
      const tip = await gh.getRef(OWNER, REPO, BRANCH);
      const rerun = await runRollout(gh, ws, mlflow, { 'auto-merge': 'rollback' });
      expect(rerun.code, failure(rerun)).toBe(0);
      expect(await mainFile(ROLLOUT_PATH)).toContain('status: rolled_back');
      const { pulls, refs } = await gh.snapshot(OWNER, REPO);
      expect(pulls.filter((p) => p.state === 'open')).toEqual([]);
      expect(pulls.filter((p) => p.merged)).toHaveLength(1);
      expect(Object.keys(refs).filter((r) => r.startsWith('refs/heads/rollout/'))).toEqual([`refs/heads/${BRANCH}`]);
      if (tip) expect((await gh.listCommits(OWNER, REPO, BRANCH, 50)).map((c) => c.sha), 'never moved backwards').toContain(tip);
      const commits = await gh.listCommits(OWNER, REPO, 'main', 50);
      expect(commits.filter((c) => c.message.includes('Promotion-Gate-Rollout: planner')).every((c) => c.verified)).toBe(true);
    });
  });
});
