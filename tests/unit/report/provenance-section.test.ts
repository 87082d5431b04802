import { describe, expect, it } from 'vitest';
import { insertSection, MARKDOWN_SECTIONS, renderMarkdown } from '../../../src/report/markdown.js';
import { provenanceSection } from '../../../src/report/sections/provenance.js';
import type { Report } from '../../../src/contract/report.js';

const SECTIONS = insertSection(MARKDOWN_SECTIONS, provenanceSection, 'details');

function report(provenance: unknown): Report {
  return {
    schema: 'promotion-gate/report@1',
    verdict: 'pass',
    fail_on: 'error',
    candidate: { id: 'cand', path: 'data/eval/runs/cand' },
    baseline: { id: 'base_v1', path: 'data/eval/baselines/base_v1' },
    baseline_source: 'flag',
    gates: [],
    metrics: [],
    references: [],
    provenance,
  };
}

const side = {
  commit: 'a'.repeat(40),
  commit_url: `https://github.com/acme/evals/commit/${'a'.repeat(40)}`,
  branch: 'feature/@team `x`',
  dirty: true,
  dirty_paths: ['src/<img src=x>.py', 'notes | table.md'],
  dirty_count: 2,
  dataset: { id: 'ds1', fingerprint: 'b'.repeat(64) },
  prompt_version: 'pv_1.2.0',
  prompt_hash: 'c'.repeat(64),
  config_hash: 'd'.repeat(64),
};

describe('the provenance Markdown section', () => {
  it('shows commit (linked), dirty state, dataset and prompts of both sides, escaped', () => {
    const text = renderMarkdown(report({ candidate: side, baseline: { ...side, dirty: false, commit_url: 'javascript:alert(1)' }, dataset_match: true, prompt_changed: false, diffs: {} }), { budget: 60_000, sections: SECTIONS });
    expect(text).toContain('<details><summary>Provenance: commit aaaaaaa, dirty tree, same dataset as the baseline</summary>');
    expect(text).toContain(`[\`aaaaaaa\`](https://github.com/acme/evals/commit/${'a'.repeat(40)})`);
    expect(text).not.toContain('javascript:');
    expect(text).toContain('⚠️ dirty (2 paths:');
    // Inside a code span HTML is shown as text, never rendered.
    expect(text).toContain('`src/<img src=x>.py`');
    expect(text.replace(/`[^`]*`/g, '')).not.toMatch(/<img/);
    expect(text).toContain('notes \\| table.md');
    expect(text).toContain('`pv_1.2.0` `cccccccccccc…`');
    expect(text).toContain('| working tree |');
  });

  it('folds a diff in a fence the diff text cannot close', () => {
    const diff = { text: '--- baseline/prompts.json\n+++ candidate/prompts.json\n@@ -1 +1 @@\n-a\n+```\n+</details> @owner <!-- x -->', truncated: true, omitted_lines: 12 };
    const text = renderMarkdown(report({ candidate: side, baseline: side, prompt_changed: true, diffs: { prompts: diff } }), { budget: 60_000, sections: SECTIONS });
    expect(text).toContain('Prompt changes (baseline → candidate):\n\n````diff\n');
    expect(text).toContain('\n````\n');
    expect(text).toContain('12 more diff line(s) in the report artifact');
    expect(text).not.toContain('<!-- x');
  });

  it('is left out when absent or malformed, and dropped first under a tight budget', () => {
    expect(renderMarkdown(report(undefined), { budget: 60_000, sections: SECTIONS })).not.toContain('Provenance');
    expect(renderMarkdown(report({ candidate: 'nope' }), { budget: 60_000, sections: SECTIONS })).not.toContain('Provenance');
    const big = { text: `--- a\n+++ b\n${'+line\n'.repeat(3000)}`, truncated: false, omitted_lines: 0 };
    const text = renderMarkdown(report({ candidate: side, baseline: side, diffs: { config: big } }), { budget: 4000, sections: SECTIONS });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(4000);
    expect(text).not.toContain('+line');
  });
});

describe('issue 10, item 16: a dirty tree whose paths were not recorded', () => {
  it('says "paths not recorded", never "0 paths" (the corpus fingerprints record only dirty: true)', () => {
    const corpusSide = { ...side, dirty_paths: [], dirty_count: null };
    const text = renderMarkdown(report({ candidate: corpusSide, baseline: corpusSide, dataset_match: true, prompt_changed: false, diffs: {} }), { budget: 60_000, sections: SECTIONS });
    expect(text).toContain('dirty (paths not recorded)');
    expect(text).not.toContain('0 paths');
  });
});
