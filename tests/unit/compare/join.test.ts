/**
 * The join reads both files at once, so its result must not depend on how the two streams
 * interleave nor on the order the files list items: the same items in another order give
 * the same comparison. When the waiting outputs exceed the cap (files in different orders),
 * divergence stays exact, token F1 is reported as not computed, and the excerpts of the
 * listed items come from a second read.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runCompare } from '../../../src/compare/run-compare.js';
import type { ComparisonJson } from '../../../src/compare/comparison.js';
import { Rng } from '../../../src/stats/rng.js';
import { cleanupTempDirs, tempDir, writeFiles } from '../../support/temp-store.js';

afterAll(cleanupTempDirs);

interface Row {
  id: string;
  input: string;
  group: string;
  output: string;
  scores: { f1: number; em: number };
}

function rows(seed: number, n: number, side: 'a' | 'b'): Row[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const f1 = Math.round(rng.nextFloat() * 1000) / 1000;
    const em = rng.nextFloat() < 0.5 ? 1 : 0;
    const noise = Math.round(rng.nextFloat() * 200 - 100) / 1000;
    const change = rng.nextFloat() < 0.3;
    return {
      id: `i${i}`,
      // About 300 bytes a line, so each file spans several read chunks and the streams interleave.
      input: `question ${i} `.repeat(20),
      group: ['g1', 'g2', 'g3'][i % 3] as string,
      output: side === 'b' && change ? `changed answer number ${i} with words` : `answer number ${i} with words`,
      scores: side === 'a' ? { f1, em } : { f1: Math.round((f1 + noise) * 1000) / 1000, em: i % 7 === 0 ? 1 - em : em },
    };
  });
}

function shuffled<T>(list: T[], seed: number): T[] {
  const rng = new Rng(seed);
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.nextFloat() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function store(a: Row[], b: Row[]): string {
  const root = tempDir();
  const jsonl = (list: Row[]): string => `${list.map((r) => JSON.stringify(r)).join('\n')}\n`;
  writeFiles(root, {
    'baselines/a/predictions.jsonl': jsonl(a),
    'baselines/a/metrics.json': '{"f1": 0.5}',
    'runs/b/predictions.jsonl': jsonl(b),
    'runs/b/metrics.json': '{"f1": 0.5}',
  });
  return root;
}

const compare = (root: string, pendingTextCap?: number): Promise<ComparisonJson> =>
  runCompare({ store: { root, display: 'store' }, a: 'a', b: 'b', top: 10, ...(pendingTextCap !== undefined ? { pendingTextCap } : {}) });

describe('the join is independent of reading order', () => {
  const a = rows(5, 15_000, 'a');
  const b = rows(5, 15_000, 'b');

  it('gives the same comparison when B lists the items in another order (intervals included)', async () => {
    const same = await compare(store(a, b));
    const other = await compare(store(a, shuffled(b, 9)));
    expect(other).toEqual(same);
    expect(same.scores.find((s) => s.name === 'f1')?.test.interval?.method).toBe('bootstrap');
    expect(same.divergence?.similarity.items).toBe(15_000);
  });

  it('keeps the exact divergence and every list when outputs exceed the cap, and says token F1 was not computed', async () => {
    const full = await compare(store(a, b));
    const capped = await compare(store(a, shuffled(b, 9)), 20_000);
    expect(capped.divergence).toMatchObject({ items: full.divergence?.items, differing: full.divergence?.differing, share: full.divergence?.share });
    expect(capped.divergence?.similarity).toMatchObject({ items: 0, mean: null });
    expect(capped.divergence?.similarity.note).toMatch(/^token F1 not computed: the two files list items in different orders/);
    // The top lists and their excerpts (read again for the listed ids) are the same.
    expect(capped.largest_gains).toEqual(full.largest_gains);
    expect(capped.largest_regressions).toEqual(full.largest_regressions);
    expect(capped.largest_gains[0]?.items[0]?.excerpt_b).toMatch(/answer number \d+ with words/);
    expect(capped.scores).toEqual(full.scores);
    expect(capped.what_changed).toEqual(full.what_changed);
  });

  it('lists only-in-one-side items in file order, whichever file is read faster', async () => {
    const c = await compare(store(a.slice(0, 10_000), shuffled(b.slice(5000), 3)));
    expect(c.items).toMatchObject({ a: 10_000, b: 10_000, joined: 5000 });
    expect(c.items?.only_a.examples).toEqual(['i0', 'i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'i7', 'i8', 'i9']);
    expect(c.items?.only_b.count).toBe(5000);
  });
});
