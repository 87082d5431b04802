/**
 * A mermaid `xychart-beta` bar chart of relative deltas (percent) for gated metrics.
 *
 * The chart is a picture of the table, never the only place a number appears: renderers
 * that do not draw mermaid show the code block, and the table above it holds the data.
 */
import type { MetricRow } from '../contract/report.js';
import { compareByStatusThenName, STATUS_RANK } from './format.js';

export const CHART_MAX_BARS = 20;
const LABEL_MAX = 24;
/** Bars are clamped so one +5000% outlier does not flatten every other bar to nothing. */
const CLAMP_PCT = 100;

type Charted = MetricRow & { relative_delta: number };

function charted(row: MetricRow): row is Charted {
  const gated = row.status === 'pass' || row.status === 'warn' || row.status === 'fail';
  return gated && typeof row.relative_delta === 'number' && Number.isFinite(row.relative_delta);
}

/**
 * A short label mermaid cannot misparse: letters, digits and `._-/:` only (no quotes,
 * brackets, `%%` comments, `#` entities, HTML or backticks that could close the fence),
 * keeping the end of a dotted name, which is the part that differs between metrics.
 */
export function chartLabel(name: string): string {
  const clean = name.normalize('NFKC').replace(/[^\p{L}\p{N}._\-/:]+/gu, ' ').trim().replace(/\s+/g, ' ');
  if (clean === '') return 'metric';
  if (clean.length <= LABEL_MAX) return clean;
  const segments = clean.split('.');
  let tail = segments.pop() ?? clean;
  while (segments.length > 0 && tail.length + 1 + (segments.at(-1)?.length ?? 0) <= LABEL_MAX - 1) {
    tail = `${segments.pop() ?? ''}.${tail}`;
  }
  const points = Array.from(tail);
  return points.length <= LABEL_MAX - 1 ? `…${tail}` : `…${points.slice(points.length - (LABEL_MAX - 1)).join('')}`;
}

/** A plain decimal mermaid accepts (no exponent, ASCII minus), two decimals at most. */
function chartNumber(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** A round, symmetric axis bound so zero sits in the middle and up/down reads as sign. */
function axisBound(maxAbs: number): number {
  const steps = [1, 2, 5, 10, 20, 25, 50, 100];
  return steps.find((s) => s >= maxAbs) ?? CLAMP_PCT;
}

/**
 * The chart as a fenced `mermaid` block, or '' when no gated metric has a relative delta.
 * Up to `max` bars: failing first, then warnings, then the largest changes.
 */
export function renderDeltaChart(rows: readonly MetricRow[], max = CHART_MAX_BARS): string {
  const picked = rows
    .filter(charted)
    .sort((a, b) => {
      const failing = STATUS_RANK[a.status] - STATUS_RANK[b.status];
      if (failing !== 0) return failing;
      const size = Math.abs(b.relative_delta) - Math.abs(a.relative_delta);
      return size !== 0 ? size : compareByStatusThenName(a, b);
    })
    .slice(0, max);
  if (picked.length === 0) return '';

  const seen = new Map<string, number>();
  const labels = picked.map((row) => {
    const label = chartLabel(row.name);
    const count = (seen.get(label) ?? 0) + 1;
    seen.set(label, count);
    return count === 1 ? label : `${label} ${count}`;
  });
  const values = picked.map((row) => Math.max(-CLAMP_PCT, Math.min(CLAMP_PCT, row.relative_delta * 100)));
  const clamped = picked.some((row) => Math.abs(row.relative_delta * 100) > CLAMP_PCT);
  const bound = axisBound(Math.max(...values.map(Math.abs)));
  const title = clamped ? `Relative delta vs baseline, % (clamped to ±${CLAMP_PCT})` : 'Relative delta vs baseline, %';

  return [
    '```mermaid',
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis [${labels.map((l) => `"${l}"`).join(', ')}]`,
    `  y-axis "Δ %" ${-bound} --> ${bound}`,
    `  bar [${values.map(chartNumber).join(', ')}]`,
    '```',
    '',
  ].join('\n');
}
