/**
 * End-to-end support for `command: promote`: a workspace (what actions/checkout leaves) with
 * the example store and a run, the same files on `main` in the fake GitHub behind Prism, the
 * bundled action started as the runner starts it, and the invariants of RELIABILITY G8-G12
 * and "Nothing lost", checked on the fake's state.
 */
import { createHash } from 'node:crypto';
import { cpSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OWNER, REPO, runBundledAction, STORE, type ActionResult } from '../support/action-runner.js';
import type { GitHubSession } from '../support/github/control-client.js';
import { EXAMPLE_STORE, readTree, tempDir, writeFiles } from '../support/temp-store.js';

export { OWNER, REPO, STORE, type ActionResult };
export const RUN = 'run_new';
export const ID = 'baseline_v2';
export const BRANCH = `promote/${ID}`;
export const DEST = `${STORE}/baselines/${ID}`;

export interface Workspace {
  dir: string;
  /** Every file of the workspace, as on `main`. */
  files: Map<string, Buffer>;
  /** The run's files, by path inside the run. */
  run: Map<string, Buffer>;
  baseSha: string;
}

/** The example store (its candidate runs replaced by one run, `run_new`) in a workspace and on `main`. */
export async function makeWorkspace(gh: GitHubSession, extra: Record<string, string | Buffer> = {}, options: { runOnBase?: boolean } = {}): Promise<Workspace> {
  const dir = tempDir('pg-promote-ws-');
  cpSync(EXAMPLE_STORE, join(dir, STORE), { recursive: true, filter: (src) => !src.includes(`${sep}runs${sep}`) });
  cpSync(join(EXAMPLE_STORE, 'runs', 'run_candidate_better'), join(dir, STORE, 'runs', RUN), { recursive: true });
  writeFiles(dir, { 'README.md': '# evals\n', ...extra });
  const files = readTree(dir);
  const run = new Map([...files].filter(([p]) => p.startsWith(`${STORE}/runs/${RUN}/`)).map(([p, c]) => [p.slice(`${STORE}/runs/${RUN}/`.length), c]));
  const onBase = options.runOnBase === false ? new Map([...files].filter(([p]) => !p.startsWith(`${STORE}/runs/`))) : files;
  const { commit } = await gh.seedBranch(OWNER, REPO, 'main', Object.fromEntries(onBase), { replace: true });
  return { dir, files, run, baseSha: commit };
}

export function runPromote(gh: GitHubSession, ws: Workspace, inputs: Record<string, string> = {}, token = gh.tokens.write, extraEnv: Record<string, string> = {}): Promise<ActionResult> {
  return runBundledAction({
    gh,
    workspace: ws.dir,
    eventName: 'workflow_dispatch',
    event: { ref: 'refs/heads/main', inputs: {} },
    inputs: {
      command: 'promote', store: STORE, run: RUN, 'promote-as': 'baseline', 'promoted-id': ID,
      reason: 'Better exact match: the new comparison point', 'github-token': token, 'set-pin': 'false', ...inputs,
    },
    env: {
      GITHUB_REF: 'refs/heads/main',
      GITHUB_SHA: ws.baseSha,
      GITHUB_ACTOR: 'octocat',
      GITHUB_RUN_ID: '2002',
      GITHUB_JOB: 'promote',
      ...extraEnv,
    },
  });
}

/** The `::error::` line the runner would show, for assertion messages. */
export function failure(result: ActionResult): string {
  return result.stdout.split('\n').filter((l) => l.startsWith('::error')).join('\n') || result.stderr;
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/**
 * One branch promote/<id> whose tree is main's plus the promotion (every run file
 * byte-identical at the destination, proven by manifest.json; README and metadata; the run
 * gone), main unchanged, verified commits only, at most one open PR.
 */
export async function expectPromoted(gh: GitHubSession, ws: Workspace, options: { baseSha?: string; openPulls?: number; previousTips?: string[] } = {}): Promise<void> {
  const baseSha = options.baseSha ?? ws.baseSha;
  expect(await gh.getRef(OWNER, REPO, 'main'), 'main never moves').toBe(baseSha);
  const snapshot = await gh.snapshot(OWNER, REPO);
  expect(Object.keys(snapshot.refs).filter((r) => r.startsWith('refs/heads/promote/')), 'exactly one promotion branch').toEqual([`refs/heads/${BRANCH}`]);
  const tree = await gh.readTree(OWNER, REPO, BRANCH);
  const base = await gh.readTree(OWNER, REPO, baseSha);
  for (const [path, file] of base) {
    if (path.startsWith(`${STORE}/runs/${RUN}/`)) expect(tree.has(path), `${path} is gone on the branch`).toBe(false);
    else if (path !== `${STORE}/policy.yml`) expect(tree.get(path)?.content.equals(file.content), `${path} untouched`).toBe(true);
  }
  const manifest = JSON.parse(tree.get(`${DEST}/manifest.json`)?.content.toString('utf8') ?? '{}') as { files: Record<string, { sha256: string; size: number }> };
  for (const [rel, content] of ws.run) {
    if (rel === 'baseline.json') continue;
    const promoted = tree.get(`${DEST}/${rel}`)?.content;
    expect(promoted?.equals(content), `${rel} byte-identical`).toBe(true);
    expect(manifest.files[rel]?.sha256, `${rel} in the manifest`).toBe(sha256(content));
  }
  for (const [path, file] of tree) {
    if (!path.startsWith(`${DEST}/`) || path.endsWith('/manifest.json')) continue;
    expect(manifest.files[path.slice(DEST.length + 1)]?.sha256, `${path} matches the manifest`).toBe(sha256(file.content));
  }
  const metadata = JSON.parse(tree.get(`${DEST}/baseline.json`)?.content.toString('utf8') ?? '{}') as Record<string, unknown>;
  expect(metadata).toMatchObject({ promoted_from: RUN, promoted_as: 'baseline', promoted_id: ID, promoted_by: 'octocat' });
  expect(tree.get(`${DEST}/README.md`)?.content.toString('utf8')).toContain(`# Baseline: \`${ID}\``);

  const onMain = new Set((await gh.listCommits(OWNER, REPO, 'main', 200)).map((c) => c.sha));
  const commits = await gh.listCommits(OWNER, REPO, BRANCH, 200);
  const own = commits.filter((c) => !onMain.has(c.sha));
  expect(own.length, 'the branch has the promotion commit(s)').toBeGreaterThan(0);
  expect(own.at(-1)?.parents[0], 'the first promotion commit is based on main').toSatisfy((p: string) => onMain.has(p));
  for (const commit of own) expect(commit.verified, `commit ${commit.sha} is verified`).toBe(true);
  const history = new Set(commits.map((c) => c.sha));
  for (const tip of options.previousTips ?? []) expect(history.has(tip), `the branch never moved backwards from ${tip}`).toBe(true);

  const open = snapshot.pulls.filter((p) => p.state === 'open' && p.head === BRANCH);
  expect(open.length, 'open promotion pull requests').toBe(options.openPulls ?? 1);
  for (const pull of open) expect(pull.base).toBe('main');
  await gh.assertNoViolations();
}

/** The writes of a first promotion: POST trees, POST commits, POST refs, POST pulls. */
export const WRITES = ['POST /git/trees', 'POST /git/commits', 'POST /git/refs', 'POST /pulls'];
export const FAULT_KINDS = ['apply-then-5xx', 'status'] as const;

export function expectDone(result: ActionResult): void {
  expect(result.code, failure(result)).toBe(0);
  expect(['created', 'updated', 'unchanged']).toContain(result.outputs['pull-request-operation']);
  expect(result.outputs['pull-request-url']).toMatch(new RegExp(`/${OWNER}/${REPO}/pull/\\d+$`));
}

/**
 * Crash-point sweep for one kind of fault: the bundled action fails after each write of a first
 * promotion in turn, then is re-run once, or twice at the same time (one file per kind, so the
 * two sweeps run in parallel).
 */
export function crashSweep(gh: GitHubSession, kind: (typeof FAULT_KINDS)[number]): void {
  describe(`fault ${kind}`, () => {
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
}
