/**
 * Every provenance check of the compliance gate, passing and failing, on real runs made by
 * `run create` in a real git repository, gated through runGate (the CLI's code path).
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGate } from '../../../src/gate/run-gate.js';
import type { Check } from '../../../src/contract/check.js';
import { policySchema, type Policy } from '../../../src/policy/schema.js';
import type { Report } from '../../../src/contract/report.js';
import { UsageError } from '../../../src/contract/errors.js';
import { CLI_NAMES } from '../../../src/contract/inputs.js';
import { cleanupTempDirs, tempDir } from '../../support/temp-store.js';
import { cli, commitAll, createArgs, editJson, git, makeRepo, promote, readJson, reseal, type Repo } from './support.js';

afterAll(cleanupTempDirs);

const policyWith = (compliance: Record<string, unknown> = {}): Policy => policySchema.parse({ version: 1, compliance });

async function gate(repo: Repo, run: string, options: { policy?: Policy; headRef?: string; store?: string } = {}): Promise<Report> {
  return runGate({
    store: { root: options.store ?? repo.store, display: 'data/eval' },
    run,
    names: CLI_NAMES,
    baseline: 'base_v1',
    policy: options.policy ?? policyWith(),
    ...(options.headRef ? { headRef: options.headRef } : {}),
  });
}

const check = (report: Report, id: string): Check | undefined => report.gates.find((g) => g.name === 'compliance')?.checks.find((c) => c.id === id);

async function create(repo: Repo, runId: string, scriptArgs: string[] = []): Promise<void> {
  const result = await cli(repo.root, createArgs(runId, scriptArgs));
  expect(result.code, result.stderr).toBe(0);
}

let repo: Repo;
beforeAll(async () => {
  repo = makeRepo();
  await create(repo, 'base');
  promote(repo.store, 'base', 'base_v1');
  repo.head = commitAll(repo.root, 'promote base_v1');
});

describe('a clean candidate passes every provenance check', () => {
  let report: Report;
  beforeAll(async () => {
    await create(repo, 'good');
    report = await gate(repo, 'good');
  });

  it.each([
    'fingerprint.present', 'fingerprint.commit', 'fingerprint.commit-exists', 'fingerprint.commit-reachable', 'fingerprint.clean-tree',
    'fingerprint.dataset-match', 'fingerprint.prompt-hash', 'fingerprint.config-hash', 'fingerprint.training-overlap', 'run.status',
    'artifacts.secrets', 'manifest.hashes', 'manifest.baseline-hashes',
  ])('%s passes', (id) => {
    expect(check(report, id)).toMatchObject({ status: 'pass' });
  });

  it('passes the gate, and the baseline verifies although promotion added README and fields', () => {
    expect(report.verdict).toBe('pass');
    const message = check(report, 'manifest.baseline-hashes')?.message;
    expect(message).toContain('README.md: added by promotion');
    expect(message).toContain('baseline.json: promotion fields added');
  });

  it('fills the provenance section of the report', () => {
    expect(report.provenance).toMatchObject({
      candidate: { commit: repo.head, branch: 'main', dirty: false, dataset: { id: 'ds1' }, prompt_version: 'pv_1.0.0', prompt_hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      baseline: { dirty: false, prompt_version: 'pv_1.0.0' },
      dataset_match: true,
      prompt_changed: false,
      config_changed: false,
      diffs: {},
      secrets: { total: 0, findings: [] },
    });
  });
});

describe('commit checks', () => {
  it('fail for a commit that is not in the repository (warn when require_commit is false)', async () => {
    await create(repo, 'foreign');
    editJson(join(repo.store, 'runs/foreign/fingerprint.json'), (fp) => ((fp.git as Record<string, unknown>).commit = 'f'.repeat(40)));
    await reseal(repo.store, 'foreign');
    const report = await gate(repo, 'foreign');
    expect(check(report, 'fingerprint.commit-exists')).toMatchObject({ status: 'fail', message: expect.stringMatching(/not found in this clone \(never pushed, squash-merged, or history rewritten\); for a repository that squash-merges, set `compliance.require_commit: false` \(then this is a warning\)$/) });
    expect(check(report, 'fingerprint.commit-reachable')?.status).toBe('skip');
    expect(check(report, 'manifest.hashes')?.status).toBe('pass');
    expect(check(await gate(repo, 'foreign', { policy: policyWith({ require_commit: false }) }), 'fingerprint.commit-exists')?.status).toBe('warn');
  });

  it('fail for a commit not reachable from the gated head, and pass with --head on its branch', async () => {
    git(repo.root, 'checkout', '-q', '-b', 'side');
    writeFileSync(join(repo.root, 'side.txt'), 'experiment\n');
    const sideHead = commitAll(repo.root, 'side experiment');
    await create(repo, 'from_side');
    git(repo.root, 'checkout', '-q', 'main');
    const report = await gate(repo, 'from_side');
    expect(check(report, 'fingerprint.commit-exists')?.status).toBe('pass');
    expect(check(report, 'fingerprint.commit-reachable')).toMatchObject({ status: 'fail', message: expect.stringContaining(`commit ${sideHead} is not an ancestor of HEAD`) });
    expect(check(await gate(repo, 'from_side', { headRef: 'side' }), 'fingerprint.commit-reachable')?.status).toBe('pass');
    await expect(gate(repo, 'from_side', { headRef: 'no-such-branch' })).rejects.toThrow(UsageError);
    await expect(gate(repo, 'from_side', { headRef: '--upload-pack=x' })).rejects.toThrow(/not a valid git (ref|revision)/);
  });

  it('fail clearly when the store is not in a git repository (skip when require_commit is false)', async () => {
    const copy = join(tempDir(), 'eval');
    cpSync(repo.store, copy, { recursive: true });
    const report = await gate(repo, 'good', { store: copy });
    expect(check(report, 'fingerprint.commit-exists')).toMatchObject({ status: 'fail', message: expect.stringMatching(/not inside a git repository/) });
    expect(check(await gate(repo, 'good', { store: copy, policy: policyWith({ require_commit: false }) }), 'fingerprint.commit-exists')?.status).toBe('skip');
  });
});

describe('content checks', () => {
  it('dataset: a changed item set is "not comparable: different data"', async () => {
    await create(repo, 'other_items', ['items=a,b,d']);
    const report = await gate(repo, 'other_items');
    expect(check(report, 'fingerprint.dataset-match')).toMatchObject({ status: 'fail', message: expect.stringMatching(/^not comparable: different data/) });
    expect(report.provenance).toMatchObject({ dataset_match: false });
    expect(check(await gate(repo, 'other_items', { policy: policyWith({ require_same_dataset: false }) }), 'fingerprint.dataset-match')?.status).toBe('warn');
  });

  it('prompts: a tampered bundle no longer hashes to prompt_hash', async () => {
    await create(repo, 'tampered_prompts');
    const path = join(repo.store, 'runs/tampered_prompts/prompts.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('careful', 'reckless'));
    const report = await gate(repo, 'tampered_prompts');
    expect(check(report, 'fingerprint.prompt-hash')).toMatchObject({ status: 'fail', message: expect.stringMatching(/prompts\.json was changed after fingerprinting/) });
    expect(check(report, 'manifest.hashes')).toMatchObject({ status: 'fail', message: expect.stringContaining('changed: prompts.json') });
    const relaxed = await gate(repo, 'tampered_prompts', { policy: policyWith({ prompt_hash: 'warn', manifest: 'off' }) });
    expect(check(relaxed, 'fingerprint.prompt-hash')?.status).toBe('warn');
    expect(check(relaxed, 'manifest.hashes')?.status).toBe('skip');
  });

  it('config: a config edited after fingerprinting no longer hashes to config_hash', async () => {
    await create(repo, 'tampered_config');
    const path = join(repo.store, 'runs/tampered_config/config.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('temperature: 0', 'temperature: 0.9'));
    await reseal(repo.store, 'tampered_config');
    expect(check(await gate(repo, 'tampered_config'), 'fingerprint.config-hash')).toMatchObject({ status: 'fail', message: expect.stringMatching(/config\.yaml was changed after fingerprinting/) });
    expect(check(await gate(repo, 'tampered_config', { policy: policyWith({ config_hash: 'off' }) }), 'fingerprint.config-hash')?.status).toBe('skip');
  });

  it('training data: evaluating on a declared training dataset is "testing with training data"', async () => {
    await create(repo, 'overlap');
    const path = join(repo.store, 'runs/overlap/fingerprint.json');
    editJson(path, (fp) => (fp.training_datasets = ['train_v1', 'ds1']));
    await reseal(repo.store, 'overlap');
    expect(check(await gate(repo, 'overlap'), 'fingerprint.training-overlap')).toMatchObject({ status: 'fail', message: expect.stringMatching(/^testing with training data/) });
    const printed = (readJson(path).dataset as { fingerprint: string }).fingerprint;
    editJson(path, (fp) => (fp.training_datasets = [{ id: 'renamed_copy', fingerprint: printed }]));
    await reseal(repo.store, 'overlap');
    expect(check(await gate(repo, 'overlap'), 'fingerprint.training-overlap')?.message).toMatch(/same dataset fingerprint/);
    expect(check(await gate(repo, 'overlap', { policy: policyWith({ training_overlap: 'warn' }) }), 'fingerprint.training-overlap')?.status).toBe('warn');
  });

  it('run status: a run marked failed never passes', async () => {
    await create(repo, 'marked_failed');
    editJson(join(repo.store, 'runs/marked_failed/baseline.json'), (m) => Object.assign(m, { status: 'failed', failure: { reason: 'the command exited with code 3' } }));
    await reseal(repo.store, 'marked_failed');
    expect(check(await gate(repo, 'marked_failed'), 'run.status')).toMatchObject({ status: 'fail', message: 'the run is marked failed: the command exited with code 3' });
  });

  it('required fields: model name and seed pass, a missing field fails', async () => {
    const report = await gate(repo, 'good', { policy: policyWith({ required_fields: ['model.name', 'model.generation.seed', 'model.revision'] }) });
    expect(check(report, 'fingerprint.field.model.name')?.status).toBe('pass');
    expect(check(report, 'fingerprint.field.model.generation.seed')?.status).toBe('pass');
    expect(check(report, 'fingerprint.field.model.revision')?.status).toBe('fail');
  });

  it('clean tree: a dirty run fails and lists its paths (warn when allowed)', async () => {
    writeFileSync(join(repo.root, 'eval.mjs'), `${readFileSync(join(repo.root, 'eval.mjs'), 'utf8')}// tweak\n`);
    await create(repo, 'dirty');
    git(repo.root, 'checkout', '-q', '--', 'eval.mjs');
    expect(check(await gate(repo, 'dirty'), 'fingerprint.clean-tree')).toMatchObject({ status: 'fail', message: expect.stringContaining('dirty working tree: eval.mjs') });
    expect(check(await gate(repo, 'dirty', { policy: policyWith({ allow_dirty: true }) }), 'fingerprint.clean-tree')?.status).toBe('warn');
  });

  it('shows a bounded prompt diff when the candidate\'s prompts differ from the baseline\'s', async () => {
    writeFileSync(join(repo.root, 'prompts/system.txt'), 'You are a careful assistant.\nAnswer in one sentence.\n');
    commitAll(repo.root, 'shorter answers');
    await create(repo, 'new_prompt');
    const report = await gate(repo, 'new_prompt');
    expect(report.provenance).toMatchObject({ prompt_changed: true, config_changed: false });
    const text = (report.provenance as { diffs: { prompts: { text: string } } }).diffs.prompts.text;
    expect(text).toContain('-Answer briefly.');
    expect(text).toContain('+Answer in one sentence.');
    expect(check(report, 'fingerprint.commit-reachable')?.status).toBe('pass');
  });
});

describe('files: manifest', () => {
  it('names a candidate file changed after the run was sealed', async () => {
    await create(repo, 'edited_after');
    const path = join(repo.store, 'runs/edited_after/metrics.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"exact_match":1', '"exact_match":0.99'));
    writeFileSync(join(repo.store, 'runs/edited_after/notes.txt'), 'added later\n');
    const report = await gate(repo, 'edited_after');
    expect(check(report, 'manifest.hashes')).toMatchObject({ status: 'fail', message: expect.stringMatching(/changed: metrics\.json; extra: notes\.txt/) });
  });

  it('names a baseline file tampered after promotion', async () => {
    const other = makeRepo();
    await create(other, 'base');
    const dir = promote(other.store, 'base', 'base_v1');
    commitAll(other.root, 'promote');
    await create(other, 'cand');
    writeFileSync(join(dir, 'predictions.jsonl'), readFileSync(join(dir, 'predictions.jsonl'), 'utf8').replace('answer b', 'answer B'));
    const report = await gate(other, 'cand');
    expect(check(report, 'manifest.baseline-hashes')).toMatchObject({ status: 'fail', message: expect.stringContaining('changed: predictions.jsonl') });
  });
});
