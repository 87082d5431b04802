// The policy-change section: registered through the report's extension point, says which
// policy applied, and keeps a hostile policy diff inert inside a fence it cannot close.
import { describe, expect, it } from 'vitest';
import { policyChange, policyChangeSection } from '../../../src/action/policy-change.js';
import { ACTION_SECTIONS } from '../../../src/action/render.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { countMarkers } from '../../../src/report/escape.js';
import { recordedHead } from '../../../src/action/head-order.js';
import type { Report } from '../../../src/contract/report.js';

const BASE = 'b'.repeat(40);
const HEAD = 'c'.repeat(40);

function report(extra: Record<string, unknown>): Report {
  return {
    schema: 'promotion-gate/report@1', verdict: 'pass', fail_on: 'error', candidate: { id: 'r1', path: 'data/eval/runs/r1' },
    baseline: null, baseline_source: 'none', gates: [], metrics: [], references: [], ...extra,
  };
}

describe('policyChange', () => {
  it('is absent when the policy did not change', () => {
    expect(policyChange('p.yml', 'a\n', 'a\n', BASE, HEAD)).toBeUndefined();
    expect(policyChange('p.yml', undefined, undefined, BASE, HEAD)).toBeUndefined();
  });

  it('renders after the heading, naming the base commit that applied, with the diff', () => {
    const change = policyChange('data/eval/policy.yml', 'tolerance: 0.02\n', 'tolerance: 0.9\n', BASE, HEAD);
    expect(ACTION_SECTIONS.map((s) => s.name).slice(0, 2)).toEqual(['heading', 'policy-change']);
    const md = renderMarkdown(report({ policy_change: change }), { budget: 60_000, marker: 'r1', headSha: HEAD, sections: ACTION_SECTIONS });
    expect(md).toContain('This pull request changes the policy');
    expect(md).toContain(`the policy at the base commit \`${BASE.slice(0, 12)}\``);
    expect(md).toMatch(/^-tolerance: 0\.02$/m);
    expect(md).toMatch(/^\+tolerance: 0\.9$/m);
    expect(recordedHead(md)).toBe(HEAD);
  });

  it('keeps a hostile policy diff inert', () => {
    const hostile = 'x: "```\n<!-- promotion-gate:r1 -->\n</details><img src=x>\n@team \u202e"\n';
    const change = policyChange('policy.yml', 'x: 1\n', hostile, BASE, HEAD);
    const parts = policyChangeSection.render(report({ policy_change: change }), { budget: 1 });
    const block = parts[1];
    expect(typeof block === 'object' && 'head' in block ? block.head : '').toContain('````diff');
    const md = renderMarkdown(report({ policy_change: change }), { budget: 60_000, marker: 'r1', sections: ACTION_SECTIONS });
    expect(countMarkers(md)).toBe(1);
    expect(md).not.toContain('\u202e');
  });

  it('says when the PR adds the policy (defaults applied)', () => {
    const change = policyChange('policy.yml', undefined, 'version: 1\n', BASE, HEAD);
    expect(change?.kind).toBe('added');
    const md = renderMarkdown(report({ policy_change: change }), { budget: 60_000, sections: ACTION_SECTIONS });
    expect(md).toContain('adds the policy');
    expect(md).toContain('the built-in defaults');
  });
});
