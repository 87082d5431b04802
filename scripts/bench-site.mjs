// `npm run bench:site`: the dashboard at scale (issue 17). Generates a store of 1,000 entries
// with 10,000 items each (10 pinned datasets, each with 20 promotions recorded as promoted +
// pin_changed events, and 800 experimental runs), builds the site with the bundled CLI, and
// prints: build time, total output size, and how long the overview takes to be ready in
// Chromium (the browser test's measurement: navigation to `body[data-ready]`). Targets: build
// under 60 s, overview under 1 s, output under 50 MB. Medians of --repeat runs (default 3).
//
//   node scripts/bench-site.mjs [--entries 1000] [--items 10000] [--repeat 3] [--keep]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const ENTRIES = Number(arg('entries', '1000'));
const ITEMS = Number(arg('items', '10000'));
const REPEAT = Number(arg('repeat', '3'));
const KEEP = process.argv.includes('--keep');
const CLI = process.env.PROMOTION_GATE_CLI ?? 'dist/cli/index.js';
const DATASETS = 10;
const PROMOTIONS = 20;
const SHA = '0123456789abcdef0123456789abcdef01234567';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function predictions(seed) {
  const lines = [];
  let x = seed * 2654435761 >>> 0;
  for (let i = 0; i < ITEMS; i++) {
    x = (x * 1664525 + 1013904223) >>> 0;
    const em = x % 100 < 60 + (seed % 20) ? 1 : 0;
    lines.push(`{"id":"it${i}","topic":"t${i % 7}","output":"answer ${i} variant ${x % 13}","scores":{"exact_match":${em},"f1":${((x % 1000) / 1000).toFixed(3)}}}`);
  }
  return `${lines.join('\n')}\n`;
}

function writeEntry(dir, dataset, seed, extra = {}) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'predictions.jsonl'), predictions(seed));
  writeFileSync(join(dir, 'metrics.json'), JSON.stringify({ dataset_id: dataset, task: 'qa', exact_match: 0.6 + (seed % 20) / 100, f1: 0.5 + (seed % 17) / 100, avg_latency_ms: 800 + (seed % 50), total_cost_usd: 1.5 }));
  writeFileSync(join(dir, 'fingerprint.json'), JSON.stringify({ git: { commit: SHA, dirty: false }, dataset: { id: dataset, items: ITEMS }, model: { name: `model-${seed % 5}` }, timestamp: new Date(Date.UTC(2026, 0, 1) + seed * 3600e3).toISOString() }));
  writeFileSync(join(dir, 'baseline.json'), JSON.stringify({ dataset_id: dataset, task: 'qa', created_at: new Date(Date.UTC(2026, 0, 1) + seed * 3600e3).toISOString(), ...extra }));
}

function generate(store) {
  const pins = [];
  let n = 0;
  mkdirSync(join(store, 'events'), { recursive: true });
  for (let d = 0; d < DATASETS && n < ENTRIES; d++) {
    const dataset = `ds_${d}`;
    for (let p = 0; p < PROMOTIONS && n < ENTRIES; p++, n++) {
      const id = `base_${d}_v${p + 1}`;
      const at = new Date(Date.UTC(2026, 0, 1) + (d * PROMOTIONS + p) * 86400e3).toISOString().replace('.000Z', 'Z');
      writeEntry(join(store, 'baselines', id), dataset, n, { promoted_from: `run_${d}_${p}`, promoted_at: at, promoted_as: 'baseline', promoted_id: id, reason: `release ${p + 1}` });
      const stamp = at.replace(/[-:]/g, '').replace(/\.\d+/, '');
      const event = { schema: 'promotion-gate/event@1', type: 'pin_changed', at, actor: 'bench', subject: id, from: p === 0 ? null : `base_${d}_v${p}`, to: id, reason: 'bench', pin: { dataset } };
      writeFileSync(join(store, 'events', `${stamp}-pin_changed-${id}.json`), `${JSON.stringify(event, null, 2)}\n`);
    }
    pins.push(`  - baseline: base_${d}_v${PROMOTIONS}\n    dataset: ds_${d}\n`);
  }
  for (; n < ENTRIES; n++) writeEntry(join(store, 'runs', `run_${n}`), `ds_${n % DATASETS}`, n);
  writeFileSync(join(store, 'policy.yml'), `version: 1\ncompliance:\n  require_commit: false\npins:\n${pins.join('')}`);
}

function du(path) {
  let total = 0;
  for (const name of readdirSync(path)) {
    const p = join(path, name);
    const s = statSync(p);
    total += s.isDirectory() ? du(p) : s.size;
  }
  return total;
}

const work = mkdtempSync(join(tmpdir(), 'pg-bench-site-'));
try {
  const store = join(work, 'store');
  const t0 = Date.now();
  generate(store);
  const inputBytes = du(store);
  process.stdout.write(`generated ${ENTRIES} entries × ${ITEMS} items (${(inputBytes / 1e6).toFixed(0)} MB) in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  const builds = [];
  let summary = '';
  for (let r = 0; r < REPEAT; r++) {
    const started = Date.now();
    const result = spawnSync(process.execPath, [CLI, 'site', '--store', store, '--out', join(work, 'site')], { encoding: 'utf8', env: { ...process.env, PROMOTION_GATE_PROGRESS: 'never' } });
    if (result.status !== 0) throw new Error(`site failed: ${result.stderr}`);
    builds.push(Date.now() - started);
    summary = result.stdout.trim();
  }
  const outBytes = du(join(work, 'site'));
  const browser = await chromium.launch({ executablePath: process.env.PROMOTION_GATE_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const loads = [];
  const pages = {};
  for (const name of ['index', 'compare', 'history']) {
    const times = [];
    for (let r = 0; r < REPEAT; r++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const started = Date.now();
      await page.goto(pathToFileURL(join(work, 'site', `${name}.html`)).href);
      await page.waitForSelector('body[data-ready="true"]');
      times.push(Date.now() - started);
      await page.close();
    }
    pages[name] = median(times);
    if (name === 'index') loads.push(...times);
  }
  await browser.close();
  process.stdout.write(`${summary}\n\n`);
  process.stdout.write(`| entries | items each | build (median of ${REPEAT}) | output | overview ready | compare ready | history ready |\n|---|---|---|---|---|---|---|\n`);
  process.stdout.write(`| ${ENTRIES} | ${ITEMS} | ${(median(builds) / 1000).toFixed(1)} s | ${(outBytes / 1e6).toFixed(1)} MB | ${pages.index} ms | ${pages.compare} ms | ${pages.history} ms |\n\n`);
  process.stdout.write(`targets: build < 60 s ${median(builds) < 60_000 ? 'met' : 'MISSED'}; overview < 1 s ${pages.index < 1000 ? 'met' : 'MISSED'}; output < 50 MB ${outBytes < 50e6 ? 'met' : 'MISSED'}\n`);
  if (KEEP) process.stdout.write(`kept: ${work}\n`);
} finally {
  if (!KEEP) rmSync(work, { recursive: true, force: true });
}
