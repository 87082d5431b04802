/**
 * Experiments end to end through the bundled CLI, in a real git repository: both arms made
 * with `run create --experiment EXP --arm control|treatment`, recorded in baseline.json and
 * the fingerprint, listed by `runs --experiment`, compared by `compare --experiment` (with
 * the prompt change between the arms diffed), and refused when the arms were evaluated on
 * different items, when an arm is missing or doubled, or when the flags are wrong.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonJson } from '../../src/compare/comparison.js';
import type { RunsJson } from '../../src/compare/runs.js';
import { runBundledCli } from '../support/cli.js';
import { cleanupTempDirs, tempDir, writeFiles } from '../support/temp-store.js';
import { commitAll, git } from '../integration/provenance/support.js';

afterAll(cleanupTempDirs);

/** Writes items with outputs and scores that depend on the arm (`variant=b` answers differently on odd items). */
const EVAL = `import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
const dir = process.env.PROMOTION_GATE_RUN_DIR;
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=')));
const items = (args.items ?? 'q1,q2,q3,q4,q5,q6').split(',');
const b = args.variant === 'b';
const rows = items.map((id, i) => ({ id, dataset_id: 'ds1', topic: i % 2 ? 'odd' : 'even', output: b && i % 2 ? 'a different answer to ' + id : 'the answer to ' + id, scores: { exact_match: b && i % 2 ? 0 : 1 } }));
writeFileSync(join(dir, 'predictions.jsonl'), rows.map((r) => JSON.stringify(r)).join('\\n') + '\\n');
const em = rows.reduce((s, r) => s + r.scores.exact_match, 0) / rows.length;
writeFileSync(join(dir, 'metrics.json'), JSON.stringify({ dataset_id: 'ds1', task: 'qa', exact_match: em }));
`;

const config = (system: string): string => `task: qa\ndata:\n  dataset_id: ds1\nmodel:\n  name: demo-model\n  temperature: 0\nprompts:\n  system: "${system}"\n  user: "Answer: {{question}}"\n`;

let repo: string;
const store = (): string => join(repo, 'data/eval');
const create = (runId: string, extra: string[], scriptArgs: string[] = [], configFile = 'config-a.yaml') =>
  runBundledCli(['run', 'create', '--store', 'data/eval', '--run-id', runId, '--dataset-id', 'ds1', '--config', configFile, ...extra, '--', process.execPath, 'eval.mjs', ...scriptArgs], { cwd: repo });
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

beforeAll(async () => {
  repo = tempDir('pg-exp-');
  git(repo, 'init', '-q', '-b', 'main');
  writeFiles(repo, {
    'eval.mjs': EVAL,
    'config-a.yaml': config('Be brief.'),
    'config-b.yaml': config('Be brief and cite the source.'),
    'data/eval/policy.yml': 'version: 1\n',
  });
  commitAll(repo, 'initial');
  const control = await create('exp1_control', ['--experiment', 'exp1', '--arm', 'control', '--prompt-version', '1.0.0', '--tag', 'team=search', '--tag', 'ticket=PG-13']);
  expect(control.code, control.stderr).toBe(0);
  const treatment = await create('exp1_treatment', ['--experiment', 'exp1', '--arm', 'treatment', '--prompt-version', '1.1.0', '--tag', 'team=search'], ['variant=b'], 'config-b.yaml');
  expect(treatment.code, treatment.stderr).toBe(0);
});

describe('run create records the experiment', () => {
  it('writes experiment_id, arm, prompt_version and tags to baseline.json and the fingerprint', () => {
    const metadata = readJson<Record<string, unknown>>(join(store(), 'runs/exp1_control/baseline.json'));
    expect(metadata).toMatchObject({ experiment_id: 'exp1', arm: 'control', prompt_version: '1.0.0', tags: { team: 'search', ticket: 'PG-13' }, status: 'completed' });
    const fp = readJson<Record<string, unknown>>(join(store(), 'runs/exp1_treatment/fingerprint.json'));
    expect(fp).toMatchObject({ experiment_id: 'exp1', arm: 'treatment', tags: { team: 'search' }, prompts: { prompt_version: '1.1.0' } });
    expect((fp.dataset as { fingerprint: string }).fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses wrong experiment flags before running anything (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [['--arm', 'control'], /--arm needs --experiment EXP/],
      [['--experiment', 'e'], /--experiment needs --arm control\|treatment/],
      [['--experiment', 'e', '--arm', 'variant'], /--arm "variant": expected control or treatment/],
      [['--experiment', '../e', '--arm', 'control'], /--experiment "\.\.\/e": .*single path segment/],
      [['--prompt-version', '1.0'], /--prompt-version "1\.0": expected a semantic version X\.Y\.Z/],
      [['--tag', 'novalue'], /--tag "novalue": expected KEY=VALUE/],
      [['--tag', 'a=1', '--tag', 'a=2'], /--tag "a" is given twice/],
    ];
    for (const [flags, pattern] of cases) {
      const r = await create('never', flags);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(pattern);
    }
    expect(() => readFileSync(join(store(), 'runs/never/baseline.json'))).toThrow();
  });
});

describe('compare --experiment', () => {
  let c: ComparisonJson;
  let stdout: string;
  beforeAll(async () => {
    const json = join(repo, 'exp1.json');
    const r = await runBundledCli(['compare', '--store', 'data/eval', '--experiment', 'exp1', '--json', json, '--markdown', join(repo, 'exp1.md')], { cwd: repo });
    expect(r.code, r.stderr).toBe(0);
    stdout = r.stdout;
    c = readJson<ComparisonJson>(json);
  });

  it('compares the control arm (A) with the treatment arm (B) on the same items', () => {
    expect(c.experiment).toEqual({ id: 'exp1', control: 'runs/exp1_control', treatment: 'runs/exp1_treatment' });
    expect(c.a).toMatchObject({ path: 'runs/exp1_control', arm: 'control', experiment: 'exp1', prompt_version: '1.0.0', model: 'demo-model' });
    expect(c.b).toMatchObject({ path: 'runs/exp1_treatment', arm: 'treatment', prompt_version: '1.1.0' });
    expect(c.dataset_match).toBe(true);
    expect(stdout).toContain('experiment exp1: control -> treatment');
  });

  it('finds what changed: odd items lost exact match, their outputs diverge, the prompt section changed', () => {
    expect(c.headline).toMatchObject({ score: 'exact_match', items: 6, better: 0, worse: 3, unchanged: 3 });
    expect(c.flips[0]).toMatchObject({ score: 'exact_match', down: 3, up: 0, down_ids: ['q2', 'q4', 'q6'] });
    expect(c.divergence).toMatchObject({ items: 6, differing: 3, share: 0.5 });
    expect(c.changes.prompt).toMatchObject({ changed: true, basis: 'bundle', sections: [{ section: 'system', change: 'modified' }] });
    expect(c.changes.prompt.diff?.text).toContain('-Be brief.');
    expect(c.changes.prompt.diff?.text).toContain('+Be brief and cite the source.');
    expect(c.changes.config.changed).toBe(true);
    const md = readFileSync(join(repo, 'exp1.md'), 'utf8');
    expect(md).toMatch(/<details><summary>Changes: prompts changed \(1 section\), config changed/);
    expect(md).toContain('```diff\n');
  });

  it('is listed by runs --experiment, with statuses from the lifecycle', async () => {
    const json = join(repo, 'runs.json');
    const r = await runBundledCli(['runs', '--store', 'data/eval', '--experiment', 'exp1', '--json', json], { cwd: repo });
    expect(r.code).toBe(0);
    const runs = readJson<RunsJson>(json);
    expect(runs.entries.map((e) => [e.id, e.status, e.arm, e.prompt_version, e.items])).toEqual([
      ['exp1_control', 'experimental', 'control', '1.0.0', 6],
      ['exp1_treatment', 'experimental', 'treatment', '1.1.0', 6],
    ]);
    expect(runs.entries[0]?.tags).toEqual({ team: 'search', ticket: 'PG-13' });
    expect(r.stdout).toMatch(/exp1\/control/);
  });
});

describe('compare --experiment refuses arms that are not a pair', () => {
  it('refuses arms evaluated on different items (exit 2, saying why)', async () => {
    expect((await create('exp2_control', ['--experiment', 'exp2', '--arm', 'control'])).code).toBe(0);
    expect((await create('exp2_treatment', ['--experiment', 'exp2', '--arm', 'treatment'], ['items=q1,q2,q3,q4,q5,q7'])).code).toBe(0);
    const r = await runBundledCli(['compare', '--store', 'data/eval', '--experiment', 'exp2'], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--experiment "exp2": the arms are not paired: control runs\/exp2_control was evaluated on dataset fingerprint [0-9a-f]{12}…, treatment runs\/exp2_treatment on [0-9a-f]{12}… \(different items\)/);
    // By path, the same two runs can still be compared: the difference is then reported.
    const json = join(repo, 'exp2.json');
    const byPath = await runBundledCli(['compare', '--store', 'data/eval', 'exp2_control', 'exp2_treatment', '--json', json], { cwd: repo });
    expect(byPath.code).toBe(0);
    const c = readJson<ComparisonJson>(json);
    expect(c.dataset_match).toBe(false);
    expect(c.items).toMatchObject({ joined: 5, only_a: { count: 1, examples: ['q6'] }, only_b: { count: 1, examples: ['q7'] } });
  });

  it('refuses a missing arm and a doubled arm, and an unknown experiment', async () => {
    expect((await create('exp3_control', ['--experiment', 'exp3', '--arm', 'control'])).code).toBe(0);
    const missing = await runBundledCli(['compare', '--store', 'data/eval', '--experiment', 'exp3'], { cwd: repo });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--experiment "exp3" has no treatment arm \(found control: runs\/exp3_control\)/);
    expect((await create('exp3_control_again', ['--experiment', 'exp3', '--arm', 'control'])).code).toBe(0);
    expect((await create('exp3_treatment', ['--experiment', 'exp3', '--arm', 'treatment'])).code).toBe(0);
    const doubled = await runBundledCli(['compare', '--store', 'data/eval', '--experiment', 'exp3'], { cwd: repo });
    expect(doubled.code).toBe(2);
    expect(doubled.stderr).toMatch(/--experiment "exp3" has 2 control arms: runs\/exp3_control, runs\/exp3_control_again; compare two of them by path instead/);
    const unknown = await runBundledCli(['compare', '--store', 'data/eval', '--experiment', 'nope'], { cwd: repo });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--experiment "nope": no entry of data\/eval records this experiment/);
  });
});
