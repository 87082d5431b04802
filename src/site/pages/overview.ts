/**
 * The store at a glance: every entry with its lifecycle status, what it ran (model, prompt
 * version and hash, dataset), when, on how many items and at what cost; entries that could
 * not be read are listed too, with their error, never dropped.
 */
import type { SiteEntry } from '../data.js';
import { formatCost, formatNumber, formatTime, shortHash } from '../format.js';
import { html, type Html } from '../html.js';
import { sortableTable, tableFilters, type Column, type Row } from './table.js';

export const STATUS_ORDER = ['baseline', 'reference', 'experimental', 'archived', 'unreadable'] as const;

export interface OverviewInput {
  entries: SiteEntry[];
  /** Problems of the store as a whole (policy, event log, rollouts), one line each. */
  storeProblems: string[];
  links: { events: number; rollouts: number; histories: number; comparisons: number };
}

export function statusBadge(entry: Pick<SiteEntry, 'status' | 'quality'>): Html {
  const label = entry.status === 'reference' && entry.quality ? `reference · ${entry.quality}` : entry.status;
  return html`<span class="badge status-${entry.status}">${label}</span>`;
}

function entryRow(entry: SiteEntry, root: string): Row {
  const idCell = entry.page ? html`<a href="${root}${entry.page}" title="${entry.key}">${entry.id}</a>` : html`<span class="bad-id">${entry.id}</span>`;
  const problems = entry.problems.length === 0 ? '' : html`<details class="problems"><summary>${entry.problems.length} problem${entry.problems.length === 1 ? '' : 's'}</summary><ul>${entry.problems.map((p) => html`<li>${p}</li>`)}</ul></details>`;
  const prompt = entry.prompt_version || entry.prompt_hash ? html`${entry.prompt_version ?? ''}${entry.prompt_version && entry.prompt_hash ? ' · ' : ''}${entry.prompt_hash ? html`<code title="${entry.prompt_hash}">${shortHash(entry.prompt_hash)}</code>` : ''}` : '—';
  return {
    attrs: { status: entry.status, key: entry.key },
    className: entry.problems.length > 0 ? 'has-problems' : undefined,
    cells: [
      { content: idCell, sort: entry.id },
      { content: statusBadge(entry), sort: STATUS_ORDER.indexOf(entry.status) },
      { content: entry.model ?? '—', sort: entry.model },
      { content: html`${entry.dataset ?? '—'}${entry.task ? html`<div class="muted">${entry.task}</div>` : ''}`, sort: entry.dataset },
      { content: prompt, sort: entry.prompt_version ?? entry.prompt_hash },
      { content: formatTime(entry.created).replace(/ UTC$/, ''), sort: entry.created, title: entry.created ?? undefined },
      { content: formatNumber(entry.items), sort: entry.items },
      { content: formatCost(entry.cost), sort: entry.cost },
      { content: problems, sort: entry.problems.length },
    ],
  };
}

const COLUMNS: Column[] = [
  { label: 'Entry', sort: 'text' },
  { label: 'Status', sort: 'number', help: 'Where the entry lives: runs/ experimental, baselines/, references/, _archived/' },
  { label: 'Model', sort: 'text' },
  { label: 'Dataset · task', sort: 'text' },
  { label: 'Prompt', sort: 'text', help: 'prompt version · prompt hash (fingerprint.json)' },
  { label: 'Created (UTC)', sort: 'time', help: 'baseline.json created_at, else fingerprint.json timestamp' },
  { label: 'Items', sort: 'number', numeric: true, help: 'items evaluated (count)' },
  { label: 'Cost (USD)', sort: 'number', numeric: true, help: 'total cost recorded by the run, in US dollars' },
  { label: 'Problems', sort: 'number', numeric: true },
];

export function overviewBody(input: OverviewInput): Html {
  const counts = new Map<string, number>();
  for (const e of input.entries) counts.set(e.status, (counts.get(e.status) ?? 0) + 1);
  const summary = STATUS_ORDER.filter((s) => counts.has(s)).map((s) => html`<li><span class="badge status-${s}">${s}</span> ${counts.get(s) ?? 0}</li>`);
  const problems = input.storeProblems.length === 0 ? '' : html`<section class="store-problems" aria-label="Store problems"><h2>Problems</h2><ul>${input.storeProblems.map((p) => html`<li>${p}</li>`)}</ul></section>`;
  const rows = input.entries.map((e) => entryRow(e, ''));
  return html`<h1>Evaluation store</h1>
<ul class="summary">${summary}<li>${input.entries.length} entries in all</li></ul>
<p class="links"><a href="compare.html">Compare two entries</a> (${input.links.comparisons} precomputed) · <a href="history.html">Baseline history</a> (${input.links.histories}) · <a href="events.html">Event log</a> (${input.links.events}) · <a href="rollouts.html">Rollouts</a> (${input.links.rollouts})</p>
${problems}
${tableFilters('entries', 'Filter', [{ attr: 'status', label: 'Status', options: STATUS_ORDER.filter((s) => counts.has(s)) }])}
${sortableTable('entries', 'Entries of the store. Select a column header to sort.', COLUMNS, rows, { initialSort: { column: 1, direction: 'ascending' } })}`;
}
