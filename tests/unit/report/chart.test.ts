// The mermaid chart of how much worse or better each gated metric got, in its own direction:
// bars from zero (what the mask leaves visible), worst first, bounded, labels that cannot
// break the chart or the fence around it.
import { describe, expect, it } from 'vitest';
import { CHART_COLOURS, CHART_MAX_BARS, chartLabel, chartRows, renderDeltaChart } from '../../../src/report/chart.js';
import { metric } from './fixtures.js';

function line(chart: string, prefix: string): string {
  return chart.split('\n').map((l) => l.trim()).find((l) => l.startsWith(prefix)) ?? '';
}

/** The four series in order: worse (red), better (green), mask, zero line. */
function series(chart: string): number[][] {
  return chart.split('\n').map((l) => l.trim()).filter((l) => /^(bar|line) \[/.test(l))
    .map((l) => JSON.parse(l.replace(/^(bar|line) /, '')) as number[]);
}

/** What each bar shows once the mask is drawn over it: [start, end] on the value axis, or null. */
function visible(chart: string): ([number, number] | null)[] {
  const [worse = [], better = [], mask = []] = series(chart);
  return mask.map((m, i) => {
    const w = worse[i] ?? 0;
    const b = better[i] ?? 0;
    if (w > m) return [m, w];
    if (b > m) return [m, b];
    return null;
  });
}

describe('renderDeltaChart', () => {
  it('returns nothing when no gated metric with a direction has a relative delta', () => {
    expect(renderDeltaChart([])).toBe('');
    expect(renderDeltaChart([metric('tokens', { status: 'info' }), metric('x', { relative_delta: null }), metric('y', { direction: null })])).toBe('');
  });

  it("measures each metric in its own direction: a rise in latency is worse, a rise in accuracy better", () => {
    const chart = renderDeltaChart([
      metric('accuracy', { relative_delta: 0.011 }),
      metric('rougeL_f1', { status: 'fail', relative_delta: -0.12 }),
      metric('latency_ms', { status: 'warn', direction: 'lower', relative_delta: 0.25 }),
      metric('tokens', { status: 'info', relative_delta: 0.5 }),
    ]);
    expect(chart.startsWith('```mermaid\n---\n')).toBe(true);
    expect(chart).toContain('\nxychart-beta horizontal\n');
    expect(chart.endsWith('```\n')).toBe(true);
    // Worst first; each label carries the change as the table prints it.
    expect(line(chart, 'x-axis')).toBe('x-axis ["latency_ms +25%", "rougeL_f1 −12%", "accuracy +1.1%"]');
    expect(line(chart, 'y-axis')).toBe('y-axis "worse ← 0 → better (%)" -25 --> 25');
    // Bars start at zero: latency and rouge show from their value up to 0 (left, worse), accuracy from 0 to +1.1.
    expect(visible(chart)).toEqual([[-25, 0], [-12, 0], [0, 1.1]]);
    expect(series(chart)[3]).toEqual([0, 0, 0]);
  });

  it('colours worse red and better green, on a background the mask matches', () => {
    const chart = renderDeltaChart([metric('a', { relative_delta: -0.1 })]);
    expect(chart).toContain(`plotColorPalette: "${CHART_COLOURS.worse}, ${CHART_COLOURS.better}, ${CHART_COLOURS.background}, ${CHART_COLOURS.zero}"`);
    expect(chart).toContain(`backgroundColor: "${CHART_COLOURS.background}"`);
  });

  it('shows an unchanged metric as no bar at all', () => {
    expect(visible(renderDeltaChart([metric('same', { relative_delta: 0, delta: 0 }), metric('a', { relative_delta: -0.01 })]))).toEqual([[-1, 0], null]);
  });

  it(`keeps at most ${CHART_MAX_BARS} bars, the worst, and says how many there were`, () => {
    const rows = Array.from({ length: 50 }, (_, i) => metric(`m${i}`, { relative_delta: (i - 25) / 1000 }));
    const chart = renderDeltaChart(rows);
    const labels = line(chart, 'x-axis');
    expect(labels.match(/"/g)).toHaveLength(2 * CHART_MAX_BARS);
    expect(labels).toContain('"m0 −2.5%"');
    expect(labels).not.toContain('"m49');
    expect(line(chart, 'title')).toContain(`the ${CHART_MAX_BARS} worst of 50`);
    expect(chartRows(rows).shown.map((r) => r.name)).toEqual(Array.from({ length: CHART_MAX_BARS }, (_, i) => `m${i}`));
  });

  it('clamps outliers to ±100% and says so in the title', () => {
    const chart = renderDeltaChart([metric('a', { relative_delta: 50 }), metric('b', { relative_delta: -0.05 })]);
    expect(visible(chart)).toEqual([[-5, 0], [0, 100]]);
    expect(line(chart, 'title')).toContain('clamped to ±100');
    expect(line(chart, 'x-axis')).toContain('"a +5,000%"');
  });

  it('breaks ties failing first, then by name', () => {
    const rows = [metric('b', { relative_delta: -0.1 }), metric('a', { relative_delta: -0.1 }), metric('c', { status: 'fail', relative_delta: -0.1 })];
    expect(chartRows(rows).shown.map((r) => r.name)).toEqual(['c', 'a', 'b']);
  });

  it('disambiguates labels that shorten to the same text', () => {
    const chart = renderDeltaChart([metric('a"b', { relative_delta: 0.1 }), metric('a[b', { relative_delta: 0.1 })]);
    expect(line(chart, 'x-axis')).toBe('x-axis ["a b +10%", "a b 2 +10%"]');
  });

  it('stays one fenced block whatever the metric names contain', () => {
    const names = ['```\n</details>', '"]\n bar [1', '%% comment', '<!-- promotion-gate:x -->', '#35; &lt; @team'];
    const chart = renderDeltaChart(names.map((n) => metric(n, { relative_delta: 0.1 })));
    const lines = chart.trimEnd().split('\n');
    expect(lines.filter((l) => l.includes('```'))).toEqual(['```mermaid', '```']);
    expect(lines).toHaveLength(20);
    // Only the one % of each "+10%" remains: never a `%%` comment, quote, bracket or markup.
    expect(line(chart, 'x-axis').replaceAll('+10%"', '"')).not.toMatch(/[<>#&%`@]|"[^",]*"[^,\]]/);
  });
});

describe('chartLabel', () => {
  it('keeps short names and the distinctive end of long dotted names', () => {
    expect(chartLabel('accuracy')).toBe('accuracy');
    expect(chartLabel('vs_reference.silver_x.rougeL_f1')).toBe('…silver_x.rougeL_f1');
    expect(chartLabel('x'.repeat(100))).toBe(`…${'x'.repeat(23)}`);
  });

  it('strips quotes, brackets and markup, falling back to a placeholder', () => {
    expect(chartLabel('say "hi" [now]')).toBe('say hi now');
    expect(chartLabel('"[]"')).toBe('metric');
  });
});
