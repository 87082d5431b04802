// Report builders for the rendering tests: a small realistic report, overridable per test.
import type { Check, GateResult } from '../../../src/contract/check.js';
import { REPORT_SCHEMA, type MetricRow, type Report } from '../../../src/contract/report.js';

export function metric(name: string, overrides: Partial<MetricRow> = {}): MetricRow {
  return {
    name, candidate: 0.41, baseline: 0.43, delta: -0.02, relative_delta: -0.0465,
    direction: 'higher', status: 'pass', rule: 'default', ...overrides,
  };
}

export function check(id: string, status: Check['status'], message = `${id} ${status}`): Check {
  return { id, status, message };
}

export function makeReport(overrides: Partial<Report> = {}): Report {
  const gates: GateResult[] = [
    { name: 'functional', status: 'pass', checks: [check('artifacts.present', 'pass', 'all required files present')] },
    {
      name: 'performance', status: 'fail', checks: [
        check('metric.rougeL_f1', 'fail', 'rougeL_f1 dropped 12% (tolerance 5%)'),
        check('metric.latency_ms', 'warn', 'latency_ms rose 25% (tolerance 20%)'),
      ],
    },
    { name: 'compliance', status: 'pass', checks: [check('fingerprint.commit', 'pass', 'commit found')] },
  ];
  return {
    schema: REPORT_SCHEMA, verdict: 'fail', fail_on: 'error',
    candidate: { id: 'run_x', path: 'data/eval/runs/run_x' },
    baseline: { id: 'baseline_y', path: 'data/eval/baselines/baseline_y' },
    baseline_source: 'pin', dataset: 'smoke_v1', task: 'summarization', gates,
    metrics: [
      metric('rougeL_f1', { status: 'fail', candidate: 0.38, delta: -0.05, relative_delta: -0.12, message: 'dropped 12%' }),
      metric('latency_ms', { status: 'warn', direction: 'lower', baseline: 100, candidate: 125, delta: 25, relative_delta: 0.25 }),
      metric('accuracy', { candidate: 0.9, baseline: 0.89, delta: 0.01, relative_delta: 0.0112 }),
      metric('tokens_total', { status: 'info', direction: null, baseline: 1200, candidate: 1300, delta: 100, relative_delta: 0.0833, rule: 'none' }),
    ],
    references: [{ id: 'silver_x', quality: 'silver', informational: true, metrics: [{ name: 'rougeL_f1', candidate: 0.4, baseline: 0.42, delta: -0.02 }] }],
    ...overrides,
  };
}

/** The cells of a GFM table row, split on unescaped pipes the way GitHub splits them. */
export function tableCells(line: string): string[] {
  return line.replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/);
}

/** Every Markdown table row (lines starting with `|`) in a document. */
export function tableRows(markdown: string): string[] {
  return markdown.split('\n').filter((l) => l.startsWith('|'));
}

/**
 * The Markdown outside code spans, per CommonMark: a run of n backticks opens a span that
 * the next run of exactly n closes; a backslash-escaped backtick opens nothing. Code span
 * content renders as literal text, so whatever is hostile must not survive out here.
 */
export function outsideCodeSpans(markdown: string): string {
  let out = '';
  let i = 0;
  while (i < markdown.length) {
    const ch = markdown[i] ?? '';
    if (ch === '\\') {
      out += markdown.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (ch !== '`') {
      out += ch;
      i++;
      continue;
    }
    let n = 0;
    while (markdown[i + n] === '`') n++;
    const closer = new RegExp(`(?<!\`)\`{${n}}(?!\`)`, 'g');
    closer.lastIndex = i + n;
    const close = closer.exec(markdown);
    // Our spans never contain a newline, so a closer on a later line does not count.
    const lineEnd = markdown.indexOf('\n', i);
    if (close === null || (lineEnd !== -1 && close.index > lineEnd)) {
      out += '`'.repeat(n);
      i += n;
    } else {
      out += '<code/>';
      i = close.index + n;
    }
  }
  return out;
}
