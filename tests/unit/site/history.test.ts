// Pin histories from pins and events, the drift anchor, and the pairs the site precomputes.
import { describe, expect, it } from 'vitest';
import { eventFile } from '../../../src/store/events.js';
import type { LifecycleEvent } from '../../../src/store/events.js';
import { buildHistories, type HistoryBaseline } from '../../../src/site/history.js';
import { choosePairs } from '../../../src/site/pairs.js';

function baseline(id: string, dataset: string, value: number, promoted_at: string, status: HistoryBaseline['status'] = 'baseline'): HistoryBaseline {
  return { id, key: `baselines/${status === 'archived' ? '_archived/' : ''}${id}`, status, page: null, dataset, task: null, metrics: { f1: value, latency_ms: 100 }, promoted_from: `run_${id}`, promoted_at, promoted_by: 'alice', reason: `why ${id}`, created: null };
}

const pinChanged = (at: string, from: string | null, to: string, dataset = 'ds1'): LifecycleEvent => eventFile({ type: 'pin_changed', at, actor: 'bob', subject: to, from, to, pin: { dataset } }).event;

describe('buildHistories', () => {
  const baselines = [baseline('v1', 'ds1', 0.6, '2026-01-01T00:00:00Z', 'archived'), baseline('v2', 'ds1', 0.62, '2026-02-01T00:00:00Z'), baseline('v3', 'ds1', 0.65, '2026-03-01T00:00:00Z'), baseline('other', 'ds2', 0.5, '2026-01-05T00:00:00Z')];
  const events = [pinChanged('2026-02-01T00:00:00Z', 'v1', 'v2'), pinChanged('2026-03-01T00:00:00Z', 'v2', 'v3')];

  it('follows a pin through its pin_changed events: one point per baseline it named, in order', () => {
    const [pin, byDataset] = buildHistories({ pins: [{ baseline: 'v3', dataset: 'ds1' }], events, baselines, anchors: [] });
    expect(pin?.source).toBe('pin');
    expect(pin?.points.map((p) => [p.id, p.status, p.at])).toEqual([['v1', 'archived', '2026-01-01T00:00:00Z'], ['v2', 'baseline', '2026-02-01T00:00:00Z'], ['v3', 'baseline', '2026-03-01T00:00:00Z']]);
    expect(pin?.default_metric).toBe('f1');
    expect(pin?.anchor).toBeNull();
    expect(pin?.anchor_note).toContain('names no drift anchor');
    // A dataset nobody pins: its baselines by promotion time, labelled as not a pin.
    expect(byDataset?.source).toBe('dataset');
    expect(byDataset?.points.map((p) => p.id)).toEqual(['other']);
  });

  it('appends the policy pin when it moved without an event, and notes a baseline that is gone', () => {
    const [pin] = buildHistories({ pins: [{ baseline: 'v9', dataset: 'ds1' }], events, baselines, anchors: [] });
    expect(pin?.points.map((p) => [p.id, p.status])).toEqual([['v1', 'archived'], ['v2', 'baseline'], ['v3', 'baseline'], ['v9', 'missing']]);
  });

  it('marks the drift anchor: first is the root of the chain, an id where it is, and says when it is elsewhere', () => {
    const first = buildHistories({ pins: [], events, baselines, anchors: [{ anchor: 'first', rule: 'f1', max_worse_pct: 5 }] });
    expect(first[0]?.anchor).toEqual({ index: 0, rule: 'f1', max_worse_pct: 5 });
    expect(first[1]?.anchor).toBeNull();
    const named = buildHistories({ pins: [], events, baselines, anchors: [{ anchor: 'v2', rule: 'f1', max_worse_pct: null }] });
    expect(named[0]?.anchor?.index).toBe(1);
    expect(named[1]?.anchor_note).toContain('(v2) is not in this history');
  });

  it('marks first where the gate finds the root of the pin\'s promotion chain, and says when the history does not show it', () => {
    const anchors = [{ anchor: 'first', rule: 'f1', max_worse_pct: 5 }];
    const pins = [{ baseline: 'v3', dataset: 'ds1' }];
    // The chain from v3 (config.yaml baseline: links) starts at v2: marked there, not at the history's first point.
    const [atV2] = buildHistories({ pins, events, baselines, anchors, roots: { v3: 'v2' } });
    expect(atV2?.points[0]?.id).toBe('v1');
    expect(atV2?.anchor?.index).toBe(1);
    expect(atV2?.anchor_note).toContain('root of this pin\'s chain, v2');
    const [elsewhere] = buildHistories({ pins, events, baselines, anchors, roots: { v3: 'v0' } });
    expect(elsewhere?.anchor).toBeNull();
    expect(elsewhere?.anchor_note).toContain('v0, which this history does not show');
  });
});

describe('choosePairs', () => {
  it('takes promotion steps, rollouts, experiments, then runs against their baseline, up to the cap', () => {
    const histories = buildHistories({ pins: [{ baseline: 'v3', dataset: 'ds1' }], events: [pinChanged('2026-02-01T00:00:00Z', 'v1', 'v2'), pinChanged('2026-03-01T00:00:00Z', 'v2', 'v3')], baselines: [baseline('v1', 'ds1', 0.6, '2026-01-01T00:00:00Z'), baseline('v2', 'ds1', 0.62, '2026-02-01T00:00:00Z'), baseline('v3', 'ds1', 0.65, '2026-03-01T00:00:00Z')], anchors: [] });
    const run = (key: string, extra: Partial<{ experiment: string; arm: string; configBaseline: string; created: string }> = {}) => ({ key, id: key.split('/')[1] ?? key, status: 'experimental', created: extra.created ?? null, dataset: 'ds1', task: null, experiment: extra.experiment ?? null, arm: extra.arm ?? null, configBaseline: extra.configBaseline ?? null });
    const input = {
      histories,
      rollouts: [{ id: 'r', champion: 'v2', challenger: 'v3' }],
      entries: [run('runs/c', { experiment: 'e', arm: 'control' }), run('runs/t', { experiment: 'e', arm: 'treatment' }), run('runs/x', { configBaseline: 'v1', created: '2026-04-01T00:00:00Z' })],
      pins: [{ baseline: 'v3', dataset: 'ds1' }],
      baselineKey: (id: string) => `baselines/${id}`,
    };
    const all = choosePairs(input, 100);
    expect(all.pairs.map((p) => `${p.a}>${p.b}`)).toEqual([
      'baselines/v1>baselines/v2', 'baselines/v2>baselines/v3', // promotion steps (the rollout's pair is one of them)
      'runs/c>runs/t', // the experiment
      'baselines/v1>runs/x', 'baselines/v3>runs/c', 'baselines/v3>runs/t', // runs: config.yaml first by time, then the pin
    ]);
    expect(all.overCap).toBe(0);
    const capped = choosePairs(input, 2);
    expect(capped.pairs).toHaveLength(2);
    expect(capped.overCap).toBe(4);
  });
});
