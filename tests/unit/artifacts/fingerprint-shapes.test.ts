/**
 * Real-world fingerprints (the corpus's `fingerprint_version: "1.0"` shape with
 * `run_context.git`) are read without error, their dirty flag reported as such, known
 * fields mapped and unknown fields kept; completing one never overwrites what it records.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintField, fingerprintGit, fingerprintSchema } from '../../../src/artifacts/fingerprint.js';
import { fingerprintChecks } from '../../../src/gate/checks/compliance.js';
import { DEFAULT_POLICY, policySchema } from '../../../src/policy/schema.js';
import { completeFingerprint } from '../../../src/capture/fingerprint-build.js';
import { CORPUS } from '../../support/temp-store.js';

const baselines = join(CORPUS, 'baselines');
const corpusFingerprints = readdirSync(baselines)
  .map((name) => join(baselines, name, 'fingerprint.json'))
  .filter((path) => existsSync(path));

const read = (name: string): unknown => JSON.parse(readFileSync(join(baselines, name, 'fingerprint.json'), 'utf8'));

describe('corpus fingerprints', () => {
  it('all parse, keeping every field', () => {
    expect(corpusFingerprints.length).toBeGreaterThan(40);
    for (const path of corpusFingerprints) {
      const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      const parsed = fingerprintSchema.safeParse(raw);
      expect(parsed.success, path).toBe(true);
      expect(parsed.data).toEqual(raw);
    }
  });

  it('reports the dirty tree of baseline_llm_anthropic_smoke_paragraph_v1', () => {
    const fp = fingerprintSchema.parse(read('baseline_llm_anthropic_smoke_paragraph_v1'));
    expect(fingerprintGit(fp)).toMatchObject({ commit: 'f77bb94570d0d108d6f39be85e1dbc3e4d4d1efc', branch: 'autoresearch', dirty: true });
    const checks = fingerprintChecks({ fingerprint: fp, fingerprintFile: 'fp.json', policy: DEFAULT_POLICY });
    expect(checks.find((c) => c.id === 'fingerprint.clean-tree')).toMatchObject({ status: 'fail', message: expect.stringContaining('dirty working tree') });
    const allowed = policySchema.parse({ version: 1, compliance: { allow_dirty: true } });
    expect(fingerprintChecks({ fingerprint: fp, fingerprintFile: 'fp.json', policy: allowed }).find((c) => c.id === 'fingerprint.clean-tree')?.status).toBe('warn');
  });

  it('maps known fields for required_fields: git, dataset and the single-stage model', () => {
    const fp = fingerprintSchema.parse(read('baseline_llm_anthropic_smoke_paragraph_v1'));
    expect(fingerprintField(fp, 'git.commit')).toBe('f77bb94570d0d108d6f39be85e1dbc3e4d4d1efc');
    expect(fingerprintField(fp, 'dataset.id')).toBe('curated_5feeds_smoke_v1');
    expect(fingerprintField(fp, 'model.name')).toBe('claude-haiku-4-5');
    expect(fingerprintField(fp, 'model.generation.temperature')).toBe(0);
    expect(fingerprintField(fp, 'model.generation.seed')).toBeUndefined();
    const policy = policySchema.parse({ version: 1, compliance: { required_fields: ['model.name', 'model.generation.seed'] } });
    const checks = fingerprintChecks({ fingerprint: fp, fingerprintFile: 'fp.json', policy });
    expect(checks.find((c) => c.id === 'fingerprint.field.model.name')?.status).toBe('pass');
    expect(checks.find((c) => c.id === 'fingerprint.field.model.generation.seed')?.status).toBe('fail');
  });

  it('completing a corpus fingerprint adds only what is missing, and says so', () => {
    const existing = read('baseline_llm_anthropic_smoke_paragraph_v1') as Record<string, unknown>;
    const fresh = {
      fingerprint_version: '2',
      git: { commit: 'a'.repeat(40), dirty: false },
      run_id: 'other',
      timestamp: '2026-01-01T00:00:00.000Z',
      environment: { os: 'Linux', python_version: '3.12.0', node_version: 'v20.0.0' },
      dataset: { id: 'curated_5feeds_smoke_v1', fingerprint: 'f'.repeat(64) },
      prompts: { prompt_hash: 'e'.repeat(64) },
    };
    const { fingerprint, added } = completeFingerprint(existing, fresh, '2026-01-01T00:00:00.000Z');
    // The time and machine of the completion are not the run's (issue 10, item 9): they go into `completed`.
    expect(added).toEqual(['dataset', 'prompts.prompt_hash']);
    expect(fingerprint.timestamp).toBeUndefined();
    expect(fingerprint.environment).toEqual(existing.environment);
    expect(fingerprint.git).toBeUndefined();
    expect((fingerprint.run_context as { git: unknown }).git).toEqual((existing.run_context as { git: unknown }).git);
    expect(fingerprint.fingerprint_version).toBe('1.0');
    expect((fingerprint.environment as Record<string, unknown>).python_version).toBe('3.11.8');
    expect(fingerprint.preprocessing).toEqual(existing.preprocessing);
    expect(fingerprint.completed).toEqual([{ by: expect.stringContaining('promotion-gate'), at: '2026-01-01T00:00:00.000Z', on: fresh.environment, fields: added }]);
    expect(fingerprintSchema.safeParse(fingerprint).success).toBe(true);
  });

  it('completing a complete fingerprint changes nothing', () => {
    const existing = { git: { commit: 'a'.repeat(40), dirty: false }, timestamp: 't', custom: { keep: 1 } };
    expect(completeFingerprint(existing, { timestamp: 'later', git: { commit: 'b'.repeat(40) } }, 'now')).toEqual({ fingerprint: existing, added: [] });
  });

  it('refuses malformed known fields', () => {
    expect(fingerprintSchema.safeParse({ prompts: { prompt_hash: 'not-a-hash' } }).success).toBe(false);
    expect(fingerprintSchema.safeParse({ git: { dirty: 'yes' } }).success).toBe(false);
    expect(fingerprintSchema.safeParse({ prompts: null, unknown_field: { any: ['thing'] } }).success).toBe(true);
  });
});
