/**
 * A mermaid chart of how much worse or better each gated metric got, in its own direction
 * (DESIGN.md section 5: bars start at zero, their side is worse or better, the worst come
 * first). A latency that rose 51% and an F1 that fell 14% both point left, "worse".
 *
 * Mermaid's `xychart-beta` draws every bar from the axis minimum, not from zero, so an
 * honest diverging chart is layered from four series on one symmetric axis (−B..+B):
 *   1. "worse" (red): up to 0 for the metrics that got worse;
 *   2. "better" (green): up to the value for the metrics that got better;
 *   3. a mask in the background colour: up to 0 for better metrics, up to the value for worse
 *      ones, hiding everything left of where each visible bar must start;
 *   4. a line at 0: the zero line.
 * What remains visible is each bar from zero to its value. The chart is a picture of the
 * table, never the only place a number appears: each label carries the change as the table
 * prints it, and renderers that do not draw mermaid show the code block.
 */
import type { MetricRow } from '../contract/report.js';
import { formatPercent } from './format.js';

export const CHART_MAX_BARS = 12;
const LABEL_MAX = 24;
/** Bars are clamped so one +5000% outlier does not flatten every other bar to nothing. */
const CLAMP_PCT = 100;

/** Colours: GitHub's danger and success foregrounds, the mask (= background), the zero line. */
export const CHART_COLOURS = { worse: '#cf222e', better: '#1a7f37', background: '#ffffff', zero: '#57606a' } as const;

type Charted = MetricRow & { relative_delta: number; direction: 'higher' | 'lower' };

function charted(row: MetricRow): row is Charted {
  const gated = row.status === 'pass' || row.status === 'warn' || row.status === 'fail';
  return gated && row.direction !== null && typeof row.relative_delta === 'number' && Number.isFinite(row.relative_delta);
}

/** How much better the metric got, in percent of the baseline, in its own direction (negative: worse). */
export function betterByPercent(row: Charted): number {
  const pct = row.relative_delta * 100;
  const better = row.direction === 'higher' ? pct : -pct;
  return Object.is(better, -0) ? 0 : better;
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

/** A round bound at or above `maxAbs`, so zero sits in the middle and left/right reads as worse/better. */
function axisBound(maxAbs: number): number {
  const steps = [1, 2, 5, 10, 20, 25, 50, 100];
  return steps.find((s) => s >= maxAbs) ?? CLAMP_PCT;
}

/** The rows the chart shows, worst first: most worse in their own direction, then failing before passing, then by name. */
export function chartRows(rows: readonly MetricRow[], max = CHART_MAX_BARS): { shown: Charted[]; total: number } {
  const all = rows.filter(charted);
  const rank = { fail: 0, warn: 1, pass: 2 } as const;
  all.sort((a, b) => {
    const worse = betterByPercent(a) - betterByPercent(b);
    if (worse !== 0) return worse;
    const status = rank[a.status as keyof typeof rank] - rank[b.status as keyof typeof rank];
    return status !== 0 ? status : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
  return { shown: all.slice(0, max), total: all.length };
}

/**
 * The chart as a fenced `mermaid` block, or '' when no gated metric with a direction has a
 * relative delta. At most `max` bars, the worst first.
 */
export function renderDeltaChart(rows: readonly MetricRow[], max = CHART_MAX_BARS): string {
  const { shown, total } = chartRows(rows, max);
  if (shown.length === 0) return '';

  const seen = new Map<string, number>();
  const labels = shown.map((row) => {
    const base = chartLabel(row.name);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    // The change exactly as the table prints it: the bar says worse or better, the label how much.
    return `${count === 1 ? base : `${base} ${count}`} ${formatPercent(row.relative_delta)}`;
  });
  const values = shown.map((row) => Math.max(-CLAMP_PCT, Math.min(CLAMP_PCT, betterByPercent(row))));
  const clamped = shown.some((row) => Math.abs(betterByPercent(row)) > CLAMP_PCT);
  const bound = axisBound(Math.max(...values.map(Math.abs)));
  const floor = -bound;
  const worse = values.map((v) => (v < 0 ? 0 : floor));
  const better = values.map((v) => (v > 0 ? v : floor));
  // Never left at the floor: a bar at the axis minimum still has the axis padding's width.
  const mask = values.map((v) => (v < 0 ? v : 0));
  const subset = total > shown.length ? ` · the ${shown.length} worst of ${total}` : '';
  const title = `Change vs baseline, %: left worse, right better${clamped ? ` (clamped to ±${CLAMP_PCT})` : ''}${subset}`;
  const { worse: red, better: green, background, zero } = CHART_COLOURS;
  const list = (numbers: number[]): string => `[${numbers.map(chartNumber).join(', ')}]`;

  return [
    '```mermaid',
    '---',
    'config:',
    // Crisp edges: the mask must cover the bars under it exactly, with no anti-aliased seam.
    '  themeCSS: ".plot rect { shape-rendering: crispEdges; }"',
    '  xyChart:',
    `    height: ${Math.max(160, 56 + 34 * shown.length)}`,
    '  themeVariables:',
    '    xyChart:',
    `      backgroundColor: "${background}"`,
    `      plotColorPalette: "${red}, ${green}, ${background}, ${zero}"`,
    '---',
    'xychart-beta horizontal',
    `  title "${title}"`,
    `  x-axis [${labels.map((l) => `"${l}"`).join(', ')}]`,
    `  y-axis "worse ← 0 → better (%)" ${floor} --> ${bound}`,
    `  bar ${list(worse)}`,
    `  bar ${list(better)}`,
    `  bar ${list(mask)}`,
    `  line ${list(values.map(() => 0))}`,
    '```',
    '',
  ].join('\n');
}
