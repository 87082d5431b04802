/**
 * `compare` through the bundled CLI on real data: pairs from the podcast_scraper corpus
 * (two providers on one dataset, a baseline against a silver reference, a run against an
 * archived baseline, two NER systems with object outputs). Every per-item delta, metric
 * delta, histogram count, rank and divergence figure is recomputed here from the files, by
 * code written for the test (not the tool's).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonJson } from '../../src/compare/comparison.js';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { runBundledCli, type CliResult } from '../support/cli.js';
import { CORPUS, cleanupTempDirs, copyDir, tempDir } from '../support/temp-store.js';

type Rec = Record<string, unknown>;

/** The store's two gate signals, compared by their number of entries as the gate reads them (issue 10). */
const SIGNALS = new Set(['intrinsic.gates.failed_episodes', 'intrinsic.gates.episode_gate_failures']);

function numericLeaves(value: unknown, path = '', out = new Map<string, number>()): Map<string, number> {
  if (SIGNALS.has(path) && value !== null && typeof value === 'object') out.set(path, Object.keys(value).length);
  else if (typeof value === 'number') out.set(path, value);
  else if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) numericLeaves(child, path ? `${path}.${key}` : key, out);
  }
  return out;
}

const records = (file: string): Rec[] =>
  readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Rec);

function at(record: Rec, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Rec)[k] : undefined), record);
}

/** Sorted-key JSON, written independently of the tool's. */
function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Rec).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

function outputOf(record: Rec): string {
  const out = record.output;
  if (typeof out === 'string') return out;
  const values = Object.values(out as Rec);
  return values.length === 1 && typeof values[0] === 'string' ? values[0] : sortedJson(out);
}

const squash = (text: string): string => text.split(/\s+/).filter(Boolean).join(' ');

/** The first 160 code points, the 160th replaced by an ellipsis when cut. */
function excerpt(text: string): string {
  const points = [...text];
  return points.length <= 160 ? text : `${points.slice(0, 159).join('')}…`;
}

/** Token F1 by sorting both token lists and merging (the tool counts with a map). */
function f1(a: string, b: string): number {
  const ta = a.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).sort();
  const tb = b.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).sort();
  if (ta.length === 0 || tb.length === 0) return ta.length === tb.length ? 1 : 0;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < ta.length && j < tb.length) {
    if (ta[i] === tb[j]) {
      common++;
      i++;
      j++;
    } else if ((ta[i] as string) < (tb[j] as string)) i++;
    else j++;
  }
  if (common === 0) return 0;
  const p = common / tb.length;
  const r = common / ta.length;
  return (2 * p * r) / (p + r);
}

/** Mid-ranks, 1 = highest. */
function ranks(values: number[]): number[] {
  return values.map((v) => {
    const above = values.filter((x) => x > v).length;
    const ties = values.filter((x) => x === v).length;
    return above + (ties + 1) / 2;
  });
}

/** Student t 0.975 quantiles by degrees of freedom (tables). */
const T_975: Record<number, number> = { 4: 2.7764451051977987, 9: 2.2621571627409915 };

interface Pair {
  name: string;
  a: string;
  b: string;
  dirA: string;
  dirB: string;
  scores: string[];
}

const pairs: Pair[] = [
  {
    name: 'two providers on one dataset',
    a: 'baseline_llm_openai_smoke_bullets_v1',
    b: 'baseline_llm_anthropic_smoke_bullets_v1',
    dirA: 'baselines/baseline_llm_openai_smoke_bullets_v1',
    dirB: 'baselines/baseline_llm_anthropic_smoke_bullets_v1',
    scores: ['metadata.processing_time_seconds', 'metadata.output_length_chars'],
  },
  {
    name: 'a baseline against a silver reference',
    a: 'baseline_ml_bart_authority_benchmark_v5',
    b: 'silver_sonnet46_benchmark_v1',
    dirA: 'baselines/baseline_ml_bart_authority_benchmark_v5',
    dirB: 'references/silver/silver_sonnet46_benchmark_v1',
    scores: ['metadata.output_length_chars', 'metadata.processing_time_seconds'],
  },
  {
    name: 'two systems on a ten-item dataset',
    a: 'baseline_ml_prod_authority_v1',
    b: 'baseline_ml_bart_authority_benchmark_v5',
    dirA: 'baselines/baseline_ml_prod_authority_v1',
    dirB: 'baselines/baseline_ml_bart_authority_benchmark_v5',
    scores: ['metadata.processing_time_seconds', 'metadata.output_length_chars'],
  },
  {
    name: 'a run against an archived baseline',
    a: 'baselines/_archived/baseline_ml_prod_authority_v1_smoke_test',
    b: 'run_ml_prod_authority_smoke',
    dirA: 'baselines/_archived/baseline_ml_prod_authority_v1_smoke_test',
    dirB: 'runs/run_ml_prod_authority_smoke',
    scores: ['metadata.processing_time_seconds', 'metadata.output_length_chars', 'metadata.input_length_chars'],
  },
  {
    name: 'two NER systems (object outputs, different datasets)',
    a: 'baseline_ner_prod_authority_v1',
    b: 'baseline_ner_dev_authority_v1',
    dirA: 'baselines/baseline_ner_prod_authority_v1',
    dirB: 'baselines/baseline_ner_dev_authority_v1',
    scores: ['metadata.entities_count', 'metadata.processing_time_seconds'],
  },
];

let store: string;
beforeAll(() => {
  store = join(tempDir(), 'eval');
  copyDir(CORPUS, store);
  copyDir(join(CORPUS, 'baselines/baseline_ml_prod_authority_smoke_v1'), join(store, 'runs/run_ml_prod_authority_smoke'));
});
afterAll(cleanupTempDirs);

describe.each(pairs)('compare on the corpus: $name', (pair) => {
  let result: CliResult;
  let c: ComparisonJson;
  let markdown: string;
  const byId = new Map<string, { a: Rec; b: Rec }>();

  beforeAll(async () => {
    const json = join(store, `${pair.b}.comparison.json`);
    const md = join(store, `${pair.b}.comparison.md`);
    result = await runBundledCli(['compare', '--store', store, pair.a, pair.b, ...pair.scores.flatMap((s) => ['--score', s]), '--json', json, '--markdown', md]);
    c = JSON.parse(readFileSync(json, 'utf8')) as ComparisonJson;
    markdown = readFileSync(md, 'utf8');
    const a = records(join(store, pair.dirA, 'predictions.jsonl'));
    const b = new Map(records(join(store, pair.dirB, 'predictions.jsonl')).map((r) => [String(r.episode_id), r]));
    for (const r of a) {
      const other = b.get(String(r.episode_id));
      if (other) byId.set(String(r.episode_id), { a: r, b: other });
    }
  });

  it('compares (exit 0), naming both sides where they live', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(c.schema).toBe('promotion-gate/comparison@1');
    expect(c.a.path).toBe(pair.dirA);
    expect(c.b.path).toBe(pair.dirB);
    expect(c.mode).toBe('items');
    expect(c.a.id_field).toBe('episode_id');
    expect(c.items?.joined).toBe(byId.size);
    expect(result.stdout.split('\n')[0]).toMatch(/^promotion-gate compare: /);
  });

  it('has one correct row per numeric metric of either side', () => {
    const ma = numericLeaves(JSON.parse(readFileSync(join(store, pair.dirA, 'metrics.json'), 'utf8')));
    const mb = numericLeaves(JSON.parse(readFileSync(join(store, pair.dirB, 'metrics.json'), 'utf8')));
    expect(new Set(c.metrics.map((m) => m.name))).toEqual(new Set([...ma.keys(), ...mb.keys()]));
    for (const row of c.metrics) {
      const va = ma.get(row.name);
      const vb = mb.get(row.name);
      expect(row.a).toBe(va ?? null);
      expect(row.b).toBe(vb ?? null);
      if (va !== undefined && vb !== undefined) {
        expect(row.delta).toBeCloseTo(vb - va, 12);
        expect(row.relative_delta).toBe(va === 0 ? null : (vb - va) / Math.abs(va));
      } else expect(row.delta).toBeNull();
    }
  });

  it('recomputes every per-item delta, mean, count and interval of each score', () => {
    expect(c.scores.map((s) => s.name)).toEqual(pair.scores);
    for (const name of pair.scores) {
      const rows = [...byId.entries()].map(([id, r]) => ({ id, a: at(r.a, name) as number, b: at(r.b, name) as number })).filter((r) => typeof r.a === 'number' && typeof r.b === 'number');
      const s = c.scores.find((x) => x.name === name);
      expect(s?.items).toBe(rows.length);
      const deltas = rows.map((r) => r.b - r.a);
      const mean = (xs: number[]): number => xs.reduce((x, y) => x + y, 0) / xs.length;
      expect(s?.mean_a).toBeCloseTo(mean(rows.map((r) => r.a)), 9);
      expect(s?.mean_b).toBeCloseTo(mean(rows.map((r) => r.b)), 9);
      expect(s?.test.mean_delta).toBeCloseTo(mean(deltas), 9);
      expect(s?.up).toBe(deltas.filter((d) => d > 0).length);
      expect(s?.down).toBe(deltas.filter((d) => d < 0).length);
      expect(s?.unchanged).toBe(deltas.filter((d) => d === 0).length);
      if (name.endsWith('seconds')) {
        expect(s?.direction).toBe('lower');
        expect(s?.better).toBe(s?.down);
      }
      // The interval: none below six items (no exact test could reach 95% with fewer, as in
      // the gate); from six on, it contains the t interval mean +/- t(0.975, n - 1) sd / sqrt(n)
      // (the gate's interval is the hull of t and the studentized bootstrap).
      if (rows.length < 6) {
        expect(s?.test.interval).toBeNull();
        expect(s?.test.note).toBe('too few items for a test at 95%: at least 6');
      } else {
        const m = mean(deltas);
        const sd = Math.sqrt(deltas.reduce((acc, d) => acc + (d - m) ** 2, 0) / (rows.length - 1));
        const q = T_975[rows.length - 1] as number;
        expect(s?.test.interval?.low).toBeLessThanOrEqual(m - (q * sd) / Math.sqrt(rows.length) + 1e-9);
        expect(s?.test.interval?.high).toBeGreaterThanOrEqual(m + (q * sd) / Math.sqrt(rows.length) - 1e-9);
        expect(s?.test.p_value).toBeGreaterThan(0);
        expect(s?.test.p_value).toBeLessThanOrEqual(1);
      }

      // Every changed item is in exactly one list, with its own values, largest change first.
      const gains = c.largest_gains.find((l) => l.score === name)?.items ?? [];
      const regressions = c.largest_regressions.find((l) => l.score === name)?.items ?? [];
      const sign = s?.direction === 'lower' ? -1 : 1;
      const listed = [...gains, ...regressions];
      expect(listed.map((x) => x.id).sort()).toEqual(rows.filter((r) => r.b !== r.a).map((r) => r.id).sort());
      for (const item of listed) {
        const row = rows.find((r) => r.id === item.id);
        expect(item.a).toBe(row?.a);
        expect(item.b).toBe(row?.b);
        expect(item.delta).toBeCloseTo((row?.b ?? NaN) - (row?.a ?? NaN), 12);
        const record = byId.get(item.id);
        expect(item.excerpt_a).toBe(excerpt(squash(outputOf(record?.a as Rec))));
        expect(item.excerpt_b).toBe(excerpt(squash(outputOf(record?.b as Rec))));
      }
      for (const item of gains) expect(sign * item.delta).toBeGreaterThan(0);
      for (const item of regressions) expect(sign * item.delta).toBeLessThan(0);
      const gainSizes = gains.map((x) => sign * x.delta);
      expect(gainSizes).toEqual([...gainSizes].sort((x, y) => y - x));

      // Histograms: the same bins for both sides, every item of each side counted once.
      const h = c.histograms.find((x) => x.score === name);
      const valuesA = records(join(store, pair.dirA, 'predictions.jsonl')).map((r) => at(r, name)).filter((v): v is number => typeof v === 'number');
      const valuesB = records(join(store, pair.dirB, 'predictions.jsonl')).map((r) => at(r, name)).filter((v): v is number => typeof v === 'number');
      const all = [...valuesA, ...valuesB];
      expect(h?.edges[0]).toBe(Math.min(...all) >= 0 && Math.max(...all) <= 1 ? 0 : Math.min(...all));
      expect(h?.edges.at(-1)).toBe(Math.min(...all) >= 0 && Math.max(...all) <= 1 ? 1 : Math.max(...all));
      const count = (values: number[]): number[] => {
        const edges = h?.edges ?? [];
        const bins = new Array<number>(edges.length - 1).fill(0);
        for (const v of values) {
          let bin = edges.findIndex((e, i) => i < edges.length - 1 && v >= e && v < (edges[i + 1] as number));
          if (bin < 0) bin = edges.length - 2; // the maximum, in the closed last bin
          bins[bin] = (bins[bin] as number) + 1;
        }
        return bins;
      };
      expect(h?.a).toEqual(count(valuesA));
      expect(h?.b).toEqual(count(valuesB));

      // Rank movement: mid-ranks from the highest value, on each side.
      const rank = c.rank_movement.find((x) => x.score === name);
      const ra = ranks(rows.map((r) => r.a));
      const rb = ranks(rows.map((r) => r.b));
      for (const move of rank?.moves ?? []) {
        const k = rows.findIndex((r) => r.id === move.id);
        expect(move.rank_a).toBe(ra[k]);
        expect(move.rank_b).toBe(rb[k]);
        expect(move.change).toBe((ra[k] as number) - (rb[k] as number));
      }
      expect(rank?.moves.length).toBe(rows.filter((_, k) => ra[k] !== rb[k]).length);
    }
  });

  it('measures output divergence item by item', () => {
    const pairsOut = [...byId.values()].map((r) => [squash(outputOf(r.a)), squash(outputOf(r.b))] as const);
    const differing = pairsOut.filter(([x, y]) => x !== y).length;
    expect(c.divergence?.items).toBe(pairsOut.length);
    expect(c.divergence?.differing).toBe(differing);
    expect(c.divergence?.share).toBe(differing / pairsOut.length);
    const scores = pairsOut.map(([x, y]) => f1(x, y));
    expect(c.divergence?.similarity.items).toBe(scores.length);
    expect(c.divergence?.similarity.mean).toBeCloseTo(scores.reduce((x, y) => x + y, 0) / scores.length, 12);
    const sorted = [...scores].sort((x, y) => x - y);
    const median = sorted.length % 2 ? (sorted[(sorted.length - 1) / 2] as number) : ((sorted[sorted.length / 2 - 1] as number) + (sorted[sorted.length / 2] as number)) / 2;
    expect(c.divergence?.similarity.quantiles?.p50).toBeCloseTo(median, 12);
    const bins = c.divergence?.similarity.bins ?? [];
    for (const bin of bins) expect(bin.count).toBe(scores.filter((s) => s < 1 && s >= bin.low && (s < bin.high || bin.high === 1)).length);
    expect(c.divergence?.similarity.identical_tokens).toBe(scores.filter((s) => s === 1).length);
  });

  it('renders Markdown within the comment budget, escaped, with the prompt diff folded', () => {
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(60_000);
    expect(markdown.startsWith('### promotion-gate compare: ')).toBe(true);
    expect(markdown).toContain('```mermaid\nxychart-beta');
    expect(markdown).toMatch(/y-axis "items" 0 --> \d+/);
    expect(markdown).toContain('<details><summary>Changes: ');
    // Parsed as GitHub Flavored Markdown: outputs such as `<n>` stay text, inside code spans.
    const html = micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });
    const tags = new Set([...html.matchAll(/<([a-z][a-z0-9]*)\b/g)].map((m) => m[1]));
    for (const tag of tags) expect(['h3', 'h4', 'p', 'code', 'ul', 'li', 'strong', 'em', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'pre', 'blockquote', 'br']).toContain(tag);
  });
});

describe('compare on the corpus: what differs in the recipes', () => {
  it('lists the model change between two providers from the fingerprints and baseline.json', async () => {
    const json = join(store, 'providers.json');
    const result = await runBundledCli(['compare', '--store', store, 'baseline_llm_openai_smoke_bullets_v1', 'baseline_llm_anthropic_smoke_bullets_v1', '--json', json]);
    expect(result.code).toBe(0);
    const c = JSON.parse(readFileSync(json, 'utf8')) as ComparisonJson;
    expect(c.a.model).toBe('gpt-4o-mini');
    expect(c.b.model).toBe('claude-haiku-4-5');
    expect(c.changes.fingerprint.fields).toContainEqual({ field: 'pipeline.stages.main.model.model_name', source: 'fingerprint.json', a: 'gpt-4o-mini', b: 'claude-haiku-4-5' });
    expect(c.changes.fingerprint.fields).toContainEqual({ field: 'backend.model', source: 'baseline.json', a: 'gpt-4o-mini', b: 'claude-haiku-4-5' });
    // Both used the same prompt templates (same sha256 per section in the fingerprints).
    expect(c.changes.prompt).toMatchObject({ changed: false, basis: 'fingerprint', sections: [] });
    // No per-item scores in the corpus and none asked for: said, never a crash.
    expect(c.scores).toEqual([]);
    expect(c.notes.join(' ')).toMatch(/no per-item scores on either side: pass --score NAME/);
  });
});

describe('the README excerpt', () => {
  it('is real output: every line of the "Compare two runs" example is a line the command prints', async () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Compare two runs'));
    const excerpt = /```text\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const shown = excerpt.split('\n').filter((l) => l.trim() !== '' && l.trim() !== '...');
    expect(shown.length).toBeGreaterThan(30);
    const result = await runBundledCli(['compare', '--store', store, 'baseline_ml_prod_authority_v1', 'silver_sonnet46_benchmark_v1', '--score', 'metadata.processing_time_seconds', '--no-color']);
    expect(result.code).toBe(0);
    const printed = new Set(result.stdout.split('\n'));
    expect(shown.filter((l) => !printed.has(l))).toEqual([]);
  });
});
