/**
 * Multi-model dependencies end to end (issue 16, DESIGN.md section 12), through the bundled CLI
 * on a real git repository: an NER model upstream, a summarizer downstream whose runs record
 * in fingerprint.json which NER baseline produced their input entities. Promoting a new NER
 * baseline lists the summarizer baselines built on the previous one (in the promotion's JSON
 * and in the Markdown a pull request body is made of); after the merge, a summarizer run still
 * built on the old NER baseline fails the gate naming both versions.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBundledCli } from '../support/cli.js';
import { SHA, cleanupTempDirs, tempDir, writeFiles, writeRun } from '../support/temp-store.js';

afterAll(cleanupTempDirs);

const IDENTITY = { GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com' };
const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...IDENTITY } }).trim();

const POLICY = `version: 1
pins:
  - baseline: ner_v1
    dataset: ds1
    task: ner
  - baseline: sum_v1
    dataset: ds1
    task: summarization
dependencies:
  - upstream: { task: ner }
    downstream:
      - { task: summarization }
compliance:
  require_commit: false
`;

const ner = (f1: number) => ({ metrics: { dataset_id: 'ds1', task: 'ner', entities: { f1 } } });
const summarizer = (upstream: unknown, rouge = 0.4) => ({
  metrics: { dataset_id: 'ds1', task: 'summarization', quality: { rougeL_f1: rouge } },
  fingerprint: { git: { commit: SHA, dirty: false }, dataset: { id: 'ds1' }, ...(upstream === undefined ? {} : { upstream }) },
});

interface Report {
  verdict: string;
  gates: { name: string; checks: { id: string; status: string; message: string }[] }[];
  dependencies?: { upstream_of: { dependency: number; previous?: string; stale: { baseline: string; upstream: string; task?: string }[] }[] };
}

function pipelineRepo(): { repo: string; store: string } {
  const repo = tempDir('pg-deps-');
  const store = join(repo, 'data', 'eval');
  writeFiles(store, { 'policy.yml': POLICY });
  writeRun(store, 'baselines/ner_v1', ner(0.8));
  // Two summarizer baselines built on ner_v1 (one naming its pin keys), one on an older NER model.
  writeRun(store, 'baselines/sum_v1', summarizer('ner_v1'));
  writeRun(store, 'baselines/sum_bullets_v1', summarizer({ baseline: 'ner_v1', task: 'ner' }));
  writeRun(store, 'baselines/sum_legacy', summarizer('ner_v0'));
  writeRun(store, 'runs/ner_run', ner(0.85));
  git(repo, 'init', '--quiet', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '--quiet', '-m', 'pipeline store');
  return { repo, store };
}

describe('an NER upstream and a summarizer downstream', () => {
  it('the promotion lists the stale downstream baselines; a downstream run on the old upstream then fails naming both', async () => {
    const { repo, store } = pipelineRepo();

    const promoted = await runBundledCli(['promote', '--store', 'data/eval', '--run', 'ner_run', '--as', 'baseline', '--id', 'ner_v2',
      '--reason', 'better entities', '--commit', '--set-pin', '--json', '-'], { cwd: repo });
    expect(promoted.code, promoted.stderr).toBe(0);
    const report = JSON.parse(promoted.stdout) as Report;
    expect(report.dependencies?.upstream_of).toEqual([{
      dependency: 0,
      upstream: { task: 'ner' },
      previous: 'ner_v1',
      stale: [
        { baseline: 'sum_bullets_v1', dataset: 'ds1', task: 'summarization', upstream: 'ner_v1', dependency: 0 },
        { baseline: 'sum_v1', dataset: 'ds1', task: 'summarization', upstream: 'ner_v1', dependency: 0 },
      ],
    }]);

    // The pull request body is rendered from the same report with the standard sections.
    const md = join(repo, 'ner.md');
    await runBundledCli(['gate', '--store', 'data/eval', '--run', 'ner_run', '--markdown', md], { cwd: repo });
    const text = readFileSync(md, 'utf8');
    expect(text).toContain('#### Downstream baselines to re-evaluate');
    expect(text).toContain('Promoting it leaves 2 downstream baselines produced with the pinned upstream `ner_v1` to re-evaluate');
    expect(text).toContain('| `sum_bullets_v1` | ds1 / summarization | `ner_v1` |');
    expect(text).not.toContain('sum_legacy');

    git(repo, 'merge', '--quiet', '--no-ff', '-m', 'Merge promote/ner_v2', 'promote/ner_v2');
    expect(readFileSync(join(store, 'policy.yml'), 'utf8')).toContain('baseline: ner_v2');

    writeRun(store, 'runs/sum_stale', summarizer('ner_v1'));
    writeRun(store, 'runs/sum_fresh', summarizer({ baseline: 'ner_v2', task: 'ner' }));
    git(repo, 'add', '-A');
    git(repo, 'commit', '--quiet', '-m', 'summarizer runs');

    const stale = await runBundledCli(['gate', '--store', 'data/eval', '--run', 'sum_stale', '--json', '-'], { cwd: repo });
    expect(stale.code).toBe(1);
    const failing = (JSON.parse(stale.stdout) as Report).gates.flatMap((g) => g.checks.filter((c) => c.status === 'fail').map((c) => [g.name, c.id, c.message]));
    expect(failing).toEqual([[
      'compliance', 'dependencies.0.upstream',
      "built on upstream ner_v1, but the pinned upstream (task ner) is ner_v2: re-run this downstream model on ner_v2's outputs (data/eval/runs/sum_stale/fingerprint.json names ner_v1)",
    ]]);

    const fresh = await runBundledCli(['gate', '--store', 'data/eval', '--run', 'sum_fresh', '--json', '-'], { cwd: repo });
    expect(fresh.code, fresh.stdout).toBe(0);
    const passed = (JSON.parse(fresh.stdout) as Report).gates.flatMap((g) => g.checks).find((c) => c.id === 'dependencies.0.upstream');
    expect(passed).toMatchObject({ status: 'pass', message: 'built on upstream ner_v2, the pinned one (task ner)' });
  }, 240_000);
});
