// `command: cleanup` through the bundled action against the fake GitHub behind Prism: one pull
// request on promotion-gate/cleanup with the retention plan applied in one verified commit,
// created, then unchanged on a re-run, updated when the plan changes; an apply-then-5xx at
// each write still ends in one branch and one PR (RELIABILITY G8-G12); a run an open pull
// request touches is kept (L1); commits on the branch that are not ours stop it (G9).
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useGitHubSession } from '../support/github/use-session.js';
import type { GitHubSession } from '../support/github/control-client.js';
import { EXAMPLE_STORE, tempDir, writeFiles } from '../support/temp-store.js';
import { OWNER, REPO, STORE, failure, runPromote, type ActionResult, type Workspace } from './promote-support.js';

const gh = useGitHubSession('cleanup action');
const BRANCH = 'promotion-gate/cleanup';
const DAY = 24 * 60 * 60 * 1000;
const ago = (days: number): string => new Date(Date.now() - days * DAY).toISOString();
const WRITES = ['POST /git/trees', 'POST /git/commits', 'POST /git/refs', 'POST /pulls'];

const run = (id: string, createdDaysAgo: number): Record<string, string> => ({
  [`${STORE}/runs/${id}/baseline.json`]: `${JSON.stringify({ run_id: id, created_at: ago(createdDaysAgo) }, null, 2)}\n`,
  [`${STORE}/runs/${id}/metrics.json`]: `{"f1": ${createdDaysAgo / 1000}}\n`,
});

function archivedEvent(id: string, daysAgo: number): Record<string, string> {
  const at = new Date(Math.floor((Date.now() - daysAgo * DAY) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const stamp = at.replace(/[-:]/g, '');
  const event = { schema: 'promotion-gate/event@1', type: 'archived', at, actor: 'Ada', subject: id, from: `runs/${id}`, to: `runs/_archived/${id}` };
  return {
    [`${STORE}/events/${stamp}-archived-${id}.json`]: `${JSON.stringify(event, null, 2)}\n`,
    [`${STORE}/runs/_archived/${id}/metrics.json`]: '{"f1": 0.1}\n',
  };
}

const POLICY = `version: 1\npins:\n  - baseline: baseline_demo_v1\n    dataset: demo_support_qa_v1\nretention:\n  keep_experimental: 1\n  archive_after_days: 30\n  delete_archived_after_days: 90\n`;

/** The example store's baselines and references, the runs below, on `main` and in the workspace. */
async function makeStore(extra: Record<string, string> = {}): Promise<Workspace> {
  const dir = tempDir('pg-cleanup-ws-');
  cpSync(EXAMPLE_STORE, join(dir, STORE), { recursive: true, filter: (src) => !src.includes(`${sep}runs${sep}`) });
  const files: Record<string, string> = {
    'README.md': '# evals\n',
    [`${STORE}/policy.yml`]: POLICY,
    ...run('young', 1),
    ...run('old_a', 200),
    ...run('old_b', 150),
    ...archivedEvent('arch_old', 200),
    ...archivedEvent('arch_young', 5),
    ...extra,
  };
  writeFiles(dir, files);
  return syncWorkspace(dir);
}

/** Seeds `main` with exactly the workspace's files, as a checkout of main would be. */
async function syncWorkspace(dir: string): Promise<Workspace> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(join(entry.parentPath, entry.name).slice(dir.length + 1).split(sep).join('/'), readFileSync(join(entry.parentPath, entry.name)));
  }
  const { commit } = await gh.seedBranch(OWNER, REPO, 'main', Object.fromEntries(files), { replace: true });
  return { dir, files, run: new Map(), baseSha: commit };
}

const cleanup = (ws: Workspace): Promise<ActionResult> => runPromote(gh, ws, { command: 'cleanup' });

function expectDone(result: ActionResult, operation?: string): void {
  expect(result.code, failure(result)).toBe(0);
  if (operation) expect(result.outputs['pull-request-operation']).toBe(operation);
  expect(result.outputs['pull-request-url']).toMatch(new RegExp(`/${OWNER}/${REPO}/pull/\\d+$`));
}

/**
 * One cleanup branch whose tree is main's with the plan applied (archived folders moved
 * byte-identical, deleted folders gone, one event per action), main unchanged, only verified
 * commits of ours, one open cleanup pull request whose body is the plan.
 */
async function expectCleaned(session: GitHubSession, ws: Workspace, plan: { archived: string[]; deleted: string[] }, options: { baseSha?: string } = {}): Promise<Map<string, { content: Buffer }>> {
  expect(await session.getRef(OWNER, REPO, 'main'), 'main never moves').toBe(options.baseSha ?? ws.baseSha);
  const snapshot = await session.snapshot(OWNER, REPO);
  expect(Object.keys(snapshot.refs).filter((r) => r.startsWith('refs/heads/promotion-gate/'))).toEqual([`refs/heads/${BRANCH}`]);
  const base = await session.readTree(OWNER, REPO, options.baseSha ?? ws.baseSha);
  const tree = await session.readTree(OWNER, REPO, BRANCH);
  const expected = new Map<string, Buffer>();
  for (const [path, file] of base) {
    const archived = plan.archived.find((id) => path.startsWith(`${STORE}/runs/${id}/`));
    if (archived) expected.set(path.replace(`${STORE}/runs/${archived}/`, `${STORE}/runs/_archived/${archived}/`), file.content);
    else if (!plan.deleted.some((id) => path.startsWith(`${STORE}/runs/_archived/${id}/`))) expected.set(path, file.content);
  }
  const added = [...tree.keys()].filter((p) => !expected.has(p));
  for (const [path, content] of expected) expect(tree.get(path)?.content.equals(content), `${path} as planned`).toBe(true);
  const events = added.map((p) => {
    expect(p, 'only event files are added').toMatch(new RegExp(`^${STORE}/events/\\d{8}T\\d{6}Z-(archived|deleted)-[a-z_]+\\.json$`));
    return JSON.parse(tree.get(p)?.content.toString('utf8') ?? '{}') as { type: string; subject: string; actor: string; workflow_run_url: string };
  });
  expect(events.map((e) => `${e.type} ${e.subject}`).sort()).toEqual([...plan.archived.map((id) => `archived ${id}`), ...plan.deleted.map((id) => `deleted ${id}`)].sort());
  for (const event of events) expect(event).toMatchObject({ actor: 'octocat', workflow_run_url: `https://github.com/${OWNER}/${REPO}/actions/runs/2002` });

  const onMain = new Set((await session.listCommits(OWNER, REPO, 'main', 200)).map((c) => c.sha));
  const own = (await session.listCommits(OWNER, REPO, BRANCH, 200)).filter((c) => !onMain.has(c.sha));
  expect(own.length).toBeGreaterThan(0);
  for (const commit of own) expect(commit.verified, `commit ${commit.sha} is verified`).toBe(true);
  const open = snapshot.pulls.filter((p) => p.state === 'open' && p.head === BRANCH);
  expect(open, 'one open cleanup pull request').toHaveLength(1);
  expect(open[0]?.base).toBe('main');
  for (const id of plan.archived) expect(open[0]?.body).toContain(`| \`${STORE}/runs/${id}\` |`);
  for (const id of plan.deleted) expect(open[0]?.body).toMatch(new RegExp(`\\| \`${STORE}/runs/_archived/${id}\` \\| [^|]+ \\| [^|]+ \\| delete \\|`));
  return tree;
}

const FIRST_PLAN = { archived: ['old_a', 'old_b'], deleted: ['arch_old'] };

describe('the cleanup pull request', () => {
  it('is created with the plan applied, then a re-run is unchanged and a changed plan updates it', async () => {
    const ws = await makeStore();
    const first = await cleanup(ws);
    expectDone(first, 'created');
    const writes = (await gh.requests()).filter((r) => r.write).map((r) => `${r.method} ${r.path.replace(`/repos/${OWNER}/${REPO}`, '')}`);
    expect(writes).toEqual(WRITES);
    const tree = await expectCleaned(gh, ws, FIRST_PLAN);
    const pull = (await gh.snapshot(OWNER, REPO)).pulls.find((p) => p.head === BRANCH);
    expect(pull?.title).toBe('Clean up the evaluation store: archive 2, delete 1');
    expect(pull?.body).toContain('2 other entries are kept');
    expect(first.summary).toContain('Cleanup: created');

    const again = await cleanup(ws);
    expectDone(again, 'unchanged');
    expect(again.outputs['pull-request-url']).toBe(first.outputs['pull-request-url']);
    expect(await gh.readTree(OWNER, REPO, BRANCH)).toEqual(tree);

    // main gains another old run: the plan changes, the same PR is updated in place.
    writeFiles(ws.dir, run('old_c', 100));
    const moved = await syncWorkspace(ws.dir);
    const updated = await cleanup(moved);
    expectDone(updated, 'updated');
    expect(updated.outputs['pull-request-url']).toBe(first.outputs['pull-request-url']);
    const after = await expectCleaned(gh, moved, { archived: ['old_a', 'old_b', 'old_c'], deleted: ['arch_old'] });
    // The first run's events are kept as they were (same files, same times).
    for (const [path, file] of tree) if (path.includes('/events/')) expect(after.get(path)?.content.equals(file.content), path).toBe(true);
  });

  it('keeps a run that an open pull request touches, and says so in the body', async () => {
    const ws = await makeStore();
    await gh.seedBranch(OWNER, REPO, 'tune-old-b', { [`${STORE}/runs/old_b/notes.md`]: 'still comparing\n' }, { from: 'main' });
    const number = await gh.seedPullRequest(OWNER, REPO, { head: 'tune-old-b', base: 'main', title: 'Compare old_b again' });
    const result = await cleanup(ws);
    expectDone(result, 'created');
    await expectCleaned(gh, ws, { archived: ['old_a'], deleted: ['arch_old'] });
    const pull = (await gh.snapshot(OWNER, REPO)).pulls.find((p) => p.head === BRANCH);
    expect(pull?.body).toContain(`open pull request \\#\u2060${number} touches runs/old\\_b/notes.md`);
    expect(result.stdout).toMatch(/1 open pull request\(s\) checked/);
  });

  it('opens nothing when there is nothing to do', async () => {
    const ws = await makeStore();
    writeFiles(ws.dir, { [`${STORE}/policy.yml`]: 'version: 1\n' });
    const quiet = await syncWorkspace(ws.dir);
    const result = await cleanup(quiet);
    expect(result.code, failure(result)).toBe(0);
    expect(result.outputs['pull-request-operation']).toBe('unchanged');
    expect((await gh.requests()).filter((r) => r.write)).toEqual([]);
  });

  it('stops, never force-pushing, when the cleanup branch has commits it did not make (G9)', async () => {
    const ws = await makeStore();
    await gh.seedBranch(OWNER, REPO, BRANCH, { 'README.md': 'someone else\n' }, { from: 'main' });
    const before = await gh.getRef(OWNER, REPO, BRANCH);
    const result = await cleanup(ws);
    expect(result.code).not.toBe(0);
    expect(failure(result)).toMatch(/cleanup stopped: branch promotion-gate\/cleanup has commits promotion-gate did not make/);
    expect(await gh.getRef(OWNER, REPO, BRANCH)).toBe(before);
  });
});

describe.each(WRITES.map((write, index) => ({ write, index })))('apply-then-5xx at write $index ($write)', ({ index }) => {
  it('then a re-run ends with one branch and one pull request', async () => {
    const ws = await makeStore();
    await gh.faults.add({ kind: 'apply-then-5xx', afterNthWrite: index });
    const crashed = await cleanup(ws);
    expect(crashed.code, 'the run fails at the injected fault').not.toBe(0);
    expect((await gh.faults.list())[0]?.fired).toBe(1);
    const tip = await gh.getRef(OWNER, REPO, BRANCH);
    const rerun = await cleanup(ws);
    expectDone(rerun);
    await expectCleaned(gh, ws, FIRST_PLAN);
    if (tip) expect((await gh.listCommits(OWNER, REPO, BRANCH, 50)).map((c) => c.sha)).toContain(tip);
  });
});
