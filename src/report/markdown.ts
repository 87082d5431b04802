/**
 * The Markdown report: the PR comment and the job summary (DESIGN.md section 5).
 *
 * The document is an ordered list of sections. Each section returns parts: fixed text that
 * always stays, and groups of droppable units (table rows, list items, the chart). When the
 * document is over budget, whole units are dropped in DROP_ORDER, last row first, so output
 * never ends inside a row or a code span and the same report always gives the same text.
 */
import type { Check } from '../gates/check.js';
import type { MetricRow, Report } from './model.js';
import { renderDeltaChart } from './chart.js';
import { maskSecrets } from './mask.js';
import { escapeText, inlineCode, markerComment, neutraliseComments, safeHref } from './escape.js';
import {
  compareByStatusThenName, directionArrow, formatDelta, formatInterval, formatNumber, formatPercent, utf8Length,
} from './format.js';

/** Least important first: the budget drops every unit of a tier before touching the next. */
export const DROP_ORDER = [
  'detail', 'passing-check', 'info-metric', 'pass-metric', 'chart', 'reference',
  'warn-metric', 'warn-check', 'fail-metric', 'fail-check',
] as const;
export type DropTier = (typeof DROP_ORDER)[number];

/** A droppable piece; `row: false` (the chart) is not counted in "N more rows". */
export interface Unit { text: string; tier: DropTier; row?: boolean }
/** Units with a heading (and closing text) that disappear when all their units are dropped. */
export interface Group { head: string; units: Unit[]; tail?: string }
/** Where the "N more rows in the report artifact" line goes (the end when no section says). */
export const TRUNCATION_NOTE: unique symbol = Symbol('truncation note');
export type Part = string | Group | typeof TRUNCATION_NOTE;

export interface MarkdownOptions {
  /** Maximum size in UTF-8 bytes, which is never less than the size in characters. */
  budget: number;
  /** Run id for the hidden sticky-comment marker `<!-- promotion-gate:<id> -->`. */
  marker?: string;
  headSha?: string;
  /** Link for a repository path; `#L<line>` is added when the link has no fragment. */
  fileLink?: (path: string) => string | undefined;
  title?: string;
  /** Replaces MARKDOWN_SECTIONS; later features add theirs with `insertSection`. */
  sections?: readonly MarkdownSection[];
}

/** The extension point: provenance, flips, policy change and the like plug in here. */
export interface MarkdownSection {
  name: string;
  render(report: Report, options: MarkdownOptions): Part[];
}

const ICON: Record<MetricRow['status'], string> = { fail: '❌', warn: '⚠️', pass: '✅', skip: '⏭️', info: 'ℹ️' };
const SOURCE: Record<Report['baseline_source'], string> = {
  flag: 'chosen with `--baseline`', config: "named in the run's `config.yaml`", pin: 'pinned in the policy',
  'cold-start': 'none (cold start)', none: 'none',
};

function allChecks(report: Report): (Check & { gate: string })[] {
  return report.gates.flatMap((g) => g.checks.map((c) => ({ ...c, gate: g.name })));
}

function location(check: Check, options: MarkdownOptions): string {
  if (check.file === undefined) return '';
  const label = inlineCode(check.line === undefined ? check.file : `${check.file}:${check.line}`);
  let href = safeHref(options.fileLink?.(check.file));
  if (href !== undefined && check.line !== undefined && !href.includes('#')) href += `#L${check.line}`;
  return href === undefined ? ` (${label})` : ` ([${label}](${href}))`;
}

function checkLine(check: Check & { gate: string }, options: MarkdownOptions): string {
  // The icon comes first: a list item must never start with a code span's backticks.
  const message = check.message === '' ? '' : ` — ${escapeText(check.message)}`;
  return `- ${ICON[check.status]} **${check.gate}** ${inlineCode(check.id)}${message}${location(check, options)}\n`;
}

const heading: MarkdownSection = {
  name: 'heading',
  render(report, options) {
    const icon = report.verdict === 'pass' ? '✅' : '❌';
    const title = escapeText(options.title ?? 'promotion-gate', 200);
    const lines = [`### ${icon} ${title}: ${report.verdict}`, ''];
    const base = report.baseline === null ? '' : ` vs baseline ${inlineCode(report.baseline.id)}`;
    const scope = [
      report.dataset === undefined ? '' : ` · dataset ${inlineCode(report.dataset)}`,
      report.task === undefined ? '' : ` · task ${inlineCode(report.task)}`,
    ].join('');
    lines.push(`Candidate ${inlineCode(report.candidate.id)}${base}${scope}  `);
    lines.push(`Baseline: ${SOURCE[report.baseline_source]}${report.fail_on === 'warning' ? ' · warnings fail this gate (`fail-on: warning`)' : ''}`);
    if (report.baseline_source === 'cold-start') {
      lines.push('', '> **Cold start:** no baseline is pinned for this dataset and task, so nothing was compared; only absolute bounds (min/max) were applied.');
    } else if (report.baseline === null) {
      lines.push('', '> **No baseline:** metrics were not compared with any earlier run.');
    }
    const gates = report.gates.map((g) => `${ICON[g.status]} ${g.name}`).join(' · ');
    if (gates !== '') lines.push('', `Gates: ${gates}`);
    return [`${lines.join('\n')}\n`, TRUNCATION_NOTE];
  },
};

function checkGroup(head: string, checks: (Check & { gate: string })[], tier: DropTier, options: MarkdownOptions, tail = ''): Group {
  return { head: `\n${head}\n\n`, tail, units: checks.map((c) => ({ text: checkLine(c, options), tier })) };
}

const problems: MarkdownSection = {
  name: 'problems',
  render(report, options) {
    const failing = allChecks(report).filter((c) => c.status === 'fail');
    const warning = allChecks(report).filter((c) => c.status === 'warn');
    return [
      checkGroup(`#### Failing checks (${failing.length})`, failing, 'fail-check', options),
      checkGroup(`#### Warnings (${warning.length})`, warning, 'warn-check', options),
    ];
  },
};

const METRIC_TIER: Record<MetricRow['status'], DropTier> = {
  fail: 'fail-metric', warn: 'warn-metric', pass: 'pass-metric', skip: 'info-metric', info: 'info-metric',
};

function metricTable(rows: MetricRow[], head: string, tail = ''): Group {
  const withCi = rows.some((r) => r.interval !== undefined);
  const columns = ['', 'metric', '', 'baseline', 'candidate', 'Δ', 'Δ %', ...(withCi ? ['CI'] : []), 'rule'];
  const header = `| ${columns.join(' | ')} |\n|${columns.map(() => ' --- ').join('|')}|\n`;
  const units = rows.map((r): Unit => {
    const note = r.status !== 'pass' && r.message !== undefined ? ` — ${escapeText(r.message, 300)}` : '';
    const cells = [
      ICON[r.status], inlineCode(r.name, { table: true }), directionArrow(r.direction), formatNumber(r.baseline),
      formatNumber(r.candidate), formatDelta(r.delta), formatPercent(r.relative_delta),
      ...(withCi ? [formatInterval(r.interval)] : []), `${inlineCode(r.rule, { table: true, max: 80 })}${note}`,
    ];
    return { text: `| ${cells.join(' | ')} |\n`, tier: METRIC_TIER[r.status] };
  });
  return { head: `${head}${header}`, units, tail };
}

const isGated = (r: MetricRow): boolean => r.status === 'fail' || r.status === 'warn' || r.status === 'pass';

const metrics: MarkdownSection = {
  name: 'metrics',
  render(report) {
    const gated = report.metrics.filter(isGated).sort(compareByStatusThenName);
    return [metricTable(gated, `\n#### Metric deltas (${gated.length} gated)\n\n`)];
  },
};

const chart: MarkdownSection = {
  name: 'chart',
  render(report) {
    const text = renderDeltaChart(report.metrics);
    return text === '' ? [] : [{ head: '\n#### Relative deltas\n\n', units: [{ text, tier: 'chart', row: false }] }];
  },
};

const references: MarkdownSection = {
  name: 'references',
  render(report) {
    const units = report.references.flatMap((ref): Unit[] => {
      const who = `${ref.quality === 'gold' ? '🥇' : '🥈'} ${inlineCode(ref.id, { table: true })}`;
      const note = ref.note === undefined ? '' : escapeText(ref.note, 300);
      const rows = ref.metrics ?? [];
      if (rows.length === 0) return [{ text: `| ${who} | — | — | — | — | ${note} |\n`, tier: 'reference' }];
      return rows.map((m, i) => ({
        text: `| ${who} | ${inlineCode(m.name, { table: true })} | ${formatNumber(m.baseline)} | ${formatNumber(m.candidate)} | ${formatDelta(m.delta)} | ${i === 0 ? note : ''} |\n`,
        tier: 'reference',
      }));
    });
    const head = '\n#### References (informational, never blocking)\n\n| reference | metric | baseline | candidate | Δ | note |\n| --- | --- | --- | --- | --- | --- |\n';
    return [{ head, units }];
  },
};

const details: MarkdownSection = {
  name: 'details',
  render(report, options) {
    const passing = allChecks(report).filter((c) => c.status === 'pass' || c.status === 'skip');
    const other = report.metrics.filter((r) => !isGated(r)).sort(compareByStatusThenName);
    const close = '\n</details>\n';
    return [
      checkGroup(`<details><summary>Passing and skipped checks (${passing.length})</summary>`, passing, 'passing-check', options, close),
      metricTable(other, `\n<details><summary>Other metrics, not gated (${other.length})</summary>\n\n`, close),
    ];
  },
};

const footer: MarkdownSection = {
  name: 'footer',
  render(report, options) {
    const sha = options.headSha === undefined ? '' : ` for head ${inlineCode(options.headSha, { max: 64 })}`;
    return [`\n<sub>${inlineCode(report.schema)}${sha} · the full report is in the report artifact</sub>\n`];
  },
};

/** The core layout, in order. */
export const MARKDOWN_SECTIONS: readonly MarkdownSection[] = [heading, problems, metrics, chart, references, details, footer];

/** A copy of `sections` with `section` placed after the one named `after` (or at the end). */
export function insertSection(sections: readonly MarkdownSection[], section: MarkdownSection, after?: string): MarkdownSection[] {
  const at = sections.findIndex((s) => s.name === after);
  const list = [...sections];
  list.splice(at < 0 ? list.length : at + 1, 0, section);
  return list;
}

function truncationNote(rows: number): string {
  const what = rows > 0 ? `${rows} more rows in the report artifact` : 'the chart was left out; the report artifact has everything';
  return `\n> ✂️ Shortened to fit the size limit: ${what}.\n`;
}

/** Renders the report within `options.budget`, dropping detail first (see DROP_ORDER). */
export function renderMarkdown(report: Report, options: MarkdownOptions): string {
  // The marker is written here and only here; every section's text passes the comment guard.
  const marker = options.marker === undefined ? '' : `${markerComment(options.marker)}\n`;
  const parts = (options.sections ?? MARKDOWN_SECTIONS).flatMap((s) => s.render(report, options));
  if (!parts.includes(TRUNCATION_NOTE)) parts.push(TRUNCATION_NOTE);
  // Masking (F24) only shortens text, so the budget still holds; the marker is the run id's
  // own line and is left as written, or the sticky comment could never be found again.
  const body = fitWholeLines(marker + fit(parts, options.budget - utf8Length(marker)), options.budget);
  return body.startsWith(marker) ? marker + maskSecrets(body.slice(marker.length)) : maskSecrets(body);
}

/**
 * Any other document (a comparison, a plan) built from the same parts, within `budget` by the
 * same rules: units dropped in DROP_ORDER with "N more rows" said once, never a cut mid-row.
 */
export function renderParts(parts: readonly Part[], budget: number): string {
  const all: Part[] = parts.includes(TRUNCATION_NOTE) ? [...parts] : [...parts, TRUNCATION_NOTE];
  return fitWholeLines(fit(all, budget), budget);
}

interface Sized { head: string; tail: string; kept: number; units: (Unit & { len: number; dropped: boolean })[] }

function fit(parts: Part[], budget: number): string {
  const items = parts.map((p): string | Sized | typeof TRUNCATION_NOTE => {
    if (p === TRUNCATION_NOTE || typeof p === 'string') return p === TRUNCATION_NOTE ? p : neutraliseComments(p);
    const units = p.units.map((u) => ({ ...u, text: neutraliseComments(u.text), len: 0, dropped: false }));
    for (const u of units) u.len = utf8Length(u.text);
    return { head: neutraliseComments(p.head), tail: neutraliseComments(p.tail ?? ''), kept: units.length, units };
  });
  const groups = items.filter((i): i is Sized => typeof i === 'object');
  const frame = (g: Sized): number => (g.kept > 0 ? utf8Length(g.head) + utf8Length(g.tail) : 0);
  let size = items.reduce((n, i) => n + (typeof i === 'string' ? utf8Length(i) : 0), 0);
  for (const g of groups) size += frame(g) + g.units.reduce((n, u) => n + u.len, 0);

  // Lowest tier first; within a tier the unit furthest down goes first, so tables lose their tails.
  const rank = (t: DropTier): number => DROP_ORDER.indexOf(t);
  const queue = groups.flatMap((g) => g.units.map((u) => ({ g, u }))).map((q, seq) => ({ ...q, seq }));
  queue.sort((a, b) => rank(a.u.tier) - rank(b.u.tier) || b.seq - a.seq);
  let rows = 0;
  let dropped = 0;
  for (const { g, u } of queue) {
    if (size + (dropped === 0 ? 0 : utf8Length(truncationNote(rows))) <= budget) break;
    size -= u.len + frame(g);
    u.dropped = true;
    g.kept--;
    size += frame(g);
    dropped++;
    if (u.row !== false) rows++;
  }

  let noteWritten = dropped === 0;
  return items.map((i) => {
    if (typeof i === 'string') return i;
    if (i !== TRUNCATION_NOTE) return i.kept === 0 ? '' : i.head + i.units.filter((u) => !u.dropped).map((u) => u.text).join('') + i.tail;
    if (noteWritten) return '';
    noteWritten = true;
    return truncationNote(rows);
  }).join('');
}

/** Last resort when even the fixed text is too big: drop whole lines from the end. */
function fitWholeLines(text: string, budget: number): string {
  if (utf8Length(text) <= budget) return text;
  const lines = text.split('\n');
  while (lines.length > 0 && utf8Length(lines.join('\n')) > budget) lines.pop();
  return lines.join('\n');
}
