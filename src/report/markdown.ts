/**
 * The Markdown report: the PR comment and the job summary (DESIGN.md section 5).
 *
 * The document is an ordered list of sections. Each section returns parts: fixed text that
 * always stays, and groups of droppable units (table rows, list items, the chart). When the
 * document is over budget, whole units are dropped in DROP_ORDER, last row first, so output
 * never ends inside a row or a code span and the same report always gives the same text.
 */
import type { Check } from '../contract/check.js';
import type { MetricRow, ReferenceStanding, Report } from '../contract/report.js';
import { renderDeltaChart } from './chart.js';
import { maskSecrets } from './mask.js';
import { escapeText, inlineCode, markerComment, neutraliseComments, safeHref } from './escape.js';
import {
  compareByStatusThenName, directionArrow, formatDelta, formatNumber, formatPercent, formatValue, MISSING, utf8Length,
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
  /** Link for a commit, so every commit shown is a short link (7 characters) to it. */
  commitLink?: (sha: string) => string | undefined;
  /** The workflow run that wrote the report, and the report artifact, when known. */
  runUrl?: string;
  artifactUrl?: string;
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
  flag: 'chosen explicitly', config: "named in the run's config.yaml", pin: 'pinned in the policy',
  'cold-start': 'none (cold start)', none: 'none',
};
/** Checks that summarise their gate: shown as information, never as a ✅, when the gate did not pass. */
const SUMMARY_CHECKS = new Set(['metrics.compared']);
/** Rows the main metric table shows before the remaining passing ones are folded. */
export const MAIN_TABLE_ROWS = 12;

/** A check with its gate and, for a failing or warning metric, which word or rule decided it. */
type GateCheck = Check & { gate: string; gateStatus: string; basis?: string };

function allChecks(report: Report): GateCheck[] {
  const rows = new Map(report.metrics.map((r) => [`metric.${r.name}`, r]));
  return report.gates.flatMap((g) => g.checks.map((c) => {
    const row = g.name === 'performance' ? rows.get(c.id) : undefined;
    // The basis goes in the check list, not the table (narrow columns); an absolute bound's message already quotes it.
    const basis = row?.basis !== undefined && (row.status === 'fail' || row.status === 'warn') && !c.message.includes(row.basis) ? row.basis : undefined;
    return { ...c, gate: g.name, gateStatus: g.status, ...(basis === undefined ? {} : { basis }) };
  }));
}

/**
 * A message the tool wrote (possibly quoting untrusted text) as Markdown: text between a
 * pair of backticks becomes a code span, everything else escaped text. Any content is
 * safe either way; pairing only decides what looks like code.
 */
export function messageMarkdown(message: string, max = 1000, options?: MarkdownOptions): string {
  const parts = message.split('`');
  if (parts.length % 2 === 0) return textWithCommits(message, max, options);
  let budget = max;
  return parts.map((part, i) => {
    const cut = part.length > budget ? `${Array.from(part).slice(0, Math.max(0, budget - 1)).join('')}…` : part;
    budget = Math.max(0, budget - part.length);
    if (i % 2 === 1) return cut === '' ? '' : inlineCode(cut);
    return cut === '' ? '' : textWithCommits(cut, max, options);
  }).join('');
}

/** Escaped text in which every full commit SHA becomes a short commit link. */
function textWithCommits(text: string, max: number, options: MarkdownOptions | undefined): string {
  if (options === undefined) return escapeText(text, max);
  return text.split(/\b([0-9a-f]{40}(?:[0-9a-f]{24})?)\b/).map((part, i) => (i % 2 === 1 ? commitMarkdown(part, options) : part === '' ? '' : escapeText(part, max))).join('');
}

/** A short commit, linked when a link is known: `[abc1234](…/commit/<sha>)`. */
export function commitMarkdown(sha: string, options: MarkdownOptions): string {
  if (!/^[0-9a-f]{7,64}$/.test(sha)) return inlineCode(sha, { max: 64 });
  const href = safeHref(options.commitLink?.(sha));
  const label = inlineCode(sha.slice(0, 7));
  return href === undefined ? label : `[${label}](${href})`;
}

function location(check: Check, message: string, options: MarkdownOptions): string {
  if (check.file === undefined) return '';
  let href = safeHref(options.fileLink?.(check.file));
  if (href !== undefined && check.line !== undefined && !href.includes('#')) href += `#L${check.line}`;
  // A message that already names the file gets only the link (the path is never printed twice).
  if (message.includes(check.file)) {
    if (href !== undefined) return ` ([${check.line === undefined ? 'view' : `line ${check.line}`}](${href}))`;
    return check.line === undefined ? '' : ` (line ${check.line})`;
  }
  const label = inlineCode(check.line === undefined ? check.file : `${check.file}:${check.line}`);
  return href === undefined ? ` (${label})` : ` ([${label}](${href}))`;
}

function checkIcon(check: GateCheck): string {
  if (check.status === 'pass' && SUMMARY_CHECKS.has(check.id) && check.gateStatus !== 'pass') return ICON.info;
  return ICON[check.status];
}

function checkLine(check: GateCheck, options: MarkdownOptions): string {
  // The icon comes first: a list item must never start with a code span's backticks.
  const message = check.message === '' ? '' : ` — ${messageMarkdown(check.message, 1000, options)}`;
  const why = check.basis === undefined ? '' : ` · why: ${messageMarkdown(check.basis, 160, options)}`;
  return `- ${checkIcon(check)} **${check.gate}** ${inlineCode(check.id)}${message}${why}${location(check, check.message, options)}\n`;
}

const isGated = (r: MetricRow): boolean => r.status === 'fail' || r.status === 'warn' || r.status === 'pass';

/** `2 failing checks · 1 warning · 4 of 6 gated metrics within tolerance`. */
function summaryLine(report: Report): string {
  const checks = allChecks(report);
  const failing = checks.filter((c) => c.status === 'fail').length;
  const warning = checks.filter((c) => c.status === 'warn').length;
  const gated = report.metrics.filter(isGated);
  const within = gated.filter((m) => m.status === 'pass').length;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [
    failing > 0 ? `**${plural(failing, 'failing check')}**` : 'no failing checks',
    ...(warning > 0 ? [plural(warning, 'warning')] : []),
    ...(gated.length > 0 ? [`${within} of ${gated.length} gated metrics within tolerance`] : []),
  ].join(' · ');
}

function linksLine(options: MarkdownOptions): string {
  const run = safeHref(options.runUrl);
  const artifact = safeHref(options.artifactUrl);
  const links = [
    ...(run === undefined ? [] : [`[workflow run](${run})`]),
    ...(artifact === undefined ? [] : [`[report artifact](${artifact})`]),
  ];
  return links.join(' · ');
}

const heading: MarkdownSection = {
  name: 'heading',
  render(report, options) {
    const icon = report.verdict === 'pass' ? '✅' : '❌';
    const title = escapeText(options.title ?? 'promotion-gate', 200);
    const lines = [`### ${icon} ${title}: ${report.verdict}`, '', `${summaryLine(report)}  `];
    const base = report.baseline === null ? '' : ` vs baseline ${inlineCode(report.baseline.id)} (${SOURCE[report.baseline_source]})`;
    // A candidate that names no dataset or task while its baseline does says so (RELIABILITY F20).
    const named = report.identity?.baseline;
    const scope = (['dataset', 'task'] as const).map((kind) => {
      const own = report[kind];
      if (own !== undefined) return ` · ${kind} ${inlineCode(own)}`;
      const theirs = named?.[kind];
      return theirs === undefined ? '' : ` · the candidate names no ${kind} (baseline: ${inlineCode(theirs)})`;
    }).join('');
    const links = linksLine(options);
    lines.push(`Candidate ${inlineCode(report.candidate.id)}${base}${scope}${links === '' ? '' : '  '}`);
    if (links !== '') lines.push(links);
    if (report.fail_on === 'warning') lines.push('', '> Warnings fail this gate (`fail-on: warning`).');
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

function checkGroup(head: string, checks: GateCheck[], tier: DropTier, options: MarkdownOptions, tail = ''): Group {
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

/**
 * The paired tests behind significance-aware rules, in their own narrow table under the
 * metric table: the interval of the mean per-item change at its level, the p-value (with
 * the change it was tested against under a tolerance) and the number of paired items.
 */
function pairedTable(rows: MetricRow[]): Group {
  const head = '\n| paired test | interval of the change | p | items |\n| --- | ---: | ---: | ---: |\n';
  const units = rows.flatMap((r): Unit[] => {
    const i = r.interval;
    if (i === undefined) return [];
    const level = `${String(Number((i.level * 100).toPrecision(10)))}%`;
    const p = i.p_value === undefined ? MISSING : `${formatNumber(i.p_value, 2)}${i.tested_delta ? ` vs ${formatDelta(i.tested_delta)}` : ''}`;
    // Detail of a metric row, not a row of its own: "N more rows" counts metrics and checks.
    return [{ text: `| ${inlineCode(r.name, { table: true, max: 80 })} | [${formatDelta(i.low)}, ${formatDelta(i.high)}] ${level} | ${p} | ${i.items} |\n`, tier: METRIC_TIER[r.status], row: false }];
  });
  return { head, units };
}

/** `−0.15 (−19.9%)`: the absolute and the relative change, rounded as everywhere else. */
function changeCell(row: MetricRow): string {
  if (row.delta === null) return MISSING;
  return row.relative_delta === null ? formatDelta(row.delta) : `${formatDelta(row.delta)} (${formatPercent(row.relative_delta)})`;
}

/** `0.999 (−5.85%) b0`: the anchor's value, the candidate's change from it, and which baseline anchors. */
export function anchorCell(row: MetricRow): string {
  const a = row.anchor;
  if (a === undefined) return '';
  const change = row.candidate !== null && a.value !== null && a.value !== 0 ? ` (${formatPercent((row.candidate - a.value) / Math.abs(a.value))})` : '';
  return `${formatValue(a.value, row.kind)}${change} ${inlineCode(a.id, { table: true, max: 40 })}`;
}

/**
 * Few, narrow columns (a comment is about 800 px wide): status, metric with its direction,
 * baseline, candidate, change. Why a row failed is in the check list; paired intervals are in
 * their own table below.
 */
function metricTable(rows: MetricRow[], head: string, tail = ''): Group {
  // Rules with `drift` add the anchor column: the anchor baseline's value and the change from it.
  const anchored = rows.some((r) => r.anchor !== undefined);
  const columns = ['', 'metric', 'baseline', 'candidate', 'change', ...(anchored ? ['anchor'] : [])];
  const header = `| ${columns.join(' | ')} |\n|${columns.map((_, i) => (i >= 2 ? ' ---: ' : ' --- ')).join('|')}|\n`;
  const units = rows.map((r): Unit => {
    const arrow = r.direction === null ? '' : ` ${directionArrow(r.direction)}`;
    const cells = [
      ICON[r.status], `${inlineCode(r.name, { table: true, max: 80 })}${arrow}`, formatValue(r.baseline, r.kind),
      formatValue(r.candidate, r.kind), changeCell(r), ...(anchored ? [anchorCell(r)] : []),
    ];
    return { text: `| ${cells.join(' | ')} |\n`, tier: METRIC_TIER[r.status] };
  });
  return { head: `${head}${header}`, units, tail };
}

const metrics: MarkdownSection = {
  name: 'metrics',
  render(report) {
    const gated = report.metrics.filter(isGated).sort(compareByStatusThenName);
    const problems = gated.filter((r) => r.status !== 'pass');
    const shown = gated.slice(0, Math.max(problems.length, MAIN_TABLE_ROWS));
    const folded = gated.slice(shown.length);
    const counts = (['fail', 'warn'] as const).map((s) => [s, gated.filter((r) => r.status === s).length] as const).filter(([, n]) => n > 0);
    const what = counts.length === 0 ? 'all within tolerance' : counts.map(([s, n]) => `${n} ${s === 'fail' ? 'failing' : 'warning'}`).join(', ');
    const parts: Part[] = [metricTable(shown, `\n#### Metrics (${gated.length} gated: ${what})\n\n`)];
    if (gated.some((r) => r.interval !== undefined)) parts.push(pairedTable(gated));
    if (folded.length > 0) {
      parts.push(metricTable(folded, `\n<details><summary>${folded.length} more gated metrics, all within tolerance</summary>\n\n`, '\n</details>\n'));
    }
    return parts;
  },
};

const chart: MarkdownSection = {
  name: 'chart',
  render(report) {
    const text = renderDeltaChart(report.metrics);
    return text === '' ? [] : [{ head: '\n#### How much worse or better\n\n', units: [{ text, tier: 'chart', row: false }] }];
  },
};

/**
 * Reference scores a policy rule names explicitly are gated, as a comparison with the
 * baseline (DESIGN.md section 3): the references section says so beside the table, one note per rule.
 */
function gatedNotes(rows: NonNullable<ReferenceStanding['metrics']>): string[] {
  const byRule = new Map<string, string[]>();
  for (const m of rows) if (m.gated_by !== undefined) byRule.set(m.gated_by, [...(byRule.get(m.gated_by) ?? []), m.name]);
  return [...byRule].map(([rule, names]) => `${names.map((n) => inlineCode(n, { max: 80 })).join(', ')} gated by rule ${inlineCode(rule, { max: 80 })} as a comparison with the baseline`);
}

const references: MarkdownSection = {
  name: 'references',
  render(report) {
    const notes: string[] = [];
    const units = report.references.flatMap((ref): Unit[] => {
      const who = `${ref.quality === 'gold' ? '🥇' : '🥈'} ${inlineCode(ref.id, { table: true, max: 80 })}${ref.archived ? ' (archived)' : ''}`;
      const rows = ref.metrics ?? [];
      const said = [...(ref.note === undefined ? [] : [messageMarkdown(ref.note, 300)]), ...gatedNotes(rows)];
      if (said.length > 0) notes.push(`${inlineCode(ref.id, { max: 80 })}: ${said.join('; ')}`);
      if (rows.length === 0) return [{ text: `| ${who} | ${MISSING} | ${MISSING} | ${MISSING} | ${MISSING} |\n`, tier: 'reference' }];
      return rows.map((m) => ({
        text: `| ${who} | ${inlineCode(m.name, { table: true, max: 80 })} | ${formatNumber(m.baseline)} | ${formatNumber(m.candidate)} | ${formatDelta(m.delta)} |\n`,
        tier: 'reference',
      }));
    });
    const head = '\n#### References (informational, never blocking)\n\n| reference | metric | baseline | candidate | change |\n| --- | --- | ---: | ---: | ---: |\n';
    const tail = notes.length === 0 ? '' : `\n${notes.map((n) => `- ${n}\n`).join('')}`;
    return [{ head, units, tail }];
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
    // The full head SHA stays in the text (the link's target, or the code span) so a later
    // run can tell which head this comment was written for (action/head-order.ts).
    const sha = options.headSha === undefined ? '' : ` · for head ${headReference(options.headSha, options)}`;
    const artifact = safeHref(options.artifactUrl);
    const full = artifact === undefined ? 'the full report is in the report artifact' : `the full report is in the [report artifact](${artifact})`;
    return [`\n<sub>${inlineCode(report.schema)}${sha} · ${full}</sub>\n`];
  },
};

/** The head commit, short and linked when possible, with the full SHA in the link target or the text. */
function headReference(sha: string, options: MarkdownOptions): string {
  const href = /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha) ? safeHref(options.commitLink?.(sha)) : undefined;
  return href !== undefined && href.includes(sha) ? `[${inlineCode(sha.slice(0, 7))}](${href})` : inlineCode(sha, { max: 64 });
}

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
