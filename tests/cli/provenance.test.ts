/**
 * The provenance commands through the bundled CLI (dist/cli/index.js), as a user runs them:
 * `run create`, `fingerprint`, `verify` and `gate --head`, on a real git repository with an
 * evaluation script written by the test. Needs `npm run bundle` first.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { CLI, runBundledCli } from '../support/cli.js';
import { cleanupTempDirs, CORPUS, copyDir } from '../support/temp-store.js';
import type { Report } from '../../src/contract/report.js';
import { commitAll, createArgs, EVAL_SCRIPT, fakeToken, git, makeRepo, promote, readJson, type Repo } from '../integration/provenance/support.js';

afterAll(cleanupTempDirs);

const run = (repo: Repo, args: string[]) => runBundledCli(args, { cwd: repo.root });

describe('promotion-gate run create (bundled)', () => {
  let repo: Repo;
  beforeAll(() => {
    repo = makeRepo();
  });

  it('is listed by --help', async () => {
    const help = await run(repo, ['--help']);
    for (const name of ['run', 'fingerprint', 'verify']) expect(help.stdout).toMatch(new RegExp(`promotion-gate ${name}\\s`));
    expect((await run(repo, ['run', '--help'])).stdout).toContain('PROMOTION_GATE_RUN_DIR');
  });

  it('creates a run on a clean tree: output tee\'d, fingerprint, metadata and manifest written', async () => {
    const result = await run(repo, createArgs('clean'));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('evaluating ds1 as clean');
    expect(result.stderr).toContain('progress 100%');
    const dir = join(repo.store, 'runs/clean');
    expect(readJson(join(dir, 'fingerprint.json'))).toMatchObject({ git: { commit: repo.head, dirty: false }, dataset: { id: 'ds1', items: 3 } });
    expect(readJson(join(dir, 'baseline.json'))).toMatchObject({ status: 'completed' });
    expect(existsSync(join(dir, 'manifest.json'))).toBe(true);
    expect(readFileSync(join(dir, 'run.log'), 'utf8')).toContain('evaluating ds1 as clean');
  });

  it('records a dirty tree with its paths', async () => {
    writeFileSync(join(repo.root, 'eval.mjs'), `${EVAL_SCRIPT}// tweak\n`);
    const result = await run(repo, createArgs('dirty'));
    git(repo.root, 'checkout', '-q', '--', 'eval.mjs');
    expect(result.code).toBe(0);
    expect(readJson(join(repo.store, 'runs/dirty/fingerprint.json'))).toMatchObject({ git: { dirty: true, dirty_paths: ['eval.mjs'] } });
  });

  it('marks a failing command\'s run failed and exits 1', async () => {
    const result = await run(repo, createArgs('failing', ['exit=4']));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/run failing failed: the command exited with code 4/);
    expect(readJson(join(repo.store, 'runs/failing/baseline.json'))).toMatchObject({ status: 'failed' });
    expect(existsSync(join(repo.store, 'runs/failing/manifest.json'))).toBe(false);
  });

  it('marks the run failed when it is stopped with SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI, ...createArgs('stopped', ['sleep=30000'])], { cwd: repo.root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        stdout += text;
        if (stdout.includes('sleeping')) child.kill('SIGTERM');
      });
      child.on('close', resolve);
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/run stopped failed: the command was stopped by SIGTERM/);
    expect(readJson(join(repo.store, 'runs/stopped/baseline.json'))).toMatchObject({ status: 'failed', failure: { reason: 'the command was stopped by SIGTERM' } });
  });

  it('refuses an existing run id and a command that is not found (exit 2)', async () => {
    const existing = await run(repo, createArgs('clean'));
    expect(existing.code).toBe(2);
    expect(existing.stderr).toMatch(/already exists/);
    const missing = await run(repo, ['run', 'create', '--store', 'data/eval', '--run-id', 'ghost', '--dataset-id', 'ds1', '--', 'no-such-evaluator-xyz']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/command not found/);
    expect(existsSync(join(repo.store, 'runs/ghost'))).toBe(false);
  });
});

describe('gate, verify and fingerprint (bundled)', () => {
  let repo: Repo;
  const token = fakeToken(21);
  beforeAll(async () => {
    repo = makeRepo();
    expect((await run(repo, createArgs('base'))).code).toBe(0);
    promote(repo.store, 'base', 'base_v1');
    commitAll(repo.root, 'promote');
  });

  it('fails a run with a planted token and never prints it', async () => {
    const created = await run(repo, createArgs('leaky', [`secret=${token}`]));
    const json = join(repo.root, 'leaky.json');
    const md = join(repo.root, 'leaky.md');
    const gated = await run(repo, ['gate', '--store', 'data/eval', '--run', 'leaky', '--baseline', 'base_v1', '--json', json, '--markdown', md]);
    expect(gated.code).toBe(1);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    expect(report.gates.find((g) => g.name === 'compliance')?.checks.find((c) => c.id === 'artifacts.secrets')?.status).toBe('fail');
    for (const text of [created.stdout, created.stderr, gated.stdout, gated.stderr, readFileSync(json, 'utf8'), readFileSync(md, 'utf8')]) {
      expect(text).not.toContain(token.slice(4, -4));
    }
  });

  it('checks reachability from --head', async () => {
    git(repo.root, 'checkout', '-q', '-b', 'side');
    commitAll(repo.root, 'side');
    expect((await run(repo, createArgs('side_run'))).code).toBe(0);
    git(repo.root, 'checkout', '-q', 'main');
    const status = async (extra: string[]): Promise<string | undefined> => {
      const json = join(repo.root, `side-${extra.length}.json`);
      await run(repo, ['gate', '--store', 'data/eval', '--run', 'side_run', '--baseline', 'base_v1', '--json', json, ...extra]);
      const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
      return report.gates.find((g) => g.name === 'compliance')?.checks.find((c) => c.id === 'fingerprint.commit-reachable')?.status;
    };
    expect(await status([])).toBe('fail');
    expect(await status(['--head', 'side'])).toBe('pass');
    expect((await run(repo, ['gate', '--store', 'data/eval', '--run', 'side_run', '--baseline', 'base_v1', '--head', 'nope'])).code).toBe(2);
  });

  it('verify names a file tampered after promotion', async () => {
    expect((await run(repo, ['verify', 'data/eval/baselines/base_v1'])).code).toBe(0);
    const file = join(repo.store, 'baselines/base_v1/metrics.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"exact_match":1', '"exact_match":0.5'));
    const result = await run(repo, ['verify', 'data/eval/baselines/base_v1']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('changed: metrics.json');
  });

  it('fingerprint completes a corpus run and reports its dirty tree', async () => {
    copyDir(join(CORPUS, 'baselines', 'baseline_llm_anthropic_smoke_paragraph_v1'), join(repo.store, 'runs', 'from_corpus'));
    const result = await run(repo, ['fingerprint', '--run', 'data/eval/runs/from_corpus', '--store', 'data/eval']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/completed: added/);
    expect(result.stdout).toMatch(/DIRTY/);
    expect((await run(repo, ['verify', 'data/eval/runs/from_corpus'])).code).toBe(0);
  });
});
