import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../src/policy/parse.js';
import { UsageError } from '../../../src/contract/errors.js';
import { DEFAULT_POLICY } from '../../../src/policy/schema.js';

const fails = (text: string): string => {
  try {
    parsePolicy(text, 'data/eval/policy.yml');
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected the policy to be rejected');
};

describe('the policy file', () => {
  it('accepts the documented example with every field', () => {
    const policy = parsePolicy(
      `version: 1
pins:
  - baseline: baseline_prod_authority_v2
    dataset: curated_5feeds_smoke_v1
    task: summarization
cold_start: fail
fail_on: error
predictions:
  id_field: auto
  coverage: exact
defaults: builtin
rules:
  - metric: "vs_reference.*.rougeL_f1"
    direction: higher
    tolerance: 0.01
    tolerance_pct: 2
    severity: error
    min: 0.2
    max_gain_pct: 50
    missing: fail
    significance: 0.05
    score: rougeL_f1
compliance:
  allow_dirty: false
  require_commit: true
  require_same_dataset: true
  required_fields: []
  secrets: fail
references:
  show: true
`,
      'policy.yml',
    );
    expect(policy.pins[0]?.baseline).toBe('baseline_prod_authority_v2');
    expect(policy.rules[0]).toMatchObject({ metric: 'vs_reference.*.rougeL_f1', significance: 0.05, score: 'rougeL_f1' });
  });

  it('fills the documented defaults', () => {
    expect(parsePolicy('version: 1\n', 'p.yml')).toEqual(DEFAULT_POLICY);
    expect(DEFAULT_POLICY).toMatchObject({ cold_start: 'fail', fail_on: 'error', defaults: 'builtin', predictions: { id_field: 'auto', coverage: 'exact' } });
  });

  it('names an unknown field with its line', () => {
    expect(fails('version: 1\nrules:\n  - metric: f1\n    tolerence: 0.1\n')).toBe(
      'data/eval/policy.yml:4:5: rules[0].tolerence: unknown field (did you mean "tolerance"?)',
    );
  });

  it('names a field with the wrong type', () => {
    expect(fails('version: 1\nrules:\n  - metric: f1\n    direction: up\n')).toMatch(/^data\/eval\/policy\.yml:4:5: rules\[0\]\.direction: Invalid option/);
    expect(fails('version: 1\ncompliance:\n  allow_dirty: "no"\n')).toMatch(/:3:3: compliance\.allow_dirty: /);
  });

  it('rejects another version', () => {
    expect(fails('version: 2\n')).toMatch(/version/);
  });

  it('refuses any attempt to make references block', () => {
    expect(fails('version: 1\nreferences:\n  show: true\n  blocking: true\n')).toMatch(/references are informational and can never block/);
    expect(fails('version: 1\nrules:\n  - metric: references.silver.f1\n    direction: higher\n')).toMatch(/can never block/);
  });

  it('refuses min above max', () => {
    expect(fails('version: 1\nrules:\n  - metric: f1\n    min: 2\n    max: 1\n')).toMatch(/min \(2\) is above max \(1\)/);
  });

  it('refuses duplicate keys, custom tags and alias bombs (F11)', () => {
    expect(fails('version: 1\nfail_on: error\nfail_on: warning\n')).toMatch(/policy\.yml:3:1: invalid YAML: .*unique/i);
    expect(fails('version: !!python/object:os.system 1\n')).toMatch(/invalid YAML/);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`), 'version: 1'].join('\n');
    expect(fails(bomb)).toMatch(/invalid YAML: .*alias/i);
  });

  it('refuses an empty file', () => {
    expect(fails('')).toMatch(/empty/);
  });
});
