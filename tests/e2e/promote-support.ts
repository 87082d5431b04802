/**
 * End-to-end support for `command: promote`: a workspace (what actions/checkout leaves) with
 * the example store and a run, the same files on `main` in the fake GitHub behind Prism, the
 * bundled action started as the runner starts it, and the invariants of RELIABILITY G8-G12
 * and "Nothing lost", checked on the fake's state.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { GitHubSession } from '../support/github/control-client.js';
import { EXAMPLE_STORE, tempDir, writeFiles } from '../support/temp-store.js';

/** PROMOTION_GATE_ACTION points the tests at a private bundle (e.g. /tmp/issue4-action/index.js). */
export const ACTION = process.env.PROMOTION_GATE_ACTION ?? fileURLToPath(new URL('../../dist/action/index.js', import.meta.url));
export const OWNER = 'octo';
export const REPO = 'evals';
export const STORE = 'data/eval';
export const RUN = 'run_new';
export const ID = 'baseline_v2';
export const BRANCH = `promote/${ID}`;
export const DEST = `${STORE}/baselines/${ID}`;

function walk(root: string, dir = root, out = new Map<string, Buffer>()): Map<string, Buffer> {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(root, full, out);
    else out.set(relative(root, full).split(sep).join('/'), readFileSync(full));
  }
  return out;
}

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
  const files = walk(dir);
  const run = new Map([...files].filter(([p]) => p.startsWith(`${STORE}/runs/${RUN}/`)).map(([p, c]) => [p.slice(`${STORE}/runs/${RUN}/`.length), c]));
  const onBase = options.runOnBase === false ? new Map([...files].filter(([p]) => !p.startsWith(`${STORE}/runs/`))) : files;
  const { commit } = await gh.seedBranch(OWNER, REPO, 'main', Object.fromEntries(onBase), { replace: true });
  return { dir, files, run, baseSha: commit };
}

export interface ActionResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const m of text.matchAll(/^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1] ?? ''] = m[3] ?? '';
  return outputs;
}

export function runPromote(gh: GitHubSession, ws: Workspace, inputs: Record<string, string> = {}, token = gh.tokens.write, extraEnv: Record<string, string> = {}): Promise<ActionResult> {
  const dir = tempDir('pg-promote-runner-');
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary.md');
  const eventPath = join(dir, 'event.json');
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  writeFileSync(eventPath, JSON.stringify({ ref: 'refs/heads/main', inputs: {} }));
  mkdirSync(join(dir, 'tmp'));
  const all: Record<string, string> = {
    command: 'promote', store: STORE, run: RUN, 'promote-as': 'baseline', 'promoted-id': ID,
    reason: 'Better exact match: the new comparison point', 'github-token': token, 'set-pin': 'false', ...inputs,
  };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    ...gh.env(),
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: ws.baseSha,
    GITHUB_ACTOR: 'octocat',
    GITHUB_WORKSPACE: ws.dir,
    GITHUB_RUN_ID: '2002',
    GITHUB_JOB: 'promote',
    RUNNER_TEMP: join(dir, 'tmp'),
    ...extraEnv,
  };
  for (const [name, value] of Object.entries(all)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ACTION], { cwd: ws.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, outputs: parseOutputs(readFileSync(outputPath, 'utf8')), summary: readFileSync(summaryPath, 'utf8') }));
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
