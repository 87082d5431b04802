import { describe, expect, it } from 'vitest';
import { computeDatasetFingerprint } from '../../../src/artifacts/dataset-fingerprint.js';
import { modelFieldsFromConfig, trainingDatasetsFromConfig } from '../../../src/capture/model-fields.js';
import { parseAndHashConfig } from '../../../src/provenance/config-hash.js';
import { parsePorcelainZ } from '../../../src/git/repo.js';
import { commitUrl, sharedRemoteLookup, webUrlOfRemote } from '../../../src/provenance/checks/commit-link.js';
import { git, initRepo } from '../../support/git.js';
import { boundedDiff, MAX_DIFF_LINES } from '../../../src/provenance/checks/bounded-diff.js';
import { composeFingerprint } from '../../../src/capture/fingerprint-build.js';

describe('dataset fingerprint', () => {
  it('ignores item order and changes with the item set or an input hash', () => {
    const a = computeDatasetFingerprint([{ id: 'b' }, { id: 'a' }, { id: 'c' }]);
    expect(computeDatasetFingerprint([{ id: 'c' }, { id: 'b' }, { id: 'a' }])).toEqual(a);
    expect(a).toMatchObject({ items: 3, basis: 'ids' });
    expect(computeDatasetFingerprint([{ id: 'a' }, { id: 'b' }]).fingerprint).not.toBe(a.fingerprint);
    const withInputs = computeDatasetFingerprint([{ id: 'a', inputHash: 'h1' }, { id: 'b', inputHash: 'h2' }, { id: 'c' }]);
    expect(withInputs.basis).toBe('ids+input_hashes');
    expect(computeDatasetFingerprint([{ id: 'c' }, { id: 'b', inputHash: 'h2' }, { id: 'a', inputHash: 'h1' }])).toEqual(withInputs);
    expect(computeDatasetFingerprint([{ id: 'a', inputHash: 'h1' }, { id: 'b', inputHash: 'CHANGED' }, { id: 'c' }]).fingerprint).not.toBe(withInputs.fingerprint);
  });

  it('cannot be fooled by ids containing separators', () => {
    expect(computeDatasetFingerprint([{ id: 'a\nb' }]).fingerprint).not.toBe(computeDatasetFingerprint([{ id: 'a' }, { id: 'b' }]).fingerprint);
  });
});

describe('model fields lifted from configs', () => {
  it('reads the corpus layouts and never lifts credentials', () => {
    const { value } = parseAndHashConfig(
      'id: x\nbackend:\n  type: anthropic\n  model: claude-haiku-4-5\n  api_key: secret-value\nparams:\n  max_length: 800\n  temperature: 0.0\n',
      'config.yaml',
    );
    const model = modelFieldsFromConfig(value);
    expect(model).toEqual({ name: 'claude-haiku-4-5', provider: 'anthropic', generation: { max_length: 800, temperature: 0 } });
    expect(JSON.stringify(model)).not.toContain('secret-value');
  });

  it('reads a model block with revision, quantization and generation parameters', () => {
    const model = modelFieldsFromConfig({ model: { name: 'Qwen/Qwen2.5-32B', revision: 'abc', quantization: 'nf4', generation: { temperature: 0.7, seed: 42, stop: ['END'] } }, seed: 1 });
    expect(model).toEqual({ name: 'Qwen/Qwen2.5-32B', revision: 'abc', quantization: 'nf4', generation: { temperature: 0.7, seed: 42, stop: ['END'] } });
    expect(modelFieldsFromConfig({ model: 'demo-model-2' })).toEqual({ name: 'demo-model-2' });
    expect(modelFieldsFromConfig({ unrelated: true })).toBeUndefined();
  });

  it('reads declared training datasets', () => {
    expect(trainingDatasetsFromConfig({ training_datasets: ['sft_v1', { id: 'dpo_v2', fingerprint: 'abc' }, 3] })).toEqual(['sft_v1', { id: 'dpo_v2', fingerprint: 'abc' }]);
    expect(trainingDatasetsFromConfig({ training: { datasets: ['x'] } })).toEqual(['x']);
    expect(trainingDatasetsFromConfig({})).toBeUndefined();
  });

  it('composes a fingerprint with every documented field', () => {
    const fp = composeFingerprint({
      runId: 'r1',
      datasetId: 'ds1',
      task: 'qa',
      artifactType: 'evaluation',
      timestamp: '2026-01-01T00:00:00.000Z',
      git: { commit: 'a'.repeat(40), branch: 'main', dirty: false, dirty_paths: [], dirty_count: 0 },
      environment: { os: 'Linux-6-x64', platform: 'linux', arch: 'x64', node_version: 'v20.0.0', python_version: null },
      config: { value: { model: { name: 'm' }, training_datasets: ['train_v1'] }, hash: 'c'.repeat(64) },
      dataset: { fingerprint: 'd'.repeat(64), items: 3, basis: 'ids', idField: 'id' },
      prompts: { hash: 'e'.repeat(64), version: 'pv_1.0.0', file: 'prompts.json' },
    });
    expect(fp).toEqual({
      fingerprint_version: '2',
      tool: { name: 'promotion-gate', version: expect.any(String) },
      artifact_type: 'evaluation',
      timestamp: '2026-01-01T00:00:00.000Z',
      run_id: 'r1',
      task: 'qa',
      git: { commit: 'a'.repeat(40), branch: 'main', dirty: false, dirty_paths: [], dirty_count: 0 },
      environment: { os: 'Linux-6-x64', platform: 'linux', arch: 'x64', node_version: 'v20.0.0', python_version: null },
      config_hash: 'c'.repeat(64),
      dataset: { id: 'ds1', fingerprint: 'd'.repeat(64), items: 3, fingerprint_basis: 'ids', id_field: 'id' },
      model: { name: 'm' },
      training_datasets: ['train_v1'],
      prompts: { prompt_hash: 'e'.repeat(64), prompt_version: 'pv_1.0.0', bundle_file: 'prompts.json' },
    });
  });
});

describe('config hash', () => {
  it('depends on meaning, not on comments, key order, quoting or line ends', () => {
    const a = parseAndHashConfig('a: 1\nb: "two"\n', 'c.yaml').hash;
    expect(parseAndHashConfig('# comment\r\nb: two\r\na: 1\r\n', 'c.yaml').hash).toBe(a);
    expect(parseAndHashConfig('a: 2\nb: two\n', 'c.yaml').hash).not.toBe(a);
  });

  it('names file and line of invalid YAML', () => {
    expect(() => parseAndHashConfig('a: 1\na: 2\n', 'c.yaml')).toThrow(/c\.yaml:2/);
  });
});

describe('git porcelain parsing', () => {
  it('keeps paths exact (spaces, newlines) and takes the new name of renames', () => {
    const out = ' M src/a file.ts\0?? new\nline.txt\0R  renamed.ts\0old.ts\0 D gone.ts\0';
    expect(parsePorcelainZ(out)).toEqual(['src/a file.ts', 'new\nline.txt', 'renamed.ts', 'gone.ts']);
  });
});

describe('commit links', () => {
  it('turns GitHub-style remotes into web links and refuses anything odd', () => {
    expect(webUrlOfRemote('git@github.com:acme/evals.git')).toBe('https://github.com/acme/evals');
    expect(webUrlOfRemote('https://x-access-token:abc@github.com/acme/evals.git')).toBe('https://github.com/acme/evals');
    expect(webUrlOfRemote('/srv/git/evals.git')).toBeUndefined();
    expect(webUrlOfRemote('https://github.com/acme/evals/"><img>')).toBeUndefined();
  });
});

describe('bounded diffs', () => {
  it('is undefined for equal texts (after normalisation) and bounded for huge ones', () => {
    expect(boundedDiff('a', 'b', 'x\r\ny  \n', 'x\ny\n')).toBeUndefined();
    const before = Array.from({ length: 2000 }, (_, i) => `line ${i}`).join('\n');
    const after = Array.from({ length: 2000 }, (_, i) => (i < 300 ? `LINE ${i}` : `line ${i}`)).join('\n');
    const diff = boundedDiff('baseline/config.yaml', 'candidate/config.yaml', before, after)!;
    expect(diff.truncated).toBe(true);
    expect(diff.text.split('\n').length).toBeLessThanOrEqual(MAX_DIFF_LINES);
    expect(diff.omitted_lines).toBe(diff.lines - diff.text.split('\n').length);
    expect(diff.text.startsWith('--- baseline/config.yaml\n+++ candidate/config.yaml\n@@')).toBe(true);
  });

  it('reports a complete rewrite without diffing it', () => {
    const before = Array.from({ length: 2000 }, (_, i) => `line ${i}`).join('\n');
    const after = Array.from({ length: 2000 }, (_, i) => `LINE ${i}`).join('\n');
    expect(boundedDiff('a', 'b', before, after)).toEqual({ text: '', lines: 0, truncated: true, omitted_lines: 0, note: expect.stringMatching(/more than 1000 lines/) });
    expect(boundedDiff('a', 'b', 'x'.repeat(300_000), 'y')?.note).toMatch(/too large to diff/);
  });
});

describe('the remote lookup shared by the two sides of a gate', () => {
  it('asks git once per repository and gives each its own origin', async () => {
    const [a, b] = [initRepo(), initRepo()];
    git(a, 'remote', 'add', 'origin', 'git@github.com:acme/evals.git');
    git(b, 'remote', 'add', 'origin', 'https://github.com/other/repo.git');
    const lookup = sharedRemoteLookup();
    const first = lookup(a);
    expect(lookup(a)).toBe(first); // the same pending answer, no second process
    expect(await first).toBe('git@github.com:acme/evals.git');
    expect(await lookup(b)).toBe('https://github.com/other/repo.git');
    const sha = 'a'.repeat(40);
    expect(await commitUrl(a, sha, {}, lookup)).toBe(`https://github.com/acme/evals/commit/${sha}`);
    expect(await commitUrl(b, sha, {}, lookup)).toBe(`https://github.com/other/repo/commit/${sha}`);
  });
});
