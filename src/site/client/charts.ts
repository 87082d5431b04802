/**
 * The dashboard's charts, drawn with Observable Plot into SVG.
 *
 * Why Plot: the site is static and must work offline from file://, so the library is
 * bundled into assets/app.js (about 250 KB minified with the parts of d3 it uses). Plot
 * writes SVG whose text is text nodes (a store string in a label or tooltip can never become
 * markup), it is declarative (a chart is a few lines, read like its description), it is
 * maintained by Observable, and its defaults are honest: bar marks start at zero and every
 * axis carries a label, where we name the unit. Vega-Lite would be 3–4 times larger;
 * uPlot and Chart.js draw to a canvas, which a screen reader and a test cannot read.
 *
 * Colours: the Okabe–Ito palette (safe for the common colour-vision deficiencies), read from
 * the style sheet's custom properties so that light and dark themes each get a readable
 * variant; A/B is blue/orange, better/worse is bluish green/vermillion, the drift anchor is
 * reddish purple, and shapes and labels carry the meaning too, never colour alone.
 */
import * as Plot from '@observablehq/plot';

export interface Palette {
  a: string;
  b: string;
  better: string;
  worse: string;
  neutral: string;
  anchor: string;
  line: string;
}

export function palette(): Palette {
  const style = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  return {
    a: v('--pg-a', '#0072B2'),
    b: v('--pg-b', '#E69F00'),
    better: v('--pg-better', '#009E73'),
    worse: v('--pg-worse', '#D55E00'),
    neutral: v('--pg-neutral', '#999999'),
    anchor: v('--pg-anchor', '#CC79A7'),
    line: v('--pg-line', '#0072B2'),
  };
}

type Render = () => void;
const renders = new Map<Element, Render>();

/** Draws into `figure` now and again whenever the theme changes. */
export function draw(figure: Element, make: () => Element | null): void {
  const render = (): void => {
    const chart = make();
    figure.querySelector(':scope > .plot')?.remove();
    if (chart) {
      chart.classList.add('plot');
      figure.insertBefore(chart, figure.querySelector('figcaption'));
    }
  };
  renders.set(figure, render);
  render();
}

export function redrawAll(): void {
  for (const [figure, render] of renders) {
    if (figure.isConnected) render();
    else renders.delete(figure);
  }
}

const width = (figure: Element): number => Math.max(320, Math.min(960, Math.floor(figure.getBoundingClientRect().width || 720)));

export interface HistoryPointDatum {
  index: number;
  label: string;
  id: string;
  value: number;
  at: string;
  anchor: boolean;
}

export function historyChart(figure: Element, points: HistoryPointDatum[], metric: string, unit: string, anchor: HistoryPointDatum | undefined): Element | null {
  if (points.length === 0) return null;
  const c = palette();
  const marks: Plot.Markish[] = [
    Plot.line(points, { x: 'index', y: 'value', stroke: c.line, strokeWidth: 2 }),
    Plot.dot(points, { x: 'index', y: 'value', fill: c.line, r: 4.5, className: 'pg-point', title: (d: HistoryPointDatum) => `#${d.index} ${d.id}\n${d.at}\n${metric} = ${d.value}` }),
  ];
  if (anchor) {
    marks.push(
      Plot.ruleY([anchor.value], { stroke: c.anchor, strokeDasharray: '5,4', strokeWidth: 1.5 }),
      Plot.dot([anchor], { x: 'index', y: 'value', symbol: 'diamond', r: 9, stroke: c.anchor, strokeWidth: 2.5, fill: 'none', className: 'pg-anchor' }),
      Plot.text([anchor], { x: 'index', y: 'value', text: () => 'drift anchor', dy: -16, fill: c.anchor, fontWeight: 'bold' }),
    );
  }
  return Plot.plot({
    width: width(figure),
    height: 300,
    marginLeft: 64,
    marginBottom: 48,
    x: { type: 'point', domain: points.map((p) => p.index), label: 'promotion (oldest → newest)', tickFormat: (i: number) => points.find((p) => p.index === i)?.label ?? String(i), padding: 0.4 },
    y: { label: `${metric} (${unit})`, grid: true, nice: true },
    marks,
  });
}

export interface HistogramDatum {
  bin: string;
  side: 'A' | 'B';
  count: number;
}

export function histogramChart(figure: Element, rows: HistogramDatum[], score: string): Element {
  const c = palette();
  return Plot.plot({
    width: width(figure),
    height: 240,
    marginLeft: 56,
    marginBottom: 56,
    fx: { label: `${score} (score, as recorded), bins`, tickRotate: -20, domain: [...new Set(rows.map((r) => r.bin))] },
    x: { axis: null, domain: ['A', 'B'] },
    y: { label: 'items (count)', grid: true },
    color: { domain: ['A', 'B'], range: [c.a, c.b], legend: true },
    marks: [Plot.barY(rows, { fx: 'bin', x: 'side', y: 'count', fill: 'side', title: (d: HistogramDatum) => `${d.side}: ${d.count} items in ${d.bin}` }), Plot.ruleY([0])],
  });
}

export interface DeltaDatum {
  name: string;
  relative: number;
  verdict: 'better' | 'worse' | 'unknown';
}

export function deltaChart(figure: Element, rows: DeltaDatum[]): Element | null {
  if (rows.length === 0) return null;
  const c = palette();
  const fill = (d: DeltaDatum): string => (d.verdict === 'better' ? c.better : d.verdict === 'worse' ? c.worse : c.neutral);
  return Plot.plot({
    width: width(figure),
    height: 28 * rows.length + 60,
    marginLeft: Math.min(320, 8 + 7 * Math.max(...rows.map((r) => r.name.length))),
    x: { label: 'relative change, B vs A (percent of |A|)', grid: true, nice: true, percent: true, tickFormat: (x: number) => `${x > 0 ? '+' : ''}${x}%` },
    y: { label: null, domain: rows.map((r) => r.name) },
    marks: [
      Plot.barX(rows, { x: 'relative', y: 'name', fill, className: 'pg-delta', title: (d: DeltaDatum) => `${d.name}: ${(d.relative * 100).toFixed(2)}% (${d.verdict})` }),
      Plot.ruleX([0], { stroke: 'currentColor' }),
    ],
  });
}

export interface AllocationDatum {
  at: Date;
  share: number;
  decision: string;
}

export function allocationChart(figure: Element, rows: AllocationDatum[]): Element | null {
  if (rows.length === 0) return null;
  const c = palette();
  return Plot.plot({
    width: width(figure),
    height: 220,
    marginLeft: 56,
    x: { type: 'utc', label: 'decision time (UTC)' },
    y: { domain: [0, 100], label: 'challenger share (% of traffic)', grid: true },
    marks: [
      Plot.areaY(rows, { x: 'at', y: 'share', curve: 'step-after', fill: c.b, fillOpacity: 0.2 }),
      Plot.line(rows, { x: 'at', y: 'share', curve: 'step-after', stroke: c.b, strokeWidth: 2 }),
      Plot.dot(rows, { x: 'at', y: 'share', fill: c.b, r: 4, title: (d: AllocationDatum) => `${d.decision}: ${d.share}%` }),
      Plot.ruleY([0]),
    ],
  });
}
