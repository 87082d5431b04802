/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core), on the site
 * the bundled CLI builds from a copy of the corpus plus generated entries (site-store.ts).
 * Every page visit records console errors, dialogs and requests; the last tests assert that
 * there were none, and none that left file://. The same site is then served over HTTP under
 * a path, as GitHub Pages serves a project site. Screenshots of the overview, a compare view
 * and a history chart go to docs/images/ (the README shows them).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotDir } from '../support/chromium.js';
import { driftStore } from '../support/site-stores.js';
import { REPO_ROOT, runBundledCli } from '../support/cli.js';
import { cleanupTempDirs, tempDir } from '../support/temp-store.js';
import { buildSiteStore, corpusEntries, HOSTILE, PIN_DATASET, PROMOTER, PROMOTIONS, TAMPERED } from './site-store.js';

const IMAGES = screenshotDir(REPO_ROOT);
let root: string;
let site: string;
let driftRoot: string;
let browser: Browser;
const consoleErrors: string[] = [];
const dialogs: string[] = [];
const requests: string[] = [];

async function open(path: string, options: { width?: number; dark?: boolean } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: options.width ?? 1280, height: 900 }, colorScheme: options.dark ? 'dark' : 'light' });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${path}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${path}: ${e.message}`));
  page.on('dialog', (d) => {
    dialogs.push(`${path}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => requests.push(r.url()));
  const [file, hash] = path.split('#');
  await page.goto(`${pathToFileURL(join(site, file ?? '')).href}${hash === undefined ? '' : `#${hash}`}`);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

/** What the tests read of a row or cell inside the page (the Node side has no DOM types). */
interface DomRow {
  dataset: Record<string, string | undefined>;
  hidden: boolean;
}

const rowKeys = (page: Page): Promise<{ key: string; status: string; visible: boolean }[]> =>
  page.$$eval('#entries tbody tr', (rows) => rows.map((r) => ({ key: (r as unknown as DomRow).dataset['key'] ?? '', status: (r as unknown as DomRow).dataset['status'] ?? '', visible: !(r as unknown as DomRow).hidden })));

beforeAll(async () => {
  root = tempDir('pg-site-');
  await buildSiteStore(root);
  const built = await runBundledCli(['site', '--store', 'store', '--out', 'site'], { cwd: root });
  expect(built.code, built.stderr).toBe(0);
  site = join(root, 'site');
  driftRoot = driftStore('first');
  const drift = await runBundledCli(['site', '--store', 'store', '--out', 'site'], { cwd: driftRoot });
  expect(drift.code, drift.stderr).toBe(0);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  cleanupTempDirs();
});

describe('overview', () => {
  it('lists every corpus entry with the status its folder gives it: 58 baselines (57 + 1 archived) among 87 entries', async () => {
    const expected = corpusEntries((path) => readdirSync(path).map((name) => ({ name, dir: statSync(join(path, name)).isDirectory() })));
    const baselines = [...expected.keys()].filter((k) => k.startsWith('baselines/'));
    expect(baselines).toHaveLength(58);
    expect(expected.size).toBe(87);
    const page = await open('index.html');
    const rows = await rowKeys(page);
    const byKey = new Map(rows.map((r) => [r.key, r.status]));
    for (const [key, status] of expected) expect(byKey.get(key), key).toBe(status);
    // The generated entries too: four promoted baselines, the runs, and the folder that is not an id.
    for (const id of PROMOTIONS) expect(byKey.get(`baselines/${id}`)).toBe('baseline');
    expect(byKey.get('runs/run_hostile')).toBe('experimental');
    expect(rows.find((r) => r.status === 'unreadable')?.key).toBe(`runs/${HOSTILE}`);
    await page.screenshot({ path: join(IMAGES, 'site-overview.png') });
    await page.close();
  });

  it('filters by text and by status, and sorts by a column both ways', async () => {
    const page = await open('index.html');
    const all = (await rowKeys(page)).length;
    await page.fill('input[data-filter-table="entries"]', 'deepseek');
    const deepseek = (await rowKeys(page)).filter((r) => r.visible);
    expect(deepseek.length).toBeGreaterThan(0);
    expect(deepseek.length).toBeLessThan(all);
    for (const r of deepseek) expect(r.key).toContain('deepseek');
    await expect.poll(() => page.textContent('[data-count-for="entries"]')).toBe(`${deepseek.length} of ${all} shown`);
    await page.fill('input[data-filter-table="entries"]', '');
    await page.selectOption('select[data-filter-attr="status"]', 'archived');
    const archived = (await rowKeys(page)).filter((r) => r.visible);
    expect(archived.map((r) => r.key).sort()).toEqual(['baselines/_archived/baseline_ml_prod_authority_v1_smoke_test', 'references/silver/_archive/silver_gpt4o_benchmark_v1', 'references/silver/_archive/silver_gpt4o_smoke_bullets_v1', 'references/silver/_archive/silver_gpt4o_smoke_v1']);
    await page.selectOption('select[data-filter-attr="status"]', '');
    const header = page.locator('#entries thead th', { hasText: 'Items' });
    const items = async (): Promise<number[]> => (await page.$$eval('#entries tbody tr td:nth-child(7)', (cells) => cells.map((c) => (c as unknown as DomRow).dataset['sort'] ?? ''))).filter((v) => v !== '').map(Number);
    await header.locator('button').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    const ascending = await items();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await header.locator('button').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    const descending = await items();
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    expect(descending[0]).toBeGreaterThan(descending[descending.length - 1] as number);
    await page.close();
  });

  it('shows an entry that cannot be read with its error (metrics.json, line and column)', async () => {
    const page = await open('index.html');
    const row = page.locator('#entries tbody tr[data-key="runs/run_broken"]');
    await expect.poll(() => row.count()).toBe(1);
    const text = (await row.textContent()) ?? '';
    expect(text).toMatch(/problem/);
    const problems = await row.locator('details li').allTextContents();
    expect(problems.join('\n')).toMatch(/run_broken\/metrics\.json:1:\d+/);
    const hostileRow = page.locator('#entries tbody tr[data-status="unreadable"]');
    const why = await hostileRow.locator('details li').allTextContents();
    expect(why).toHaveLength(1);
    expect(why[0]).toMatch(/^folder .*runs\/ "<img src=x onerror=alert\(1\)>": /);
    await page.close();
  });
});

describe('entry page', () => {
  it('shows the metrics as recorded with their units, the manifest check, provenance, events and README', async () => {
    const page = await open('entries/baselines~site_base_v3.html');
    const recorded = JSON.parse(readFileSync(join(root, 'store/baselines/site_base_v3/metrics.json'), 'utf8')) as Record<string, unknown>;
    const rows = await page.$$eval('table.metrics tbody tr', (trs) => trs.map((tr) => (tr as unknown as { textContent: string | null; querySelector(s: string): { textContent: string | null; getAttribute(n: string): string | null } | null }))
      .map((tr) => ({ name: tr.querySelector('th')?.textContent ?? '', value: Number(tr.querySelector('td.num')?.getAttribute('data-value')), unit: tr.querySelector('td.unit')?.textContent ?? '' })));
    const numeric = Object.entries(recorded).filter(([, v]) => typeof v === 'number');
    expect(rows.map((r) => [r.name, r.value]).sort()).toEqual(numeric.sort());
    expect(rows.find((r) => r.name === 'avg_latency_ms')?.unit).toBe('milliseconds');
    expect(rows.find((r) => r.name === 'total_cost_usd')?.unit).toBe('US dollars');
    expect(rows.find((r) => r.name === 'exact_match')?.unit).toBe('score, as recorded');
    expect(await page.locator('p.manifest .badge').textContent()).toBe('verified');
    expect(await page.locator('section', { hasText: 'Provenance' }).textContent()).toContain('candidate_v3');
    expect(await page.locator('section', { hasText: 'Related' }).locator('.badge').allTextContents()).toEqual(expect.arrayContaining(['promoted', 'pin_changed']));
    await page.close();
    const tampered = await open(`entries/baselines~${TAMPERED}.html`);
    expect(await tampered.locator('p.manifest .badge').textContent()).toBe('differences');
    expect(await tampered.locator('ul.manifest-lines').textContent()).toContain('predictions.jsonl');
    await tampered.close();
    const readme = await open('entries/runs~run_hostile.html');
    expect(await readme.locator('.readme h1').textContent()).toBe(HOSTILE);
    expect(await readme.locator('.readme a[href^="javascript:"]').count()).toBe(0);
    await readme.close();
  });
});

describe('compare', () => {
  async function shownDeltas(page: Page): Promise<{ name: string; a: number | null; b: number | null; delta: number | null; relative_delta: number | null }[]> {
    const num = (v: string | undefined): number | null => (v === undefined || v === 'null' ? null : Number(v));
    return page.$$eval('#metric-deltas tbody tr', (rows) => rows.map((r) => ({ ...(r as unknown as DomRow).dataset }))).then((rows) =>
      rows.map((d) => ({ name: d['metric'] ?? '', a: num(d['a']), b: num(d['b']), delta: num(d['delta']), relative_delta: num(d['relative']) })),
    );
  }

  async function cliDeltas(a: string, b: string): Promise<unknown[]> {
    const result = await runBundledCli(['compare', '--store', 'store', a, b, '--json', 'comparison.json'], { cwd: root });
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(readFileSync(join(root, 'comparison.json'), 'utf8')) as { metrics: { name: string; a: number | null; b: number | null; delta: number | null; relative_delta: number | null }[] };
    return json.metrics.map(({ name, a: va, b: vb, delta, relative_delta }) => ({ name, a: va, b: vb, delta, relative_delta }));
  }

  it('shows, for two entries picked in the page, the metric deltas of the CLI\'s compare JSON, and the precomputed per-item view', async () => {
    const page = await open('compare.html');
    // The run is gated against the pin's baseline today (v4): a precomputed pair.
    await page.selectOption('#pick-a', 'baselines/site_base_v4');
    await page.selectOption('#pick-b', 'runs/run_hostile');
    await page.waitForSelector('#compare-items[data-loaded]');
    expect(await shownDeltas(page)).toEqual(await cliDeltas('baselines/site_base_v4', 'runs/run_hostile'));
    // The hostile metric name and outputs are text: in the table, in the excerpts.
    expect(await page.locator('#metric-deltas').textContent()).toContain(HOSTILE);
    expect(await page.locator('table.top-items').first().textContent()).toContain(HOSTILE);
    expect(await page.locator('figure[data-chart="histogram"] svg').count()).toBeGreaterThan(0);
    await page.selectOption('#pick-a', 'baselines/site_base_v1');
    await page.selectOption('#pick-b', 'baselines/site_base_v4');
    await page.waitForSelector('#compare-items p.not-precomputed');
    expect(await shownDeltas(page)).toEqual(await cliDeltas('baselines/site_base_v1', 'baselines/site_base_v4'));
    await page.close();
  });

  it('agrees with the CLI on a corpus pair it did not precompute (metrics of different shapes)', async () => {
    const page = await open('compare.html#a=baselines%2Fbaseline_ml_prod_authority_v1&b=baselines%2Fbaseline_llm_openai_benchmark_paragraph_v1');
    await page.waitForSelector('#metric-deltas');
    const shown = await shownDeltas(page);
    expect(shown.length).toBeGreaterThan(10);
    expect(shown).toEqual(await cliDeltas('baselines/baseline_ml_prod_authority_v1', 'baselines/baseline_llm_openai_benchmark_paragraph_v1'));
    await page.close();
  });

  it('takes its screenshot on a promotion step (before → after)', async () => {
    const page = await open(`compare.html#a=${encodeURIComponent('baselines/site_base_v2')}&b=${encodeURIComponent('baselines/site_base_v3')}`);
    await page.waitForSelector('#compare-items[data-loaded]');
    await page.screenshot({ path: join(IMAGES, 'site-compare.png'), fullPage: false });
    await page.close();
  });
});

describe('history', () => {
  it('draws one point per promotion of the pin, in promotion order', async () => {
    const events = readdirSync(join(root, 'store/events')).filter((f) => f.includes('-pin_changed-'));
    expect(events).toHaveLength(PROMOTIONS.length);
    const page = await open('history.html');
    const section = page.locator('section.history', { hasText: `dataset ${PIN_DATASET}` });
    const figure = section.locator('figure[data-chart="history"]');
    await expect.poll(() => figure.locator('svg .pg-point circle').count()).toBe(PROMOTIONS.length);
    expect(await section.locator('table.promotions tbody tr td:nth-child(2) a').allTextContents()).toEqual(PROMOTIONS);
    expect(await section.locator('table.promotions tbody tr td:nth-child(5)').allTextContents()).toEqual(PROMOTIONS.map(() => PROMOTER));
    // No drift rule in this policy: nothing marked, and the page says so.
    expect(await figure.locator('.pg-anchor').count()).toBe(0);
    expect(await section.textContent()).toContain('names no drift anchor');
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: join(IMAGES, 'site-history.png') });
    await page.close();
  });
});

describe('drift anchor', () => {
  it('is marked on the chart (a diamond and a dashed line at its value) when the policy names one', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    page.on('pageerror', (e) => consoleErrors.push(`drift history: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(join(driftRoot, 'site/history.html')).href);
    await page.waitForSelector('body[data-ready="true"]');
    const figure = page.locator('section.history', { hasText: 'pin' }).first().locator('figure[data-chart="history"]');
    await expect.poll(() => figure.locator('svg .pg-point circle').count()).toBe(3);
    expect(await figure.locator('svg .pg-anchor > *').count()).toBe(1);
    expect(await figure.locator('svg').textContent()).toContain('drift anchor');
    // The anchor is the first point: its x is the leftmost point's.
    const xs = await figure.locator('svg .pg-point circle').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('cx'))));
    const anchor = await figure.locator('svg .pg-anchor > *').first().getAttribute('transform');
    expect(anchor).toContain(`translate(${Math.min(...xs)}`);
    await page.close();
  });
});

describe('charts', () => {
  /** What a chart's geometry says, read in the page: bar edges, the zero rule, axis labels, fills. */
  interface ChartFacts { labels: string[]; fills: string[]; zeroX: number[]; zeroY: number[]; bars: { left: number; right: number; top: number; bottom: number }[] }
  /** The parts of an SVG element the measurement reads (the Node side has no DOM types). */
  interface SvgNode {
    getBoundingClientRect(): { left: number; right: number; top: number; bottom: number };
    querySelectorAll(selector: string): ArrayLike<SvgNode>;
    getAttribute(name: string): string | null;
    textContent: string | null;
  }
  const facts = (page: Page, chart: string): Promise<ChartFacts[]> =>
    page.$$eval(`figure[data-chart="${chart}"] svg[class*="plot-"]`, (svgs) => (svgs as unknown as SvgNode[]).map((svg) => {
      const box = (e: SvgNode): { left: number; right: number; top: number; bottom: number } => {
        const r = e.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      };
      const all = (selector: string): SvgNode[] => Array.from(svg.querySelectorAll(selector));
      const rules = all('g[aria-label="rule"] line').map(box);
      return {
        labels: all('g[aria-label$="-axis label"] text').map((t) => t.textContent ?? ''),
        fills: all('g[aria-label="bar"] rect').map((r) => (r.getAttribute('fill') ?? '').toUpperCase()),
        zeroX: rules.filter((r) => r.right - r.left < 2).map((r) => (r.left + r.right) / 2),
        zeroY: rules.filter((r) => r.bottom - r.top < 2).map((r) => (r.top + r.bottom) / 2),
        bars: all('g[aria-label="bar"] rect').map(box),
      };
    }));
  const near = (a: number, bs: number[]): boolean => bs.some((b) => Math.abs(a - b) < 1);
  const OKABE_ITO = ['#0072B2', '#56B4E9', '#E69F00', '#009E73', '#D55E00', '#CC79A7'];

  it('draw bars from zero, name every axis with its unit, and use the Okabe–Ito colours', async () => {
    const page = await open(`compare.html#a=${encodeURIComponent('baselines/site_base_v4')}&b=${encodeURIComponent('runs/run_hostile')}`);
    await page.waitForSelector('#compare-items[data-loaded]');
    const [deltas] = await facts(page, 'deltas');
    if (deltas === undefined) throw new Error('no delta chart');
    expect(deltas.bars.length).toBeGreaterThan(0);
    expect(deltas.zeroX).toHaveLength(1);
    for (const bar of deltas.bars) expect(near(bar.left, deltas.zeroX) || near(bar.right, deltas.zeroX), JSON.stringify(bar)).toBe(true);
    expect(deltas.labels.join(' ')).toMatch(/relative change, B vs A \(percent of \|A\|\)/);
    for (const fill of deltas.fills) expect([...OKABE_ITO, '#8C959F']).toContain(fill);
    const histograms = await facts(page, 'histogram');
    expect(histograms.length).toBeGreaterThan(0);
    for (const h of histograms) {
      expect(h.zeroY.length).toBeGreaterThan(0);
      expect(h.bars.filter((b) => b.bottom - b.top > 0).length).toBeGreaterThan(0);
      for (const bar of h.bars.filter((b) => b.bottom - b.top > 0)) expect(near(bar.bottom, h.zeroY), JSON.stringify(bar)).toBe(true);
      expect(h.labels.join(' ')).toContain('items (count)');
      expect(h.labels.join(' ')).toMatch(/\((score, as recorded|[a-z ,]+)\), bins/);
      expect(new Set(h.fills)).toEqual(new Set(['#0072B2', '#E69F00']));
    }
    await page.close();
    const history = await open('history.html');
    const [line] = await facts(history, 'history');
    expect(line?.labels.join(' ')).toMatch(/exact_match \(score, as recorded\)/);
    expect(line?.labels.join(' ')).toContain('promotion (oldest → newest)');
    await history.close();
  });

  it('follow a dark system theme and the theme button, redrawing in the dark variant of the palette', async () => {
    const page = await open(`compare.html#a=${encodeURIComponent('baselines/site_base_v4')}&b=${encodeURIComponent('runs/run_hostile')}`, { dark: true });
    await page.waitForSelector('#compare-items[data-loaded]');
    const background = async (): Promise<string> => String(await page.evaluate('getComputedStyle(document.body).backgroundColor'));
    const fillsA = async (): Promise<string[]> => [...new Set((await facts(page, 'histogram')).flatMap((h) => h.fills))].sort();
    expect(await background()).toBe('rgb(13, 17, 23)');
    expect(await fillsA()).toEqual(['#56B4E9', '#E69F00']);
    await page.click('#theme-toggle');
    expect(await background()).toBe('rgb(255, 255, 255)');
    expect(await fillsA()).toEqual(['#0072B2', '#E69F00']);
    await page.close();
  });
});

describe('events and rollouts', () => {
  it('lists every event file, rollout steps with their numbers', async () => {
    const files = readdirSync(join(root, 'store/events'));
    const page = await open('events.html');
    expect(await page.locator('#events > tbody > tr').count()).toBe(files.length);
    expect(await page.locator('#events > tbody > tr[data-type="rollout_advanced"]').count()).toBe(1);
    await page.close();
    const rollouts = await open('rollouts.html');
    const section = rollouts.locator('#rollout-planner');
    expect(await section.locator('table.decisions tbody tr').count()).toBe(1);
    const row = (await section.locator('table.decisions tbody tr').textContent()) ?? '';
    expect(row).toContain('increase');
    expect(row).toMatch(/75% \/ 25%/);
    expect(row).toMatch(/acceptance_rate: [+−-]?\d/);
    expect(await section.locator('figure[data-chart="rollout"] svg').count()).toBe(1);
    await rollouts.close();
  });
});

describe('hostile strings (RELIABILITY S1)', () => {
  it('render as text on every page that shows them, with no script run, no image, no dialog', async () => {
    for (const path of ['index.html', 'entries/runs~run_hostile.html', 'compare.html#a=baselines%2Fsite_base_v4&b=runs%2Frun_hostile', 'events.html', 'history.html']) {
      const page = await open(path);
      await page.waitForTimeout(200);
      expect(await page.locator('body').textContent(), path).toContain(HOSTILE);
      expect(await page.locator('img').count(), path).toBe(0);
      expect(await page.locator('script:not([src]):not([type="application/json"])').count(), path).toBe(0);
      await page.close();
    }
    const entry = readFileSync(join(site, 'entries/runs~run_hostile.html'), 'utf8');
    expect(entry).not.toContain(HOSTILE);
    expect(entry).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(entry).not.toMatch(/href="javascript:/i);
    expect(dialogs).toEqual([]);
  });

  it('logged no console error and made no request outside file://', () => {
    expect(consoleErrors).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
  });

  it('loads the overview quickly (measured, printed; the bound is checked by npm run bench on 1,000 entries)', async () => {
    const started = Date.now();
    const page = await open('index.html');
    const ms = Date.now() - started;
    process.stdout.write(`site overview (${await page.locator('#entries tbody tr').count()} rows) ready in ${ms} ms\n`);
    expect(existsSync(join(site, 'assets/app.js'))).toBe(true);
    await page.close();
  });
});

describe('served over HTTP under a path (as GitHub Pages serves a project site)', () => {
  it('loads every page and a precomputed comparison from its own origin and path only, with no console error', async () => {
    const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8' };
    const server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      const file = path.startsWith('/evals/') ? join(site, path.slice('/evals/'.length) || 'index.html') : '';
      if (file === '' || !file.startsWith(site) || !existsSync(file) || statSync(file).isDirectory()) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const base = `http://127.0.0.1:${port}/evals/`;
    const seen: string[] = [];
    const errors: string[] = [];
    const failed: string[] = [];
    try {
      for (const path of ['index.html', 'entries/baselines~site_base_v3.html', `compare.html#a=${encodeURIComponent('baselines/site_base_v4')}&b=${encodeURIComponent('runs/run_hostile')}`, 'history.html', 'events.html', 'rollouts.html']) {
        const page = await browser.newPage();
        page.on('request', (r) => seen.push(r.url()));
        page.on('requestfailed', (r) => failed.push(r.url()));
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(`${path}: ${m.text()}`);
        });
        page.on('pageerror', (e) => errors.push(`${path}: ${e.message}`));
        const response = await page.goto(`${base}${path}`);
        expect(response?.status(), path).toBe(200);
        await page.waitForSelector('body[data-ready="true"]');
        if (path.startsWith('compare.html')) {
          await page.waitForSelector('#compare-items[data-loaded]');
          expect(await page.locator('figure[data-chart="histogram"] svg').count()).toBeGreaterThan(0);
        }
        await page.close();
      }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(errors).toEqual([]);
    expect(failed).toEqual([]);
    expect(seen.filter((url) => !url.startsWith(base))).toEqual([]);
    expect(seen.some((url) => url.startsWith(`${base}data/`))).toBe(true);
  });
});
