/**
 * The comparison on a terminal: the headline first (how many items got better, worse or
 * stayed, with the interval), then the metric table, per-item scores, text histograms,
 * the largest regressions and gains with a short excerpt of each output, what changed by
 * item field (labelled heuristic), output divergence and the recipe changes.
 *
 * Every string from the store goes through the report's escapeControls/truncate, so no
 * output can move the cursor or recolour the screen, and no line starts with untrusted text.
 */
import { clean, pad, width } from '../report/terminal.js';
import { formatDelta, formatNumber, formatPercent, MISSING } from '../report/format.js';
import type { ComparisonJson, SideJson } from './comparison.js';
import type { IntervalJson, PairedTestJson } from './paired-test.js';
import type { HistogramJson, TopListJson } from './score-analysis.js';

export interface CompareTerminalOptions {
  color: boolean;
}

const BAR_WIDTH = 24;
const NAME_WIDTH = 60;


function table(header: string[], rows: string[][], numeric: ReadonlySet<number>): string[] {
  const widths = header.map((h, i) => rows.reduce((w, r) => Math.max(w, width(r[i] ?? '')), width(h)));
  const line = (row: string[]): string => `  ${row.map((c, i) => pad(c, widths[i] ?? 0, numeric.has(i))).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

/** Changed metrics first (largest relative change first), then metrics on one side only, then unchanged ones; file order within. */
export function metricOrder(c: ComparisonJson): ComparisonJson['metrics'] {
  const group = (m: ComparisonJson['metrics'][number]): number => (m.delta === null ? 1 : m.delta === 0 ? 2 : 0);
  const size = (m: ComparisonJson['metrics'][number]): number => Math.abs(m.relative_delta ?? 0);
  return c.metrics.map((m, i) => ({ m, i })).sort((x, y) => group(x.m) - group(y.m) || (group(x.m) === 0 ? size(y.m) - size(x.m) : 0) || x.i - y.i).map((x) => x.m);
}

/** A share as a percentage without a sign: 0.37 -> 37%. */
export function formatShare(share: number | null): string {
  return share === null ? MISSING : `${formatNumber(share * 100, 3)}%`;
}

export function formatCi(interval: IntervalJson | null): string {
  if (interval === null) return MISSING;
  return `[${formatDelta(interval.low)}, ${formatDelta(interval.high)}] ${formatNumber(interval.level * 100, 4)}%`;
}

export function formatP(test: PairedTestJson): string {
  return test.p_value === null ? MISSING : formatNumber(test.p_value, 2);
}

const METHOD: Record<string, string> = { mcnemar: 'exact McNemar', bootstrap: 't and studentized bootstrap', t: 't test', sign: 'sign test', normal: 'normal interval' };
export const methodName = (method: string): string => METHOD[method] ?? method;

function sideLine(label: string, side: SideJson): string {
  const facts = [
    `${clean(side.path)} (${side.status}${side.quality ? `, ${side.quality}` : ''})`,
    side.model ? `model ${clean(side.model, 80)}` : '',
    side.dataset ? `dataset ${clean(side.dataset, 80)}` : '',
    side.prompt_version ? `prompt ${clean(side.prompt_version, 40)}` : '',
    side.arm ? `${side.arm} arm` : '',
    side.items !== null ? `${side.items} items` : 'no predictions',
  ].filter(Boolean);
  return `${label}: ${facts.join(' · ')}`;
}

/** "B is better on 40, worse on 55, unchanged on 5 of 100 items; mean Δ −0.012, 95% CI [...] (paired bootstrap, p = 0.003)". */
export function headlineSentence(c: ComparisonJson, name: (s: string) => string): string | undefined {
  const h = c.headline;
  if (!h) return undefined;
  const known = h.direction !== null;
  const counts = known ? `better on ${h.better}, worse on ${h.worse}` : `higher on ${h.up}, lower on ${h.down}`;
  const dir = h.direction === 'higher' ? 'higher is better' : h.direction === 'lower' ? 'lower is better' : 'direction unknown';
  const t = h.test;
  const ci = t.interval
    ? `, ${formatNumber(t.interval.level * 100, 4)}% CI [${formatDelta(t.interval.low)}, ${formatDelta(t.interval.high)}] (${methodName(t.interval.method)}${t.p_value !== null ? `, p = ${formatNumber(t.p_value, 2)}` : ''})`
    : t.note ? ` (${t.note})` : '';
  return `B is ${counts}, unchanged on ${h.unchanged} of ${h.items} items by ${name(h.score)} (${dir}); mean Δ ${formatDelta(t.mean_delta)}${ci}`;
}

function histogramLines(h: HistogramJson, bar: (n: number, max: number) => string): string[] {
  const max = Math.max(1, ...h.a, ...h.b);
  const labels = h.a.map((_, i) => `[${formatNumber(h.edges[i] as number)}, ${formatNumber(h.edges[i + 1] as number)}${i === h.a.length - 1 ? ']' : ')'}`);
  const labelWidth = Math.max(...labels.map(width));
  const countWidth = String(max).length;
  return labels.map((label, i) => {
    const a = h.a[i] as number;
    const b = h.b[i] as number;
    return `    ${pad(label, labelWidth)}  A ${pad(bar(a, max), BAR_WIDTH)} ${pad(String(a), countWidth, true)}   B ${pad(bar(b, max), BAR_WIDTH)} ${pad(String(b), countWidth, true)}`;
  });
}

/** Whole cells of a bar from zero: the length is proportional to the count, at least one cell for a non-zero count. */
export function textBar(count: number, max: number, cells = BAR_WIDTH, glyph = '█'): string {
  if (count <= 0) return '';
  return glyph.repeat(Math.max(1, Math.round((count / max) * cells)));
}

/** Items per list on the terminal (the JSON and Markdown have all of --top). */
const TERMINAL_TOP = 5;

function topLines(list: TopListJson, title: string): string[] {
  if (list.items.length === 0) return [];
  const more = list.items.length > TERMINAL_TOP ? ` (${TERMINAL_TOP} of ${list.items.length}; the rest in --json/--markdown)` : '';
  const out = [`  ${title} by ${clean(list.score, NAME_WIDTH)}${more}:`];
  for (const item of list.items.slice(0, TERMINAL_TOP)) {
    out.push(`    - ${clean(item.id, 80)}: ${formatNumber(item.a)} -> ${formatNumber(item.b)} (${formatDelta(item.delta)})`);
    if (item.excerpt_a !== undefined) out.push(`      A: ${clean(item.excerpt_a, 200)}`);
    if (item.excerpt_b !== undefined) out.push(`      B: ${clean(item.excerpt_b, 200)}`);
  }
  return out;
}

export function renderCompareTerminal(c: ComparisonJson, options: CompareTerminalOptions): string {
  const bold = (t: string): string => (options.color ? `\x1b[1m${t}\x1b[0m` : t);
  const tone = (t: string, code: string): string => (options.color ? `\x1b[${code}m${t}\x1b[0m` : t);
  const out: string[] = [];
  out.push(`${bold('promotion-gate compare')}: ${clean(c.a.id, 128)} -> ${clean(c.b.id, 128)}${c.experiment ? ` (experiment ${clean(c.experiment.id, 128)}: control -> treatment)` : ''}`);
  out.push(sideLine('A', c.a), sideLine('B', c.b));
  if (c.dataset_match === false) out.push(tone('dataset fingerprints differ: not the same items', '33'));
  for (const note of c.notes) out.push(`note: ${clean(note, 500)}`);

  const headline = headlineSentence(c, (s) => clean(s, NAME_WIDTH));
  if (c.items) {
    out.push('', `items: ${c.items.joined} joined, ${c.items.only_a.count} only in A, ${c.items.only_b.count} only in B`);
  }
  if (headline) out.push(bold(headline));
  else if (c.mode === 'metrics-only') out.push(bold('metrics-only comparison (no per-item predictions on both sides)'));

  if (c.metrics.length > 0) {
    const changed = c.metrics.filter((m) => m.delta !== 0 && m.delta !== null).length;
    const oneSided = c.metrics.filter((m) => m.delta === null).length;
    out.push('', bold(`Metrics (${c.metrics.length}: ${changed} changed${oneSided > 0 ? `, ${oneSided} on one side only` : ''}${c.metrics_omitted > 0 ? `, ${c.metrics_omitted} more in the JSON` : ''})`));
    // The first column is ours (never untrusted text at the start of a line).
    const rows = metricOrder(c).map((m) => [m.direction === 'higher' ? '↑' : m.direction === 'lower' ? '↓' : MISSING, clean(m.name, NAME_WIDTH), formatNumber(m.a), formatNumber(m.b), formatDelta(m.delta), formatPercent(m.relative_delta)]);
    out.push(...table(['dir', 'metric', 'A', 'B', 'delta', 'delta %'], rows, new Set([2, 3, 4, 5])));
  }

  if (c.scores.length > 0) {
    out.push('', bold(`Per-item scores (${c.scores.length}${c.scores_omitted.length > 0 ? `, ${c.scores_omitted.length} more not analysed` : ''})`));
    const rows = c.scores.map((s) => [
      s.kind, clean(s.name, NAME_WIDTH), String(s.items), formatNumber(s.mean_a), formatNumber(s.mean_b), formatDelta(s.test.mean_delta), formatCi(s.test.interval), formatP(s.test),
      s.better === null ? `${s.up} up` : String(s.better), s.worse === null ? `${s.down} down` : String(s.worse), String(s.unchanged),
    ]);
    out.push(...table(['kind', 'score', 'items', 'A mean', 'B mean', 'delta', 'CI', 'p', 'better', 'worse', 'same'], rows, new Set([2, 3, 4, 5, 8, 9, 10])));
  }

  if (c.histograms.length > 0) {
    out.push('', bold('Distributions (items per bin, bars from zero)'));
    for (const h of c.histograms) out.push(`  score ${clean(h.score, NAME_WIDTH)}:`, ...histogramLines(h, (n, max) => textBar(n, max)));
  }

  const regressions = c.largest_regressions.flatMap((l) => topLines(l, l.direction === null ? 'Largest decreases' : 'Largest regressions'));
  const gains = c.largest_gains.flatMap((l) => topLines(l, l.direction === null ? 'Largest increases' : 'Largest gains'));
  if (regressions.length + gains.length > 0) out.push('', bold('Items that moved most'), ...regressions, ...gains);

  for (const flips of c.flips) {
    out.push('', bold(`Flips of ${clean(flips.score, NAME_WIDTH)} (${flips.items} items)`), `  0 -> 1: ${flips.up}   1 -> 0: ${flips.down}`);
  }
  for (const rank of c.rank_movement) {
    if (rank.moves.length === 0) continue;
    out.push('', bold(`Rank movement of ${clean(rank.score, NAME_WIDTH)} (Spearman ${formatNumber(rank.spearman, 3)})`));
    out.push(...rank.moves.slice(0, 5).map((m) => `  - ${clean(m.id, 80)}: rank ${formatNumber(m.rank_a)} -> ${formatNumber(m.rank_b)} (${formatDelta(m.change)})`));
  }

  const wc = c.what_changed;
  if (wc) {
    out.push('', bold(`What changed, by item field: ${wc.label.toUpperCase()}`));
    out.push('  mean per-item delta per field value; intervals Bonferroni-corrected (95% family-wise); * = the interval excludes 0');
    for (const score of wc.scores) {
      out.push(`  score ${clean(score.score, NAME_WIDTH)} (${score.tests} intervals at ${score.interval_level === null ? MISSING : `${formatNumber(score.interval_level * 100, 5)}%`})`);
      const rows = score.buckets.slice(0, 10).map((b) => [b.excludes_zero ? '*' : '-', String(b.items), formatDelta(b.mean_delta), b.interval ? `[${formatDelta(b.interval.low)}, ${formatDelta(b.interval.high)}]` : MISSING, `${clean(b.field, 40)}=${clean(b.value, 40)}`]);
      out.push(...table(['', 'items', 'mean delta', 'CI', 'bucket'], rows, new Set([1, 2])).map((l) => `  ${l}`));
      if (score.buckets.length > 10) out.push(`    ${score.buckets.length - 10} more buckets in the JSON`);
    }
  }

  const d = c.divergence;
  if (d) {
    out.push('', bold('Output divergence'));
    out.push(`  ${d.differing} of ${d.items} joined items (${formatShare(d.share)}) have different outputs after whitespace normalisation`);
    const s = d.similarity;
    if (s.mean !== null && s.quantiles) {
      out.push(`  token F1 between outputs: mean ${formatNumber(s.mean, 3)}, median ${formatNumber(s.quantiles.p50, 3)}, p10 ${formatNumber(s.quantiles.p10, 3)}, p90 ${formatNumber(s.quantiles.p90, 3)}; identical tokens on ${s.identical_tokens}`);
      const max = Math.max(1, ...s.bins.map((b) => b.count), s.identical_tokens);
      const rows = [...s.bins.map((bin) => [`[${formatNumber(bin.low)}, ${formatNumber(bin.high)})`, bin.count] as const), ['= 1', s.identical_tokens] as const];
      const labelWidth = Math.max(...rows.map(([label]) => width(label)));
      for (const [label, n] of rows) out.push(`    ${pad(label, labelWidth)}  ${pad(textBar(n, max), BAR_WIDTH)} ${n}`);
    }
    if (s.note) out.push(`  ${clean(s.note)}`);
    if (d.without_output.a + d.without_output.b > 0) out.push(`  items without an output: ${d.without_output.a} in A, ${d.without_output.b} in B`);
  }

  const ch = c.changes;
  const parts = [
    ch.prompt.changed === true ? `prompts changed (${ch.prompt.sections.map((s) => `${clean(s.section, 60)} ${s.change}`).join(', ') || 'bundle hash'})` : ch.prompt.changed === false ? 'prompts unchanged' : 'prompts not recorded',
    ch.config.changed === true ? 'config changed' : ch.config.changed === false ? 'config unchanged' : 'config not on both sides',
    `${ch.fingerprint.changed} fingerprint field(s) differ`,
  ];
  out.push('', bold('Changes'), `  ${parts.join('; ')}`);
  for (const f of ch.fingerprint.fields.slice(0, 12)) out.push(`    - ${clean(f.field, 80)}: ${f.a === null ? '(absent)' : clean(f.a, 60)} -> ${f.b === null ? '(absent)' : clean(f.b, 60)}`);
  if (ch.fingerprint.fields.length > 12) out.push(`    ${ch.fingerprint.changed - 12} more in the JSON`);
  if (ch.prompt.diff && ch.prompt.diff.text !== '') out.push('  prompt diff (first lines; full diff in the JSON):', ...ch.prompt.diff.text.split('\n').slice(0, 20).map((l) => `    | ${clean(l, 200)}`));
  return `${out.join('\n')}\n`;
}
