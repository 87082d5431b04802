/**
 * The functional gate, directly on the pure decision (src/gate/checks/functional.ts): what the
 * loaders found (problems, identities, item counts, coverage) becomes checks. Loading itself is
 * covered through the bundle (tests/cli/reliability.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Check } from '../../../../src/contract/check.js';
import type { SideFacts } from '../../../../src/artifacts/load-run.js';
import { evaluateFunctional, type CoverageFacts } from '../../../../src/gate/checks/functional.js';

const resolved: Check = { id: 'baseline.resolved', status: 'pass', message: 'baseline b1: policy pins[0]' };

function side(label: 'candidate' | 'baseline', facts: Partial<SideFacts> = {}): SideFacts {
  return { label, display: `data/eval/${label}`, problems: [], datasetClaims: new Map(), taskClaims: new Map(), items: 3, ...facts };
}

function coverage(facts: Partial<CoverageFacts> = {}): CoverageFacts {
  return {
    mode: 'exact',
    duplicates: [{ side: 'candidate', count: 0, examples: [] }, { side: 'baseline', count: 0, examples: [] }],
    missing: { count: 0, examples: [] },
    extra: { count: 0, examples: [] },
    predictionsFile: 'data/eval/runs/c/predictions.jsonl',
    ...facts,
  };
}

const byId = (checks: Check[], id: string): Check[] => checks.filter((c) => c.id === id);

describe('evaluateFunctional', () => {
  it('passes a loaded pair with exact coverage, naming the items and the id field', () => {
    const result = evaluateFunctional({ candidate: side('candidate', { idField: 'example_id' }), baseline: side('baseline'), baselineCheck: resolved, coverage: coverage() });
    expect(result.status).toBe('pass');
    expect(result.checks.map((c) => [c.id, c.status])).toEqual([
      ['baseline.resolved', 'pass'],
      ['artifacts.loaded', 'pass'],
      ['predictions.coverage', 'pass'],
      ['dataset.agree', 'skip'],
      ['task.agree', 'skip'],
    ]);
    expect(byId(result.checks, 'artifacts.loaded')[0]?.message).toBe('3 item(s) read from the candidate (id field `example_id`)');
  });

  it('fails on any loading problem of either side, and then says nothing was loaded', () => {
    const problem: Check = { id: 'metrics.valid', status: 'fail', message: 'data/eval/baseline/metrics.json:1:2: bad', file: 'data/eval/baseline/metrics.json' };
    const result = evaluateFunctional({ candidate: side('candidate'), baseline: side('baseline', { problems: [problem] }), baselineCheck: resolved, coverage: null });
    expect(result.status).toBe('fail');
    expect(result.checks).toContainEqual(problem);
    expect(byId(result.checks, 'artifacts.loaded')).toEqual([]);
  });

  it('fails when no baseline could be resolved', () => {
    const missing: Check = { id: 'baseline.resolved', status: 'fail', message: 'no baseline pinned for dataset "ds1"' };
    expect(evaluateFunctional({ candidate: side('candidate'), baseline: null, baselineCheck: missing, coverage: null }).status).toBe('fail');
  });

  it.each([
    ['exact', 'fail', 'warn'],
    ['subset', 'warn', 'warn'],
    ['superset', 'fail', 'pass'],
  ] as const)('coverage %s: missing items %s, extra items %s', (mode, missingStatus, extraStatus) => {
    const result = evaluateFunctional({
      candidate: side('candidate'),
      baseline: side('baseline'),
      baselineCheck: resolved,
      coverage: coverage({ mode, missing: { count: 2, examples: ['a', 'b'] }, extra: { count: 12, examples: ['x', 'y', 'z'] } }),
    });
    const [missing] = byId(result.checks, 'predictions.coverage');
    const [extra] = byId(result.checks, 'predictions.extra-items');
    expect([missing?.status, extra?.status]).toEqual([missingStatus, extraStatus]);
    expect(missing?.message).toMatch(/^the candidate lacks 2 of the baseline's items: "a", "b"/);
    expect(extra?.message).toBe('the candidate has 12 item(s) the baseline lacks: "x", "y", "z", … (12 in all)');
    expect(missing?.file).toBe('data/eval/runs/c/predictions.jsonl');
  });

  it('fails duplicate item ids, per side', () => {
    const result = evaluateFunctional({
      candidate: side('candidate'),
      baseline: side('baseline'),
      baselineCheck: resolved,
      coverage: coverage({ duplicates: [{ side: 'candidate', count: 1, examples: ['q1'] }, { side: 'baseline', count: 0, examples: [] }] }),
    });
    expect(byId(result.checks, 'predictions.unique-ids')).toEqual([
      { id: 'predictions.unique-ids', status: 'fail', message: '1 duplicate item id(s) in the candidate\'s predictions: "q1"', file: 'data/eval/runs/c/predictions.jsonl' },
    ]);
    expect(result.status).toBe('fail');
  });

  it('checks that the artifacts agree on the dataset and the task, within a side and across sides', () => {
    const claims = (entries: [string, string][]) => new Map(entries);
    const agree = evaluateFunctional({
      candidate: side('candidate', { datasetClaims: claims([['metrics.json', 'ds1'], ['predictions.jsonl', 'ds1']]), taskClaims: claims([['metrics.json', 'qa']]) }),
      baseline: side('baseline', { datasetClaims: claims([['baseline.json', 'ds1']]), taskClaims: claims([['metrics.json', 'qa']]) }),
      baselineCheck: resolved,
      coverage: null,
    });
    expect(byId(agree.checks, 'dataset.agree')).toEqual([{ id: 'dataset.agree', status: 'pass', message: 'dataset "ds1"' }]);
    expect(byId(agree.checks, 'task.agree')).toEqual([{ id: 'task.agree', status: 'pass', message: 'task "qa"' }]);

    const within = evaluateFunctional({
      candidate: side('candidate', { datasetClaims: claims([['metrics.json', 'ds1'], ['fingerprint.json', 'ds2']]) }),
      baseline: side('baseline', { datasetClaims: claims([['baseline.json', 'ds1']]) }),
      baselineCheck: resolved,
      coverage: null,
    });
    expect(byId(within.checks, 'dataset.agree')[0]).toEqual({
      id: 'dataset.agree',
      status: 'fail',
      message: 'the candidate\'s artifacts disagree on the dataset: metrics.json: "ds1"; fingerprint.json: "ds2"',
    });

    const across = evaluateFunctional({
      candidate: side('candidate', { taskClaims: claims([['metrics.json', 'qa']]) }),
      baseline: side('baseline', { taskClaims: claims([['metrics.json', 'ner']]) }),
      baselineCheck: resolved,
      coverage: null,
    });
    expect(byId(across.checks, 'task.agree')[0]).toEqual({ id: 'task.agree', status: 'fail', message: 'not comparable: the candidate\'s task is "qa" but the baseline\'s is "ner"' });
    expect(across.status).toBe('fail');
  });
});
