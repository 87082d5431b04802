/**
 * The verdict rule, which lives in one place (src/gate/verdict.ts): fail when any check fails,
 * or when `fail_on: warning` and any check warns; skipped and passing checks never fail it, and
 * references carry no checks, so they never change it.
 */
import { describe, expect, it } from 'vitest';
import type { CheckStatus, GateResult } from '../../../src/contract/check.js';
import { REPORT_SCHEMA, type ReferenceStanding } from '../../../src/contract/report.js';
import { assembleReport, decideVerdict, failedCheckIds } from '../../../src/gate/verdict.js';

const gates = (...statuses: CheckStatus[][]): GateResult[] =>
  statuses.map((list, g) => ({
    name: (['functional', 'performance', 'compliance'] as const)[g] ?? 'compliance',
    status: 'pass',
    checks: list.map((status, i) => ({ id: `c${i}`, status, message: status })),
  }));

describe('decideVerdict', () => {
  it.each([
    [[['pass'], ['pass', 'skip'], []], 'error', 'pass'],
    [[['pass'], ['warn'], ['pass']], 'error', 'pass'],
    [[['pass'], ['warn'], ['pass']], 'warning', 'fail'],
    [[['pass'], ['skip'], ['pass']], 'warning', 'pass'],
    [[['fail'], ['pass'], ['pass']], 'error', 'fail'],
    [[['pass'], ['pass'], ['warn', 'fail']], 'error', 'fail'],
    [[[], [], []], 'warning', 'pass'],
  ] as [CheckStatus[][], 'error' | 'warning', 'pass' | 'fail'][])('%j with fail_on %s is %s', (statuses, failOn, verdict) => {
    expect(decideVerdict(gates(...statuses), failOn)).toBe(verdict);
  });

  it('reads the checks, not the gate status a caller may have set', () => {
    const stale: GateResult[] = [{ name: 'functional', status: 'fail', checks: [{ id: 'x', status: 'pass', message: '' }] }];
    expect(decideVerdict(stale, 'error')).toBe('pass');
  });
});

describe('assembleReport', () => {
  const reference: ReferenceStanding = { id: 'gold_v1', quality: 'gold', informational: true, metrics: [{ name: 'f1', candidate: 0.1, baseline: 0.9, delta: -0.8 }] };

  it('carries the verdict, the inputs and extra sections; references never fail it', () => {
    const report = assembleReport({
      candidate: { id: 'run', path: 'data/eval/runs/run' },
      baseline: { id: 'b1', path: 'data/eval/baselines/b1' },
      baselineSource: 'pin',
      dataset: 'ds1',
      failOn: 'error',
      gates: gates(['pass'], ['warn']),
      metrics: [],
      references: [reference],
      extra: { policy_source: 'data/eval/policy.yml' },
    });
    expect(report).toEqual({
      schema: REPORT_SCHEMA,
      verdict: 'pass',
      fail_on: 'error',
      candidate: { id: 'run', path: 'data/eval/runs/run' },
      baseline: { id: 'b1', path: 'data/eval/baselines/b1' },
      baseline_source: 'pin',
      dataset: 'ds1',
      gates: gates(['pass'], ['warn']),
      metrics: [],
      references: [reference],
      policy_source: 'data/eval/policy.yml',
    });
    expect('task' in report).toBe(false);
  });

  it('names the failing checks as gate.check for the failed-checks output', () => {
    const report = assembleReport({ candidate: { id: 'r', path: 'r' }, baseline: null, baselineSource: 'none', failOn: 'error', gates: gates(['fail', 'pass'], ['warn'], ['pass', 'fail']), metrics: [], references: [] });
    expect(report.verdict).toBe('fail');
    expect(failedCheckIds(report)).toEqual(['functional.c0', 'compliance.c1']);
  });
});
