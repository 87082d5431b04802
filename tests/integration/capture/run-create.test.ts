/**
 * `run create` on a real git repository with a small evaluation script written by the
 * test: clean tree, dirty tree, failing command, existing run id, command not found,
 * invalid artifacts, no repository, and arguments that a shell would have interpreted.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalizeBundle } from '../../../src/provenance/prompt-bundle.js';
import { cleanupTempDirs, tempDir, writeFiles } from '../../support/temp-store.js';
import { cli, commitAll, createArgs, EVAL_SCRIPT, fakeToken, git, makeRepo, readJson } from '../provenance/support.js';

afterAll(cleanupTempDirs);

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('run create on a clean tree', () => {
  const repo = makeRepo();
  const runDir = join(repo.store, 'runs', 'r1');
  let result: Awaited<ReturnType<typeof cli>>;

  it('runs the command, tees its output and exits 0', async () => {
    result = await cli(repo.root, createArgs('r1'));
    expect(result.stderr).toContain('progress 100%');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('evaluating ds1 as r1');
    expect(result.stdout).toContain(`config ${join(runDir, 'config.yaml')}`);
    expect(result.stdout).toMatch(/run r1 created at .*runs\/r1/);
    expect(result.stdout).toContain(`commit:   ${repo.head} (main), clean tree`);
    const log = readFileSync(join(runDir, 'run.log'), 'utf8');
    expect(log).toContain('evaluating ds1 as r1');
    expect(log).toContain('progress 100%');
  });

  it('writes the fingerprint of the issue', () => {
    const fp = readJson(join(runDir, 'fingerprint.json'));
    expect(fp).toMatchObject({
      fingerprint_version: '2',
      tool: { name: 'promotion-gate' },
      artifact_type: 'evaluation',
      run_id: 'r1',
      task: 'qa',
      git: { commit: repo.head, branch: 'main', dirty: false, dirty_paths: [], dirty_count: 0 },
      environment: { node_version: process.version, platform: process.platform },
      dataset: { id: 'ds1', items: 3, fingerprint_basis: 'ids', id_field: 'id' },
      model: { name: 'demo-model', generation: { temperature: 0, seed: 7 } },
      training_datasets: ['train_v1'],
      prompts: { prompt_version: 'pv_1.0.0', bundle_file: 'prompts.json' },
    });
    expect(fp.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect((fp.environment as Record<string, unknown>).python_version === null || typeof (fp.environment as Record<string, unknown>).python_version === 'string').toBe(true);
    expect(fp.config_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('saves the prompt bundle, template text included, hashing to prompt_hash', () => {
    const bundle = readJson(join(runDir, 'prompts.json'));
    expect(bundle).toEqual({ system: 'You are a careful assistant.\nAnswer briefly.', user: 'Answer the question: {{question}}' });
    const fp = readJson<{ prompts: { prompt_hash: string } }>(join(runDir, 'fingerprint.json'));
    expect(canonicalizeBundle(bundle).hash).toBe(fp.prompts.prompt_hash);
  });

  it('writes run metadata with the config snapshot, and a manifest of every artifact', () => {
    const metadata = readJson(join(runDir, 'baseline.json'));
    expect(metadata).toMatchObject({ run_id: 'r1', dataset_id: 'ds1', task: 'qa', status: 'completed', exit_code: 0, config: { task: 'qa', prompt_version: 'pv_1.0.0' } });
    expect(typeof metadata.created_at).toBe('string');
    expect(typeof metadata.created_by).toBe('string');
    expect(readFileSync(join(runDir, 'config.yaml'), 'utf8')).toBe(readFileSync(join(repo.root, 'config.yaml'), 'utf8'));
    const manifest = readJson<{ files: Record<string, { sha256: string; size: number }> }>(join(runDir, 'manifest.json'));
    const files = readdirSync(runDir).filter((name) => name !== 'manifest.json').sort();
    expect(Object.keys(manifest.files).sort()).toEqual(files);
    expect(files).toEqual(['baseline.json', 'config.yaml', 'fingerprint.json', 'metrics.json', 'predictions.jsonl', 'prompts.json', 'run.log']);
    for (const name of files) expect(manifest.files[name]).toMatchObject({ sha256: sha256(join(runDir, name)), size: readFileSync(join(runDir, name)).length });
  });

  it('refuses an existing run id (exit 2) and leaves the run untouched', async () => {
    const before = sha256(join(runDir, 'manifest.json'));
    const again = await cli(repo.root, createArgs('r1'));
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/run r1 already exists .*never overwritten/);
    expect(again.stdout).not.toContain('evaluating');
    expect(sha256(join(runDir, 'manifest.json'))).toBe(before);
  });

  it('uses the command\'s own prompts.json when it writes one', async () => {
    expect((await cli(repo.root, createArgs('r_own_prompts', ['prompts=1']))).code).toBe(0);
    expect(readJson(join(repo.store, 'runs/r_own_prompts/prompts.json'))).toEqual({ system: 'written by the command' });
  });
});

describe('run create on a dirty tree', () => {
  it('records dirty: true and the dirty paths, but not the store\'s runs', async () => {
    const repo = makeRepo();
    expect((await cli(repo.root, createArgs('first'))).code).toBe(0);
    writeFileSync(join(repo.root, 'eval.mjs'), `${EVAL_SCRIPT}// local tweak\n`);
    writeFiles(repo.root, { 'notes with space.txt': 'untracked' });
    const result = await cli(repo.root, createArgs('second'));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/DIRTY: 2 changed path\(s\)/);
    const fp = readJson<{ git: { dirty: boolean; dirty_paths: string[]; dirty_count: number; commit: string } }>(join(repo.store, 'runs/second/fingerprint.json'));
    expect(fp.git).toMatchObject({ commit: repo.head, dirty: true, dirty_count: 2 });
    expect(fp.git.dirty_paths.sort()).toEqual(['eval.mjs', 'notes with space.txt']);
  });
});

describe('run create failures', () => {
  const repo = makeRepo();

  it('marks the run failed when the command fails (exit 1), never half valid', async () => {
    const result = await cli(repo.root, createArgs('broken', ['exit=3']));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/run broken failed: the command exited with code 3/);
    const dir = join(repo.store, 'runs/broken');
    expect(readJson(join(dir, 'baseline.json'))).toMatchObject({ status: 'failed', exit_code: 3, failure: { reason: 'the command exited with code 3' } });
    expect(existsSync(join(dir, 'manifest.json'))).toBe(false);
    expect(existsSync(join(dir, 'fingerprint.json'))).toBe(false);
    expect(readFileSync(join(dir, 'run.log'), 'utf8')).toContain('evaluating');
  });

  it('marks the run failed when its artifacts fail the functional gate', async () => {
    const result = await cli(repo.root, createArgs('nan', ['metrics=bad']));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/functional gate/);
    const metadata = readJson<{ status: string; failure: { checks: string[] } }>(join(repo.store, 'runs/nan/baseline.json'));
    expect(metadata.status).toBe('failed');
    expect(metadata.failure.checks.join(' ')).toMatch(/metrics\.json/);
    expect(existsSync(join(repo.store, 'runs/nan/manifest.json'))).toBe(false);
  });

  it('refuses a command that is not found (exit 2) before creating anything', async () => {
    const result = await cli(repo.root, ['run', 'create', '--store', 'data/eval', '--run-id', 'nope', '--dataset-id', 'ds1', '--', 'no-such-evaluator-xyz', '--flag']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/command not found: "no-such-evaluator-xyz"/);
    expect(existsSync(join(repo.store, 'runs/nope'))).toBe(false);
  });

  it('refuses bad ids, a missing command and conflicting flags (exit 2)', async () => {
    expect((await cli(repo.root, ['run', 'create', '--run-id', '../x', '--dataset-id', 'ds1', '--', process.execPath])).stderr).toMatch(/--run-id/);
    expect((await cli(repo.root, ['run', 'create', '--dataset-id', 'ds1'])).stderr).toMatch(/no command given/);
    expect((await cli(repo.root, ['run', 'create', '--', process.execPath])).stderr).toMatch(/--dataset-id is required/);
    expect((await cli(repo.root, ['run', 'start', '--dataset-id', 'ds1'])).stderr).toMatch(/unknown subcommand/);
    const conflict = await cli(repo.root, ['run', 'create', '--store', 'data/eval', '--dataset-id', 'other', '--config', 'config.yaml', '--', process.execPath, 'eval.mjs']);
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toMatch(/--dataset-id other conflicts with config\.yaml/);
  });

  it('passes arguments literally: no shell ever interprets them', async () => {
    const result = await cli(repo.root, createArgs('literal', ['x=$(touch pwned)', 'y=`id`;ls', 'z=a b']));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('argv ["x=$(touch pwned)","y=`id`;ls","z=a b"]');
    expect(existsSync(join(repo.root, 'pwned'))).toBe(false);
  });

  it('masks a secret passed on the command line in the recorded command', async () => {
    const token = fakeToken(3);
    expect((await cli(repo.root, createArgs('argsecret', [`secret=${token}`]))).code).toBe(0);
    const metadata = readFileSync(join(repo.store, 'runs/argsecret/baseline.json'), 'utf8');
    expect(metadata).not.toContain(token);
    expect(metadata).toContain(`secret=ghp_…${token.slice(-4)}`);
  });

  it('gives a timestamped id by default and writes --baseline into the config snapshot', async () => {
    const result = await cli(repo.root, ['run', 'create', '--store', 'data/eval', '--dataset-id', 'ds1', '--config', 'config.yaml', '--baseline', 'base_v1', '--', process.execPath, 'eval.mjs']);
    expect(result.code).toBe(0);
    const id = /run (run_\d{8}T\d{6}Z(?:-\d+)?) created/.exec(result.stdout)?.[1];
    expect(id).toBeDefined();
    const config = readFileSync(join(repo.store, 'runs', id!, 'config.yaml'), 'utf8');
    expect(config).toContain('# experiment config');
    expect(config).toMatch(/^baseline: base_v1$/m);
    expect(readJson(join(repo.store, 'runs', id!, 'fingerprint.json'))).toMatchObject({ baseline_id: 'base_v1' });
  });
});

describe('run create outside a git repository', () => {
  it('warns, and the fingerprint records no commit', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'eval.mjs': EVAL_SCRIPT });
    const result = await cli(dir, ['run', 'create', '--store', 'store', '--run-id', 'r', '--dataset-id', 'ds1', '--', process.execPath, 'eval.mjs']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/not in a git repository/);
    expect(readJson(join(dir, 'store/runs/r/fingerprint.json')).git).toBeUndefined();
  });

  it('records an unborn branch as dirty with no commit', async () => {
    const dir = tempDir();
    git(dir, 'init', '-q', '-b', 'main');
    writeFiles(dir, { 'eval.mjs': EVAL_SCRIPT });
    expect((await cli(dir, ['run', 'create', '--store', 'store', '--run-id', 'r', '--dataset-id', 'ds1', '--', process.execPath, 'eval.mjs'])).code).toBe(0);
    expect(readJson(join(dir, 'store/runs/r/fingerprint.json')).git).toMatchObject({ commit: null, dirty: true });
    commitAll(dir);
  });
});
