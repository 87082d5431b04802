/* eslint-disable no-control-regex -- these tests feed and look for control characters on purpose */
// The CLI's plain-text report: verdict first, colour only on request, and untrusted text
// that cannot drive the terminal.
import { describe, expect, it } from 'vitest';
import { renderTerminal } from '../../../src/report/terminal.js';
import { check, makeReport, metric } from './fixtures.js';

const ESC = /\x1b|\x9b/;

describe('renderTerminal', () => {
  it('leads with the verdict, then failing and warning checks, then metrics and references', () => {
    const text = renderTerminal(makeReport(), { color: false });
    expect(text.split('\n')[0]).toBe('promotion-gate: FAIL');
    const order = ['Failing checks (1)', 'Warnings (1)', 'Metrics (4)', 'References (informational, never blocking)'];
    const at = order.map((h) => text.indexOf(h));
    expect(at.every((p) => p > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text).toContain('FAIL performance metric.rougeL_f1: rougeL_f1 dropped 12% (tolerance 5%)');
  });

  it('writes no ANSI escape at all without colour, and colours statuses with it', () => {
    expect(renderTerminal(makeReport(), { color: false })).not.toMatch(ESC);
    const coloured = renderTerminal(makeReport(), { color: true });
    expect(coloured).toContain('\x1b[31mFAIL\x1b[0m');
    expect(coloured).toContain('\x1b[32mpass\x1b[0m');
  });

  it('aligns the metric table columns', () => {
    const lines = renderTerminal(makeReport(), { color: false }).split('\n');
    const header = lines.find((l) => l.includes('status') && l.includes('candidate')) ?? '';
    const rows = lines.filter((l) => /^ {2}(FAIL|WARN|pass|info) {2}/.test(l));
    expect(rows).toHaveLength(4);
    // "candidate" is right-aligned: every row's value ends where the header word ends.
    const end = header.indexOf('candidate') + 'candidate'.length;
    for (const row of rows) expect(row[end - 1]).toMatch(/\d/);
  });

  it('neutralises escape sequences and controls in every untrusted string, even with colour on', () => {
    const report = makeReport({ dataset: 'd\x1b]0;title\x07' });
    report.metrics.push(metric('clear\x1b[2Jscreen', { status: 'warn', message: 'msg\x9b31m\r\nfake: PASS' }));
    report.gates[1]?.checks.push({ ...check('id\x1b[1A', 'fail', 'up\x1b[1Aline\u202Eevil'), file: 'f\x1bc' });
    report.references.push({ id: 'ref\x1b[0m', quality: 'gold', informational: true, note: 'n\x07' });
    for (const color of [false, true]) {
      const text = renderTerminal(report, { color });
      const untrusted = text.replace(/\x1b\[(?:0|1|2|31|32|33)m/g, '');
      expect(untrusted).not.toMatch(ESC);
      expect(untrusted).not.toMatch(/[\x07\r\u202E]/);
      expect(text).toContain('clear\\u001B[2Jscreen');
      expect(text).toContain('msg\\u009B31m\\r\\nfake: PASS');
    }
  });

  it('says a cold start and a fail-on warning policy', () => {
    const text = renderTerminal(makeReport({ baseline: null, baseline_source: 'cold-start', fail_on: 'warning' }), { color: false });
    expect(text).toContain('vs no baseline (cold-start)');
    expect(text).toContain('cold start: nothing compared; only absolute bounds (min/max) applied');
    expect(text).toContain('fail-on: warning');
  });

  it('adds the anchor column only when a rule has drift', () => {
    const plain = renderTerminal(makeReport({ metrics: [metric('f1')] }), { color: false });
    expect(plain).not.toMatch(/\banchor\b/);
    const anchored = renderTerminal(makeReport({ metrics: [metric('f1', { anchor: { id: 'b0', value: 0.45, worse_pct: 8.9, max_worse_pct: 5 } }), metric('latency')] }), { color: false });
    const lines = anchored.split('\n');
    const header = lines.find((l) => l.includes('status') && l.includes('anchor')) ?? '';
    expect(header).toMatch(/delta %\s+anchor\s+rule/);
    expect(lines.find((l) => l.includes(' f1 '))).toMatch(/0\.45 b0\s+default/);
  });
});
