// The mermaid chart of relative deltas: gated metrics only, bounded, labels that cannot
// break the chart or the fence around it.
import { describe, expect, it } from 'vitest';
import { CHART_MAX_BARS, chartLabel, renderDeltaChart } from '../../../src/report/chart.js';
import { metric } from './fixtures.js';

function line(chart: string, prefix: string): string {
  return chart.split('\n').map((l) => l.trim()).find((l) => l.startsWith(prefix)) ?? '';
}

describe('renderDeltaChart', () => {
  it('returns nothing when no gated metric has a relative delta', () => {
    expect(renderDeltaChart([])).toBe('');
    expect(renderDeltaChart([metric('tokens', { status: 'info' }), metric('x', { relative_delta: null })])).toBe('');
  });

  it('draws one bar per gated metric, in percent, failing first', () => {
    const chart = renderDeltaChart([
      metric('accuracy', { relative_delta: 0.011 }),
      metric('rougeL_f1', { status: 'fail', relative_delta: -0.12 }),
      metric('tokens', { status: 'info', relative_delta: 0.5 }),
    ]);
    expect(chart.startsWith('```mermaid\nxychart-beta\n')).toBe(true);
    expect(chart.endsWith('```\n')).toBe(true);
    expect(line(chart, 'x-axis')).toBe('x-axis ["rougeL_f1", "accuracy"]');
    expect(line(chart, 'bar')).toBe('bar [-12, 1.1]');
    expect(line(chart, 'y-axis')).toBe('y-axis "Δ %" -20 --> 20');
  });

  it(`keeps at most ${CHART_MAX_BARS} bars, preferring the largest changes among passing ones`, () => {
    const rows = Array.from({ length: 50 }, (_, i) => metric(`m${i}`, { relative_delta: i / 1000 }));
    const labels = line(renderDeltaChart(rows), 'x-axis');
    expect(labels.match(/"/g)).toHaveLength(2 * CHART_MAX_BARS);
    expect(labels).toContain('"m49"');
    expect(labels).not.toContain('"m0"');
  });

  it('clamps outliers to ±100% and says so in the title', () => {
    const chart = renderDeltaChart([metric('a', { relative_delta: 50 }), metric('b', { relative_delta: -0.05 })]);
    expect(line(chart, 'bar')).toBe('bar [100, -5]');
    expect(line(chart, 'title')).toContain('clamped to ±100');
  });

  it('disambiguates labels that shorten to the same text', () => {
    const chart = renderDeltaChart([metric('a"b', { relative_delta: 0.1 }), metric('a[b', { relative_delta: 0.1 })]);
    expect(line(chart, 'x-axis')).toBe('x-axis ["a b", "a b 2"]');
  });

  it('stays one fenced block whatever the metric names contain', () => {
    const names = ['```\n</details>', '"]\n bar [1', '%% comment', '<!-- promotion-gate:x -->', '#35; &lt; @team'];
    const chart = renderDeltaChart(names.map((n) => metric(n, { relative_delta: 0.1 })));
    const lines = chart.trimEnd().split('\n');
    expect(lines.filter((l) => l.includes('```'))).toEqual(['```mermaid', '```']);
    expect(lines).toHaveLength(7);
    expect(line(chart, 'x-axis')).not.toMatch(/[<>#&%`@]|"[^",]*"[^,\]]/);
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
