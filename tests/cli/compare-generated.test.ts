/**
 * `compare` on generated pairs with known effects, through the bundled CLI:
 * - one tag's items drop by 0.2, the others do not change: `what_changed` ranks that tag first
 *   and its (Bonferroni-corrected) interval excludes 0; with no effect, no bucket's does;
 * - shadow divergence: identical outputs (up to whitespace) give 0, a known share of changed
 *   outputs is reported exactly, with a known token F1, and `--fail-divergence` exits 1 above
 *   the threshold and 0 at or below it;
 * - binary flips counted exactly.
 * Intervals are checked against a Student t quantile computed here by numerical integration.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ComparisonJson } from '../../src/compare/comparison.js';
import { Rng } from '../../src/stats/rng.js';
import { runBundledCli } from '../support/cli.js';
import { cleanupTempDirs, tempDir, writeFiles } from '../support/temp-store.js';

afterAll(cleanupTempDirs);

const TAGS = ['music', 'news', 'sports', 'tech'];
const LEVELS = ['easy', 'hard', 'medium'];
const LABELS = ['audio', 'long', 'remote', 'short', 'video'];

/** A standard normal draw (Box-Muller) from the seeded generator. */
function normal(rng: Rng): number {
  const u = Math.max(rng.nextFloat(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
}

interface Item {
  id: string;
  tag: string;
  level: string;
  labels: string[];
  a: number;
  b: number;
}

function generate(seed: number, n: number, effect: (item: Omit<Item, 'b'>) => number): Item[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const base = {
      id: `q${String(i).padStart(4, '0')}`,
      tag: TAGS[i % TAGS.length] as string,
      level: LEVELS[Math.floor(rng.nextFloat() * LEVELS.length)] as string,
      labels: LABELS.filter(() => rng.nextFloat() < 0.4),
      a: Math.round((0.3 + 0.5 * rng.nextFloat()) * 1e6) / 1e6,
    };
    return { ...base, b: Math.round((base.a + 0.05 * normal(rng) + effect(base)) * 1e6) / 1e6 };
  });
}

function writePair(root: string, items: Item[]): void {
  const line = (item: Item, side: 'a' | 'b'): string =>
    JSON.stringify({ id: item.id, dataset_id: 'gen_v1', tag: item.tag, metadata: { level: item.level }, labels: item.labels, output: `answer ${item.id}`, scores: { rougeL_f1: item[side] } });
  const mean = (side: 'a' | 'b'): number => items.reduce((s, x) => s + x[side], 0) / items.length;
  writeFiles(root, {
    'baselines/gen_a/predictions.jsonl': `${items.map((x) => line(x, 'a')).join('\n')}\n`,
    'baselines/gen_a/metrics.json': JSON.stringify({ dataset_id: 'gen_v1', rougeL_f1: mean('a') }),
    'runs/gen_b/predictions.jsonl': `${items.map((x) => line(x, 'b')).join('\n')}\n`,
    'runs/gen_b/metrics.json': JSON.stringify({ dataset_id: 'gen_v1', rougeL_f1: mean('b') }),
  });
}

async function compare(root: string, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string; c: ComparisonJson }> {
  const json = join(root, `c${Math.random().toString(36).slice(2)}.json`);
  const result = await runBundledCli(['compare', '--store', root, 'gen_a', 'gen_b', '--json', json, ...args]);
  if (result.code === 2) return { ...result, c: undefined as unknown as ComparisonJson };
  return { ...result, c: JSON.parse(readFileSync(json, 'utf8')) as ComparisonJson };
}

/** Student t quantile by Simpson integration of the density and bisection (independent of src/stats). */
function tQuantile(p: number, df: number): number {
  const density = (t: number): number => Math.pow(1 + (t * t) / df, -(df + 1) / 2);
  const integrate = (a: number, b: number, steps = 20_000): number => {
    const h = (b - a) / steps;
    let sum = density(a) + density(b);
    for (let i = 1; i < steps; i++) sum += density(a + i * h) * (i % 2 ? 4 : 2);
    return (sum * h) / 3;
  };
  const half = integrate(0, 80);
  let lo = 0;
  let hi = 80;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (0.5 + (0.5 * integrate(0, mid, 4000)) / half < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Bucket deltas recomputed from the generated items. */
function buckets(items: Item[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const add = (key: string, d: number): void => void out.set(key, [...(out.get(key) ?? []), d]);
  for (const x of items) {
    const d = x.b - x.a;
    add(`tag=${x.tag}`, d);
    add(`metadata.level=${x.level}`, d);
    for (const label of x.labels) add(`labels=${label}`, d);
  }
  return out;
}

describe('what_changed: a known effect on one tag', () => {
  const root = tempDir();
  const items = generate(13, 400, (x) => (x.tag === 'sports' ? -0.2 : 0));
  writePair(root, items);

  it('ranks that tag first, with an interval excluding 0, labelled heuristic', async () => {
    const { code, c, stdout } = await compare(root);
    expect(code).toBe(0);
    const wc = c.what_changed;
    expect(wc?.label).toBe('heuristic attribution, not causal proof');
    expect(wc?.correction).toEqual({ method: 'bonferroni', family_level: 0.95 });
    expect(wc?.fields.map((f) => f.name).sort()).toEqual(['labels', 'metadata.level', 'tag']);
    const score = wc?.scores.find((s) => s.score === 'rougeL_f1');
    const first = score?.buckets[0];
    expect(`${first?.field}=${first?.value}`).toBe('tag=sports');
    expect(first?.excludes_zero).toBe(true);
    expect(first?.interval?.high).toBeLessThan(0);
    expect(first?.mean_delta).toBeGreaterThan(-0.22);
    expect(first?.mean_delta).toBeLessThan(-0.18);
    // The other buckets of the tag field did not move.
    for (const b of score?.buckets.filter((x) => x.field === 'tag' && x.value !== 'sports') ?? []) expect(b.excludes_zero).toBe(false);
    expect(stdout).toContain('HEURISTIC ATTRIBUTION, NOT CAUSAL PROOF');
  });

  it('reports every bucket with its recomputed count, mean and corrected t interval', async () => {
    const { c } = await compare(root);
    const score = c.what_changed?.scores.find((s) => s.score === 'rougeL_f1');
    const expected = buckets(items);
    expect(score?.buckets.length).toBe(expected.size);
    expect(score?.tests).toBe(expected.size);
    const level = 1 - 0.05 / expected.size;
    expect(score?.interval_level).toBeCloseTo(level, 12);
    for (const b of score?.buckets ?? []) {
      const deltas = expected.get(`${b.field}=${b.value}`) ?? [];
      const n = deltas.length;
      const mean = deltas.reduce((s, d) => s + d, 0) / n;
      const sd = Math.sqrt(deltas.reduce((s, d) => s + (d - mean) ** 2, 0) / (n - 1));
      const half = (tQuantile(1 - (1 - level) / 2, n - 1) * sd) / Math.sqrt(n);
      expect(b.items).toBe(n);
      expect(b.mean_delta).toBeCloseTo(mean, 10);
      expect(b.interval?.low).toBeCloseTo(mean - half, 5);
      expect(b.interval?.high).toBeCloseTo(mean + half, 5);
    }
    // Sorted by effect: the largest |mean delta| first.
    const sizes = score?.buckets.map((b) => Math.abs(b.mean_delta)) ?? [];
    expect(sizes).toEqual([...sizes].sort((x, y) => y - x));
  });
});

describe('what_changed: no effect', () => {
  it.each([21, 22, 23])('no bucket interval excludes 0 after the Bonferroni correction (seed %i)', async (seed) => {
    const root = tempDir();
    writePair(root, generate(seed, 400, () => 0));
    const { code, c } = await compare(root);
    expect(code).toBe(0);
    const score = c.what_changed?.scores.find((s) => s.score === 'rougeL_f1');
    expect(score?.buckets.length).toBe(12);
    expect(score?.buckets.filter((b) => b.excludes_zero)).toEqual([]);
    // Without the correction the widest-deviating bucket would be closer to being flagged: the
    // corrected intervals are wider than plain 95% ones.
    expect(score?.interval_level).toBeCloseTo(1 - 0.05 / 12, 12);
  });
});

/** Ten distinct tokens; `variant` replaces the last one, which gives token F1 = 0.9 exactly. */
const sentence = (i: number, variant = false): string =>
  `item ${i} alpha beta gamma delta epsilon zeta eta ${variant ? 'changed' : 'theta'}`;

function writeShadow(root: string, n: number, changed: (i: number) => boolean): void {
  const a = Array.from({ length: n }, (_, i) => JSON.stringify({ id: `s${i}`, output: sentence(i), scores: { exact_match: i % 3 === 0 ? 1 : 0 } }));
  // B: the same text with other whitespace, except the changed items; some exact matches flip.
  const b = Array.from({ length: n }, (_, i) =>
    JSON.stringify({ id: `s${i}`, output: changed(i) ? sentence(i, true) : `  ${sentence(i).replaceAll(' ', ' \n\t ')}  `, scores: { exact_match: i % 3 === 0 ? (i % 9 === 0 ? 0 : 1) : i % 10 === 1 ? 1 : 0 } }),
  );
  writeFiles(root, {
    'baselines/gen_a/predictions.jsonl': `${a.join('\n')}\n`,
    'baselines/gen_a/metrics.json': '{"exact_match": 0.3}',
    'runs/gen_b/predictions.jsonl': `${b.join('\n')}\n`,
    'runs/gen_b/metrics.json': '{"exact_match": 0.3}',
  });
}

describe('shadow divergence', () => {
  it('is 0 for outputs that differ only in whitespace, with token F1 1 everywhere', async () => {
    const root = tempDir();
    writeShadow(root, 100, () => false);
    const { code, c } = await compare(root, ['--fail-divergence', '0']);
    expect(code).toBe(0);
    expect(c.divergence).toMatchObject({ items: 100, differing: 0, share: 0 });
    expect(c.divergence?.similarity).toMatchObject({ items: 100, mean: 1, identical_tokens: 100 });
    expect(c.divergence_check).toEqual({ threshold: 0, share: 0, status: 'pass' });
  });

  const root = tempDir();
  const changed = (i: number): boolean => i % 100 < 37; // 37 of 100
  writeShadow(root, 100, changed);

  it('reports a known share of changed outputs exactly, and their token F1', async () => {
    const { code, c } = await compare(root);
    expect(code).toBe(0);
    expect(c.divergence).toMatchObject({ items: 100, differing: 37, share: 0.37, without_output: { a: 0, b: 0 } });
    expect(c.divergence?.similarity.mean).toBeCloseTo((63 * 1 + 37 * 0.9) / 100, 12);
    expect(c.divergence?.similarity.identical_tokens).toBe(63);
    expect(c.divergence?.similarity.bins.find((b) => b.low === 0.9)?.count).toBe(37);
  });

  it('--fail-divergence exits 1 above the threshold, 0 at or below it', async () => {
    const above = await compare(root, ['--fail-divergence', '0.3']);
    expect(above.code).toBe(1);
    expect(above.c.divergence_check).toEqual({ threshold: 0.3, share: 0.37, status: 'fail' });
    expect(above.stdout).toMatch(/divergence check: 37% of joined items differ; FAIL: above the threshold 30%/);
    const at = await compare(root, ['--fail-divergence', '0.37']);
    expect(at.code).toBe(0);
    const below = await compare(root, ['--fail-divergence', '0.5']);
    expect(below.code).toBe(0);
    expect(below.c.divergence_check?.status).toBe('pass');
  });

  it('refuses a threshold outside 0..1, and a check with nothing to check (exit 2)', async () => {
    const bad = await compare(root, ['--fail-divergence', '37%']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--fail-divergence "37%": expected a share from 0 to 1/);
    const none = tempDir();
    writeFiles(none, {
      'baselines/gen_a/predictions.jsonl': '{"id": "x", "scores": {"f1": 1}}\n',
      'baselines/gen_a/metrics.json': '{"f1": 1}',
      'runs/gen_b/predictions.jsonl': '{"id": "x", "scores": {"f1": 0}}\n',
      'runs/gen_b/metrics.json': '{"f1": 0}',
    });
    const nothing = await compare(none, ['--fail-divergence', '0.1']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/--fail-divergence: there is no output divergence to check \(neither side's items have an output field\)/);
  });

  it('counts binary flips exactly', async () => {
    const { c } = await compare(root);
    let up = 0;
    let down = 0;
    for (let i = 0; i < 100; i++) {
      const a = i % 3 === 0 ? 1 : 0;
      const b = i % 3 === 0 ? (i % 9 === 0 ? 0 : 1) : i % 10 === 1 ? 1 : 0;
      if (b > a) up++;
      if (b < a) down++;
    }
    const flips = c.flips.find((f) => f.score === 'exact_match');
    expect(flips).toMatchObject({ items: 100, up, down, ids_truncated: false });
    expect(flips?.down_ids).toEqual(Array.from({ length: 100 }, (_, i) => i).filter((i) => i % 9 === 0).map((i) => `s${i}`));
    const s = c.scores.find((x) => x.name === 'exact_match');
    expect(s).toMatchObject({ kind: 'binary', direction: 'higher', better: up, worse: down });
    expect(s?.test.interval?.method).toBe('mcnemar');
    expect(c.rank_movement.find((r) => r.score === 'exact_match')).toBeUndefined();
  });
});
