/**
 * The demo's PR comments as a reviewer sees them: the bundled CLI gates the example store,
 * the action's renderer writes the comment (links to the workflow run, the report artifact
 * and commits), and Chromium renders it as GitHub does (GFM, github-markdown-css, mermaid)
 * at 800 px. Nothing may be clipped, the chart must be honest (zero line inside the plot,
 * the worst metric first and pointing the "worse" way), and the page must log no error.
 * The screenshots are the README's pictures (docs/images/).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderForComment } from '../../src/action/render.js';
import { CHART_COLOURS, chartRows } from '../../src/report/chart.js';
import type { Report } from '../../src/contract/report.js';
import { REPO_ROOT, runBundledCli } from '../support/cli.js';
import { screenshotDir } from '../support/chromium.js';
import { launchChromium, renderComment, type RenderedComment } from './render-comment.js';

const IMAGES = screenshotDir(REPO_ROOT);
const HEAD = '3f2c9d1e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e';
const CONTEXT = { serverUrl: 'https://github.com', repository: { owner: 'octo-org', repo: 'evals' }, headSha: HEAD, runId: 8812345678 };

async function demoReport(run: string): Promise<Report> {
  const result = await runBundledCli(['gate', '--store', 'examples/eval', '--run', run, '--json', '-']);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as Report;
}

let browser: Browser;
const rendered: Record<'failing' | 'passing', { report: Report; markdown: string; page: RenderedComment }> = {} as never;

beforeAll(async () => {
  mkdirSync(IMAGES, { recursive: true });
  browser = await launchChromium();
  for (const [name, run] of [['failing', 'run_candidate_regressed'], ['passing', 'run_candidate_better']] as const) {
    const report = await demoReport(run);
    const markdown = renderForComment(report, run, CONTEXT);
    rendered[name] = { report, markdown, page: await renderComment(browser, markdown, join(IMAGES, `comment-${name}.png`)) };
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe.each(['failing', 'passing'] as const)('the %s demo comment at 800 px', (name) => {
  it('logs no console error', () => {
    expect(rendered[name].page.consoleErrors).toEqual([]);
  });

  it('clips nothing: no element is wider than the comment, no table or code block scrolls', () => {
    expect(rendered[name].page.overflowing).toEqual([]);
  });

  it('draws the chart with its zero line inside the plot', () => {
    const chart = rendered[name].page.chart;
    if (chart === undefined) throw new Error('no chart was rendered');
    expect(chart.zeroX).toBeGreaterThan(chart.plotLeft + 1);
    expect(chart.zeroX).toBeLessThan(chart.plotRight - 1);
    expect(chart.bars.length).toBeGreaterThan(0);
    expect(chart.bars.length).toBeLessThanOrEqual(12);
  });

  it('starts every bar at zero, red to the left when worse, green to the right when better', () => {
    const { page, report } = rendered[name];
    const chart = page.chart;
    if (chart === undefined) throw new Error('no chart');
    const { shown } = chartRows(report.metrics);
    expect(chart.bars).toHaveLength(shown.length);
    chart.bars.forEach((bar, i) => {
      const row = shown[i];
      if (row === undefined) throw new Error('more bars than rows');
      const better = (row.relative_delta ?? 0) * (row.direction === 'higher' ? 1 : -1);
      if (Math.abs(better) < 0.005) return;
      if (better < 0) {
        expect(bar.colour, row.name).toBe(CHART_COLOURS.worse);
        expect(bar.right, row.name).toBeCloseTo(chart.zeroX, 0);
        expect(bar.left, row.name).toBeLessThan(chart.zeroX - 1);
      } else {
        expect(bar.colour, row.name).toBe(CHART_COLOURS.better);
        expect(bar.left, row.name).toBeCloseTo(chart.zeroX, 0);
        expect(bar.right, row.name).toBeGreaterThan(chart.zeroX + 1);
      }
    });
  });

  it('reads cleanly: no literal backticks, no full commit SHAs, no path printed twice', () => {
    const { text } = rendered[name].page;
    expect(text).not.toContain('`');
    expect(text).not.toMatch(/\b[0-9a-f]{40}\b/);
    for (const line of text.split('\n')) {
      for (const path of line.match(/[\w.-]+(?:\/[\w.-]+)+\.\w+/g) ?? []) {
        expect(line.split(path).length - 1, line).toBe(1);
      }
    }
  });

  it('links the workflow run, the report artifact and the head commit', () => {
    const { markdown } = rendered[name];
    expect(markdown).toContain('[workflow run](https://github.com/octo-org/evals/actions/runs/8812345678)');
    expect(markdown).toContain('[report artifact](https://github.com/octo-org/evals/actions/runs/8812345678#artifacts)');
    expect(markdown).toContain(`for head [\`3f2c9d1\`](https://github.com/octo-org/evals/commit/${HEAD})`);
  });
});

describe('the failing demo comment', () => {
  it('puts the worst metric first, pointing "worse": latency +51% (its own direction is lower)', () => {
    const chart = rendered.failing.page.chart;
    expect(chart?.bars[0]?.label).toMatch(/avg_latency_ms \+51\.2%$/);
    expect(chart?.bars[0]?.colour).toBe(CHART_COLOURS.worse);
    // Worst first: the worse bars get shorter down the chart.
    const widths = (chart?.bars ?? []).filter((b) => b.colour === CHART_COLOURS.worse).map((b) => b.right - b.left);
    expect([...widths].sort((a, b) => b - a)).toEqual(widths);
  });

  it('never marks "N of M within tolerance" with ✅ on a failing run', () => {
    const lines = rendered.failing.page.text.split('\n').filter((l) => l.includes('within tolerance'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toContain('✅');
  });

  it('rounds the same way in the check list, the table and the chart', () => {
    const { text, chart } = rendered.failing.page;
    expect(text).toMatch(/worse by 0\.112 \(13\.9%\); allowed 0\.0404/);
    expect(text).toMatch(/−0\.112 \(−13\.9%\)/);
    expect(chart?.bars.map((b) => b.label)).toContain('quality.f1 −13.9%');
    expect(text).not.toMatch(/0\.0403765|0\.112116|13\.8838/);
  });
});
