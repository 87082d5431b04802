// F17: a report too big for a comment or a summary is cut deterministically, whole rows at
// a time, least important first, and says how many rows the artifact has beyond it.
import { describe, expect, it } from 'vitest';
import { countMarkers } from '../../../src/report/escape.js';
import { utf8Length } from '../../../src/report/format.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import type { MetricRow, Report } from '../../../src/contract/report.js';
import { check, makeReport, metric, outsideCodeSpans } from './fixtures.js';

const COMMENT = 60_000;
const SUMMARY = 921_600;
const LONG = 'the candidate regressed on this metric beyond tolerance; see the paired bootstrap interval. '.repeat(4);

function hugeReport(): Report {
  const statuses: MetricRow['status'][] = ['fail', 'warn', 'pass', 'pass', 'info'];
  const metrics = Array.from({ length: 5000 }, (_, i) => metric(`group_${i % 50}.metric_${String(i).padStart(4, '0')}.rougeL_f1`, {
    status: statuses[i % statuses.length], message: LONG,
    interval: { low: -0.031, high: -0.004, level: 0.95, method: 'bootstrap', items: 500 },
  }));
  const report = makeReport({ metrics });
  report.gates[1]?.checks.push(...metrics.filter((m) => m.status === 'fail' || m.status === 'warn')
    .map((m) => check(`metric.${m.name}`, m.status as 'fail' | 'warn', `${m.name}: ${LONG}`)));
  return report;
}

/** Rows the renderer can drop: check list items and table data rows (not headers, not the paired-test details of a metric). */
function renderedRows(markdown: string): number {
  const paired = (l: string): boolean => /^\| `[^`]*` \| \[/.test(l) || l.startsWith('| paired test |');
  return markdown.split('\n').filter((l) => /^- (❌|⚠️|✅|⏭️|ℹ️) /.test(l) || (/^\| /.test(l) && !/^\| (reference|) \|/.test(l) && !l.startsWith('| ---') && !paired(l))).length;
}

function totalRows(report: Report): number {
  const checks = report.gates.reduce((n, g) => n + g.checks.length, 0);
  const refs = report.references.reduce((n, r) => n + Math.max(1, r.metrics?.length ?? 0), 0);
  return checks + report.metrics.length + refs;
}

function droppedCount(markdown: string): number | undefined {
  const found = /(\d+) more rows in the report artifact/.exec(markdown);
  return found?.[1] === undefined ? undefined : Number(found[1]);
}

describe.each([COMMENT, SUMMARY])('a 5,000-metric report at a %i-byte budget', (budget) => {
  const report = hugeReport();
  const md = renderMarkdown(report, { budget, marker: 'run_x', headSha: 'abc1234' });

  it('fits the budget in characters and in UTF-8 bytes', () => {
    expect(md.length).toBeLessThanOrEqual(budget);
    expect(utf8Length(md)).toBeLessThanOrEqual(budget);
    expect(Buffer.byteLength(md, 'utf8')).toBe(utf8Length(md));
    // It is cut, not tiny: most of the budget is used.
    expect(utf8Length(md)).toBeGreaterThan(budget * 0.9);
  });

  it('renders the same text twice', () => {
    expect(renderMarkdown(hugeReport(), { budget, marker: 'run_x', headSha: 'abc1234' })).toBe(md);
  });

  it('says exactly how many rows were left out', () => {
    const dropped = droppedCount(md);
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBe(totalRows(report) - renderedRows(md));
  });

  it('keeps the marker, the verdict, the footer and the first failing check', () => {
    expect(countMarkers(md)).toBe(1);
    expect(md).toContain('### ❌ promotion\\-gate: fail');
    expect(md).toContain('`metric.rougeL_f1`');
    expect(md).toContain('abc1234');
  });

  it('cuts between rows only: tables, code spans and <details> stay whole', () => {
    for (const line of md.split('\n').filter((l) => l.startsWith('|'))) expect(line.endsWith('|')).toBe(true);
    expect(outsideCodeSpans(md)).not.toContain('`');
    expect((md.match(/<details>/g) ?? []).length).toBe((md.match(/<\/details>/g) ?? []).length);
  });
});

describe('what goes first', () => {
  it('drops nothing and says nothing when the report fits', () => {
    const md = renderMarkdown(makeReport(), { budget: COMMENT });
    expect(md).not.toContain('more rows in the report artifact');
    expect(renderedRows(md)).toBe(totalRows(makeReport()));
  });

  it('drops passing checks before any metric row, when that is enough', () => {
    const report = makeReport();
    report.gates[0]?.checks.push(...Array.from({ length: 40 }, (_, i) => check(`passing.${i}`, 'pass', LONG)));
    const full = renderMarkdown(report, { budget: COMMENT });
    const cut = renderMarkdown(report, { budget: utf8Length(full) - 2000 });
    expect(droppedCount(cut)).toBeGreaterThan(0);
    for (const name of ['`rougeL_f1`', '`latency_ms`', '`accuracy`', '`tokens_total`']) expect(cut).toContain(name);
    expect(cut).toContain('`passing.0`');
    expect(cut).not.toContain('`passing.39`');
  });

  it('drops ungated, then passing metric rows before failing and warning ones', () => {
    const metrics = [
      ...Array.from({ length: 300 }, (_, i) => metric(`info_${i}`, { status: 'info', direction: null })),
      ...Array.from({ length: 300 }, (_, i) => metric(`pass_${i}`)),
      ...Array.from({ length: 30 }, (_, i) => metric(`fail_${i}`, { status: 'fail' })),
    ];
    const md = renderMarkdown(makeReport({ metrics }), { budget: 20_000 });
    expect(md).not.toContain('`info_0`');
    expect(md).toContain('`fail_29`');
    expect(md).toContain('`pass_0`');
    // Passing rows go from the end of the table first (names sort as text: pass_99 is last).
    expect(md).not.toContain('`pass_99`');
  });

  it('truncates even the failing checks, with the count, when they alone are too big', () => {
    const report = makeReport();
    report.gates[1]?.checks.push(...Array.from({ length: 2000 }, (_, i) => check(`fail.${i}`, 'fail', LONG)));
    const md = renderMarkdown(report, { budget: COMMENT, marker: 'run_x' });
    expect(utf8Length(md)).toBeLessThanOrEqual(COMMENT);
    expect(md).toContain('#### Failing checks (2001)');
    expect(md).toContain('`fail.0`');
    expect(md).not.toContain('`fail.1999`');
    expect(droppedCount(md)).toBe(totalRows(report) - renderedRows(md));
  });

  it('stays within a budget smaller than the heading, cutting whole lines', () => {
    const md = renderMarkdown(makeReport(), { budget: 120, marker: 'run_x' });
    expect(utf8Length(md)).toBeLessThanOrEqual(120);
    expect(md.startsWith('<!-- promotion-gate:run_x -->\n### ❌')).toBe(true);
  });
});
