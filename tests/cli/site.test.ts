// `promotion-gate site` and `command: site` through the bundles: what the folder holds, which
// --out folders it replaces or refuses, bad flags, the drift anchor read from the policy, and
// the action writing the site for actions/upload-pages-artifact.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runBundledCli } from '../support/cli.js';
import { fakeToken } from '../integration/provenance/support.js';
import { driftStore } from '../support/site-stores.js';
import { cleanupTempDirs, simpleStore, writeFiles } from '../support/temp-store.js';

afterAll(() => cleanupTempDirs());

function treeBytes(path: string): number {
  return readdirSync(path, { withFileTypes: true }).reduce((sum, d) => sum + (d.isDirectory() ? treeBytes(join(path, d.name)) : statSync(join(path, d.name)).size), 0);
}

function dataBlock(html: string, id: string): unknown {
  const match = new RegExp(`<script type="application/json" id="${id}">(.*?)</script>`, 's').exec(html);
  if (!match?.[1]) throw new Error(`no ${id} block`);
  return JSON.parse(match[1]);
}

describe('promotion-gate site', () => {
  it('writes every page, the assets and the marker; marks the drift anchor the policy names', async () => {
    const root = driftStore('first');
    const result = await runBundledCli(['site', '--store', 'store', '--out', 'out', '--base-url', 'https://octo-org.github.io/evals/'], { cwd: root });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Site written to out: \d+ files/);
    const files = readdirSync(join(root, 'out')).sort();
    expect(files).toEqual(['assets', 'compare.html', 'data', 'entries', 'events.html', 'history.html', 'index.html', 'promotion-gate-site.json', 'rollouts.html']);
    expect(readdirSync(join(root, 'out/assets')).sort()).toEqual(['LICENSES.txt', 'app.js', 'style.css']);
    const history = readFileSync(join(root, 'out/history.html'), 'utf8');
    expect(history).toContain('<link rel="canonical" href="https://octo-org.github.io/evals/history.html">');
    const data = dataBlock(history, 'pg-history') as { groups: { source: string; points: { id: string }[]; anchor: { index: number } | null; anchor_note: string }[] };
    const pin = data.groups.find((g) => g.source === 'pin');
    expect(pin?.points.map((p) => p.id)).toEqual(['b_v1', 'b_v2', 'b_v3']);
    expect(pin?.anchor?.index).toBe(0);
    expect(pin?.anchor_note).toContain('Drift anchor: the root of this pin\'s chain, b_v1');
    // The policy loads (drift is a rule field since DESIGN.md section 12 landed): no policy problem on the overview.
    expect(readFileSync(join(root, 'out/index.html'), 'utf8')).not.toMatch(/policy: /);
  });

  it('marks a named anchor where the history holds it', async () => {
    const root = driftStore('b_v2');
    expect((await runBundledCli(['site', '--store', 'store', '--out', 'out'], { cwd: root })).code).toBe(0);
    const data = dataBlock(readFileSync(join(root, 'out/history.html'), 'utf8'), 'pg-history') as { groups: { anchor: { index: number } | null }[] };
    expect(data.groups[0]?.anchor?.index).toBe(1);
  });

  it('replaces a site it wrote before, and refuses a folder it did not write (exit 2, nothing touched)', async () => {
    const root = driftStore('first');
    expect((await runBundledCli(['site', '--store', 'store', '--out', 'out'], { cwd: root })).code).toBe(0);
    writeFileSync(join(root, 'out/stale.html'), 'old');
    expect((await runBundledCli(['site', '--store', 'store', '--out', 'out'], { cwd: root })).code).toBe(0);
    expect(existsSync(join(root, 'out/stale.html'))).toBe(false);
    mkdirSync(join(root, 'mine'));
    writeFileSync(join(root, 'mine/notes.txt'), 'keep me');
    const refused = await runBundledCli(['site', '--store', 'store', '--out', 'mine'], { cwd: root });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--out mine: the folder is not empty and is not a site built by promotion-gate');
    expect(readdirSync(join(root, 'mine'))).toEqual(['notes.txt']);
    expect(readdirSync(root).filter((n) => n.includes('building'))).toEqual([]);
  });

  it('grows with the number of entries, never with the number of items: a 400x larger pair adds under 64 KB', async () => {
    const sizes: number[] = [];
    for (const n of [50, 20_000]) {
      const items = Array.from({ length: n }, (_, i) => ({
        id: `item_${i}`, dataset_id: 'ds1', topic: `t${i % 5}`,
        output: `answer ${i}: ${'long generated text '.repeat(10)}`,
        scores: { exact_match: (i * 7919) % 3 === 0 ? 0 : 1, f1: ((i * 7919) % 1000) / 1000 },
      }));
      const candidate = items.map((item, i) => ({ ...item, output: `${item.output} v2`, scores: { exact_match: (i * 104729) % 4 === 0 ? 0 : 1, f1: ((i * 104729) % 1000) / 1000 } }));
      const root = simpleStore({ predictions: candidate, metrics: { dataset_id: 'ds1', task: 'qa', exact_match: 0.74, f1: 0.5 } }, { predictions: items, metrics: { dataset_id: 'ds1', task: 'qa', exact_match: 0.66, f1: 0.5 } });
      const result = await runBundledCli(['site', '--store', '.', '--out', '_site'], { cwd: root });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('1 comparisons precomputed');
      sizes.push(treeBytes(join(root, '_site')));
    }
    const [small = 0, large = 0] = sizes;
    process.stdout.write(`site bytes: ${small} for 50 items per entry, ${large} for 20,000\n`);
    expect(large - small).toBeLessThan(64 * 1024);
  });

  it('masks a secret wherever the store holds one (README, baseline.json, metric name, event reason)', async () => {
    const root = driftStore('first');
    const token = fakeToken(17);
    writeFiles(join(root, 'store'), {
      'baselines/b_v2/README.md': `# Notes\n\nour key: ${token}\n`,
      'baselines/b_v2/baseline.json': JSON.stringify({ backend: { model: `m ${token}` } }),
      'baselines/b_v2/metrics.json': JSON.stringify({ dataset_id: 'ds1', exact_match: 0.7, [token]: 1 }),
    });
    expect((await runBundledCli(['site', '--store', 'store', '--out', 'out'], { cwd: root })).code).toBe(0);
    const all = (dir: string): string => readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? all(join(dir, e.name)) : readFileSync(join(dir, e.name), 'utf8'))).join('\n');
    const pages = readdirSync(join(root, 'out')).filter((n) => n !== 'assets').map((n) => join(root, 'out', n));
    const text = pages.map((p) => (p.endsWith('.html') || p.endsWith('.json') ? readFileSync(p, 'utf8') : all(p))).join('\n');
    expect(readFileSync(join(root, 'store/baselines/b_v2/README.md'), 'utf8')).toContain(token);
    expect(text.includes(token), 'the token is somewhere in the site').toBe(false);
    expect(text).toContain(`ghp_…${token.slice(-4)}`);
  });

  it('names a bad flag: --out missing, --base-url not http(s), --max-comparisons not a count', async () => {
    const root = driftStore('first');
    for (const [args, message] of [
      [['--store', 'store'], '--out DIR is required'],
      [['--store', 'store', '--out', 'o', '--base-url', 'javascript:alert(1)'], '--base-url "javascript:alert(1)": expected an http(s) URL'],
      [['--store', 'store', '--out', 'o', '--max-comparisons', 'many'], '--max-comparisons "many": expected an integer from 0 to 10000'],
    ] as const) {
      const result = await runBundledCli(['site', ...args], { cwd: root });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
    }
  });
});

describe('command: site', () => {
  it('writes the site into site-dir and sets site-path, without a token', async () => {
    const root = driftStore('first');
    const output = join(root, 'gh-output');
    const summary = join(root, 'gh-summary');
    writeFileSync(output, '');
    writeFileSync(summary, '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH, HOME: root, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: root, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary,
      GITHUB_REPOSITORY: 'octo-org/evals', GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: join(root, 'event.json'), GITHUB_REF: 'refs/heads/main',
      INPUT_COMMAND: 'site', INPUT_STORE: 'store', 'INPUT_SITE-DIR': '_site', 'INPUT_BASE-URL': 'https://octo-org.github.io/evals/',
    };
    writeFileSync(join(root, 'event.json'), '{}');
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [join(REPO_ROOT, 'dist/action/index.js')], { cwd: root, env, stdio: 'ignore' });
      child.on('error', reject);
      child.on('close', resolve);
    });
    expect(code).toBe(0);
    expect(readFileSync(output, 'utf8')).toMatch(/site-path<<(\S+)\n_site\n\1/);
    expect(existsSync(join(root, '_site/index.html'))).toBe(true);
    expect(readFileSync(summary, 'utf8')).toContain('Store site written to `_site`');
  });
});
