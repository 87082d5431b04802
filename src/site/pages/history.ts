/**
 * How each pinned baseline moved across promotions: one section per pin (dataset, task),
 * its promotions in order with who and why, and a chart of any of its metrics with one point
 * per promotion and the drift anchor marked (DESIGN.md section 12) when the policy names
 * one. Stores without pins get the baselines of each dataset in promotion order instead,
 * labelled as such.
 */
import type { HistoryGroup } from '../data.js';
import { formatNumber, formatTime } from '../format.js';
import { html, type Html } from '../html.js';

function group(g: HistoryGroup, index: number, units: Record<string, string>): Html {
  const metric = g.default_metric;
  const rows = g.points.map((p, i) => {
    const anchor = g.anchor?.index === i;
    const value = metric === null ? undefined : p.metrics[metric];
    return html`<tr${anchor ? html` class="anchor"` : ''}><td class="num">${String(i + 1)}</td><td>${p.page ? html`<a href="${p.page}">${p.id}</a>` : p.id}${anchor ? html` <span class="badge anchor">drift anchor</span>` : ''}${p.status === 'archived' || p.status === 'deleted' || p.status === 'missing' ? html` <span class="muted">(${p.status})</span>` : ''}</td><td>${formatTime(p.at)}</td><td>${p.promoted_from ?? '—'}</td><td>${p.by ?? '—'}</td><td>${p.reason ?? ''}</td><td class="num">${value === undefined ? '—' : formatNumber(value)}</td></tr>`;
  });
  const select = g.metrics.length === 0 ? html`<p class="muted">No numeric metric is shared by these baselines.</p>` : html`<label>Metric <select class="history-metric" data-group="${String(index)}">${g.metrics.map((m) => html`<option value="${m}"${m === metric ? html` selected` : ''}>${m}</option>`)}</select></label>`;
  return html`<section class="history" id="history-${String(index)}">
<h2>${g.label} <span class="badge">${g.source === 'pin' ? 'pin' : 'by dataset, no pin'}</span></h2>
<p class="muted">${g.source === 'pin' ? 'Each point is a baseline the pin named, in the order the pin moved (pin_changed events, then the policy today).' : 'No pin is recorded for this dataset: these are its baselines in the order they were promoted (baseline.json promoted_at), not a pin\'s history.'} ${g.anchor_note}</p>
${select}
<figure class="chart" data-chart="history" data-group="${String(index)}"><figcaption>${metric === null ? '' : html`<span class="metric-name">${metric}</span> (<span class="metric-unit">${units[metric] ?? ''}</span>) per promotion, oldest on the left; the axis spans the values shown and does not start at zero.`}</figcaption></figure>
<table class="promotions"><thead><tr><th scope="col" class="num">#</th><th scope="col">baseline</th><th scope="col">since</th><th scope="col">promoted from</th><th scope="col">by</th><th scope="col">reason</th><th scope="col" class="num">${metric ?? 'metric'}</th></tr></thead><tbody>${rows}</tbody></table>
</section>`;
}

export function historyBody(groups: HistoryGroup[], units: Record<string, string>, notes: string[]): Html {
  const intro = html`<h1>Baseline history</h1><p>How each pinned baseline's metrics moved across promotions. ${notes.map((n) => html`${n} `)}</p>`;
  if (groups.length === 0) return html`${intro}<p class="muted">No baselines yet.</p>`;
  const toc = html`<nav class="toc" aria-label="Histories"><ul>${groups.map((g, i) => html`<li><a href="#history-${String(i)}">${g.label}</a> (${String(g.points.length)})</li>`)}</ul></nav>`;
  return html`${intro}${toc}${groups.map((g, i) => group(g, i, units))}`;
}
