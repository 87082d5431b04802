// The cumulative drift guard, pure parts: following a promotion chain (chain.ts) and judging a
// candidate against its anchor (judge.ts). The expected percentages are worked out by hand
// from worse_pct = 100 · (anchor − candidate) / |anchor| (higher is better).
import { describe, expect, it } from 'vitest';
import { chainText, followChain, type ChainLink } from '../../../src/drift/chain.js';
import { judgeDrift, worsePercent, type Anchor, type DriftRule } from '../../../src/drift/judge.js';
import type { MetricRow } from '../../../src/contract/report.js';

const links = (entries: [string, string | undefined][]): ((id: string) => Promise<ChainLink | null>) => {
  const map = new Map(entries.map(([id, before]) => [id, {
    id, dir: `baselines/${id}`, promotedFrom: `run_${id}`,
    ...(before ? { predecessor: { id: before, via: `baselines/${id}/config.yaml baseline:` } } : {}),
  } satisfies ChainLink]));
  return async (id) => map.get(id) ?? null;
};

describe('following the promotion chain', () => {
  it('walks from the baseline back to the root, newest first', async () => {
    const chain = await followChain('b3', links([['b3', 'b2'], ['b2', 'b1'], ['b1', 'b0'], ['b0', undefined]]));
    expect(chain?.members.map((m) => m.id)).toEqual(['b3', 'b2', 'b1', 'b0']);
    expect(chain?.problem).toBeUndefined();
    expect(chainText(chain!)).toBe('b3 ← b2 ← b1 ← b0');
  });

  it('a baseline naming no predecessor is its own root', async () => {
    const chain = await followChain('b0', links([['b0', undefined]]));
    expect(chain?.members.map((m) => m.id)).toEqual(['b0']);
  });

  it('stops at a predecessor that is not in the store, naming the file that named it', async () => {
    const chain = await followChain('b2', links([['b2', 'b1'], ['b1', 'gone']]));
    expect(chain?.members.map((m) => m.id)).toEqual(['b2', 'b1']);
    expect(chain?.problem).toBe('baselines/b1/config.yaml baseline: names gone as the baseline before b1, but it is not in the store (deleted?); the chain starts at b1');
  });

  it('refuses a loop instead of walking forever', async () => {
    const chain = await followChain('a', links([['a', 'b'], ['b', 'c'], ['c', 'a']]));
    expect(chain?.members.map((m) => m.id)).toEqual(['a', 'b', 'c']);
    expect(chain?.problem).toMatch(/the chain loops: baselines\/c\/config.yaml baseline: names a, already in the chain/);
  });

  it('quotes a predecessor that is not an id, and does not follow it', async () => {
    const chain = await followChain('b1', links([['b1', '../../etc\u202E']]));
    expect(chain?.members.map((m) => m.id)).toEqual(['b1']);
    expect(chain?.problem).toBe('baselines/b1/config.yaml baseline: names "../../etc\\u202e", which is not a baseline id; the chain starts at b1');
  });

  it('bounds the walk', async () => {
    const entries: [string, string | undefined][] = Array.from({ length: 50 }, (_, i) => [`b${i}`, `b${i + 1}`]);
    const chain = await followChain('b0', links(entries), 10);
    expect(chain?.members).toHaveLength(10);
    expect(chain?.problem).toMatch(/longer than 10 promotions/);
  });

  it('is null when the starting baseline is absent', async () => {
    expect(await followChain('nope', links([]))).toBeNull();
  });

  it('elides the middle of a long chain in text', async () => {
    const entries: [string, string | undefined][] = Array.from({ length: 30 }, (_, i) => [`b${i}`, i < 29 ? `b${i + 1}` : undefined]);
    const text = chainText((await followChain('b0', links(entries)))!);
    expect(text).toMatch(/^b0 ← b1 ← .* ← … 19 more … ← b28 ← b29$/);
  });
});

const row = (name: string, candidate: number | null, baseline: number, direction: 'higher' | 'lower' = 'higher', status: MetricRow['status'] = 'pass'): MetricRow => ({
  name, candidate, baseline, delta: candidate === null ? null : candidate - baseline, relative_delta: null, direction, status, rule: name,
});

describe('worse_pct', () => {
  it.each([
    // candidate, anchor, direction, expected percent (hand-computed)
    [0.9 * 0.99 ** 6, 0.9, 'higher', (1 - 0.99 ** 6) * 100], // 5.852…%
    [0.9 * 0.99 ** 5, 0.9, 'higher', (1 - 0.99 ** 5) * 100], // 4.901…%
    [110, 100, 'lower', 10],
    [90, 100, 'lower', -10],
    [-1.1, -1, 'higher', 10], // |anchor| scales a negative anchor
  ] as const)('candidate %d against anchor %d (%s is better)', (candidate, anchor, direction, expected) => {
    expect(worsePercent(candidate, anchor, direction)).toBeCloseTo(expected, 10);
  });

  it('any worsening from an anchor of 0 is infinitely many percent', () => {
    expect(worsePercent(0.1, 0, 'lower')).toBe(Infinity);
    expect(worsePercent(0, 0, 'lower')).toBe(0);
  });
});

describe('judging the candidate against its anchor', () => {
  const rule: DriftRule = { drift: { anchor: 'first', max_worse_pct: 5 }, severity: 'error' };
  const anchor: Anchor = { id: 'b0', metrics: new Map([['f1', 0.9], ['latency', 100]]), chain: 'b5 ← b4 ← b3 ← b2 ← b1 ← b0', steps: 5 };
  const judge = (rows: MetricRow[], r: DriftRule | undefined = rule, a: Anchor = anchor) => judgeDrift({ rows, ruleOf: (m) => (m === 'other' ? undefined : r), anchorOf: () => a });

  it('passes within max_worse_pct and fills the anchor column', () => {
    const result = judge([row('f1', 0.9 * 0.99 ** 5, 0.9 * 0.99 ** 4)]);
    expect(result.rows[0]?.status).toBe('pass');
    expect(result.rows[0]?.anchor).toEqual({ id: 'b0', value: 0.9, worse_pct: expect.closeTo(4.901, 3) as unknown as number, max_worse_pct: 5 });
    expect(result.checks).toEqual([{ id: 'drift.anchor.first', status: 'pass', message: '1 metric within max_worse_pct of the anchor b0 (first of the promotion chain b5 ← b4 ← b3 ← b2 ← b1 ← b0; 5 promotions back)' }]);
  });

  it('fails a candidate 1% worse than its baseline but 5.85% worse than the anchor, naming the chain', () => {
    const result = judge([row('f1', 0.9 * 0.99 ** 6, 0.9 * 0.99 ** 5)]);
    expect(result.rows[0]?.status).toBe('fail');
    expect(result.checks).toHaveLength(1);
    expect(result.checks[0]).toMatchObject({ id: 'drift.f1', status: 'fail' });
    expect(result.checks[0]?.message).toBe('0.847 is 5.85% worse than 0.9 at the anchor b0 (first of the promotion chain b5 ← b4 ← b3 ← b2 ← b1 ← b0; 5 promotions back); max_worse_pct 5: allowed steps have added up');
    expect(result.rows[0]?.message).toMatch(/^drift: 0.847 is 5.85% worse/);
  });

  it('is exactly at the limit: a pass', () => {
    expect(judge([row('f1', 0.855, 0.86)]).rows[0]?.status).toBe('pass'); // 5.000…% of 0.9
  });

  it('warns instead of failing under a warning rule, and leaves a worse status alone', () => {
    const warned = judge([row('f1', 0.8, 0.81)], { ...rule, severity: 'warning' });
    expect(warned.checks[0]).toMatchObject({ id: 'drift.f1', status: 'warn' });
    const failing = judge([row('f1', 0.8, 0.9, 'higher', 'fail')], { ...rule, severity: 'warning' });
    expect(failing.rows[0]?.status).toBe('fail');
  });

  it('lower-is-better metrics drift upwards', () => {
    const result = judge([row('latency', 106, 104, 'lower')]);
    expect(result.checks[0]?.message).toMatch(/^106 is 6% worse than 100/);
  });

  it('leaves metrics without a drift rule as they were', () => {
    const rows = [row('other', 0.1, 0.9, 'higher', 'fail')];
    const result = judge(rows);
    expect(result.rows[0]).toBe(rows[0]);
    expect(result.checks).toEqual([]);
  });

  it('warns when the anchor lacks the metric, and fails when there is no anchor at all', () => {
    expect(judge([row('recall', 0.5, 0.5)]).checks[0]).toMatchObject({ id: 'drift.recall', status: 'warn' });
    const none = judge([row('f1', 0.9, 0.9)], rule, { id: null, metrics: null, problem: 'the drift anchor baseline b_old is not in data/eval/baselines (nor archived)' });
    expect(none.checks[0]).toEqual({ id: 'drift.f1', status: 'fail', message: 'cannot compare with the drift anchor: the drift anchor baseline b_old is not in data/eval/baselines (nor archived)' });
    expect(none.rows[0]?.status).toBe('fail');
  });

  it('says a broken chain beside the pass', () => {
    const result = judge([row('f1', 0.9, 0.9)], rule, { ...anchor, problem: 'the chain loops' });
    expect(result.checks).toEqual([expect.objectContaining({ id: 'drift.anchor.first', status: 'warn', message: expect.stringContaining('; the chain loops') as unknown as string })]);
  });
});
