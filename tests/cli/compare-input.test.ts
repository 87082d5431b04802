/**
 * `compare` on bad and hostile input, through the bundled CLI: every case is one clear line
 * on stderr and exit 2 (or, for a side without predictions, a metrics-only comparison that
 * says so), never a crash and never a stack trace. Hostile strings from the store stay inert
 * in the terminal, the JSON and the Markdown (parsed as GitHub Flavored Markdown), and
 * secrets are masked everywhere.
 */
import { readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonJson } from '../../src/compare/comparison.js';
import { runBundledCli } from '../support/cli.js';
import { CORPUS, cleanupTempDirs, copyDir, tempDir, writeFiles } from '../support/temp-store.js';
import { fakeToken } from '../integration/provenance/support.js';

afterAll(cleanupTempDirs);

/** One line on stderr, naming the tool and command, no stack trace. */
function expectOneLine(stderr: string, pattern: RegExp): void {
  expect(stderr).toMatch(/^promotion-gate compare: error: /);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\bat .*\.js:\d+/);
  expect(stderr).toMatch(pattern);
}

function pair(root: string, a: string, b: string, metrics = '{"f1": 0.5}'): void {
  writeFiles(root, {
    'baselines/a/predictions.jsonl': a,
    'baselines/a/metrics.json': metrics,
    'runs/b/predictions.jsonl': b,
    'runs/b/metrics.json': metrics,
  });
}

describe('entries that cannot be found or are ambiguous', () => {
  let store: string;
  beforeAll(() => {
    store = join(tempDir(), 'eval');
    copyDir(CORPUS, store);
    // The same id as a run and as a baseline.
    copyDir(join(CORPUS, 'baselines/baseline_llm_openai_smoke_bullets_v1'), join(store, 'runs/baseline_llm_openai_smoke_bullets_v1'));
  });

  it('names an unknown id, where it looked, and similar ids (exit 2)', async () => {
    const r = await runBundledCli(['compare', '--store', store, 'baseline_llm_openai_smoke_bullets', 'baseline_llm_anthropic_smoke_bullets_v1']);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, /A "baseline_llm_openai_smoke_bullets": no such entry in .* \(looked in runs\/, runs\/_archived\/, baselines\/, .*\) \(did you mean baselines\/baseline_llm_openai_smoke_bullets_v1 or runs\/baseline_llm_openai_smoke_bullets_v1\?\)$/m);
  });

  it('lists both places of an id found twice (exit 2), and compares once a path is given', async () => {
    const r = await runBundledCli(['compare', '--store', store, 'baseline_llm_anthropic_smoke_bullets_v1', 'baseline_llm_openai_smoke_bullets_v1']);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, /B "baseline_llm_openai_smoke_bullets_v1" is ambiguous: it is in 2 places: baselines\/baseline_llm_openai_smoke_bullets_v1 \(baseline\), runs\/baseline_llm_openai_smoke_bullets_v1 \(experimental\); name one by its path/);
    const ok = await runBundledCli(['compare', '--store', store, 'baseline_llm_anthropic_smoke_bullets_v1', 'runs/baseline_llm_openai_smoke_bullets_v1', '--json', join(store, 'ok.json')]);
    expect(ok.code).toBe(0);
    const c = JSON.parse(readFileSync(join(store, 'ok.json'), 'utf8')) as ComparisonJson;
    expect(c.b).toMatchObject({ path: 'runs/baseline_llm_openai_smoke_bullets_v1', status: 'experimental', kind: 'run' });
  });

  it('refuses a path that is not an entry and an id that is not one (exit 2)', async () => {
    const path = await runBundledCli(['compare', '--store', store, 'baselines/x/../y', 'baseline_llm_anthropic_smoke_bullets_v1']);
    expect(path.code).toBe(2);
    expectOneLine(path.stderr, /A "baselines\/x\/\.\.\/y": not an entry path/);
    const id = await runBundledCli(['compare', '--store', store, '../etc', 'baseline_llm_anthropic_smoke_bullets_v1']);
    expect(id.code).toBe(2);
    expectOneLine(id.stderr, /not an entry path|single path segment/);
  });

  it('refuses an entry with nothing to compare (only a RETIREMENT.md, as in the corpus)', async () => {
    const r = await runBundledCli(['compare', '--store', store, 'baseline_ml_pegasus_retirement_smoke_v1', 'baseline_llm_anthropic_smoke_bullets_v1']);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, /A: .*baseline_ml_pegasus_retirement_smoke_v1: nothing to compare: it has neither a readable metrics.json nor a predictions.jsonl/);
  });

  it('compares metrics only when a side has no predictions, and says so', async () => {
    copyDir(join(CORPUS, 'baselines/baseline_llm_grok_smoke_bullets_v1'), join(store, 'runs/grok_no_predictions'));
    rmSync(join(store, 'runs/grok_no_predictions/predictions.jsonl'));
    const json = join(store, 'metrics-only.json');
    const md = join(store, 'metrics-only.md');
    const r = await runBundledCli(['compare', '--store', store, 'baseline_llm_anthropic_smoke_bullets_v1', 'grok_no_predictions', '--json', json, '--markdown', md]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const c = JSON.parse(readFileSync(json, 'utf8')) as ComparisonJson;
    expect(c.mode).toBe('metrics-only');
    expect(c.notes[0]).toMatch(/^metrics-only comparison: B \(.*runs\/grok_no_predictions\) has no predictions.jsonl, so there are no per-item deltas/);
    expect(c).toMatchObject({ items: null, scores: [], divergence: null, what_changed: null, headline: null });
    expect(c.b.has_predictions).toBe(false);
    expect(c.metrics.length).toBeGreaterThan(5);
    expect(readFileSync(md, 'utf8')).toContain('**Metrics-only comparison**');
    expect(r.stdout).toContain('note: metrics-only comparison');
  });

  it('says that A and B are the same entry (every delta 0)', async () => {
    const json = join(store, 'same.json');
    const r = await runBundledCli(['compare', '--store', store, 'baseline_llm_anthropic_smoke_bullets_v1', 'baselines/baseline_llm_anthropic_smoke_bullets_v1', '--json', json]);
    expect(r.code).toBe(0);
    const c = JSON.parse(readFileSync(json, 'utf8')) as ComparisonJson;
    expect(c.notes).toContain('A and B are the same entry: every delta is 0');
    expect(c.divergence).toMatchObject({ differing: 0, share: 0 });
    expect(c.metrics.every((m) => m.delta === 0)).toBe(true);
  });
});

describe('predictions that cannot be joined', () => {
  it('different id fields with no common id: names both fields and --id-field (exit 2)', async () => {
    const root = tempDir();
    pair(root, '{"id": "a1", "scores": {"f1": 1}}\n{"id": "a2", "scores": {"f1": 0}}\n', '{"example_id": "b1", "scores": {"f1": 1}}\n{"example_id": "b2", "scores": {"f1": 1}}\n');
    const r = await runBundledCli(['compare', '--store', root, 'a', 'b']);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, /A identifies items by "id" and B by "example_id", and no id is in both: they cannot be joined item by item; pass --id-field NAME/);
  });

  it('different id fields naming the same items: joined, with a note; --id-field picks one field for both', async () => {
    const root = tempDir();
    pair(root, '{"id": "x1", "key": "k1", "scores": {"f1": 1}}\n{"id": "x2", "key": "k2", "scores": {"f1": 0}}\n', '{"example_id": "x1", "key": "k1", "scores": {"f1": 1}}\n{"example_id": "x2", "key": "k2", "scores": {"f1": 1}}\n');
    const json = join(root, 'c.json');
    const r = await runBundledCli(['compare', '--store', root, 'a', 'b', '--json', json]);
    expect(r.code).toBe(0);
    const c = JSON.parse(readFileSync(json, 'utf8')) as ComparisonJson;
    expect(c.notes).toContain('A identifies items by "id", B by "example_id"; 2 ids match');
    expect(c.items?.joined).toBe(2);
    const byKey = await runBundledCli(['compare', '--store', root, 'a', 'b', '--id-field', 'key', '--json', json]);
    expect(byKey.code).toBe(0);
    expect((JSON.parse(readFileSync(json, 'utf8')) as ComparisonJson).a.id_field).toBe('key');
    const missing = await runBundledCli(['compare', '--store', root, 'a', 'b', '--id-field', 'nope']);
    expect(missing.code).toBe(2);
    expectOneLine(missing.stderr, /predictions\.jsonl:1: item has no "nope" field/);
  });

  it('an empty predictions file: said, never a crash', async () => {
    const root = tempDir();
    pair(root, '\n', '{"id": "a", "scores": {"f1": 1}}\n');
    const json = join(root, 'c.json');
    const r = await runBundledCli(['compare', '--store', root, 'a', 'b', '--json', json]);
    expect(r.code).toBe(0);
    const c = JSON.parse(readFileSync(json, 'utf8')) as ComparisonJson;
    expect(c.notes).toEqual([expect.stringMatching(/^A: .*baselines\/a\/predictions\.jsonl has no items$/)]);
    expect(c.items).toMatchObject({ a: 0, b: 1, joined: 0 });
  });

  it('duplicate ids: names the side, the file, the count and the ids (exit 2)', async () => {
    const root = tempDir();
    pair(root, '{"id": "a", "scores": {"f1": 1}}\n{"id": "b", "scores": {"f1": 1}}\n', '{"id": "a", "scores": {"f1": 1}}\n{"id": "b", "scores": {"f1": 0}}\n{"id": "a", "scores": {"f1": 0}}\n');
    const r = await runBundledCli(['compare', '--store', root, 'a', 'b']);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, /B: .*runs\/b\/predictions\.jsonl: 1 repeated item id \("a"\): ids must be unique to join items/);
  });

  it('non-numeric scores: file, line and score named (exit 2)', async () => {
    const root = tempDir();
    pair(root, '{"id": "a", "scores": {"f1": 1}}\n', '{"id": "a", "scores": {"f1": 1}}\n{"id": "b", "scores": {"f1": "0.5"}}\n');
    const r = await runBundledCli(['compare', '--store', root, 'a', 'b']);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, /runs\/b\/predictions\.jsonl:2: scores\.f1 must be a finite number/);
    const paths = tempDir();
    pair(paths, '{"id": "a", "meta": {"ms": 12}}\n', '{"id": "a", "meta": {"ms": "fast"}}\n');
    const q = await runBundledCli(['compare', '--store', paths, 'a', 'b', '--score', 'meta.ms']);
    expect(q.code).toBe(2);
    expectOneLine(q.stderr, /runs\/b\/predictions\.jsonl:1: score "meta\.ms" must be a finite number, got a string/);
  });

  it('invalid JSON and unsafe files: named with line and column (exit 2), never read', async () => {
    const root = tempDir();
    pair(root, '{"id": "a", "scores": {"f1": 1}}\n', '{"id": "a", "scores": {"f1": 1}}\n{"id": "b", "scores": {"f1": NaN}}\n');
    const r = await runBundledCli(['compare', '--store', root, 'a', 'b']);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, /runs\/b\/predictions\.jsonl:2:\d+: /);
    const outside = tempDir();
    writeFiles(outside, { 'secret.json': '{"f1": 1}' });
    const linked = tempDir();
    pair(linked, '{"id": "a"}\n', '{"id": "a"}\n');
    rmSync(join(linked, 'runs/b/metrics.json'));
    symlinkSync(join(outside, 'secret.json'), join(linked, 'runs/b/metrics.json'));
    const s = await runBundledCli(['compare', '--store', linked, 'a', 'b']);
    expect(s.code).toBe(2);
    expectOneLine(s.stderr, /B: .*runs\/b\/metrics\.json: .*(outside the store|link)/);
  });

  it('usage errors: one positional, both forms, --top out of range, an empty --score', async () => {
    const root = tempDir();
    pair(root, '{"id": "a"}\n', '{"id": "a"}\n');
    const cases: [string[], RegExp][] = [
      [['a'], /expected two entries to compare \(A B\), got 1; or use --experiment EXP/],
      [['a', 'b', '--experiment', 'e1'], /give either two entries \(A B\) or --experiment EXP, not both/],
      [['a', 'b', '--top', '1000'], /--top "1000": expected an integer from 0 to 100/],
      [['a', 'b', '--score', ''], /--score: a name cannot be empty/],
      [['a', 'b', '--unknown'], /unknown flag --unknown$/m],
      [['a', 'b', '--markdwn', 'x.md'], /unknown flag --markdwn \(did you mean --markdown\?\)/],
      [['a', 'b', '--json', '-', '--markdown', '-'], /--json - and --markdown -: only one report can go to stdout/],
    ];
    for (const [args, pattern] of cases) {
      const r = await runBundledCli(['compare', '--store', root, ...args]);
      expect(r.code).toBe(2);
      expectOneLine(r.stderr, pattern);
    }
  });
});

describe('hostile strings from the store', () => {
  const token = fakeToken(7);
  const hostile = ['@team please', '<img src=x onerror=alert(1)>', '</details> | broken', '\u202eevil', '::error::pwned', `key ${token}`, '\u001b[2Jclear'];

  it('stay inert in the terminal, the JSON and the Markdown; secrets are masked', async () => {
    const root = tempDir();
    const lines = (side: 'a' | 'b'): string =>
      `${hostile
        .map((text, i) => JSON.stringify({ id: `${text.slice(0, 10)}#${i}`, label: text.slice(0, 60), kind: i % 2 ? 'x' : 'y', output: `${text} output ${side === 'b' && i % 2 ? 'changed' : ''}`, scores: { f1: side === 'a' ? 0.5 : i / 10 } }))
        .join('\n')}\n`;
    pair(root, lines('a'), lines('b'), JSON.stringify({ f1: 0.5, [`<b>@metric ${token}</b>`]: 1 }));
    const json = join(root, 'c.json');
    const md = join(root, 'c.md');
    const r = await runBundledCli(['compare', '--store', root, 'a', 'b', '--json', json, '--markdown', md]);
    expect(r.code).toBe(0);
    const outputs = [r.stdout, readFileSync(json, 'utf8'), readFileSync(md, 'utf8')];
    for (const text of outputs) expect(text).not.toContain(token);
    expect(readFileSync(json, 'utf8')).toContain('ghp_…');
    // Terminal: escape sequences visible, no line starts with untrusted text.
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).toContain('\\u001B[2Jclear');
    for (const line of r.stdout.split('\n')) expect(line).not.toMatch(/^\s*::/);
    // Markdown: parsed as GFM, only our structure survives.
    const html = micromark(readFileSync(md, 'utf8'), { extensions: [gfm()], htmlExtensions: [gfmHtml()] });
    expect(html).not.toMatch(/<img\b|<script\b|<[^>]*\bonerror\s*=/i);
    const text = html.replace(/<code>[\s\S]*?<\/code>/g, '').replace(/<[^>]+>/g, '');
    expect(text).not.toMatch(/@[A-Za-z0-9]/);
    expect(text).not.toContain('\u202e');
  });
});
