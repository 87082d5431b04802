/**
 * The compare page in the browser. Metric deltas for any two entries come from compare's own
 * `metricDeltas` (src/compare/metric-deltas.ts, bundled into this script): the same code as
 * `promotion-gate compare --json`, on the same flattened metrics, so the numbers agree by
 * construction. Per-item results are the comparison@1 JSON that `site` precomputed with
 * compare for the pair, loaded from its script file when the pair is chosen.
 */
import type { FlatMetrics } from '../../artifacts/metrics.js';
import type { ComparisonJson } from '../../compare/comparison.js';
import { metricDeltas, type MetricDeltaJson } from '../../compare/metric-deltas.js';
import type { CompareData, PrecomputedPair } from '../data.js';
import { deltaChart, draw, histogramChart, type DeltaDatum, type HistogramDatum } from './charts.js';
import { append, clear, el, formatNumber, formatPercent, formatSigned, readData } from './dom.js';

declare global {
  interface Window {
    PG_COMPARISONS?: Record<string, ComparisonJson>;
  }
}

const root = (): string => document.body.dataset['root'] ?? '';

function flat(pairs: [string, number][] | undefined): FlatMetrics | null {
  if (!pairs) return null;
  return { values: new Map(pairs), others: new Map(), nonFinite: [], signals: new Map(), collisions: [] };
}

function loadComparison(file: string): Promise<ComparisonJson> {
  const have = window.PG_COMPARISONS?.[file];
  if (have) return Promise.resolve(have);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = `${root()}${file}`;
    script.onload = () => {
      const loaded = window.PG_COMPARISONS?.[file];
      if (loaded) resolve(loaded);
      else reject(new Error(`${file} did not register a comparison`));
    };
    script.onerror = () => reject(new Error(`${file} could not be loaded`));
    document.head.appendChild(script);
  });
}

function verdict(m: MetricDeltaJson): DeltaDatum['verdict'] {
  if (m.delta === null || m.delta === 0 || m.direction === null) return 'unknown';
  return (m.delta > 0) === (m.direction === 'higher') ? 'better' : 'worse';
}

function metricTable(metrics: MetricDeltaJson[], units: Record<string, string>): HTMLElement {
  const head = el('thead', {}, el('tr', {}, ...['metric', 'unit', 'A', 'B', 'B − A', 'relative', 'better when'].map((h, i) => el('th', { scope: 'col', ...(i >= 2 && i <= 5 ? { class: 'num' } : {}) }, h))));
  const body = el('tbody');
  for (const m of metrics) {
    const v = verdict(m);
    body.appendChild(
      el('tr', { 'data-metric': m.name, 'data-a': String(m.a), 'data-b': String(m.b), 'data-delta': String(m.delta), 'data-relative': String(m.relative_delta), class: `verdict-${v}` },
        el('th', { scope: 'row' }, el('code', {}, m.name)),
        el('td', { class: 'unit' }, units[m.name] ?? ''),
        el('td', { class: 'num' }, formatNumber(m.a)),
        el('td', { class: 'num' }, formatNumber(m.b)),
        el('td', { class: 'num' }, formatSigned(m.delta)),
        el('td', { class: 'num' }, formatPercent(m.relative_delta, 2), v === 'better' ? ' ▲ better' : v === 'worse' ? ' ▼ worse' : ''),
        el('td', {}, m.direction ?? 'unknown'),
      ),
    );
  }
  return el('table', { class: 'metric-deltas', id: 'metric-deltas' }, el('caption', {}, 'Metric deltas (B − A), computed with compare\'s code'), head, body);
}

function section(title: string, ...children: (Node | string | null)[]): HTMLElement {
  return el('section', {}, el('h2', {}, title), ...children);
}

function topTable(title: string, list: ComparisonJson['largest_gains'][number]): HTMLElement {
  const body = el('tbody');
  for (const item of list.items) {
    body.appendChild(el('tr', {}, el('td', {}, el('code', {}, item.id)), el('td', { class: 'num' }, formatNumber(item.a)), el('td', { class: 'num' }, formatNumber(item.b)), el('td', { class: 'num' }, formatSigned(item.delta)), el('td', { class: 'excerpt' }, item.excerpt_a ?? ''), el('td', { class: 'excerpt' }, item.excerpt_b ?? '')));
  }
  return el('table', { class: 'top-items' }, el('caption', {}, `${title}: ${list.score}`), el('thead', {}, el('tr', {}, ...['item', 'A', 'B', 'B − A', 'output A (excerpt)', 'output B (excerpt)'].map((h) => el('th', { scope: 'col' }, h)))), body);
}

function renderItems(container: HTMLElement, c: ComparisonJson): void {
  if (c.notes.length > 0) container.appendChild(section('Notes', el('ul', {}, ...c.notes.map((n) => el('li', {}, n)))));
  if (c.items) {
    container.appendChild(section('Items', el('p', {}, `${c.items.joined} items joined; ${c.items.only_a.count} only in A, ${c.items.only_b.count} only in B (A has ${c.items.a}, B has ${c.items.b}).`)));
  }
  if (c.headline) {
    const h = c.headline;
    const interval = h.test.interval ? ` ${Math.round(h.test.interval.level * 100)}% interval [${formatSigned(h.test.interval.low)}, ${formatSigned(h.test.interval.high)}] (${h.test.interval.method})` : '';
    container.appendChild(section('Headline', el('p', { class: 'headline' }, `${h.score}: ${h.items} paired items, mean change ${formatSigned(h.test.mean_delta)}${interval}, p = ${h.test.p_value === null ? '—' : h.test.p_value.toPrecision(3)}; ${h.better ?? h.up} ${h.better === null ? 'up' : 'better'}, ${h.worse ?? h.down} ${h.worse === null ? 'down' : 'worse'}, ${h.unchanged} unchanged.`)));
  }
  if (c.histograms.length > 0) {
    const wrap = section('Score histograms');
    for (const h of c.histograms) {
      const rows: HistogramDatum[] = [];
      h.a.forEach((count, i) => {
        const bin = `${formatNumber(h.edges[i])}–${formatNumber(h.edges[i + 1])}`;
        rows.push({ bin, side: 'A', count }, { bin, side: 'B', count: h.b[i] ?? 0 });
      });
      const figure = el('figure', { class: 'chart', 'data-chart': 'histogram' }, el('figcaption', {}, `${h.score}: items per bin, A (blue) and B (orange); bars start at zero.`));
      wrap.appendChild(figure);
      draw(figure, () => histogramChart(figure, rows, h.score));
    }
    container.appendChild(wrap);
  }
  const tops = section('Largest gains and regressions');
  let anyTop = false;
  for (const list of c.largest_gains) if (list.items.length > 0) { tops.appendChild(topTable('Largest gains', list)); anyTop = true; }
  for (const list of c.largest_regressions) if (list.items.length > 0) { tops.appendChild(topTable('Largest regressions', list)); anyTop = true; }
  if (anyTop) container.appendChild(tops);
  if (c.rank_movement.length > 0) {
    const wrap = section('Rank movement');
    for (const r of c.rank_movement) {
      wrap.appendChild(el('p', {}, `${r.score}: ${r.items} items ranked, Spearman ${r.spearman === null ? '—' : r.spearman.toFixed(3)}.`));
      wrap.appendChild(el('table', { class: 'ranks' }, el('thead', {}, el('tr', {}, ...['item', 'rank A', 'rank B', 'moved'].map((h) => el('th', { scope: 'col' }, h)))), el('tbody', {}, ...r.moves.map((m) => el('tr', {}, el('td', {}, el('code', {}, m.id)), el('td', { class: 'num' }, String(m.rank_a)), el('td', { class: 'num' }, String(m.rank_b)), el('td', { class: 'num' }, formatSigned(m.change)))))));
    }
    container.appendChild(wrap);
  }
  if (c.flips.length > 0) {
    container.appendChild(section('Flips', el('ul', {}, ...c.flips.map((f) => el('li', {}, `${f.score}: ${f.up} went 0 → 1, ${f.down} went 1 → 0 (of ${f.items})`)))));
  }
  if (c.divergence) {
    const d = c.divergence;
    container.appendChild(section('Output divergence', el('p', {}, `${d.differing} of ${d.items} outputs differ (${formatPercent(d.share)}); mean token F1 between the outputs ${formatNumber(d.similarity.mean)}.`)));
  }
  if (c.what_changed) {
    const w = c.what_changed;
    const wrap = section('What changed (heuristic, not causal)', el('p', { class: 'muted' }, w.method));
    for (const s of w.scores) {
      const rows = s.buckets.slice(0, 12).map((b) => el('tr', {}, el('td', {}, el('code', {}, b.field)), el('td', {}, b.value), el('td', { class: 'num' }, String(b.items)), el('td', { class: 'num' }, formatSigned(b.mean_delta)), el('td', {}, b.excludes_zero ? 'interval excludes 0' : '')));
      wrap.appendChild(el('table', {}, el('caption', {}, `${s.score}: mean change per bucket`), el('thead', {}, el('tr', {}, ...['field', 'value', 'items', 'mean change', ''].map((h) => el('th', { scope: 'col' }, h)))), el('tbody', {}, ...rows)));
    }
    container.appendChild(wrap);
  }
  const p = c.changes.prompt;
  const changes = section('What differs in the recipe');
  changes.appendChild(el('p', {}, p.changed === null ? 'Neither side records its prompts.' : p.changed ? `Prompt changed: ${p.a_version ?? '?'} (${(p.a_hash ?? '').replace(/^sha256:/, '').slice(0, 12)}) → ${p.b_version ?? '?'} (${(p.b_hash ?? '').replace(/^sha256:/, '').slice(0, 12)}); sections ${p.sections.map((s) => `${s.section} ${s.change}`).join(', ') || '—'}.` : 'Same prompt.'));
  if (p.diff) changes.appendChild(el('pre', { class: 'diff', 'aria-label': 'prompt diff' }, p.diff.text, p.diff.truncated ? `\n… ${p.diff.omitted_lines} more lines` : ''));
  if (c.changes.config.diff) changes.appendChild(el('pre', { class: 'diff', 'aria-label': 'config diff' }, c.changes.config.diff.text));
  if (c.changes.fingerprint.fields.length > 0) {
    changes.appendChild(el('table', {}, el('caption', {}, 'Fingerprint fields that differ'), el('tbody', {}, ...c.changes.fingerprint.fields.map((f) => el('tr', {}, el('th', { scope: 'row' }, el('code', {}, f.field)), el('td', {}, f.a ?? '—'), el('td', {}, f.b ?? '—'))))));
  }
  container.appendChild(changes);
}

export function installCompare(): void {
  const data = readData<CompareData>('pg-compare');
  const pickA = document.getElementById('pick-a') as HTMLSelectElement | null;
  const pickB = document.getElementById('pick-b') as HTMLSelectElement | null;
  const result = document.getElementById('compare-result');
  if (!data || !pickA || !pickB || !result) return;
  for (const select of [pickA, pickB]) {
    const groups = new Map<string, HTMLOptGroupElement>();
    for (const e of data.entries) {
      let group = groups.get(e.status);
      if (!group) {
        group = el('optgroup', { label: e.status });
        groups.set(e.status, group);
        select.appendChild(group);
      }
      group.appendChild(el('option', { value: e.key }, `${e.id} (${e.key})`));
    }
  }
  const pairOf = (a: string, b: string): PrecomputedPair | undefined => data.pairs.find((p) => p.a === a && p.b === b);
  let generation = 0;
  const render = (): void => {
    const a = pickA.value;
    const b = pickB.value;
    const mine = ++generation;
    history.replaceState(null, '', `#a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`);
    clear(result);
    const { metrics } = metricDeltas(flat(data.metrics[a]), flat(data.metrics[b]));
    const rows: DeltaDatum[] = metrics.filter((m) => m.relative_delta !== null && m.relative_delta !== 0).map((m) => ({ name: m.name, relative: m.relative_delta as number, verdict: verdict(m) })).sort((x, y) => Math.abs(y.relative) - Math.abs(x.relative)).slice(0, 15);
    const chart = el('figure', { class: 'chart', 'data-chart': 'deltas' }, el('figcaption', {}, 'The 15 largest relative changes, B vs A; bars start at zero, green is better and vermillion worse in the metric\'s direction, grey when the name does not say.'));
    append(result, el('p', { class: 'pair' }, el('strong', {}, 'A '), a, el('strong', {}, '  →  B '), b));
    if (rows.length > 0) {
      result.appendChild(chart);
      draw(chart, () => deltaChart(chart, rows));
    }
    result.appendChild(metrics.length > 0 ? metricTable(metrics, data.units) : el('p', { class: 'muted' }, 'Neither side has numeric metrics.'));
    const items = el('div', { id: 'compare-items' });
    result.appendChild(items);
    const pair = pairOf(a, b);
    if (!pair) {
      items.appendChild(el('p', { class: 'muted not-precomputed' }, `Per-item analyses (histograms, largest gains and regressions, rank movement, prompt diff) were not precomputed for this pair. Run: promotion-gate compare ${a} ${b}`));
      return;
    }
    if (pair.error !== null || pair.file === null) {
      items.appendChild(el('p', { class: 'store-problems' }, `compare refused this pair: ${pair.error ?? 'no file'}`));
      return;
    }
    items.appendChild(el('p', { class: 'muted' }, `Loading the precomputed comparison (${pair.why})…`));
    loadComparison(pair.file).then(
      (comparison) => {
        if (mine !== generation) return;
        clear(items);
        items.dataset['loaded'] = pair.file ?? '';
        renderItems(items, comparison);
      },
      (error: unknown) => {
        if (mine !== generation) return;
        clear(items);
        items.appendChild(el('p', { class: 'store-problems' }, error instanceof Error ? error.message : String(error)));
      },
    );
  };
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const has = (key: string | null): key is string => key !== null && data.entries.some((e) => e.key === key);
  const a = params.get('a');
  const b = params.get('b');
  pickA.value = has(a) ? a : (data.initial?.a ?? data.entries[0]?.key ?? '');
  pickB.value = has(b) ? b : (data.initial?.b ?? data.entries[1]?.key ?? '');
  pickA.addEventListener('change', render);
  pickB.addEventListener('change', render);
  document.getElementById('swap')?.addEventListener('click', () => {
    [pickA.value, pickB.value] = [pickB.value, pickA.value];
    render();
  });
  window.addEventListener('hashchange', () => {
    const p = new URLSearchParams(location.hash.replace(/^#/, ''));
    const na = p.get('a');
    const nb = p.get('b');
    if (has(na) && has(nb) && (na !== pickA.value || nb !== pickB.value)) {
      pickA.value = na;
      pickB.value = nb;
      render();
    }
  });
  if (pickA.value && pickB.value) render();
}
