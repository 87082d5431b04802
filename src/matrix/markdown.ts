/**
 * The aggregate comment and summary: one document for every run of a fanned-out gate, within
 * the same budgets as a single report (DESIGN.md section 5). The top is fixed and always kept:
 * the verdict, the missing or malformed reports, and an overview table with one row per run,
 * worst first (passing rows are dropped first when there are very many, and the count is said).
 * Below it, each run's own report is rendered by the standard renderer (report/markdown.ts),
 * worst first, each within an equal share of what is left; runs that no longer fit are counted
 * and left to the report artifacts. Every string from a report passes the escaping helpers.
 */
import { escapeText, inlineCode, markerComment } from '../report/escape.js';
import { utf8Length } from '../report/format.js';
import { renderMarkdown, type MarkdownSection } from '../report/markdown.js';
import type { AggregateResult, AggregatedReport } from './aggregate.js';

export interface AggregateMarkdownOptions {
  /** UTF-8 bytes. */
  budget: number;
  /** Sticky-comment key (comment only). */
  marker?: string;
  headSha?: string;
  fileLink?: (path: string) => string | undefined;
  sections?: readonly MarkdownSection[];
}

/** A run's report is only rendered when at least this many bytes are left for it. */
export const MIN_REPORT_SHARE = 3000;
/** Problems listed one by one; the rest are counted (each is also a failed row of the overview). */
const MAX_PROBLEM_LINES = 40;
/** The overview table takes at most this share of the budget. */
const OVERVIEW_SHARE = 0.4;

const ICON = { pass: '✅', fail: '❌' } as const;

function counts(entry: AggregatedReport): { failing: number; warnings: number } {
  let failing = 0;
  let warnings = 0;
  for (const g of entry.report.gates) {
    for (const c of g.checks) {
      if (c.status === 'fail') failing++;
      if (c.status === 'warn') warnings++;
    }
  }
  return { failing, warnings };
}

function overviewRow(entry: AggregatedReport): string {
  const { failing, warnings } = counts(entry);
  const baseline = entry.report.baseline === null ? '—' : inlineCode(entry.report.baseline.id, { table: true, max: 80 });
  const note = entry.problem ? ' (no usable report)' : '';
  return `| ${ICON[entry.report.verdict]} | ${inlineCode(entry.key, { table: true, max: 80 })}${note} | ${baseline} | ${failing} | ${warnings} |\n`;
}

export function renderAggregate(result: AggregateResult, options: AggregateMarkdownOptions): string {
  const failed = result.reports.filter((r) => r.report.verdict === 'fail').length;
  const marker = options.marker === undefined ? '' : `${markerComment(options.marker)}\n`;
  const head = options.headSha === undefined ? '' : ` for head ${inlineCode(options.headSha, { max: 64 })}`;
  const top = [
    `### ${ICON[result.verdict]} promotion-gate: ${result.verdict}`,
    '',
    `${result.reports.length} run${result.reports.length === 1 ? '' : 's'} from ${result.artifacts} report artifact${result.artifacts === 1 ? '' : 's'}: ${failed} failed, ${result.reports.length - failed} passed (worst first)${head}`,
    '',
  ].join('\n');
  const listed = result.problems.slice(0, MAX_PROBLEM_LINES).map((p) => `- ❌ ${escapeText(p, 600)}`);
  if (result.problems.length > MAX_PROBLEM_LINES) listed.push(`- … and ${result.problems.length - MAX_PROBLEM_LINES} more (every one is a failed row below)`);
  const problems = result.problems.length === 0 ? '' : `#### Missing or malformed reports (${result.problems.length})\n\n${listed.join('\n')}\n\n`;

  let remaining = options.budget - utf8Length(marker + top + problems) - 200;
  const header = '| | run | baseline | failing checks | warnings |\n| --- | --- | --- | --- | --- |\n';
  const rows = result.reports.map(overviewRow);
  let shown = rows.length;
  const overviewBudget = Math.max(0, Math.floor(remaining * OVERVIEW_SHARE));
  let size = utf8Length(header) + rows.reduce((n, r) => n + utf8Length(r), 0);
  // Rows are worst first, so the tail that goes is the passing end.
  while (shown > 0 && size > overviewBudget) size -= utf8Length(rows[--shown]!);
  const more = rows.length - shown;
  const overview = `${header}${rows.slice(0, shown).join('')}${more > 0 ? `\n${more} more run${more === 1 ? '' : 's'} in the job summary and the report artifacts.\n` : ''}\n`;
  remaining -= utf8Length(overview);

  const details: string[] = [];
  let rendered = 0;
  for (const [i, entry] of result.reports.entries()) {
    const share = Math.floor(remaining / (result.reports.length - i));
    if (share < MIN_REPORT_SHARE) break;
    const text = renderMarkdown(entry.report, {
      budget: share - 10,
      title: `promotion-gate · ${entry.key}`,
      ...(options.headSha === undefined ? {} : { headSha: options.headSha }),
      ...(options.fileLink ? { fileLink: options.fileLink } : {}),
      ...(options.sections ? { sections: options.sections } : {}),
    });
    const part = `---\n\n${text.trimEnd()}\n\n`;
    details.push(part);
    remaining -= utf8Length(part);
    rendered++;
  }
  const left = result.reports.length - rendered;
  const tail = left > 0 ? `<sub>${left} more run report${left === 1 ? '' : 's'} left out to fit: see the job summary and the report artifacts</sub>\n` : '';
  return fitLines(marker + top + problems + overview + details.join('') + tail, options.budget);
}

/** A last guard: whole lines from the end until the text fits (the fixed top always does). */
function fitLines(text: string, budget: number): string {
  if (utf8Length(text) <= budget) return text;
  const lines = text.split('\n');
  while (lines.length > 0 && utf8Length(lines.join('\n')) > budget) lines.pop();
  return lines.join('\n');
}
