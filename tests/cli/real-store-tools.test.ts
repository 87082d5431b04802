/**
 * The integrity tools on the real store, through the bundled CLI (issue 10, items 8, 9, 10,
 * 11 and 13): `verify` covers every byte of a promoted folder, `fingerprint` keeps what a run
 * made elsewhere recorded, `gate --base-ref` leaves no temp folder and takes any revision git
 * accepts, and a fingerprint commit missing from the clone is described honestly.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundledCli } from '../support/cli.js';
import { CORPUS, cleanupTempDirs, copyDir, tempDir } from '../support/temp-store.js';
import type { Report } from '../../src/contract/report.js';

afterAll(cleanupTempDirs);

const IDENTITY = { GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com' };
const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...IDENTITY } }).trim();
type Json = Record<string, unknown>;
const readJson = (path: string): Json => JSON.parse(readFileSync(path, 'utf8')) as Json;

/** The store's relaxed compliance: its runs come from dirty trees, its history is squash-merged. */
const STORE_POLICY = 'version: 1\ncompliance:\n  allow_dirty: true\n  require_commit: false\n';
const BASELINE = 'baseline_ml_bart_authority_smoke_v5_pre';
const RUN_SOURCE = 'baseline_ml_bart_authority_smoke_v5_post';

/** A git repository with a store holding one corpus baseline and one corpus run under runs/. */
function repoWithStore(policy = STORE_POLICY): { repo: string; store: string } {
  const repo = tempDir('pg-real-');
  const store = join(repo, 'data', 'eval');
  copyDir(join(CORPUS, 'baselines', BASELINE), join(store, 'baselines', BASELINE));
  copyDir(join(CORPUS, 'baselines', RUN_SOURCE), join(store, 'runs', 'cand'));
  writeFileSync(join(store, 'policy.yml'), policy);
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'store');
  return { repo, store };
}

describe('item 8: verify covers every byte of a promoted folder', () => {
  let store: string;
  let repo: string;
  let promoted: string;
  beforeAll(async () => {
    ({ repo, store } = repoWithStore());
    const result = await runBundledCli(['promote', '--store', 'data/eval', '--run', 'cand', '--as', 'baseline', '--id', 'baseline_bart_v6', '--reason', 'Post-cleaning BART'], { cwd: repo });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    promoted = join(store, 'baselines', 'baseline_bart_v6');
  });

  it('is OK on the untouched promoted folder, and accepts --no-color', async () => {
    const result = await runBundledCli(['verify', promoted, '--no-color'], { cwd: repo });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('OK');
  });

  it.each([
    ['reason', 'Changed after the fact'],
    ['promoted_by', 'mallory'],
    ['gate_report_sha256', 'f'.repeat(64)],
  ])('names baseline.json when %s is edited after promotion', async (field, value) => {
    const file = join(promoted, 'baseline.json');
    const original = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, JSON.stringify({ ...readJson(file), [field]: value }, null, 2));
      const result = await runBundledCli(['verify', promoted], { cwd: repo });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('changed: baseline.json');
    } finally {
      writeFileSync(file, original);
    }
  });

  it.each(['fingerprint.json', 'predictions.jsonl'])('reports a deleted %s once', async (name) => {
    const file = join(promoted, name);
    const original = readFileSync(file);
    try {
      rmSync(file);
      const result = await runBundledCli(['verify', promoted], { cwd: repo });
      expect(result.code).toBe(1);
      const mentions = result.stdout.split('\n').filter((line) => line.includes(name));
      expect(mentions).toEqual([`missing: ${name}`]);
    } finally {
      writeFileSync(file, original);
    }
  });
});

describe('item 9: fingerprint --run on a run made elsewhere keeps what the run recorded', () => {
  it('leaves the recorded environment and time alone and marks what it adds, when and where', async () => {
    const { repo, store } = repoWithStore();
    const file = join(store, 'runs', 'cand', 'fingerprint.json');
    const before = readJson(file);
    const result = await runBundledCli(['fingerprint', '--run', 'data/eval/runs/cand', '--store', 'data/eval'], { cwd: repo });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const after = readJson(file);
    expect(after.environment).toEqual(before.environment); // os: Darwin-…-arm64, as recorded
    expect(after.timestamp).toBe(before.timestamp); // the run's time is not replaced by now
    expect(after.tool).toEqual(before.tool);
    const completed = after.completed as { at: string; on: Json; fields: string[] }[];
    expect(completed).toHaveLength(1);
    expect(Date.now() - Date.parse(completed[0]!.at)).toBeLessThan(60_000);
    expect(completed[0]!.on).toMatchObject({ platform: process.platform, node_version: process.version });
    expect(completed[0]!.fields).not.toContain('environment.platform');
    expect(completed[0]!.fields).not.toContain('timestamp');
  });
});

describe('items 10, 11 and 13: gate --base-ref on a real store', () => {
  let repo: string;
  let temp: string;
  beforeAll(() => {
    ({ repo } = repoWithStore(`${STORE_POLICY}`.replace('require_commit: false', 'require_commit: true')));
    writeFileSync(join(repo, 'notes.md'), 'second commit\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'second');
    temp = join(tempDir('pg-tmpdir-'), 'tmp');
    mkdirSync(temp);
  });

  const gate = (args: string[]) => runBundledCli(['gate', '--store', 'data/eval', '--baseline', BASELINE, ...args], { cwd: repo, env: { TMPDIR: temp } });
  const leftovers = () => readdirSync(temp);

  it('accepts --base-ref HEAD~1 (any revision git accepts) and leaves no temp folder', async () => {
    const json = join(repo, 'report.json');
    const result = await gate(['--run', 'cand', '--base-ref', 'HEAD~1', '--json', json]);
    expect(result.stderr).toBe('');
    expect([0, 1]).toContain(result.code);
    expect(leftovers()).toEqual([]);
    // Item 13: the corpus commit is not in this clone; the message does not accuse anyone.
    const report = readJson(json) as unknown as Report;
    const exists = report.gates.flatMap((g) => g.checks).find((c) => c.id === 'fingerprint.commit-exists');
    expect(exists?.status).toBe('fail');
    expect(exists?.message).toContain('not found in this clone (never pushed, squash-merged, or history rewritten)');
    expect(exists?.message).not.toContain('never pushed here');
  });

  it('leaves no temp folder when the gate ends in an error after the snapshot', async () => {
    const result = await gate(['--run', 'no_such_run', '--base-ref', 'HEAD']);
    expect(result.code).toBe(2);
    expect(leftovers()).toEqual([]);
  });

  it('refuses a revision git does not know, and one that looks like an option, without a shell', async () => {
    for (const ref of ['HEAD~99', '--output=/tmp/x', 'main;touch x']) {
      const result = await gate(['--run', 'cand', `--base-ref=${ref}`]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--base-ref');
    }
    expect(leftovers()).toEqual([]);
  });
});

describe('item 15 through the bundle: the store\'s schemas validate the candidate', () => {
  it('fails a metrics.json that breaks the store\'s own schema, naming file, line and pointer', async () => {
    const { repo, store } = repoWithStore();
    execFileSync('cp', ['-r', new URL('../fixtures/store-schemas', import.meta.url).pathname, join(store, 'schemas')]);
    const file = join(store, 'runs', 'cand', 'metrics.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"truncation_rate": 0.0', '"truncation_rate": 1.5'));
    const result = await runBundledCli(['gate', '--store', 'data/eval', '--run', 'cand', '--baseline', BASELINE], { cwd: repo });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('schema.metrics');
    expect(result.stdout).toContain('data/eval/runs/cand/metrics.json:9: /intrinsic/gates/truncation_rate: must be <= 1');
  });
});

describe('item 12: promotion keeps the run\'s README and uses the store\'s template', () => {
  it('fills baselines/BASELINE_PROMOTION_README_TEMPLATE.md and includes the run\'s own README', async () => {
    const { repo, store } = repoWithStore();
    copyDir(join(CORPUS, 'baselines', 'BASELINE_PROMOTION_README_TEMPLATE.md'), join(store, 'baselines', 'BASELINE_PROMOTION_README_TEMPLATE.md'));
    const own = readFileSync(join(store, 'runs', 'cand', 'README.md'), 'utf8');
    const result = await runBundledCli(['promote', '--store', 'data/eval', '--run', 'cand', '--as', 'baseline', '--id', 'baseline_bart_v7', '--reason', 'Post cleaning BART with all gates passing'], { cwd: repo });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const readme = readFileSync(join(store, 'baselines', 'baseline_bart_v7', 'README.md'), 'utf8');
    expect(readme.split('\n')[0]).toBe('# Baseline: baseline_bart_v7');
    expect(readme).toContain('**Promoted from:** `cand`');
    expect(readme).toMatch(/\*\*Promoted at:\*\* \d{4}-\d{2}-\d{2}T[\d:.]+Z\n/); // `{promoted_at}Z` is not doubled
    expect(readme).toContain('Post cleaning BART with all gates passing');
    expect(readme).toContain('## Lineage'); // what the gate adds stays
    expect(readme).toContain("## The run's own README");
    expect(readme).toContain(own.trim().split('\n')[0]);
    expect(readme).not.toMatch(/\{(promoted_id|run_id|promoted_at|reason)\}/);
  });

  it('keeps the run\'s README without a template too', async () => {
    const { repo, store } = repoWithStore();
    const own = readFileSync(join(store, 'runs', 'cand', 'README.md'), 'utf8');
    const result = await runBundledCli(['promote', '--store', 'data/eval', '--run', 'cand', '--as', 'baseline', '--id', 'baseline_bart_v8', '--reason', 'r'], { cwd: repo });
    expect(result.code).toBe(0);
    const readme = readFileSync(join(store, 'baselines', 'baseline_bart_v8', 'README.md'), 'utf8');
    expect(readme).toMatch(/^# Baseline: `baseline_bart_v8`/);
    expect(readme).toContain("## The run's own README");
    expect(readme).toContain(own.trim().split('\n').at(-1));
  });
});
