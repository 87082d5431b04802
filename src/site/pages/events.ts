/**
 * The event log as a table: every promotion, archive, restore, deletion, pin change and
 * rollout step, with who, when, why and (for rollouts) the decision's numbers. A malformed
 * event file is listed above the table, naming the file: the log is never shown as complete
 * when part of it could not be read (RELIABILITY L3).
 */
import { formatTime, shortHash } from '../format.js';
import { html, safeUrl, type Html } from '../html.js';
import { sortableTable, tableFilters, type Column, type Row } from './table.js';

export interface EventView {
  file: string;
  at: string;
  type: string;
  actor: string;
  subject: string;
  from: string | null;
  to: string | null;
  reason: string | null;
  gate_report_sha256: string | null;
  workflow_run_url: string | null;
  /** Every other field (a rollout decision's numbers, a pin's keys), flattened for display. */
  extra: [string, string][];
  /** Page of the subject (an entry, or a rollout anchor), when there is one. */
  subjectHref: string | null;
}

const COLUMNS: Column[] = [
  { label: 'At', sort: 'time', help: 'UTC' },
  { label: 'Type', sort: 'text' },
  { label: 'Subject', sort: 'text' },
  { label: 'From → to', sort: 'text' },
  { label: 'Actor', sort: 'text' },
  { label: 'Reason and numbers', sort: 'text' },
];

function row(e: EventView): Row {
  const url = safeUrl(e.workflow_run_url);
  const extra = e.extra.length === 0 ? '' : html`<details><summary>${e.extra.length} more field${e.extra.length === 1 ? '' : 's'}</summary><table class="kv"><tbody>${e.extra.map(([k, v]) => html`<tr><th scope="row"><code>${k}</code></th><td>${v}</td></tr>`)}</tbody></table></details>`;
  return {
    attrs: { type: e.type },
    cells: [
      { content: formatTime(e.at), sort: e.at, title: e.at },
      { content: html`<span class="badge event-${e.type}">${e.type}</span>`, sort: e.type },
      { content: e.subjectHref ? html`<a href="${e.subjectHref}">${e.subject}</a>` : e.subject, sort: e.subject },
      { content: html`${e.from ?? '—'} → ${e.to ?? '—'}`, sort: e.to ?? e.from },
      { content: e.actor, sort: e.actor },
      {
        content: html`${e.reason ?? ''}${e.gate_report_sha256 ? html`<div class="muted">gate report <code title="${e.gate_report_sha256}">${shortHash(e.gate_report_sha256)}</code></div>` : ''}${url ? html`<div><a href="${url}" rel="noopener noreferrer">workflow run</a></div>` : ''}${extra}`,
        sort: e.reason,
      },
    ],
  };
}

export function eventsBody(events: EventView[], problems: { file: string; message: string }[], types: string[]): Html {
  const problemList = problems.length === 0 ? '' : html`<section class="store-problems"><h2>Malformed event files (${problems.length})</h2><p>These files are in the events folder but are not events; the log below is incomplete until they are fixed or removed.</p><ul>${problems.map((p) => html`<li>${p.message}</li>`)}</ul></section>`;
  const newestFirst = [...events].reverse();
  const body = events.length === 0
    ? html`<p class="muted">No events yet: promotions, archives, restores, deletions, pin changes and rollout steps each write one file under events/.</p>`
    : html`${tableFilters('events', 'Filter', [{ attr: 'type', label: 'Type', options: types }])}${sortableTable('events', 'Every change of meaning in the store, newest first.', COLUMNS, newestFirst.map(row), { initialSort: { column: 0, direction: 'descending' } })}`;
  return html`<h1>Event log</h1>
<p>${events.length} event${events.length === 1 ? '' : 's'} from the store's events/ folder.</p>
${problemList}
${body}`;
}
