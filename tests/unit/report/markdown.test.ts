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
    const order = ['### ❌', '#### Failing checks', '#### Warnings', '#### Metrics (', '```mermaid',
      '#### References (informational, never blocking)', '<details><summary>Passing', '<details><summary>Other metrics', 'abc1234'];
    const positions = order.map((h) => md.indexOf(h));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('names candidate, baseline, how it was chosen, dataset and task', () => {
    expect(md).toContain('Candidate `run_x` vs baseline `baseline_y` (pinned in the policy) · dataset `smoke_v1` · task `summarization`');
  });

  it('says under the verdict how many checks failed and how many gated metrics are within tolerance, with no ✅', () => {
    const summary = md.split('\n')[3] ?? '';
    expect(summary).toBe('**1 failing check** · 1 warning · 1 of 3 gated metrics within tolerance  ');
  });

  it('links the workflow run, the report artifact and the head commit when known', () => {
    const head = 'c'.repeat(40);
    const linked = renderMarkdown(makeReport(), {
      budget: BUDGET, headSha: head, runUrl: 'https://github.com/o/r/actions/runs/9', artifactUrl: 'https://github.com/o/r/actions/runs/9#artifacts',
      commitLink: (sha) => `https://github.com/o/r/commit/${sha}`,
    });
    expect(linked).toContain('[workflow run](https://github.com/o/r/actions/runs/9) · [report artifact](https://github.com/o/r/actions/runs/9#artifacts)');
    expect(linked).toContain(`for head [\`ccccccc\`](https://github.com/o/r/commit/${head})`);
    expect(linked).not.toContain(`\`${head}\``);
  });

  it('sorts the metric table failing first, then warnings, then by name, in five narrow columns', () => {
    const rows = md.split('\n').filter((l) => /^\| (❌|⚠️|✅) \| `/.test(l));
    expect(rows.map((r) => tableCells(r)[1]?.trim())).toEqual(['`rougeL_f1` ↑', '`latency_ms` ↓', '`accuracy` ↑']);
    expect(rows[0]).toBe('| ❌ | `rougeL_f1` ↑ | 0.43 | 0.38 | −0.05 (−12%) |');
    expect(rows[1]).toBe('| ⚠️ | `latency_ms` ↓ | 100 | 125 | +25 (+25%) |');
    // The reason is in the check list, not in the table.
    expect(md).toContain('- ❌ **performance** `metric.rougeL_f1` — rougeL\\_f1 dropped 12% \\(tolerance 5%\\)');
  });

  it('says in the check list, not the table, which word or rule decided a failing row, once', () => {
    const report = makeReport();
    report.metrics[0] = metric('rougeL_f1', { status: 'fail', candidate: 0.38, delta: -0.05, relative_delta: -0.12, basis: '`f1` in `rougeL_f1`' });
    report.metrics[2] = metric('accuracy', { candidate: 0.9, baseline: 0.89, delta: 0.01, relative_delta: 0.0112, basis: '`accuracy` in `accuracy`' });
    report.metrics.push(metric('gates.leak_rate', { status: 'fail', direction: 'lower', baseline: 0, candidate: 0.1, delta: 0.1, relative_delta: null, basis: '`gates` segment: a hard gate' }));
    report.gates[1]?.checks.push({ id: 'metric.gates.leak_rate', status: 'fail', message: 'is 0.1; it must be 0 (hard gate: `gates` segment: a hard gate)' });
    const out = renderMarkdown(report, { budget: BUDGET });
    expect(out).toContain('- ❌ **performance** `metric.rougeL_f1` — rougeL\\_f1 dropped 12% \\(tolerance 5%\\) · why: `f1` in `rougeL_f1`\n');
    // An absolute bound's message already quotes its basis: not said twice.
    expect(out).toContain('- ❌ **performance** `metric.gates.leak_rate` — is 0.1; it must be 0 \\(hard gate: `gates` segment: a hard gate\\)\n');
    expect(out).toContain('| ❌ | `rougeL_f1` ↑ | 0.43 | 0.38 | −0.05 (−12%) |');
    // A passing row's basis is not news.
    expect(out).not.toContain('`accuracy` in `accuracy`');
  });

  it('shows gate flags as true / false in the table', () => {
    const report = makeReport();
    report.metrics.push(metric('checks.passed', { status: 'fail', kind: 'flag', baseline: 1, candidate: 0, delta: -1, relative_delta: -1 }));
    expect(renderMarkdown(report, { budget: BUDGET })).toContain('| ❌ | `checks.passed` ↑ | true | false | −1 (−100%) |');
  });

  it('says when the candidate names no dataset or task while its baseline does', () => {
    const out = renderMarkdown(makeReport({ dataset: undefined, identity: { candidate: {}, baseline: { dataset: 'smoke_v1', task: 'summarization' } } }), { budget: BUDGET });
    expect(out).toContain('Candidate `run_x` vs baseline `baseline_y` (pinned in the policy) · the candidate names no dataset (baseline: `smoke_v1`) · task `summarization`');
  });

  it('labels an archived reference and says beside the table which scores a rule gates', () => {
    const report = makeReport({
      references: [{
        id: 'silver_x', quality: 'silver', informational: true, archived: true, note: 'scored on `smoke`', metrics: [
          { name: 'rougeL_f1', candidate: 0.4, baseline: 0.42, delta: -0.02, gated_by: 'vs_reference.*.rouge*' },
          { name: 'bleu', candidate: 0.3, baseline: 0.3, delta: 0 },
          { name: 'rouge1_f1', candidate: 0.5, baseline: 0.5, delta: 0, gated_by: 'vs_reference.*.rouge*' },
        ],
      }],
    });
    const out = renderMarkdown(report, { budget: BUDGET });
    expect(out).toContain('| 🥈 `silver_x` (archived) | `rougeL_f1` | 0.42 | 0.4 | −0.02 |\n| 🥈 `silver_x` (archived) | `bleu` | 0.3 | 0.3 | 0 |');
    expect(out).toContain('\n- `silver_x`: scored on `smoke`; `rougeL_f1`, `rouge1_f1` gated by rule `vs_reference.*.rouge*` as a comparison with the baseline\n');
  });

  it('folds passing rows beyond the first dozen', () => {
    const metrics = Array.from({ length: 20 }, (_, i) => metric(`m${String(i).padStart(2, '0')}`));
    const out = renderMarkdown(makeReport({ metrics }), { budget: BUDGET });
    const main = out.slice(out.indexOf('#### Metrics'), out.indexOf('<details><summary>8 more gated metrics, all within tolerance</summary>'));
    expect(main).toContain('`m11`');
    expect(main).not.toContain('`m12`');
    expect(out).toContain('#### Metrics (20 gated: all within tolerance)');
  });

  it('renders backtick pairs in messages as code, shortens commit SHAs, and never prints a path twice', () => {
    const report = makeReport();
    const sha = 'a'.repeat(40);
    report.gates[2]?.checks.push(
      { id: 'fingerprint.present', status: 'fail', message: 'data/eval/runs/run_x/fingerprint.json is missing: run `promotion-gate fingerprint`', file: 'data/eval/runs/run_x/fingerprint.json' },
      { id: 'fingerprint.commit-exists', status: 'warn', message: `commit ${sha} does not exist`, file: 'data/eval/runs/run_x/fingerprint.json' },
    );
    const out = renderMarkdown(report, { budget: BUDGET, commitLink: (c) => `https://github.com/o/r/commit/${c}`, fileLink: (p) => `https://github.com/o/r/blob/h/${p}` });
    expect(out).toContain('— data/eval/runs/run\\_x/fingerprint.json is missing: run `promotion-gate fingerprint` ([view](https://github.com/o/r/blob/h/data/eval/runs/run_x/fingerprint.json))');
    expect(out).toContain(`— commit [\`aaaaaaa\`](https://github.com/o/r/commit/${sha}) does not exist ([\`data/eval/runs/run_x/fingerprint.json\`]`);
  });

  it('shows the gate summary check as information, not ✅, when its gate did not pass', () => {
    const report = makeReport();
    report.gates[1]?.checks.push({ id: 'metrics.compared', status: 'pass', message: '1 of 3 gated metrics within tolerance' });
    const out = renderMarkdown(report, { budget: BUDGET });
    expect(out).toContain('- ℹ️ **performance** `metrics.compared` — 1 of 3 gated metrics within tolerance');
  });

  it('puts passing checks and ungated metrics in <details>, not in the main lists', () => {
    const details = md.slice(md.indexOf('<details>'));
    expect(details).toContain('`artifacts.present`');
    expect(details).toContain('`tokens_total`');
    expect(md.slice(0, md.indexOf('<details>'))).not.toContain('`tokens_total`');
  });

  it('adds a narrow table of paired tests only when an interval exists: interval and level, p, items', () => {
    expect(md).not.toContain('| paired test |');
    const report = makeReport();
    report.metrics[0] = metric('rougeL_f1', { status: 'fail', interval: { low: -0.031, high: -0.004, level: 0.95, method: 'bootstrap', items: 400, p_value: 0.0123, tested_delta: -0.01 } });
    const withCi = renderMarkdown(report, { budget: BUDGET });
    expect(withCi).toContain('| paired test | interval of the change | p | items |');
    expect(withCi).toContain('| `rougeL_f1` | [−0.031, −0.004] 95% | 0.012 vs −0.01 | 400 |');
    // The metric table itself keeps its five columns.
    expect(withCi).toContain('| ❌ | `rougeL_f1` ↑ | 0.43 | 0.41 | −0.02 (−4.65%) |');
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
    expect(out.indexOf('#### Provenance')).toBeGreaterThan(out.indexOf('#### Metrics ('));
    expect(out.indexOf('#### Provenance')).toBeLessThan(out.indexOf('#### How much worse or better'));
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
