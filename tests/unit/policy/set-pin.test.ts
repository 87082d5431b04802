// set-pin edits the policy through the yaml Document API: comments and layout survive, and
// the edited policy resolves the run's dataset and task to the new baseline.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/contract/errors.js';
import { pinBaseline } from '../../../src/policy/set-pin.js';
import { EXAMPLE_STORE } from '../../support/temp-store.js';

const example = readFileSync(join(EXAMPLE_STORE, 'policy.yml'), 'utf8');

function changedLines(before: string, after: string): string[] {
  const old = new Set(before.split('\n'));
  return after.split('\n').filter((line) => !old.has(line));
}

describe('pinBaseline', () => {
  it('repoints the exact pin and changes nothing else (comments kept)', () => {
    const { text, change } = pinBaseline(example, 'policy.yml', 'baseline_demo_v2', 'demo_support_qa_v1', 'qa');
    expect(changedLines(example, text)).toEqual(['  - baseline: baseline_demo_v2']);
    expect(text.split('\n')).toHaveLength(example.split('\n').length);
    expect(text).toContain('# Demo gate policy (version 1).');
    expect(change).toBe('pins[0] in policy.yml: baseline_demo_v1 → baseline_demo_v2 (dataset demo_support_qa_v1, task qa)');
  });

  it('puts a new, specific pin before a broader pin that would shadow it', () => {
    const policy = '# team policy\nversion: 1\npins:\n  - baseline: catch_all # everything else\n';
    const { text, change } = pinBaseline(policy, 'p.yml', 'b2', 'ds9', undefined);
    expect(text).toContain('# everything else');
    expect(text.indexOf('baseline: b2')).toBeLessThan(text.indexOf('baseline: catch_all'));
    expect(change).toBe('added pins[0] in p.yml: b2 for dataset ds9');
  });

  it('appends when nothing matches, adds pins when there are none, creates the file when absent', () => {
    expect(pinBaseline('version: 1\npins:\n  - baseline: a\n    dataset: other\n', 'p', 'b', 'ds', 't').change).toBe('added pins[1] in p: b for dataset ds, task t');
    expect(pinBaseline('version: 1 # v\n', 'p', 'b', 'ds', undefined).text).toMatch(/version: 1 # v\npins:\n {2}- baseline: b\n {4}dataset: ds\n/);
    expect(pinBaseline(undefined, 'p', 'b', 'ds', 'qa').text).toContain('pins:\n  - baseline: b\n    dataset: "ds"\n    task: "qa"\n');
  });

  it('refuses a run without a dataset and an invalid policy', () => {
    expect(() => pinBaseline(example, 'p', 'b', undefined, 'qa')).toThrow(UsageError);
    expect(() => pinBaseline('version: 1\nbogus: 1\n', 'p.yml', 'b', 'ds', undefined)).toThrow(/p\.yml:2:1: bogus: unknown field/);
  });
});
