/**
 * `promotion-gate fingerprint --run DIR` for runs produced elsewhere: a real corpus run is
 * completed (recorded fields and unknown fields kept, its dirty tree still reported), a
 * bare run gets a full fingerprint from the repository, and a tampered sealed run is refused.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintSchema } from '../../../src/artifacts/fingerprint.js';
import { CORPUS, cleanupTempDirs, copyDir, writeRun } from '../../support/temp-store.js';
import { cli, makeRepo, readJson } from '../provenance/support.js';

afterAll(cleanupTempDirs);

const CORPUS_RUN = 'baseline_llm_anthropic_smoke_paragraph_v1';

describe('fingerprint --run on a corpus run', () => {
  const repo = makeRepo();
  const dir = join(repo.store, 'runs', 'corpus_run');
  copyDir(join(CORPUS, 'baselines', CORPUS_RUN), dir);
  const original = readJson(join(dir, 'fingerprint.json'));

  it('completes the fingerprint without overwriting what it records', async () => {
    const result = await cli(repo.root, ['fingerprint', '--run', 'data/eval/runs/corpus_run', '--store', 'data/eval']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/fingerprint\.json completed: added .*dataset/);
    expect(result.stdout).toMatch(/commit: {3}f77bb94570d0d108d6f39be85e1dbc3e4d4d1efc \(autoresearch\), DIRTY/);
    const fp = readJson(join(dir, 'fingerprint.json'));
    expect(fp.run_context).toEqual(original.run_context);
    expect(fp.git).toBeUndefined();
    for (const key of ['pipeline', 'preprocessing', 'chunking', 'provider', 'fingerprint_version', 'task']) expect(fp[key]).toEqual(original[key]);
    expect(fp.dataset).toMatchObject({ items: 5, id_field: 'episode_id', fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((fp.prompts as Record<string, unknown>).user).toEqual((original.prompts as Record<string, unknown>).user);
    expect((fp.prompts as Record<string, unknown>).prompt_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(fp.completed).toEqual([expect.objectContaining({ fields: expect.arrayContaining(['dataset', 'config_hash']), on: expect.objectContaining({ platform: process.platform }) })]);
    expect(fingerprintSchema.safeParse(fp).success).toBe(true);
    expect(readJson(join(dir, 'manifest.json')).files).toHaveProperty(['predictions.jsonl']);
  });

  it('says so when there is nothing left to add, and the folder verifies', async () => {
    const again = await cli(repo.root, ['fingerprint', '--run', 'data/eval/runs/corpus_run', '--store', 'data/eval']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already complete: nothing added');
    expect((await cli(repo.root, ['verify', 'data/eval/runs/corpus_run'])).code).toBe(0);
  });

  it('refuses to re-seal a folder changed since its manifest', async () => {
    writeFileSync(join(dir, 'metrics.json'), readFileSync(join(dir, 'metrics.json'), 'utf8').replace(/\d/, '9'));
    const result = await cli(repo.root, ['fingerprint', '--run', 'data/eval/runs/corpus_run']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/differs from its manifest\.json \(changed: metrics\.json\): refusing to re-seal/);
  });

  it('refuses a --dataset-id that contradicts the recorded one', async () => {
    copyDir(join(CORPUS, 'baselines', CORPUS_RUN), join(repo.store, 'runs', 'corpus_two'));
    const result = await cli(repo.root, ['fingerprint', '--run', 'data/eval/runs/corpus_two', '--dataset-id', 'other_ds']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--dataset-id other_ds conflicts with .*curated_5feeds_smoke_v1/);
  });
});

describe('fingerprint --run on a bare run', () => {
  it('records the repository\'s commit and a clean tree, and the gate accepts the lineage', async () => {
    const repo = makeRepo();
    writeRun(repo.store, 'runs/bare', { fingerprint: null });
    const result = await cli(repo.root, ['fingerprint', '--run', 'data/eval/runs/bare', '--dataset-id', 'ds1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('fingerprint.json written');
    const fp = readJson(join(repo.store, 'runs/bare/fingerprint.json'));
    expect(fp).toMatchObject({
      artifact_type: 'evaluation',
      git: { commit: repo.head, dirty: false },
      dataset: { id: 'ds1', items: 3 },
      tool: { name: 'promotion-gate' },
    });
    expect(fp.completed).toBeUndefined();
    writeRun(repo.store, 'baselines/base_v1', { fingerprint: null });
    const gate = await cli(repo.root, ['gate', '--store', 'data/eval', '--run', 'bare', '--baseline', 'base_v1', '--json', join(repo.root, 'r.json')]);
    const report = readJson<{ gates: { name: string; checks: { id: string; status: string }[] }[] }>(join(repo.root, 'r.json'));
    const compliance = report.gates.find((g) => g.name === 'compliance')!.checks;
    expect(compliance.find((c) => c.id === 'fingerprint.commit-reachable')?.status).toBe('pass');
    expect(compliance.find((c) => c.id === 'manifest.hashes')?.status).toBe('pass');
    expect(gate.stderr).toBe('');
  });

  it('refuses a missing folder and bad flags (exit 2)', async () => {
    const repo = makeRepo();
    expect((await cli(repo.root, ['fingerprint', '--run', 'nowhere'])).stderr).toMatch(/--run nowhere: folder not found/);
    expect((await cli(repo.root, ['fingerprint'])).stderr).toMatch(/--run is required/);
    writeRun(repo.store, 'runs/x', { fingerprint: null });
    expect((await cli(repo.root, ['fingerprint', '--run', 'data/eval/runs/x', '--artifact-type', 'Bad Type'])).code).toBe(2);
  });
});
