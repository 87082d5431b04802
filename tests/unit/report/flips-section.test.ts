// The per-item flips section (issue 6): folded, the worst few listed, every run-controlled
// string escaped (F16), droppable before anything that decides the verdict.
import { describe, expect, it } from 'vitest';
import type { FlipsEntry } from '../../../src/contract/report-sections.js';
import { countMarkers } from '../../../src/report/escape.js';
import { MARKDOWN_SECTIONS, insertSection, renderMarkdown } from '../../../src/report/markdown.js';
import { SHOWN_IDS, SHOWN_WORSENINGS, flipsSection, readFlips } from '../../../src/report/sections/flips.js';
import { makeReport, outsideCodeSpans } from './fixtures.js';

const sections = insertSection(MARKDOWN_SECTIONS, flipsSection, 'chart');
const BUDGET = 60_000;

const binary = (over: Partial<Extract<FlipsEntry, { kind: 'binary' }>> = {}): FlipsEntry => ({
  kind: 'binary', metrics: ['quality.exact_match'], direction: 'higher', items: 5000, worse: 3, better: 1,
  worse_ids: ['q1', 'q2', 'q3'], better_ids: ['q9'], ids_truncated: false, ...over,
});

const continuous = (n = 3): FlipsEntry => ({
  kind: 'continuous', metrics: ['summary.rougeL_f1'], direction: 'higher', items: 800, worse: 120, better: 90,
  largest_worsening: Array.from({ length: n }, (_, i) => ({ id: `e${i}`, baseline: 0.9, candidate: 0.1 + i / 100, delta: -0.8 + i / 100 })),
});

describe('flips section', () => {
  it('renders nothing without flips', () => {
    expect(flipsSection.render(makeReport(), { budget: BUDGET })).toEqual([]);
    expect(renderMarkdown(makeReport(), { budget: BUDGET, sections })).toBe(renderMarkdown(makeReport(), { budget: BUDGET }));
  });

  it('is folded, placed after the chart, and counts flips per score', () => {
    const md = renderMarkdown(makeReport({ flips: { exact_match: binary(), rougeL_f1: continuous() } }), { budget: BUDGET, sections });
    const start = md.indexOf('<details><summary>Per-item flips (2 scores): 123 worse, 91 better</summary>');
    expect(start).toBeGreaterThan(md.indexOf('```mermaid'));
    expect(start).toBeLessThan(md.indexOf('#### References'));
    const body = md.slice(start, md.indexOf('</details>', start));
    expect(body).toContain('- Score `exact_match` (binary, 5,000 paired items; metric `quality.exact_match`): 3 items passed in the baseline and fail in the candidate; 1 the reverse.');
    expect(body).toContain('  - Now worse: `q1`, `q2`, `q3`\n');
    expect(body).toContain('  - Now better: `q9`\n');
    expect(body).toContain('- Score `rougeL_f1` (continuous, 800 paired items; metric `summary.rougeL_f1`): 120 items worse, 90 better.');
    expect(body).toContain('    - `e0`: 0.9 → 0.1, −0.8\n');
  });

  it('lists only the worst few, pointing to the report artifact for the rest', () => {
    const ids = Array.from({ length: 40 }, (_, i) => `id${i}`);
    const md = renderMarkdown(makeReport({ flips: { exact_match: binary({ worse: 1234, worse_ids: ids }), rougeL_f1: continuous(50) } }), { budget: BUDGET, sections });
    expect(md).toContain(`\`id${SHOWN_IDS - 1}\`, … (${(1234 - SHOWN_IDS).toLocaleString('en-US')} more; the report artifact lists 40)`);
    expect(md).toContain('  - Now better: `q9`\n');
    const all = renderMarkdown(makeReport({ flips: { exact_match: binary({ worse: 40, worse_ids: ids }) } }), { budget: BUDGET, sections });
    expect(all).toContain(`, … (${40 - SHOWN_IDS} more in the report artifact)`);
    expect(md).not.toContain(`\`id${SHOWN_IDS}\``);
    expect(md).toContain(`\`e${SHOWN_WORSENINGS - 1}\``);
    expect(md).not.toContain(`\`e${SHOWN_WORSENINGS}\``);
  });

  it('words a lower-is-better binary score without pass/fail', () => {
    const md = renderMarkdown(makeReport({ flips: { leak: binary({ direction: 'lower' }) } }), { budget: BUDGET, sections });
    expect(md).toContain('went from 0 in the baseline to 1 in the candidate (lower is better)');
  });

  it('escapes hostile ids, score and metric names (F16)', () => {
    const hostile = ['<!-- promotion-gate:x -->', '@octocat', '#12', '<img src=x onerror=alert(1)>', '`a``b`', 'x|y\n- injected', '\u202eevil'];
    const flips = {
      [hostile[0] as string]: binary({ worse_ids: hostile, worse: hostile.length, metrics: ['m<b>|'] }),
      '@team': { ...continuous(), largest_worsening: hostile.map((id) => ({ id, baseline: 1, candidate: 0, delta: -1 })) },
    };
    const md = renderMarkdown(makeReport({ flips }), { budget: BUDGET, marker: 'run_x', sections });
    expect(countMarkers(md)).toBe(1);
    const outside = outsideCodeSpans(md);
    expect(outside).not.toMatch(/<img|@octocat|@team|<b>|\u202e/);
    expect(md).not.toContain('\n- injected');
  });

  it('drops before anything that decides the verdict when the budget is tight', () => {
    const ids = Array.from({ length: 10 }, (_, i) => `item-${'x'.repeat(60)}-${i}`);
    const report = makeReport({ flips: { exact_match: binary({ worse: 10, worse_ids: ids }) } });
    const full = renderMarkdown(report, { budget: BUDGET, sections });
    const tight = renderMarkdown(report, { budget: full.length - 200, sections });
    expect(tight).toContain('#### Failing checks');
    expect(tight).toContain('rougeL_f1');
    expect(tight.length).toBeLessThanOrEqual(full.length - 200);
    expect(tight).toContain('more rows in the report artifact');
  });

  it('ignores a flips section of an unexpected shape (a report read back from a file)', () => {
    const report = makeReport({ flips: { a: { kind: 'binary', worse: 'many' }, b: binary(), c: null, d: { ...continuous(), largest_worsening: [{ id: 1 }] } } });
    expect(readFlips(report).map(([name]) => name)).toEqual(['b']);
    expect(readFlips(makeReport({ flips: [binary()] }))).toEqual([]);
  });
});
