// The pure retention plan: every rule at its boundaries, every kind of "still pointed to"
// (RELIABILITY L1), archived baselines never deleted, and one deterministic order.
import { describe, expect, it } from 'vitest';
import { planRetention, type RetentionEntry, type RetentionInput, type RetentionPolicy } from '../../../src/lifecycle/retention.js';
import { entryAt } from '../../../src/store/status.js';

const NOW = '2026-06-01T00:00:00.000Z';
const DAY = 24 * 60 * 60 * 1000;

/** A time `daysAgo` before NOW (fractions allowed: 30 days plus one millisecond). */
const ago = (daysAgo: number, extraMs = 0): string => new Date(Date.parse(NOW) - daysAgo * DAY - extraMs).toISOString();

function entry(path: string, created?: string, more: Partial<RetentionEntry> = {}): RetentionEntry {
  const found = entryAt(path);
  if (!found) throw new Error(`not an entry: ${path}`);
  return { entry: found, ...(created === undefined ? {} : { created: { at: created, source: 'baseline.json created_at' } }), ...more };
}

const archivedRun = (id: string, archivedDaysAgo: number, extraMs = 0, more: Partial<RetentionEntry> = {}): RetentionEntry =>
  entry(`runs/_archived/${id}`, ago(400), { archived: { at: ago(archivedDaysAgo, extraMs), source: 'event' }, ...more });

function plan(entries: RetentionEntry[], retention: RetentionPolicy, more: Partial<RetentionInput> = {}) {
  return planRetention({ now: NOW, retention, entries, pins: [], rollouts: [], pullRequests: [], ...more });
}

const actions = (p: ReturnType<typeof plan>): Record<string, string> => Object.fromEntries(p.rows.map((r) => [r.path, r.action]));

describe('archive_after_days', () => {
  it.each([
    [30, 0, 'keep', /archive_after_days: 30 \(30 days old, not more than 30\)/],
    [30, 1, 'archive', /archive_after_days: 30 \(30 days old\)/],
    [29, 0, 'keep', /29 days old, not more than 30/],
    [31, 0, 'archive', /31 days old/],
  ] as const)('a run %i days (+%i ms) old is %s', (age, extraMs, action, rule) => {
    const result = plan([entry('runs/r', ago(age, extraMs))], { archive_after_days: 30 });
    expect(result.rows[0]).toMatchObject({ action, path: 'runs/r' });
    expect(result.rows[0]?.rule).toMatch(rule);
    if (action === 'archive') expect(result.rows[0]?.to).toBe('runs/_archived/r');
  });

  it('without archive_after_days nothing is archived, however old', () => {
    const result = plan([entry('runs/r', ago(5000))], { keep_experimental: 0, delete_archived_after_days: 1 });
    expect(result.rows[0]).toMatchObject({ action: 'keep', rule: 'no archive_after_days in the retention policy' });
  });

  it('a run of unknown age is kept and says why', () => {
    const result = plan([entry('runs/r')], { archive_after_days: 1 });
    expect(result.rows[0]).toMatchObject({ action: 'keep', age_days: null, created_at: null });
    expect(result.rows[0]?.rule).toMatch(/age unknown/);
  });

  it('a run created in the future (clock skew) is not old', () => {
    expect(plan([entry('runs/r', ago(-3))], { archive_after_days: 0 }).rows[0]?.action).toBe('keep');
  });

  it('a symbolic link is never moved', () => {
    const linked = entry('runs/r', ago(100));
    linked.entry.symlink = true;
    expect(plan([linked], { archive_after_days: 1 }).rows[0]).toMatchObject({ action: 'keep', rule: 'a symbolic link: never moved by retention' });
  });
});

describe('keep_experimental', () => {
  const five = [1, 2, 3, 4, 5].map((n) => entry(`runs/r${n}`, ago(100 + n)));

  it.each([
    [0, ['runs/r1', 'runs/r2', 'runs/r3', 'runs/r4', 'runs/r5']],
    [3, ['runs/r4', 'runs/r5']],
    [5, []],
    [6, []],
  ] as const)('keeps exactly the newest %i, archiving the rest', (keep, archived) => {
    const result = plan(five, { keep_experimental: keep, archive_after_days: 30 });
    expect(result.rows.filter((r) => r.action === 'archive').map((r) => r.path)).toEqual(archived);
    expect(result.counts).toEqual({ archive: archived.length, delete: 0, keep: 5 - archived.length });
  });

  it('names the rank in the rule', () => {
    const result = plan(five, { keep_experimental: 2, archive_after_days: 30 });
    expect(result.rows.find((r) => r.path === 'runs/r2')?.rule).toBe('keep_experimental: 2 (newest 2 of 5)');
  });

  it('breaks ties of equal age by id, so the newest N never depends on listing order', () => {
    const tied = ['b', 'a', 'c'].map((id) => entry(`runs/${id}`, ago(50)));
    const first = plan(tied, { keep_experimental: 1, archive_after_days: 30 });
    const second = plan([...tied].reverse(), { keep_experimental: 1, archive_after_days: 30 });
    expect(actions(first)).toEqual({ 'runs/a': 'keep', 'runs/b': 'archive', 'runs/c': 'archive' });
    expect(second).toEqual(first);
  });

  it('counts runs of unknown age among the newest (they are kept either way)', () => {
    const result = plan([entry('runs/unknown'), entry('runs/old', ago(90)), entry('runs/older', ago(91))], { keep_experimental: 2, archive_after_days: 30 });
    expect(actions(result)).toEqual({ 'runs/unknown': 'keep', 'runs/old': 'keep', 'runs/older': 'archive' });
  });
});

describe('delete_archived_after_days', () => {
  it.each([
    [90, 0, 'keep'],
    [90, 1, 'delete'],
    [120, 0, 'delete'],
  ] as const)('a run archived %i days (+%i ms) ago is %s', (archivedAgo, extraMs, action) => {
    const result = plan([archivedRun('x', archivedAgo, extraMs)], { delete_archived_after_days: 90 });
    expect(result.rows[0]).toMatchObject({ path: 'runs/_archived/x', action, archived_days: archivedAgo });
  });

  it('counts from the archiving, not the creation: a 400-day-old run archived today stays', () => {
    const result = plan([archivedRun('x', 0)], { delete_archived_after_days: 90 });
    expect(result.rows[0]).toMatchObject({ action: 'keep', age_days: 400, archived_days: 0 });
  });

  it('keeps an archived run whose archive time is unknown', () => {
    const result = plan([entry('runs/_archived/x', ago(400))], { delete_archived_after_days: 1 });
    expect(result.rows[0]?.rule).toMatch(/archive time unknown/);
    expect(result.rows[0]?.action).toBe('keep');
  });

  it('never deletes an archived baseline, however old and whatever the policy', () => {
    const old = entry('baselines/_archived/b', ago(9000), { archived: { at: ago(9000), source: 'commit' } });
    const result = plan([old], { keep_experimental: 0, archive_after_days: 0, delete_archived_after_days: 0 });
    expect(result.rows[0]).toMatchObject({ path: 'baselines/_archived/b', action: 'keep', rule: 'archived baselines are never deleted' });
  });
});

describe('what retention never touches', () => {
  it('lists no baseline or reference in the plan and counts them', () => {
    const result = plan(
      [
        entry('baselines/b1', ago(999)),
        entry('references/silver/s1', ago(999)),
        entry('references/gold/ner/g1', ago(999)),
        entry('references/silver/_archive/s0', ago(999)),
        entry('baselines/_archived/b0', ago(999)),
      ],
      { keep_experimental: 0, archive_after_days: 0, delete_archived_after_days: 0 },
    );
    expect(result.rows.map((r) => r.path)).toEqual(['baselines/_archived/b0']);
    expect(result.untouched).toEqual({ baselines: 1, references: 2, archived_baselines: 1, archived_references: 1 });
    expect(result.counts).toEqual({ archive: 0, delete: 0, keep: 1 });
  });
});

describe('still pointed to (L1): kept, and the plan says which reference kept it', () => {
  const policy: RetentionPolicy = { archive_after_days: 30, delete_archived_after_days: 30 };

  it.each([
    ['a policy pin', { pins: [{ index: 2, baseline: 'old', dataset: 'ds1' }] }, [], 'pin', 'policy pins[2] (dataset ds1) names it'],
    ['another run\'s config.yaml baseline:', {}, [entry('runs/young', ago(1), { configBaseline: 'old' })], 'config', 'runs/young/config.yaml names it as its baseline'],
    ['a rollout file', { rollouts: [{ file: 'rollouts/planner.yml', ids: ['base', 'old'] }] }, [], 'rollout', 'rollouts/planner.yml names it'],
    ['an open pull request', { pullRequests: [{ number: 7, paths: ['runs/old/metrics.json'] }] }, [], 'pull-request', 'open pull request #7 touches runs/old/metrics.json'],
    ['an experiment arm of a kept run', {}, [entry('runs/young', ago(1), { experiment: 'exp1' })], 'experiment', 'experiment exp1: arm of runs/young, which is kept'],
  ] as const)('%s keeps an old experimental run', (_what, more, others, kind, detail) => {
    const old = entry('runs/old', ago(100), { experiment: 'exp1' });
    const result = plan([old, ...others], policy, more);
    const row = result.rows.find((r) => r.path === 'runs/old');
    expect(row).toMatchObject({ action: 'keep', rule: 'archive_after_days: 30 (100 days old)' });
    expect(row?.kept_by).toEqual([{ kind, detail }]);
  });

  it.each([
    ['a policy pin', { pins: [{ index: 0, baseline: 'x' }] }, 'pin'],
    ['a rollout file', { rollouts: [{ file: 'rollouts/r.yml', ids: ['x'] }] }, 'rollout'],
    ['an open pull request', { pullRequests: [{ number: 3, paths: ['runs/_archived/x/README.md'] }] }, 'pull-request'],
  ] as const)('%s keeps an old archived run from deletion', (_what, more, kind) => {
    const result = plan([archivedRun('x', 365)], policy, more);
    expect(result.rows[0]).toMatchObject({ action: 'keep' });
    expect(result.rows[0]?.kept_by.map((p) => p.kind)).toEqual([kind]);
  });

  it('a pull request touching a run with a longer id that shares the prefix does not count', () => {
    const result = plan([entry('runs/old', ago(100))], policy, { pullRequests: [{ number: 1, paths: ['runs/old_v2/metrics.json'] }] });
    expect(result.rows[0]?.action).toBe('archive');
  });

  it('an arm is archived with its partner when both are old, and is not deleted while its partner is only archived', () => {
    const result = plan(
      [
        entry('runs/control', ago(100), { experiment: 'e' }),
        entry('runs/treatment', ago(101), { experiment: 'e' }),
        archivedRun('old_control', 200, 0, { experiment: 'f' }),
        entry('runs/old_treatment', ago(300), { experiment: 'f' }),
      ],
      policy,
    );
    expect(actions(result)).toEqual({
      'runs/control': 'archive',
      'runs/treatment': 'archive',
      'runs/old_treatment': 'archive',
      'runs/_archived/old_control': 'keep',
    });
    expect(result.rows.find((r) => r.id === 'old_control')?.kept_by).toEqual([
      { kind: 'experiment', detail: 'experiment f: arm of runs/old_treatment, which is not deleted' },
    ]);
  });

  it('an arm whose partner is a baseline stays (the promoted arm is kept forever)', () => {
    const result = plan([entry('baselines/b', ago(10), { experiment: 'e' }), entry('runs/arm', ago(100), { experiment: 'e' })], policy);
    expect(result.rows[0]?.kept_by).toEqual([{ kind: 'experiment', detail: 'experiment e: arm of baselines/b, which is kept' }]);
  });

  it('a pointer from a run this plan deletes does not count, so a second plan has nothing to do', () => {
    const entries = [archivedRun('pointer', 365, 0, { configBaseline: 'target' }), archivedRun('target', 365)];
    const first = plan(entries, policy);
    expect(actions(first)).toEqual({ 'runs/_archived/pointer': 'delete', 'runs/_archived/target': 'delete' });
    const kept = plan([entries[0]!, archivedRun('target', 365)], policy, { pins: [{ index: 0, baseline: 'pointer' }] });
    expect(actions(kept)).toEqual({ 'runs/_archived/target': 'keep', 'runs/_archived/pointer': 'keep' });
    expect(kept.rows.find((r) => r.id === 'target')?.kept_by[0]?.detail).toBe('runs/_archived/pointer/config.yaml names it as its baseline');
  });

  it('a run pointing at itself does not keep itself', () => {
    expect(plan([entry('runs/self', ago(100), { configBaseline: 'self' })], policy).rows[0]?.action).toBe('archive');
  });

  it('lists every pointer that kept an entry', () => {
    const result = plan([entry('runs/old', ago(100))], policy, {
      pins: [{ index: 0, baseline: 'old' }],
      pullRequests: [{ number: 9, paths: ['runs/old'] }],
    });
    expect(result.rows[0]?.kept_by.map((p) => p.kind)).toEqual(['pin', 'pull-request']);
  });
});

describe('order', () => {
  it('is deletions, then archives, then kept entries, each by path, whatever the input order', () => {
    const entries = [
      entry('runs/b_young', ago(1)),
      archivedRun('z_old', 100),
      entry('runs/a_old', ago(100)),
      archivedRun('a_young', 1),
      entry('runs/c_old', ago(100)),
      entry('baselines/_archived/base', ago(100)),
    ];
    const policy = { archive_after_days: 30, delete_archived_after_days: 30 };
    const expected = ['runs/_archived/z_old', 'runs/a_old', 'runs/c_old', 'baselines/_archived/base', 'runs/_archived/a_young', 'runs/b_young'];
    expect(plan(entries, policy).rows.map((r) => r.path)).toEqual(expected);
    expect(plan([...entries].reverse(), policy)).toEqual(plan(entries, policy));
  });

  it('an empty store has an empty plan', () => {
    expect(plan([], { archive_after_days: 1 })).toMatchObject({ rows: [], counts: { archive: 0, delete: 0, keep: 0 } });
  });
});
