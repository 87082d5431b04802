/**
 * A rollout decision as Markdown: the pull request's title and body, and the job summary.
 * Decision first, then every number (per guardrail: estimate, interval, margin, units per
 * arm; the SRM test; days and looks), then the reasons in the order the checks fired. Text
 * from files (metric names, problems) is escaped like the gate report's (section 5, F16).
 */
import { escapeText, inlineCode } from '../report/escape.js';
import type { GuardrailResult, LimitResult, RolloutDecision } from './decide.js';

const ICON: Record<RolloutDecision['decision'], string> = { rollback: '⏪', hold: '✋', wait: '⏳', increase: '⏫', promote: '🚀' };

const pct = (x: number | null | undefined, digits = 1): string => (x === null || x === undefined || !Number.isFinite(x) ? (x === Infinity ? '+∞' : x === -Infinity ? '−∞' : '—') : `${(x * 100).toFixed(digits)}%`);
const num = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : Number.isFinite(x) ? String(Number(x.toPrecision(6))) : x > 0 ? '+∞' : '−∞');

function allocationChange(d: RolloutDecision): string {
  const before = d.from.allocation.challenger;
  const after = d.to.allocation.challenger;
  return before === after ? `challenger stays at ${pct(before, 0)}` : `challenger ${pct(before, 0)} → ${pct(after, 0)}`;
}

export function decisionTitle(d: RolloutDecision): string {
  return `Rollout ${d.rollout}: ${d.decision} (${allocationChange(d)})`;
}

function guardrailRow(g: GuardrailResult): string {
  const status = { worse: '❌ worse than the margin', inside: '✅ inside the margin', inconclusive: '⏳ inconclusive', too_few: '⏳ too few values', undefined: '⚠️ undefined (champion ≤ 0)' }[g.status];
  const interval = g.interval ? `[${pct(g.interval[0])}, ${pct(g.interval[1])}]` : '—';
  const delay = g.label_delay_days > 0 ? ` (labels after ${g.label_delay_days} d)` : '';
  return `| ${inlineCode(g.metric)}${delay} | ${g.direction} | ${pct(g.margin)} | ${num(g.champion.value)} (n=${g.champion.n}) | ${num(g.challenger.value)} (n=${g.challenger.n}) | ${pct(g.estimate)} | ${interval} | ${status} |`;
}

function limitRow(l: LimitResult): string {
  const rule = l.kind === 'relative' ? `${l.direction} is better, ≤ ${l.max_worse_pct}% worse` : [l.max !== undefined ? `≤ ${l.max}` : '', l.min !== undefined ? `≥ ${l.min}` : ''].filter(Boolean).join(', ');
  const estimate = l.kind === 'relative' ? pct(l.estimate) : num(l.estimate);
  const interval = l.interval ? (l.kind === 'relative' ? `[${pct(l.interval[0])}, ${pct(l.interval[1])}]` : `[${num(l.interval[0])}, ${num(l.interval[1])}]`) : '—';
  const status = l.exceeded ? '❌ exceeded' : l.status === 'within' ? '✅ not exceeded' : '⏳ too few values';
  return `| ${inlineCode(l.metric)} | ${rule} | ${estimate} (n=${l.challenger.n}) | ${interval} | ${status} |`;
}

export function decisionMarkdown(d: RolloutDecision): string {
  const lines = [
    `## ${ICON[d.decision]} Rollout ${inlineCode(d.rollout)}: **${d.decision}**`,
    '',
    `${inlineCode(d.challenger)} vs champion ${inlineCode(d.champion)}: ${allocationChange(d)}; status ${d.to.status}.`,
    '',
    ...d.reasons.map((r) => `- ${escapeText(r, 2000)}`),
    '',
    `| stage | allocation | days at stage | min days | deadline | units champion | units challenger | min per arm | looks |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    `| ${d.stage.index} of ${d.stage.last_index} | ${pct(d.stage.allocation, 0)} | ${d.stage.days.toFixed(2)} | ${d.stage.min_days} | ${d.stage.deadline_days} | ${d.telemetry.units?.champion ?? '—'} | ${d.telemetry.units?.challenger ?? '—'} | ${d.stage.min_samples} | ${d.looks}${d.new_look ? '' : ' (same telemetry: not a new look)'} |`,
    '',
  ];
  if (d.srm) {
    lines.push(
      `**Sample ratio**: planned ${pct(d.srm.planned_challenger_share)} challenger, observed ${pct(d.srm.observed_challenger_share, 2)}; ` +
        `χ² ${num(d.srm.chi2)}, p = ${d.srm.p_value === null ? '— (too few units)' : d.srm.p_value.toExponential(2)} (mismatch below ${d.srm.threshold}).`,
      '',
    );
  }
  if (d.guardrails.length > 0) {
    lines.push(
      `**Guardrails** (relative difference challenger vs champion, ${Math.round(d.confidence * 100)}% always-valid interval):`,
      '',
      '| metric | better | margin | champion | challenger | estimate | interval | status |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...d.guardrails.map(guardrailRow),
      '',
    );
  }
  if (d.limits.length > 0) {
    lines.push('**Limits**:', '', '| metric | limit | challenger | interval | status |', '| --- | --- | --- | --- | --- |', ...d.limits.map(limitRow), '');
  }
  const t = d.telemetry;
  lines.push(
    '<details><summary>Telemetry and method</summary>',
    '',
    `- file ${inlineCode(t.file)}, sha256 ${inlineCode(t.sha256.slice(0, 16))}${t.rows !== undefined ? `, ${t.rows} rows (${t.shape}, ${t.format})` : ''}${t.first_at ? `, ${t.first_at} … ${t.last_at ?? ''}` : ''}`,
    ...(t.duplicates_checked === false ? ['- unit rows carry no `id`, so duplicate rows could not be detected'] : []),
    `- ${escapeText(d.method, 600)}`,
    `- decided at ${d.decided_at}`,
    '',
    '</details>',
    '',
  );
  return lines.join('\n');
}
