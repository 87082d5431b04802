/**
 * The comparison as Markdown (a PR comment, a job summary, a file): headline first, then the
 * metric table, per-item scores, a mermaid chart per score that starts at zero, the largest
 * regressions and gains with a short excerpt of each output, what changed by item field
 * (labelled heuristic, not causal), output divergence, and the recipe changes with the
 * prompt diff folded.
 *
 * Built from the report's parts (src/report/markdown.ts): the same size budget and the same
 * deterministic dropping ("N more rows"), and every string from the store through the same
 * escaping (code spans it cannot close, escaped text, diff fences it cannot close).
 */
import { chartLabel } from '../report/chart.js';
import { escapeText, inlineCode } from '../report/escape.js';
import { formatDelta, formatNumber, formatPercent, MISSING } from '../report/format.js';
import { renderParts, TRUNCATION_NOTE, type Group, type Part, type Unit } from '../report/markdown.js';
import { diffUnit } from '../report/sections/provenance.js';
import type { ComparisonJson, SideJson } from './comparison.js';
import { formatCi, formatP, formatShare, headlineSentence, metricOrder } from './render-terminal.js';
import type { HistogramJson, TopListJson } from './score-analysis.js';

/** Charts drawn (one per score); the JSON has every histogram. */
const MAX_CHARTS = 4;
const EXCERPT_SHOWN = 120;

const code = (text: string, max = 120): string => inlineCode(text, { max });
const cell = (text: string, max = 80): string => inlineCode(text, { table: true, max });

function sideRow(label: string, side: SideJson): string {
  const cells = [
    label,
    cell(side.path, 100),
    `${side.status}${side.quality ? ` (${side.quality})` : ''}`,
    side.model ? cell(side.model) : MISSING,
    side.dataset ? cell(side.dataset) : MISSING,
    side.prompt_version ? cell(side.prompt_version, 40) : MISSING,
    side.arm ? cell(side.arm, 40) : MISSING,
    side.items === null ? 'no predictions' : String(side.items),
  ];
  return `| ${cells.join(' | ')} |\n`;
}

function heading(c: ComparisonJson): string {
  const lines = [`### promotion-gate compare: ${code(c.a.id)} → ${code(c.b.id)}`, ''];
  if (c.experiment) lines.push(`Experiment ${code(c.experiment.id)}: control (A) → treatment (B)`, '');
  lines.push('| | entry | status | model | dataset | prompt | arm | items |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
  const text = `${lines.join('\n')}\n${sideRow('A', c.a)}${sideRow('B', c.b)}`;
  const facts: string[] = [];
  if (c.items) facts.push(`${c.items.joined} items joined, ${c.items.only_a.count} only in A, ${c.items.only_b.count} only in B`);
  if (c.dataset_match === true) facts.push('same dataset fingerprint');
  if (c.dataset_match === false) facts.push('⚠️ **different dataset fingerprints**: not the same items');
  const notes = c.notes.map((n) => `> ${escapeText(n, 500)}\n`).join('');
  const headline = headlineSentence(c, (s) => code(s, 80));
  const head = headline
    ? `\n**${headline}**\n`
    : c.mode === 'metrics-only'
      ? '\n**Metrics-only comparison**: no per-item predictions on both sides.\n'
      : '\n**No per-item score on both sides**: only metrics, items and outputs are compared.\n';
  return `${text}\n${facts.join(' · ')}\n${notes ? `\n${notes}` : ''}${head}`;
}

function metricsGroup(c: ComparisonJson): Group {
  const units = metricOrder(c).map((m): Unit => {
    const arrow = m.direction === 'higher' ? '↑' : m.direction === 'lower' ? '↓' : MISSING;
    return {
      text: `| ${cell(m.name)} | ${arrow} | ${formatNumber(m.a)} | ${formatNumber(m.b)} | ${formatDelta(m.delta)} | ${formatPercent(m.relative_delta)} |\n`,
      tier: m.delta === 0 ? 'info-metric' : m.delta === null ? 'pass-metric' : 'warn-metric',
    };
  });
  const changed = c.metrics.filter((m) => m.delta !== 0 && m.delta !== null).length;
  const oneSided = c.metrics.filter((m) => m.delta === null).length;
  return {
    head: `\n#### Metrics (${c.metrics.length}: ${changed} changed${oneSided > 0 ? `, ${oneSided} on one side only` : ''}; not gated)\n\n| metric | | A | B | Δ | Δ % |\n| --- | --- | --- | --- | --- | --- |\n`,
    units,
    tail: c.metrics_omitted > 0 ? `\n_${c.metrics_omitted} more metrics in the JSON._\n` : '',
  };
}

function scoresGroup(c: ComparisonJson): Group {
  const units = c.scores.map((s): Unit => ({
    text: `| ${cell(s.name)} | ${s.kind} | ${s.items} | ${formatNumber(s.mean_a)} | ${formatNumber(s.mean_b)} | ${formatDelta(s.test.mean_delta)} | ${formatCi(s.test.interval)} | ${formatP(s.test)} | ${s.better ?? `${s.up}↑`} | ${s.worse ?? `${s.down}↓`} | ${s.unchanged} |\n`,
    tier: 'fail-check',
  }));
  return {
    head: '\n#### Per-item scores (B − A)\n\n| score | kind | items | A mean | B mean | Δ | CI | p | better | worse | same |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n',
    units,
    tail: c.scores_omitted.length > 0 ? `\n_${c.scores_omitted.length} more score(s) not analysed (at most ${c.limits.scores})._\n` : '',
  };
}

/** A bin edge in a chart label: three significant digits, plain decimal (no exponent, ASCII minus). */
function chartNumber(x: number): string {
  const rounded = Number(x.toPrecision(3));
  return Math.abs(rounded) >= 1e21 || (rounded !== 0 && Math.abs(rounded) < 1e-6) ? String(rounded) : rounded.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/** A bar per bin and side (A then B), from zero: mermaid draws two bar series on top of each other, so they alternate. */
export function histogramChart(h: HistogramJson): string {
  const labels: string[] = [];
  const values: number[] = [];
  h.a.forEach((a, i) => {
    const range = `${chartNumber(h.edges[i] as number)}-${chartNumber(h.edges[i + 1] as number)}`;
    labels.push(chartLabel(`A ${range}`), chartLabel(`B ${range}`));
    values.push(a, h.b[i] as number);
  });
  const top = Math.max(1, ...values);
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${chartLabel(h.score)}: items per bin, A then B"`,
    `  x-axis [${labels.map((l) => `"${l}"`).join(', ')}]`,
    `  y-axis "items" 0 --> ${top}`,
    `  bar [${values.join(', ')}]`,
    '```',
    '',
  ].join('\n');
}

function chartsGroup(c: ComparisonJson): Group | undefined {
  if (c.histograms.length === 0) return undefined;
  const units = c.histograms.slice(0, MAX_CHARTS).map((h): Unit => ({ text: `\n${code(h.score, 80)}\n\n${histogramChart(h)}`, tier: 'chart', row: false }));
  return { head: '\n#### Distributions per side\n', units };
}

function topGroup(list: TopListJson, gains: boolean): Group | undefined {
  if (list.items.length === 0) return undefined;
  const what = list.direction === null ? (gains ? 'Largest increases' : 'Largest decreases') : gains ? 'Largest gains' : 'Largest regressions';
  const units = list.items.map((item): Unit => {
    const excerpt = (label: string, text: string | undefined): string => (text === undefined ? '' : `\n  ${label}: ${code(text, EXCERPT_SHOWN)}`);
    return {
      text: `- ${gains ? '🟢' : '🔴'} ${code(item.id, 80)}: ${formatNumber(item.a)} → ${formatNumber(item.b)} (${formatDelta(item.delta)})${excerpt('A', item.excerpt_a)}${excerpt('B', item.excerpt_b)}\n`,
      tier: gains ? 'warn-check' : 'fail-metric',
    };
  });
  return { head: `\n#### ${what} by ${code(list.score, 80)}\n\n`, units };
}

function whatChangedParts(c: ComparisonJson): Part[] {
  const wc = c.what_changed;
  if (!wc) return [];
  const parts: Part[] = [];
  for (const score of wc.scores) {
    const units = score.buckets.map((b): Unit => ({
      text: `| ${cell(b.field, 60)} | ${cell(b.value, 60)} | ${b.items} | ${formatDelta(b.mean_delta)} | ${b.interval ? `[${formatDelta(b.interval.low)}, ${formatDelta(b.interval.high)}]` : MISSING} | ${b.excludes_zero ? '✱' : ''} |\n`,
      tier: b.excludes_zero ? 'warn-metric' : 'pass-metric',
    }));
    const level = score.interval_level === null ? MISSING : `${formatNumber(score.interval_level * 100, 5)}%`;
    parts.push({
      head: `\n#### What changed, by item field (${code(score.score, 80)}): heuristic attribution, not causal proof\n\n_Mean per-item Δ for each value of a categorical item field. Items in a bucket differ from the rest in more than this field, so this suggests where to look; it does not prove why. Intervals are Bonferroni-corrected so all ${score.tests} hold together at 95% (each at ${level}); ✱ = the interval excludes 0._\n\n| field | value | items | mean Δ | CI | |\n| --- | --- | --- | --- | --- | --- |\n`,
      units,
    });
  }
  return parts;
}

function divergencePart(c: ComparisonJson): Part[] {
  const d = c.divergence;
  if (!d) return [];
  const s = d.similarity;
  const lines = [`\n#### Output divergence\n\n**${d.differing} of ${d.items}** joined items (${formatShare(d.share)}) have different outputs after whitespace normalisation.`];
  if (s.mean !== null && s.quantiles) {
    lines.push(` Token F1 between the two outputs: mean ${formatNumber(s.mean, 3)}, median ${formatNumber(s.quantiles.p50, 3)} (p10 ${formatNumber(s.quantiles.p10, 3)}, p90 ${formatNumber(s.quantiles.p90, 3)}); identical tokens on ${s.identical_tokens}.`);
  }
  if (s.note) lines.push(` ${escapeText(s.note, 400)}`);
  const parts: Part[] = [`${lines.join('')}\n`];
  if (s.items > 0) {
    const labels = [...s.bins.map((b) => chartLabel(`${formatNumber(b.low)}-${formatNumber(b.high)}`)), '1'];
    const values = [...s.bins.map((b) => b.count), s.identical_tokens];
    const chart = ['```mermaid', 'xychart-beta', '  title "Token F1 between outputs: items per bin"', `  x-axis [${labels.map((l) => `"${l}"`).join(', ')}]`, `  y-axis "items" 0 --> ${Math.max(1, ...values)}`, `  bar [${values.join(', ')}]`, '```', ''].join('\n');
    parts.push({ head: '\n', units: [{ text: chart, tier: 'chart', row: false }] });
  }
  return parts;
}

function changesPart(c: ComparisonJson): Part {
  const ch = c.changes;
  const summary = [
    ch.prompt.changed === true ? `prompts changed (${ch.prompt.sections.length} section${ch.prompt.sections.length === 1 ? '' : 's'})` : ch.prompt.changed === false ? 'prompts unchanged' : 'prompts not recorded',
    ch.config.changed === true ? 'config changed' : ch.config.changed === false ? 'config unchanged' : 'no config on one side',
    `${ch.fingerprint.changed} fingerprint field${ch.fingerprint.changed === 1 ? '' : 's'} differ`,
  ].join(', ');
  const units: Unit[] = [];
  const hashes = `| | A | B |\n| --- | --- | --- |\n| prompt version | ${ch.prompt.a_version ? cell(ch.prompt.a_version, 40) : MISSING} | ${ch.prompt.b_version ? cell(ch.prompt.b_version, 40) : MISSING} |\n| prompt hash | ${ch.prompt.a_hash ? cell(`${ch.prompt.a_hash.slice(0, 12)}…`) : MISSING} | ${ch.prompt.b_hash ? cell(`${ch.prompt.b_hash.slice(0, 12)}…`) : MISSING} |\n`;
  units.push({ text: hashes, tier: 'detail', row: false });
  if (ch.prompt.sections.length > 0) {
    units.push({ text: `\nPrompt sections: ${ch.prompt.sections.map((s) => `${code(s.section, 60)} ${s.change}`).join(', ')}\n`, tier: 'detail', row: false });
  }
  if (ch.prompt.diff) units.push(diffUnit('Prompt diff (A → B)', ch.prompt.diff));
  if (ch.config.diff) units.push(diffUnit('Config diff (A → B)', ch.config.diff));
  if (ch.fingerprint.fields.length > 0) {
    units.push({ text: '\n| field | A | B |\n| --- | --- | --- |\n', tier: 'passing-check', row: false });
    for (const f of ch.fingerprint.fields) {
      units.push({ text: `| ${cell(f.field, 80)} | ${f.a === null ? '*(absent)*' : cell(f.a, 60)} | ${f.b === null ? '*(absent)*' : cell(f.b, 60)} |\n`, tier: 'passing-check' });
    }
  }
  return { head: `\n<details><summary>Changes: ${summary}</summary>\n\n`, units, tail: '\n</details>\n' };
}

function movementPart(c: ComparisonJson): Part[] {
  const units: Unit[] = [];
  for (const f of c.flips) {
    units.push({ text: `- ${code(f.score, 80)}: ${f.up} item(s) 0 → 1, ${f.down} item(s) 1 → 0 of ${f.items}\n`, tier: 'detail' });
  }
  for (const r of c.rank_movement) {
    const moves = r.moves.slice(0, 5).map((m) => `${code(m.id, 60)} ${formatNumber(m.rank_a)} → ${formatNumber(m.rank_b)}`).join(', ');
    units.push({ text: `- ${code(r.score, 80)}: Spearman ${formatNumber(r.spearman, 3)}${moves ? `; largest moves ${moves}` : ''}\n`, tier: 'detail' });
  }
  return units.length === 0 ? [] : [{ head: '\n<details><summary>Flips and rank movement</summary>\n\n', units, tail: '\n</details>\n' }];
}

export function renderCompareMarkdown(c: ComparisonJson, budget: number): string {
  const parts: Part[] = [heading(c), TRUNCATION_NOTE, metricsGroup(c), scoresGroup(c)];
  const charts = chartsGroup(c);
  if (charts) parts.push(charts);
  for (const list of c.largest_regressions) {
    const group = topGroup(list, false);
    if (group) parts.push(group);
  }
  for (const list of c.largest_gains) {
    const group = topGroup(list, true);
    if (group) parts.push(group);
  }
  parts.push(...whatChangedParts(c), ...divergencePart(c), ...movementPart(c), changesPart(c));
  parts.push(`\n<sub>${inlineCode(c.schema)} · deltas are B − A · the JSON has every number</sub>\n`);
  return renderParts(parts, budget);
}
