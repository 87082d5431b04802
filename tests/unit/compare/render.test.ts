/**
 * The comparison's Markdown follows the report's budget rules (whole rows dropped, least
 * important first, said once, the same text every time) and its charts cannot be broken by
 * names from the store; the terminal rendering draws histogram bars from zero.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { renderCompareMarkdown } from '../../../src/compare/render-markdown.js';
import { renderCompareTerminal, textBar } from '../../../src/compare/render-terminal.js';
import { runCompare } from '../../../src/compare/run-compare.js';
import { utf8Length } from '../../../src/report/format.js';
import { cleanupTempDirs, tempDir, writeFiles } from '../../support/temp-store.js';

afterAll(cleanupTempDirs);

async function bigComparison(): Promise<Awaited<ReturnType<typeof runCompare>>> {
  const root = tempDir();
  const metrics = (shift: number): string => JSON.stringify(Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`group_${i % 40}.metric_${i}_f1`, (i % 97) / 100 + shift])));
  const weird = 'x"] %%{init: {"theme":"dark"}}%% `bar` </details>';
  const line = (i: number, side: number): string => JSON.stringify({ id: `item-${i}`, cat: `c${i % 5}`, output: `out ${i} ${side && i % 4 ? 'new' : 'old'}`, scores: { f1: ((i * 37) % 100) / 100 + (side ? 0.01 * (i % 3) : 0), [weird]: (i % 10) / 10 } });
  writeFiles(root, {
    'baselines/a/predictions.jsonl': `${Array.from({ length: 300 }, (_, i) => line(i, 0)).join('\n')}\n`,
    'baselines/a/metrics.json': metrics(0),
    'runs/b/predictions.jsonl': `${Array.from({ length: 300 }, (_, i) => line(i, 1)).join('\n')}\n`,
    'runs/b/metrics.json': metrics(0.01),
  });
  return runCompare({ store: { root, display: 'store' }, a: 'a', b: 'b', top: 50 });
}

describe('Markdown budget', () => {
  it('fits any budget by dropping whole rows, says how many once, keeps the headline, and is deterministic', async () => {
    const c = await bigComparison();
    const full = renderCompareMarkdown(c, 10_000_000);
    expect(full).not.toContain('Shortened to fit');
    for (const budget of [60_000, 20_000, 6_000]) {
      const text = renderCompareMarkdown(c, budget);
      expect(utf8Length(text)).toBeLessThanOrEqual(budget);
      expect(text.match(/Shortened to fit the size limit: \d+ more rows in the report artifact/g)).toHaveLength(1);
      expect(text).toContain('**B is better on');
      expect(text).toContain('#### Per-item scores');
      expect(renderCompareMarkdown(c, budget)).toBe(text);
      // Rows are whole: every table line that starts with a pipe ends with one.
      for (const row of text.split('\n').filter((l) => l.startsWith('| '))) expect(row.endsWith('|')).toBe(true);
    }
  });

  it('keeps names from the store out of the mermaid syntax', async () => {
    const c = await bigComparison();
    const text = renderCompareMarkdown(c, 10_000_000);
    const charts = [...text.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1] as string);
    expect(charts.length).toBeGreaterThan(1);
    for (const chart of charts) {
      expect(chart).not.toContain('%%');
      expect(chart).not.toContain('`');
      expect(chart).not.toContain('</details>');
      // Every quote belongs to our own quoting: title "..." and x-axis ["...", ...].
      for (const l of chart.split('\n')) expect((l.match(/"/g) ?? []).length % 2).toBe(0);
      expect(chart).toMatch(/y-axis "items" 0 --> \d+/);
    }
  });
});

describe('terminal', () => {
  it('draws bars from zero, proportional to the count, at least one cell for any item', () => {
    expect(textBar(0, 10)).toBe('');
    expect(textBar(10, 10)).toHaveLength(24);
    expect(textBar(5, 10)).toHaveLength(12);
    expect(textBar(1, 1000)).toHaveLength(1);
  });

  it('puts the headline before the tables', async () => {
    const c = await bigComparison();
    const text = renderCompareTerminal(c, { color: false });
    expect(text.indexOf('B is better on')).toBeLessThan(text.indexOf('Metrics ('));
    expect(text).not.toContain('\u001b[');
    expect(renderCompareTerminal(c, { color: true })).toContain('\u001b[1m');
  });
});

describe('ranks', () => {
  it('sorts by the float order (negatives, -0, ties) and gives mid-ranks from the top', async () => {
    const { argsortAscending, descendingRanks } = await import('../../../src/compare/score-analysis.js');
    const values = Float64Array.from([0.5, -1, 3, -0, 0, 0.5, -1e-300, 1e300, 2.5, 0.5]);
    const order = [...argsortAscending(values)].map((i) => values[i]);
    expect(order).toEqual([...values].sort((a, b) => a - b));
    // Ranks by counting, the definition: 1 + #greater + (#equal - 1) / 2.
    const expected = [...values].map((v) => 1 + values.filter((x) => x > v).length + (values.filter((x) => x === v).length - 1) / 2);
    expect([...descendingRanks(values)]).toEqual(expected);
    const rng = Array.from({ length: 5000 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
    const big = Float64Array.from(rng.map((x) => Math.round(x * 100) / 100));
    const ranks = descendingRanks(big);
    big.forEach((v, i) => expect(ranks[i]).toBe(1 + big.filter((x) => x > v).length + (big.filter((x) => x === v).length - 1) / 2));
  });
});
