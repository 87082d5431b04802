/**
 * The compare page's frame: two pickers and the sections the client fills for the chosen
 * pair (client/compare.ts). Metric deltas are computed in the page by the compare command's
 * own code for any two entries; per-item results (histograms, largest gains and regressions
 * with output excerpts, rank movement, flips, prompt diff) come from the comparisons the
 * site precomputed with `compare`, listed here as links.
 */
import type { PrecomputedPair } from '../data.js';
import { html, type Html } from '../html.js';

export function compareBody(pairs: PrecomputedPair[], overCap: number, maxPairs: number, overBudget = 0, budgetSeconds = 0): Html {
  const list = pairs.length === 0
    ? html`<p class="muted">No pair was precomputed.</p>`
    : html`<ul class="pairs">${pairs.map((p) => html`<li><a href="compare.html#a=${encodeURIComponent(p.a)}&amp;b=${encodeURIComponent(p.b)}" data-a="${p.a}" data-b="${p.b}">${p.a} → ${p.b}</a> <span class="muted">${p.why}${p.error ? ' (compare refused: see the page)' : ''}</span></li>`)}</ul>`;
  return html`<h1>Compare two entries</h1>
<form class="pickers" id="compare-form">
<label>A (before) <select id="pick-a" name="a"></select></label>
<button type="button" id="swap" aria-label="Swap A and B">⇄</button>
<label>B (after) <select id="pick-b" name="b"></select></label>
</form>
<p class="muted">Every delta is B minus A. Metric deltas are computed here for any pair by the same code as <code>promotion-gate compare</code>; per-item analyses are shown for precomputed pairs.</p>
<div id="compare-result" aria-live="polite"><p class="muted">Pick two entries.</p></div>
<section><h2>Precomputed comparisons</h2>
<p class="muted">${String(pairs.length)} pair${pairs.length === 1 ? '' : 's'} precomputed (at most ${String(maxPairs)}: promotion steps first, then rollouts, experiments, and runs against their baseline)${overCap > 0 ? html`; ${String(overCap)} more candidate pair${overCap === 1 ? '' : 's'} left out by the cap (run <code>promotion-gate compare</code> for those)` : ''}${overBudget > 0 ? html`; ${String(overBudget)} more left out because precomputing stops after ${String(budgetSeconds)} s (<code>--compare-budget</code>)` : ''}.</p>
${list}
</section>`;
}
