/**
 * The cumulative drift guard end to end (issue 16, DESIGN.md section 12), through the bundled
 * CLI on a real git repository: a chain of promotions made with `promote --commit` and merged,
 * each step 1% worse than the last (inside the rule's 2% tolerance), until the candidate is
 * more than max_worse_pct worse than the chain's root. The anchor is found by following the
 * chain: through the pin_changed events of `--set-pin`, and through config.yaml `baseline:`
 * with an archived root.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBundledCli } from '../support/cli.js';
import { cleanupTempDirs, tempDir, writeFiles, writeRun } from '../support/temp-store.js';

afterAll(cleanupTempDirs);

const IDENTITY = { GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com' };
const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...IDENTITY } }).trim();

const F1_0 = 0.9;
/** Step k is 1% worse than step k − 1: 0.9 · 0.99^k. */
const f1 = (k: number): number => F1_0 * 0.99 ** k;

function policy(maxWorsePct: number, pin: boolean): string {
  return [
    'version: 1',
    // set-pin moves the pin whose dataset and task are the run's.
    ...(pin ? ['pins:', '  - baseline: b0', '    dataset: ds1', '    task: qa'] : []),
    'rules:',
    '  - metric: quality.f1',
    '    direction: higher',
    '    tolerance_pct: 2',
    `    drift: { anchor: first, max_worse_pct: ${maxWorsePct} }`,
    'compliance:',
    '  require_commit: false',
    '',
  ].join('\n');
}

function repoWith(policyText: string): { repo: string; store: string } {
  const repo = tempDir('pg-drift-');
  const store = join(repo, 'data', 'eval');
  writeFiles(store, { 'policy.yml': policyText });
  writeRun(store, 'baselines/b0', { metrics: { dataset_id: 'ds1', task: 'qa', quality: { f1: F1_0 } } });
  git(repo, 'init', '--quiet', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '--quiet', '-m', 'store with b0');
  return { repo, store };
}

function addRun(repo: string, store: string, k: number, config?: string): void {
  writeRun(store, `runs/run_${k}`, { metrics: { dataset_id: 'ds1', task: 'qa', quality: { f1: f1(k) } }, ...(config ? { config } : {}) });
  git(repo, 'add', '-A');
  git(repo, 'commit', '--quiet', '-m', `run ${k}`);
}

interface Report {
  verdict: string;
  gates: { name: string; checks: { id: string; status: string; message: string }[] }[];
  metrics: { name: string; status: string; anchor?: { id: string; value: number | null; worse_pct: number | null } }[];
  drift?: { anchors: { anchor: string; id: string | null; chain?: { id: string; promoted_from?: string; predecessor_via?: string }[] }[] };
}

async function gate(repo: string, k: number): Promise<{ code: number | null; report: Report; stdout: string }> {
  const result = await runBundledCli(['gate', '--store', 'data/eval', '--run', `run_${k}`, '--json', '-'], { cwd: repo });
  expect(result.stderr, `gate run_${k}`).not.toMatch(/error:/i);
  return { code: result.code, report: JSON.parse(result.stdout) as Report, stdout: result.stdout };
}

async function promoteAndMerge(repo: string, k: number, setPin: boolean): Promise<void> {
  const result = await runBundledCli(['promote', '--store', 'data/eval', '--run', `run_${k}`, '--as', 'baseline', '--id', `b${k}`,
    '--reason', `step ${k}`, '--commit', ...(setPin ? ['--set-pin'] : [])], { cwd: repo });
  expect(result.code, result.stderr).toBe(0);
  git(repo, 'merge', '--quiet', '--no-ff', '-m', `Merge promote/b${k}`, `promote/b${k}`);
}

const checksOf = (report: Report) => report.gates.flatMap((g) => g.checks.map((c) => ({ ...c, gate: g.name })));

describe('cumulative drift over a chain of promotions', () => {
  it('passes five 1% steps one by one and fails the sixth, anchored at the root found through pin_changed events', async () => {
    const { repo, store } = repoWith(policy(5, true));
    for (let k = 1; k <= 5; k++) {
      addRun(repo, store, k);
      const { code, report } = await gate(repo, k);
      expect(code, `run_${k}: ${JSON.stringify(checksOf(report).filter((c) => c.status !== 'pass'))}`).toBe(0);
      const row = report.metrics.find((m) => m.name === 'quality.f1');
      expect(row?.anchor?.id).toBe('b0');
      expect(row?.anchor?.worse_pct).toBeCloseTo((1 - 0.99 ** k) * 100, 9);
      await promoteAndMerge(repo, k, true);
    }

    addRun(repo, store, 6);
    const { code, report } = await gate(repo, 6);
    expect(code).toBe(1);
    expect(report.verdict).toBe('fail');
    const checks = checksOf(report);
    // One step: 1% worse than b5, inside the 2% tolerance; the drift check is what fails.
    expect(checks.find((c) => c.id === 'metric.quality.f1')).toBeUndefined();
    const failing = checks.filter((c) => c.status === 'fail');
    expect(failing.map((c) => `${c.gate}.${c.id}`)).toEqual(['performance.drift.quality.f1']);
    expect(failing[0]?.message).toBe('0.847 is 5.85% worse than 0.9 at the anchor b0 (first of the promotion chain b5 ← b4 ← b3 ← b2 ← b1 ← b0; 5 promotions back); max_worse_pct 5: allowed steps have added up');
    const row = report.metrics.find((m) => m.name === 'quality.f1');
    expect(row).toMatchObject({ status: 'fail', anchor: { id: 'b0', value: 0.9 } });
    expect(row?.anchor?.worse_pct).toBeCloseTo((1 - 0.99 ** 6) * 100, 9);

    const chain = report.drift?.anchors[0]?.chain ?? [];
    expect(chain.map((m) => m.id)).toEqual(['b5', 'b4', 'b3', 'b2', 'b1', 'b0']);
    expect(chain.map((m) => m.promoted_from ?? null)).toEqual(['run_5', 'run_4', 'run_3', 'run_2', 'run_1', null]);
    expect(chain[0]?.predecessor_via).toMatch(/^data\/eval\/events\/\d{8}T\d{6}Z-pin_changed-b5\.json \(pin_changed\)$/);
    expect(chain[5]?.predecessor_via).toBeUndefined();

    // In a pull request the chain is read at the base commit (--base-ref), events included.
    const atBase = await runBundledCli(['gate', '--store', 'data/eval', '--run', 'run_6', '--base-ref', 'HEAD', '--json', '-'], { cwd: repo });
    expect(atBase.code, atBase.stderr).toBe(1);
    const based = JSON.parse(atBase.stdout) as Report;
    expect(based.drift?.anchors[0]?.chain?.map((m) => m.id)).toEqual(['b5', 'b4', 'b3', 'b2', 'b1', 'b0']);
    expect(based.drift?.anchors[0]?.chain?.[0]?.predecessor_via).toMatch(/^data\/eval@[0-9a-f]{12}\/events\/\d{8}T\d{6}Z-pin_changed-b5\.json \(pin_changed\)$/);
    expect(checksOf(based).filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['drift.quality.f1']);

    // The Markdown report has the anchor column and names the chain.
    const md = join(repo, 'report.md');
    await runBundledCli(['gate', '--store', 'data/eval', '--run', 'run_6', '--markdown', md], { cwd: repo });
    const text = readFileSync(md, 'utf8');
    expect(text).toMatch(/\| *\| metric \| baseline \| candidate \| change \| anchor \|/);
    expect(text).toContain('| 0.9 (−5.85%) `b0` |');
    expect(text).toContain('#### Cumulative drift');
    expect(text).toContain('chain `b5` (from run `run_5`) ← `b4`');
  }, 240_000);

  it('follows config.yaml `baseline:` back to a root that has since been archived', async () => {
    const { repo, store } = repoWith(policy(2.5, false));
    for (let k = 1; k <= 2; k++) {
      addRun(repo, store, k, `baseline: b${k - 1}\n`);
      const { code } = await gate(repo, k);
      expect(code).toBe(0);
      await promoteAndMerge(repo, k, false);
    }
    // b0 retires; it still anchors the chain.
    mkdirSync(join(store, 'baselines', '_archived'));
    git(repo, 'mv', 'data/eval/baselines/b0', 'data/eval/baselines/_archived/b0');
    git(repo, 'commit', '--quiet', '-m', 'archive b0');

    addRun(repo, store, 3, 'baseline: b2\n');
    const { code, report } = await gate(repo, 3);
    expect(code).toBe(1);
    const failing = checksOf(report).filter((c) => c.status === 'fail');
    expect(failing.map((c) => c.id)).toEqual(['drift.quality.f1']);
    expect(failing[0]?.message).toContain('2.97% worse than 0.9 at the anchor b0 (first of the promotion chain b2 ← b1 ← b0; 2 promotions back); max_worse_pct 2.5');
    const chain = report.drift?.anchors[0]?.chain ?? [];
    expect(chain.map((m) => [m.id, m.predecessor_via])).toEqual([
      ['b2', 'data/eval/baselines/b2/config.yaml baseline:'],
      ['b1', 'data/eval/baselines/b1/config.yaml baseline:'],
      ['b0', undefined],
    ]);
  }, 240_000);

  it('fails naming a fixed anchor that is not in the store', async () => {
    const { repo, store } = repoWith(policy(5, true).replace('anchor: first', 'anchor: b_gone'));
    addRun(repo, store, 1);
    const { code, report } = await gate(repo, 1);
    expect(code).toBe(1);
    expect(checksOf(report).filter((c) => c.status === 'fail').map((c) => [c.id, c.message])).toEqual([
      ['drift.quality.f1', 'cannot compare with the drift anchor: the drift anchor baseline b_gone is not in data/eval/baselines (nor archived)'],
    ]);
  }, 60_000);
});
