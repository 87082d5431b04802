/**
 * Each staged rollout: champion and challenger, its stages with the current one marked, the
 * guardrails and limits it is held to, the challenger's share of traffic over time (chart
 * drawn by the client from the data block), and every decision with its numbers, from the
 * rollout's events. A rollout file that cannot be read is shown with its error.
 */
import type { RolloutView } from '../data.js';
import { formatNumber, formatTime } from '../format.js';
import { html, type Html } from '../html.js';

export interface RolloutDecisionRow {
  at: string;
  type: string;
  decision: string;
  allocation: string;
  looks: string;
  days: string;
  srm: string;
  guardrails: string[];
  limits: string[];
  reasons: string;
}

export interface RolloutPageInput {
  view: RolloutView;
  guardrails: { metric: string; direction: string; max_worse_pct: number }[];
  limits: string[];
  decisions: RolloutDecisionRow[];
}

const pct = (x: number): string => `${formatNumber(Math.round(x * 10000) / 100)}%`;

function one(input: RolloutPageInput, index: number): Html {
  const v = input.view;
  if (v.error !== null) {
    return html`<section class="rollout" id="rollout-${v.id}"><h2>${v.id}</h2><div class="store-problems"><p>${v.error}</p></div></section>`;
  }
  const stages = v.stages.map((s, i) => {
    const current = v.status === 'running' && v.stage === i;
    return html`<tr${current ? html` class="current"` : ''}><td>${i}</td><td class="num">${pct(s.allocation)}</td><td class="num">${formatNumber(s.min_days)}</td><td class="num">${s.max_days === null ? '—' : formatNumber(s.max_days)}</td><td>${current ? 'current stage' : i < (v.stage ?? 0) || v.status === 'promoted' ? 'passed' : ''}</td></tr>`;
  });
  const guards = input.guardrails.map((g) => html`<li><code>${g.metric}</code>: ${g.direction} is better, the challenger at most ${formatNumber(g.max_worse_pct)}% worse</li>`);
  const limits = input.limits.map((l) => html`<li>${l}</li>`);
  const decisions = input.decisions.length === 0
    ? html`<p class="muted">No decision recorded yet (decisions are events written by <code>rollout apply</code>).</p>`
    : html`<table class="decisions"><thead><tr><th scope="col">at</th><th scope="col">decision</th><th scope="col">allocation after (champion / challenger)</th><th scope="col" class="num">looks</th><th scope="col" class="num">days at stage</th><th scope="col">SRM p</th><th scope="col">guardrails (estimate, interval, margin, n champion/challenger)</th><th scope="col">limits</th></tr></thead><tbody>${input.decisions.map(
        (d) => html`<tr><td>${formatTime(d.at)}</td><td><span class="badge decision-${d.decision}">${d.decision}</span><div class="muted">${d.reasons}</div></td><td>${d.allocation}</td><td class="num">${d.looks}</td><td class="num">${d.days}</td><td>${d.srm}</td><td><ul>${d.guardrails.map((g) => html`<li>${g}</li>`)}</ul></td><td><ul>${d.limits.map((g) => html`<li>${g}</li>`)}</ul></td></tr>`,
      )}</tbody></table>`;
  const link = (id: string | null, page: string | null): Html => (id === null ? html`—` : page ? html`<a href="${page}">${id}</a>` : html`${id}`);
  return html`<section class="rollout" id="rollout-${v.id}">
<h2>${v.id} <span class="badge rollout-${v.status ?? 'unknown'}">${v.status ?? 'unknown'}</span></h2>
<p>Champion ${link(v.champion, v.champion_page)} · challenger ${link(v.challenger, v.challenger_page)} · now ${v.allocation ? `${pct(v.allocation.champion)} / ${pct(v.allocation.challenger)} (champion / challenger)` : '—'} · file <code>${v.file}</code></p>
<figure class="chart" data-chart="rollout" data-index="${String(index)}"><figcaption>Challenger's share of traffic (percent of units) after each decision; the axis starts at 0%.</figcaption></figure>
<div class="cols">
<div><h3>Stages</h3><table><thead><tr><th scope="col">stage</th><th scope="col" class="num">challenger allocation</th><th scope="col" class="num">min days</th><th scope="col" class="num">max days</th><th scope="col"></th></tr></thead><tbody>${stages}</tbody></table></div>
<div><h3>Guardrails</h3>${guards.length > 0 ? html`<ul>${guards}</ul>` : html`<p class="muted">none</p>`}<h3>Limits</h3>${limits.length > 0 ? html`<ul>${limits}</ul>` : html`<p class="muted">none</p>`}</div>
</div>
<h3>Decisions</h3>
${decisions}
</section>`;
}

export function rolloutsBody(inputs: RolloutPageInput[]): Html {
  if (inputs.length === 0) {
    return html`<h1>Rollouts</h1><p class="muted">No rollouts in this store (rollout files live in rollouts/&lt;id&gt;.yml).</p>`;
  }
  return html`<h1>Rollouts</h1><p>${inputs.length} rollout file${inputs.length === 1 ? '' : 's'}.</p>${inputs.map(one)}`;
}

