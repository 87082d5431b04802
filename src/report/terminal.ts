/**
 * The plain-text report for the CLI: verdict first, then what failed or warned, an aligned
 * metric table, and references labelled informational.
 *
 * Untrusted strings go through `escapeControls`, so an ESC byte shows as `\u001B` and the
 * rest of an escape sequence is inert text: a metric named `\x1b[2J` cannot clear the screen.
 */
import type { Check, CheckStatus } from '../contract/check.js';
import type { MetricRow, Report } from '../contract/report.js';
import { escapeControls, truncate } from './escape.js';
import { maskSecrets } from './mask.js';
import {
  compareByStatusThenName, directionArrow, formatDelta, formatInterval, formatNumber, formatPercent, formatValue,
} from './format.js';

export interface TerminalOptions {
  color: boolean;
}

type Status = MetricRow['status'];
const SGR: Record<Status, string> = { fail: '31', warn: '33', pass: '32', skip: '2', info: '2' };
const LABEL: Record<Status, string> = { fail: 'FAIL', warn: 'WARN', pass: 'pass', skip: 'skip', info: 'info' };
const NAME_WIDTH = 60;

/** An untrusted string made safe to print: controls visible, length bounded. */
export function clean(text: string, max = 500): string {
  return escapeControls(truncate(text, max));
}

/** Display width in code points (close enough for the ASCII-heavy names metrics have). */
export function width(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function pad(text: string, to: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, to - width(text)));
  return right ? fill + text : text + fill;
}

export function renderTerminal(report: Report, options: TerminalOptions): string {
  const paint = (status: Status, text: string): string => (options.color ? `\x1b[${SGR[status]}m${text}\x1b[0m` : text);
  const bold = (text: string): string => (options.color ? `\x1b[1m${text}\x1b[0m` : text);
  const out: string[] = [];

  const verdict = report.verdict === 'pass' ? paint('pass', 'PASS') : paint('fail', 'FAIL');
  out.push(`${bold('promotion-gate')}: ${verdict}`);
  const against = report.baseline === null ? 'no baseline' : `baseline ${clean(report.baseline.id)}`;
  const scope = [report.dataset, report.task].filter((s) => s !== undefined).map((s) => clean(s)).join(' / ');
  out.push(`candidate ${clean(report.candidate.id)} vs ${against} (${report.baseline_source})${scope === '' ? '' : ` on ${scope}`}${unnamed(report, clean)}`);
  if (report.baseline_source === 'cold-start') out.push('cold start: nothing compared; only absolute bounds (min/max) applied');
  if (report.fail_on === 'warning') out.push('fail-on: warning (warnings fail the gate)');
  out.push(`gates: ${report.gates.map((g) => `${g.name} ${paint(g.status, LABEL[g.status])}`).join(', ')}`);

  const checks = report.gates.flatMap((g) => g.checks.map((c) => ({ ...c, gate: g.name })));
  const section = (title: string, status: CheckStatus): void => {
    const list = checks.filter((c) => c.status === status);
    if (list.length === 0) return;
    out.push('', bold(`${title} (${list.length})`));
    for (const c of list) out.push(`  ${paint(status, LABEL[status])} ${c.gate} ${clean(c.id, 200)}${where(c)}: ${clean(c.message)}`);
  };
  section('Failing checks', 'fail');
  section('Warnings', 'warn');
  const passed = checks.filter((c) => c.status === 'pass').length;
  const skipped = checks.filter((c) => c.status === 'skip').length;
  out.push('', `${passed} checks passed${skipped > 0 ? `, ${skipped} skipped` : ''}`);

  if (report.metrics.length > 0) out.push('', bold(`Metrics (${report.metrics.length})`), ...metricTable(report.metrics, paint));
  if (report.references.length > 0) {
    out.push('', bold('References (informational, never blocking)'));
    for (const ref of report.references) {
      out.push(`  ${ref.quality} ${clean(ref.id, 200)}${ref.archived ? ' (archived)' : ''}${ref.note === undefined ? '' : `: ${clean(ref.note)}`}`);
      for (const m of ref.metrics ?? []) {
        const gated = m.gated_by === undefined ? '' : ` [gated by rule ${clean(m.gated_by, 80)} as a comparison with the baseline]`;
        out.push(`    ${clean(m.name, NAME_WIDTH)}  ${formatNumber(m.baseline)} -> ${formatNumber(m.candidate)} (${formatDelta(m.delta)})${gated}`);
      }
    }
  }
  return maskSecrets(`${out.join('\n')}\n`);
}

/** What the candidate does not name but the baseline does, labelled as the baseline's. */
export function unnamed(report: Report, show: (text: string) => string): string {
  const base = report.identity?.baseline;
  const parts = (['dataset', 'task'] as const)
    .filter((kind) => report[kind] === undefined && base?.[kind] !== undefined)
    .map((kind) => `the candidate names no ${kind} (baseline: ${show(base?.[kind] ?? '')})`);
  return parts.length === 0 ? '' : `; ${parts.join('; ')}`;
}

function where(check: Check): string {
  if (check.file === undefined) return '';
  return ` (${clean(check.file, 300)}${check.line === undefined ? '' : `:${check.line}`})`;
}

function metricTable(rows: readonly MetricRow[], paint: (s: Status, t: string) => string): string[] {
  const sorted = [...rows].sort(compareByStatusThenName);
  const withCi = sorted.some((r) => r.interval !== undefined);
  const anchored = sorted.some((r) => r.anchor !== undefined);
  const header = ['status', 'metric', 'dir', 'baseline', 'candidate', 'delta', 'delta %', ...(withCi ? ['CI'] : []), ...(anchored ? ['anchor'] : []), 'rule'];
  const cells = sorted.map((r) => [
    LABEL[r.status], clean(r.name, NAME_WIDTH), directionArrow(r.direction), formatValue(r.baseline, r.kind),
    formatValue(r.candidate, r.kind), formatDelta(r.delta), formatPercent(r.relative_delta),
    ...(withCi ? [formatInterval(r.interval)] : []), ...(anchored ? [r.anchor ? `${formatValue(r.anchor.value, r.kind)} ${clean(r.anchor.id, 40)}` : ''] : []), clean(r.rule, 80),
  ]);
  const widths = header.map((h, i) => cells.reduce((w, c) => Math.max(w, width(c[i] ?? '')), width(h)));
  // Numbers are right-aligned so digits line up; text columns are left-aligned.
  const numeric = new Set([3, 4, 5, 6]);
  const line = (row: string[]): string => row.map((c, i) => pad(c, widths[i] ?? 0, numeric.has(i))).join('  ').trimEnd();
  const lines = ['  ' + line(header)];
  sorted.forEach((r, i) => {
    const text = line(cells[i] ?? []);
    // Colour only the status word, after padding, so escape codes never skew alignment.
    const status = LABEL[r.status];
    lines.push(`  ${paint(r.status, status)}${text.slice(status.length)}`);
    if (r.status !== 'pass' && r.message !== undefined) lines.push(`      ${clean(r.message)}`);
    if ((r.status === 'fail' || r.status === 'warn') && r.basis !== undefined) lines.push(`      why: ${clean(r.basis, 200)}`);
  });
  return lines;
}
