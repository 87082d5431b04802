/**
 * One entry's page: what it is and where it lives, its metrics (with units), its provenance
 * (baseline.json and fingerprint.json as recorded), its README rendered safely, whether its
 * files still match its manifest, and the events, comparisons and histories that mention it.
 */
import type { SiteEntry } from '../data.js';
import { formatNumber, formatTime, shortHash } from '../format.js';
import { html, safeUrl, type Html } from '../html.js';
import { renderReadme } from '../markdown.js';
import { statusBadge } from './overview.js';

export interface ManifestStatus {
  state: 'verified' | 'differences' | 'absent' | 'unreadable';
  lines: string[];
  notes: string[];
}

export interface EntryEventLine {
  at: string;
  type: string;
  from: string | null;
  to: string | null;
  actor: string;
  reason: string | null;
  workflow_run_url: string | null;
}

export interface EntryPageInput {
  entry: SiteEntry;
  metrics: [string, number][];
  units: Record<string, string>;
  /** Other (non-numeric) metric leaves, by kind. */
  otherMetrics: [string, string][];
  metadata: [string, string][] | null;
  fingerprint: [string, string][] | null;
  readme: string | null;
  manifest: ManifestStatus;
  events: EntryEventLine[];
  comparisons: { label: string; href: string }[];
  histories: { label: string; href: string }[];
  /** Metrics beyond the page's cap. */
  metricsOmitted: number;
}

const MANIFEST_TEXT: Record<ManifestStatus['state'], string> = {
  verified: 'every file matches manifest.json',
  differences: 'files differ from manifest.json',
  absent: 'no manifest.json: nothing to verify the files against',
  unreadable: 'manifest.json could not be read',
};

function keyValues(caption: string, rows: [string, string][] | null, empty: string): Html {
  if (rows === null || rows.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<details><summary>${caption} (${rows.length} field${rows.length === 1 ? '' : 's'})</summary><table class="kv"><tbody>${rows.map(([k, v]) => html`<tr><th scope="row"><code>${k}</code></th><td>${v}</td></tr>`)}</tbody></table></details>`;
}

export function entryBody(input: EntryPageInput, root: string): Html {
  const { entry } = input;
  const facts: [string, Html | string][] = [
    ['Status', statusBadge(entry)],
    ['Folder', html`<code>${entry.key}</code>`],
    ['Model', entry.model ?? '—'],
    ['Dataset', entry.dataset ?? '—'],
    ['Task', entry.task ?? '—'],
    ['Prompt version', entry.prompt_version ?? '—'],
    ['Prompt hash', entry.prompt_hash ? html`<code title="${entry.prompt_hash}">${shortHash(entry.prompt_hash)}</code>` : '—'],
    ['Created', formatTime(entry.created)],
    ['Items', formatNumber(entry.items)],
    ['Cost', entry.cost === null ? '—' : `${formatNumber(entry.cost)} US dollars`],
    ['Tokens', formatNumber(entry.tokens)],
  ];
  if (entry.experiment) facts.push(['Experiment', `${entry.experiment}${entry.arm ? ` (${entry.arm})` : ''}`]);
  const problems = entry.problems.length === 0 ? '' : html`<section class="store-problems"><h2>Problems</h2><ul>${entry.problems.map((p) => html`<li>${p}</li>`)}</ul></section>`;
  const metricRows = input.metrics.map(([name, value]) => html`<tr><th scope="row"><code>${name}</code></th><td class="num" data-value="${String(value)}">${formatNumber(value)}</td><td class="unit">${input.units[name] ?? ''}</td></tr>`);
  const metrics = input.metrics.length === 0
    ? html`<p class="muted">No numeric metrics (metrics.json missing or without numbers).</p>`
    : html`<table class="metrics"><thead><tr><th scope="col">metric</th><th scope="col" class="num">value</th><th scope="col">unit</th></tr></thead><tbody>${metricRows}</tbody></table>${input.metricsOmitted > 0 ? html`<p class="muted">${input.metricsOmitted} more metrics not shown.</p>` : ''}`;
  const others = input.otherMetrics.length === 0 ? '' : html`<p class="muted">Non-numeric leaves: ${input.otherMetrics.map(([k, kind]) => html`<code>${k}</code> (${kind}) `)}</p>`;
  const manifest = html`<p class="manifest manifest-${input.manifest.state}"><span class="badge">${input.manifest.state}</span> ${MANIFEST_TEXT[input.manifest.state]}</p>${input.manifest.lines.length > 0 ? html`<ul class="manifest-lines">${input.manifest.lines.map((l) => html`<li>${l}</li>`)}</ul>` : ''}${input.manifest.notes.length > 0 ? html`<details><summary>What was checked</summary><ul>${input.manifest.notes.map((l) => html`<li>${l}</li>`)}</ul></details>` : ''}`;
  let readme: Html;
  if (input.readme === null) readme = html`<p class="muted">No README.md.</p>`;
  else {
    const rendered = renderReadme(input.readme);
    readme = html`<div class="readme">${rendered.html}</div>${rendered.truncated ? html`<p class="muted">README cut at 64 KiB.</p>` : ''}`;
  }
  const events = input.events.length === 0
    ? html`<p class="muted">No event mentions this entry.</p>`
    : html`<table><thead><tr><th scope="col">at</th><th scope="col">event</th><th scope="col">from → to</th><th scope="col">by</th><th scope="col">reason</th></tr></thead><tbody>${input.events.map((e) => {
        const url = safeUrl(e.workflow_run_url);
        return html`<tr><td>${formatTime(e.at)}</td><td><span class="badge event-${e.type}">${e.type}</span></td><td>${e.from ?? '—'} → ${e.to ?? '—'}</td><td>${e.actor}</td><td>${e.reason ?? ''}${url ? html` <a href="${url}" rel="noopener noreferrer">workflow run</a>` : ''}</td></tr>`;
      })}</tbody></table>`;
  const links = (title: string, items: { label: string; href: string }[], none: string): Html =>
    html`<h3>${title}</h3>${items.length === 0 ? html`<p class="muted">${none}</p>` : html`<ul>${items.map((i) => html`<li><a href="${root}${i.href}">${i.label}</a></li>`)}</ul>`}`;
  return html`<p class="crumbs"><a href="${root}index.html">Overview</a> › ${entry.key}</p>
<h1>${entry.id}</h1>
${problems}
<dl class="facts">${facts.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
<section><h2>Metrics</h2>${metrics}${others}</section>
<section><h2>Manifest</h2>${manifest}</section>
<section><h2>Provenance</h2>
${keyValues('baseline.json', input.metadata, 'No baseline.json.')}
${keyValues('fingerprint.json', input.fingerprint, 'No fingerprint.json.')}
</section>
<section><h2>Related</h2>
${links('Comparisons', input.comparisons, 'No precomputed comparison includes this entry; pick it on the Compare page for its metric deltas.')}
${links('Histories', input.histories, 'Not part of a pinned baseline history.')}
<h3>Events</h3>${events}
</section>
<section><h2>README</h2>${readme}</section>`;
}
