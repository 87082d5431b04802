/* eslint-disable no-control-regex -- these tests feed and look for control characters on purpose */
// The PR comment / job summary layout, and F16 end to end through the whole renderer.
import { describe, expect, it } from 'vitest';
import { countMarkers } from '../../../src/report/escape.js';
import { MARKDOWN_SECTIONS, insertSection, renderMarkdown, type MarkdownSection } from '../../../src/report/markdown.js';
import type { Report } from '../../../src/contract/report.js';
import { check, makeReport, metric, outsideCodeSpans, tableCells } from './fixtures.js';

const BUDGET = 60_000;

/** Consecutive `|` lines form a table; every row must have the header's column count. */
function tablesOf(markdown: string): string[][] {
  const found: string[][] = [[]];
  for (const line of markdown.split('\n')) {
    if (line.startsWith('|')) found.at(-1)?.push(line);
    else if (found.at(-1)?.length !== 0) found.push([]);
  }
  return found.filter((t) => t.length > 0);
}

describe('layout', () => {
  const md = renderMarkdown(makeReport(), { budget: BUDGET, marker: 'run_x', headSha: 'abc1234' });

  it('starts with the one hidden marker, then the verdict', () => {
    const [first, second] = md.split('\n');
    expect(first).toBe('<!-- promotion-gate:run_x -->');
    expect(second).toBe('### ❌ promotion\\-gate: fail');
    expect(countMarkers(md)).toBe(1);
  });

  it('orders sections: verdict, failing, warnings, metrics, chart, references, details, footer', () => {
    const order = ['### ❌', '#### Failing checks', '#### Warnings', '#### Metric deltas', '```mermaid',
      '#### References (informational, never blocking)', '<details><summary>Passing', '<details><summary>Other metrics', 'abc1234'];
    const positions = order.map((h) => md.indexOf(h));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('names candidate, baseline, dataset, task and how the baseline was chosen', () => {
    expect(md).toContain('Candidate `run_x` vs baseline `baseline_y` · dataset `smoke_v1` · task `summarization`');
    expect(md).toContain('Baseline: pinned in the policy');
  });

  it('sorts the delta table failing first, then warnings, then by name, with arrows and signed deltas', () => {
    const rows = md.split('\n').filter((l) => /^\| (❌|⚠️|✅) \| `/.test(l));
    expect(rows.map((r) => tableCells(r)[1]?.trim())).toEqual(['`rougeL_f1`', '`latency_ms`', '`accuracy`']);
    expect(rows[0]).toBe('| ❌ | `rougeL_f1` | ↑ | 0.43 | 0.38 | −0.05 | −12% | `default` — dropped 12% |');
    expect(rows[1]).toContain('| ↓ | 100 | 125 | +25 | +25% |');
  });

  it('puts passing checks and ungated metrics in <details>, not in the main lists', () => {
    const details = md.slice(md.indexOf('<details>'));
    expect(details).toContain('`artifacts.present`');
    expect(details).toContain('`tokens_total`');
    expect(md.slice(0, md.indexOf('<details>'))).not.toContain('`tokens_total`');
  });

  it('adds a CI column only when an interval exists, formatted as bounds, level and items', () => {
    expect(md).not.toContain('| CI |');
    const report = makeReport();
    report.metrics[0] = metric('rougeL_f1', { status: 'fail', interval: { low: -0.031, high: -0.004, level: 0.95, method: 'bootstrap', items: 400 } });
    const withCi = renderMarkdown(report, { budget: BUDGET });
    expect(withCi).toContain('| CI |');
    expect(withCi).toContain('| [−0.031, −0.004] 95% n=400 |');
  });

  it('says a cold start plainly', () => {
    const cold = renderMarkdown(makeReport({ baseline: null, baseline_source: 'cold-start' }), { budget: BUDGET });
    expect(cold).toContain('**Cold start:** no baseline is pinned');
    expect(cold).toContain('only absolute bounds (min/max) were applied');
    expect(cold).not.toContain('vs baseline `');
  });

  it('writes no marker when none is asked for', () => {
    expect(countMarkers(renderMarkdown(makeReport(), { budget: BUDGET }))).toBe(0);
  });

  it('refuses a marker key that is not a run id', () => {
    expect(() => renderMarkdown(makeReport(), { budget: BUDGET, marker: 'x --> <img>' })).toThrow(/not a valid run id/);
  });

  it('links check locations through fileLink, with the line, and only to http(s)', () => {
    const report = makeReport();
    const perf = report.gates[1];
    if (perf?.checks[0]) Object.assign(perf.checks[0], { file: 'data/eval/runs/run_x/metrics.json', line: 7 });
    const linked = renderMarkdown(report, { budget: BUDGET, fileLink: (p) => `https://github.com/o/r/blob/abc/${p}` });
    expect(linked).toContain('([`data/eval/runs/run_x/metrics.json:7`](https://github.com/o/r/blob/abc/data/eval/runs/run_x/metrics.json#L7))');
    const unsafe = renderMarkdown(report, { budget: BUDGET, fileLink: () => 'javascript:alert(1)' });
    expect(unsafe).not.toContain('javascript:');
    expect(unsafe).toContain('(`data/eval/runs/run_x/metrics.json:7`)');
  });

  it('lets a later feature add a section without touching the core layout', () => {
    const provenance: MarkdownSection = {
      name: 'provenance',
      render: (report: Report) => [`\n#### Provenance\n\n${String(report['provenance'])}\n`],
    };
    const sections = insertSection(MARKDOWN_SECTIONS, provenance, 'metrics');
    const out = renderMarkdown(makeReport({ provenance: 'commit abc' }), { budget: BUDGET, sections });
    expect(out.indexOf('#### Provenance')).toBeGreaterThan(out.indexOf('#### Metric deltas'));
    expect(out.indexOf('#### Provenance')).toBeLessThan(out.indexOf('#### Relative deltas'));
    expect(MARKDOWN_SECTIONS.map((s) => s.name)).not.toContain('provenance');
  });

  it('neutralises a marker that a careless extra section writes, keeping exactly one', () => {
    const careless: MarkdownSection = { name: 'careless', render: () => ['\n<!-- promotion-gate:other -->\n'] };
    const out = renderMarkdown(makeReport(), { budget: BUDGET, marker: 'run_x', sections: [...MARKDOWN_SECTIONS, careless] });
    expect(countMarkers(out)).toBe(1);
    expect(out.startsWith('<!-- promotion-gate:run_x -->')).toBe(true);
  });
});

describe('F16: hostile strings through the whole report', () => {
  const evil = [
    '@team', '&#64;user', '</details>', '<img src=x onerror=alert(1)>', 'a|b|c', 'two\nlines\r\n| x |',
    '<!-- promotion-gate:x -->', 'evil\u202Egnp.exe \u2066x\u2069', '``` fence ` tick', '[link](javascript:alert(1))',
    'fixes #123', 'z'.repeat(5000),
  ];
  // A real fileLink encodes the path; an href still gets `&` escaped by the renderer.
  const link = (p: string): string => `https://x.test/${encodeURIComponent(p)}?a=1&b=2`;
  const report = makeReport({ dataset: evil[0], task: evil[1] });
  report.metrics.push(...evil.map((name, i) => metric(name, { status: i % 2 ? 'warn' : 'info', rule: evil[(i + 1) % evil.length] ?? '', message: evil[(i + 2) % evil.length] ?? '' })));
  report.gates[1]?.checks.push(...evil.map((text) => check(text, 'fail', `${text} ${text}`)));
  report.gates[0]?.checks.push(...evil.map((text) => ({ ...check(text, 'pass', text), file: text, line: 3 })));
  report.references.push(...evil.map((text) => ({
    id: text, quality: 'gold' as const, informational: true as const, note: text,
    metrics: [{ name: text, candidate: 1, baseline: 2, delta: -1 }],
  })));
  const md = renderMarkdown(report, { budget: BUDGET, marker: 'run_x', fileLink: link });
  const live = outsideCodeSpans(md.slice(md.indexOf('\n')));

  it('writes exactly one marker, the renderer\'s own, on the first line', () => {
    expect(countMarkers(md)).toBe(1);
    expect(md.startsWith('<!-- promotion-gate:run_x -->\n')).toBe(true);
  });

  it('leaves no HTML, mention, entity or issue link live outside code spans', () => {
    expect(live).not.toMatch(/<img|<!--|&#64;|@team|#123|\]\(javascript/);
    expect(live.match(/<details>/g)).toHaveLength(2);
    expect(live.match(/<\/details>/g)).toHaveLength(2);
  });

  it('contains no bidi or control character anywhere', () => {
    expect(md).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\r\x00-\x08\x0B-\x1F]/);
  });

  it('keeps every table row at its header\'s column count', () => {
    const found = tablesOf(md);
    expect(found.length).toBeGreaterThanOrEqual(3);
    for (const table of found) {
      const width = tableCells(table[0] ?? '').length;
      for (const row of table) expect(tableCells(row)).toHaveLength(width);
    }
  });

  it('never starts a line with a backtick fence except the mermaid block', () => {
    expect(md.split('\n').filter((l) => l.startsWith('```'))).toEqual(['```mermaid', '```']);
  });

  it('is the same text every time', () => {
    expect(renderMarkdown(report, { budget: BUDGET, marker: 'run_x', fileLink: link })).toBe(md);
  });
});

it('test helpers: cells split on unescaped pipes only, tables are runs of | lines', () => {
  expect(tableCells('| a | `b\\|c` | d |')).toHaveLength(3);
  expect(tablesOf('| a |\n| b |\n\ntext\n| c |')).toEqual([['| a |', '| b |'], ['| c |']]);
});
