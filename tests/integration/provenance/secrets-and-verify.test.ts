/**
 * A planted fake token in predictions.jsonl fails the compliance gate and never appears in
 * any output (terminal, stderr, JSON report, Markdown report); `verify` names every file
 * changed, removed or added after promotion.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../src/contract/report.js';
import { cleanupTempDirs, tempDir } from '../../support/temp-store.js';
import { cli, commitAll, createArgs, fakeToken, makeRepo, promote, type Repo } from './support.js';

afterAll(cleanupTempDirs);

let repo: Repo;
beforeAll(async () => {
  repo = makeRepo();
  expect((await cli(repo.root, createArgs('base'))).code).toBe(0);
  promote(repo.store, 'base', 'base_v1');
  commitAll(repo.root, 'promote');
});

describe('a planted secret', () => {
  const token = fakeToken(11);
  const out = tempDir();
  let created: Awaited<ReturnType<typeof cli>>;
  let gated: Awaited<ReturnType<typeof cli>>;
  let json: string;
  let markdown: string;

  beforeAll(async () => {
    created = await cli(repo.root, createArgs('leaky', [`secret=${token}`]));
    gated = await cli(repo.root, ['gate', '--store', 'data/eval', '--run', 'leaky', '--baseline', 'base_v1', '--json', join(out, 'r.json'), '--markdown', join(out, 'r.md')]);
    json = readFileSync(join(out, 'r.json'), 'utf8');
    markdown = readFileSync(join(out, 'r.md'), 'utf8');
  });

  it('is in the artifact (the test is real)', () => {
    expect(readFileSync(join(repo.store, 'runs/leaky/predictions.jsonl'), 'utf8')).toContain(token);
  });

  it('fails the compliance gate with file, line and the masked form', () => {
    expect(gated.code).toBe(1);
    const report = JSON.parse(json) as Report;
    const check = report.gates.find((g) => g.name === 'compliance')?.checks.find((c) => c.id === 'artifacts.secrets');
    expect(check).toMatchObject({ status: 'fail', file: 'data/eval/runs/leaky/predictions.jsonl', line: 1 });
    expect(check?.message).toContain(`data/eval/runs/leaky/predictions.jsonl:1 github-token ghp_…${token.slice(-4)}`);
    expect(report.provenance).toMatchObject({ secrets: { total: 1, findings: [{ kind: 'github-token', line: 1, masked: `ghp_…${token.slice(-4)}` }] } });
  });

  it('never appears in any output', () => {
    const middle = token.slice(4, -4);
    for (const text of [created.stdout, created.stderr, gated.stdout, gated.stderr, json, markdown]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(middle);
    }
    expect(created.stderr).toContain(`possible secret at data/eval/runs/leaky/predictions.jsonl:1 (github-token ghp_…${token.slice(-4)})`);
  });

  it('only warns with secrets: warn, and is not scanned with secrets: off', async () => {
    writeFileSync(join(repo.store, 'warn.yml'), 'version: 1\ncompliance:\n  secrets: warn\n');
    writeFileSync(join(repo.store, 'off.yml'), 'version: 1\ncompliance:\n  secrets: off\n');
    const status = async (policy: string): Promise<string | undefined> => {
      await cli(repo.root, ['gate', '--store', 'data/eval', '--run', 'leaky', '--baseline', 'base_v1', '--policy', `data/eval/${policy}`, '--json', join(out, `${policy}.json`)]);
      const report = JSON.parse(readFileSync(join(out, `${policy}.json`), 'utf8')) as Report;
      return report.gates.find((g) => g.name === 'compliance')?.checks.find((c) => c.id === 'artifacts.secrets')?.status;
    };
    expect(await status('warn.yml')).toBe('warn');
    expect(await status('off.yml')).toBe('skip');
  });
});

describe('verify', () => {
  it('passes a fresh run and a promoted baseline, naming what promotion added', async () => {
    expect((await cli(repo.root, createArgs('fresh'))).code).toBe(0);
    const fresh = await cli(repo.root, ['verify', 'data/eval/runs/fresh']);
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toMatch(/verify data\/eval\/runs\/fresh: OK/);
    expect(fresh.stdout).toMatch(/prompts\.json hashes to prompt_hash/);
    expect(fresh.stdout).toMatch(/predictions\.jsonl matches the dataset fingerprint \(3 items\)/);
    const promoted = await cli(repo.root, ['verify', 'data/eval/baselines/base_v1']);
    expect(promoted.code).toBe(0);
    expect(promoted.stdout).toContain('README.md: added by promotion');
  });

  it('names each file tampered, removed or added after promotion (exit 1)', async () => {
    expect((await cli(repo.root, createArgs('to_promote'))).code).toBe(0);
    const dir = promote(repo.store, 'to_promote', 'promoted_v2');
    writeFileSync(join(dir, 'predictions.jsonl'), readFileSync(join(dir, 'predictions.jsonl'), 'utf8').replace('answer c', 'answer C'));
    rmSync(join(dir, 'run.log'));
    writeFileSync(join(dir, 'extra.json'), '{}');
    const result = await cli(repo.root, ['verify', 'data/eval/baselines/promoted_v2']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('changed: predictions.jsonl');
    expect(result.stdout).toContain('missing: run.log');
    expect(result.stdout).toContain('extra: extra.json');
    expect(result.stdout).toMatch(/the items of predictions\.jsonl no longer match|verify data\/eval\/baselines\/promoted_v2: \d+ difference/);
    expect(result.stdout).not.toContain('README.md');
  });

  it('names a promotion that changed more than promotion fields in baseline.json', async () => {
    expect((await cli(repo.root, createArgs('meta'))).code).toBe(0);
    const dir = promote(repo.store, 'meta', 'meta_v1');
    const metadata = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'baseline.json'), JSON.stringify({ ...metadata, status: 'completed', dataset_id: 'other' }));
    const result = await cli(repo.root, ['verify', 'data/eval/baselines/meta_v1']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('changed: baseline.json');
  });

  it('reports a tampered prompt bundle and a folder without a manifest', async () => {
    expect((await cli(repo.root, createArgs('prompty'))).code).toBe(0);
    const dir = join(repo.store, 'runs/prompty');
    writeFileSync(join(dir, 'prompts.json'), JSON.stringify({ system: 'changed', user: 'changed' }));
    const tampered = await cli(repo.root, ['verify', dir]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain('changed: prompts.json');
    expect(tampered.stdout).toMatch(/fingerprint: .*prompts\.json was changed after fingerprinting/);
    rmSync(join(dir, 'manifest.json'));
    const unsealed = await cli(repo.root, ['verify', dir]);
    expect(unsealed.code).toBe(1);
    expect(unsealed.stdout).toContain('missing: manifest.json');
  });

  it('is a usage error for a folder that does not exist', async () => {
    const result = await cli(repo.root, ['verify', 'data/eval/runs/nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/folder not found/);
  });
});
