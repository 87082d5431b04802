import { describe, expect, it } from 'vitest';
import { flattenMetrics } from '../../../../src/artifacts/metrics.js';
import { evaluatePerformance, type PairedEvidence } from '../../../../src/gate/checks/performance.js';
import { compileRules } from '../../../../src/policy/rules.js';
import { policySchema, type Policy } from '../../../../src/policy/schema.js';
import type { MetricRow } from '../../../../src/contract/report.js';

const policy = (extra: Record<string, unknown> = {}): Policy => policySchema.parse({ version: 1, ...extra });

function compare(baseline: Record<string, unknown> | null, candidate: Record<string, unknown>, p: Policy = policy()): MetricRow[] {
  return evaluatePerformance({
    candidate: flattenMetrics(candidate),
    baseline: baseline ? flattenMetrics(baseline) : null,
    ruleFor: compileRules(p),
  }).metrics;
}

const only = (rows: MetricRow[], name: string): MetricRow => {
  const row = rows.find((r) => r.name === name);
  if (!row) throw new Error(`no row ${name}`);
  return row;
};

describe('built-in rules infer the direction from the name', () => {
  it.each([
    // metric, baseline, candidate, expected status, direction
    ['f1', 0.8, 0.79, 'pass', 'higher'], // -1.25% < 5%
    ['f1', 0.8, 0.75, 'fail', 'higher'], // -6.25% > 5%
    ['f1', 0.8, 0.76, 'pass', 'higher'], // exactly -5%: not more than the tolerance
    ['rougeL_f1', 0.2, 0.3, 'pass', 'higher'],
    ['exact_match', 0.5, 0.47, 'fail', 'higher'],
    ['accuracy', 0.9, 0.86, 'pass', 'higher'],
    ['truncation_rate', 0.1, 0.104, 'pass', 'lower'],
    ['truncation_rate', 0.1, 0.106, 'fail', 'lower'],
    ['boilerplate_leak_rate', 0, 0.0001, 'fail', 'lower'], // F14: any rise from 0
    ['boilerplate_leak_rate', 0, 0, 'pass', 'lower'],
    ['avg_latency_ms', 1000, 1190, 'pass', 'lower'],
    ['avg_latency_ms', 1000, 1210, 'warn', 'lower'], // time and cost only warn
    ['cost_usd', 2, 3, 'warn', 'lower'],
    ['wer', 0.3, 0.2, 'pass', 'lower'],
    ['avg_tokens', 100, 130, 'warn', 'lower'], // token counts are cost (DESIGN.md section 3)
    ['episode_count', 100, 10, 'info', null], // unknown direction: reported, not gated
  ] as const)('%s: %d -> %d is %s', (name, b, c, status, direction) => {
    const row = only(compare({ [name]: b }, { [name]: c }), name);
    expect(row.status).toBe(status);
    expect(row.direction).toBe(direction);
    expect(row.rule).toBe(direction ? 'default' : 'none');
  });

  it('computes absolute and relative deltas, and no relative delta from a baseline of 0', () => {
    const rows = compare({ a: { f1: 0.5 }, leak_rate: 0 }, { a: { f1: 0.55 }, leak_rate: 0.2 });
    expect(only(rows, 'a.f1').delta).toBeCloseTo(0.05, 12);
    expect(only(rows, 'a.f1').relative_delta).toBeCloseTo(0.1, 12);
    expect(only(rows, 'leak_rate').relative_delta).toBeNull();
    expect(only(rows, 'leak_rate').message).toContain('from a baseline of 0');
  });

  it('does not gate anything with defaults: none', () => {
    const row = only(compare({ f1: 0.9 }, { f1: 0.1 }, policy({ defaults: 'none' })), 'f1');
    expect(row.status).toBe('info');
  });
});

describe('policy rules', () => {
  const rules = (rule: Record<string, unknown>) => policy({ rules: [{ metric: 'q.score', ...rule }] });

  it.each([
    [{ direction: 'higher', tolerance: 0.02 }, 0.5, 0.481, 'pass'],
    [{ direction: 'higher', tolerance: 0.02 }, 0.5, 0.479, 'fail'],
    [{ direction: 'higher', tolerance_pct: 10 }, 0.5, 0.451, 'pass'],
    [{ direction: 'higher', tolerance_pct: 10 }, 0.5, 0.449, 'fail'],
    // numpy.isclose style: absolute plus relative
    [{ direction: 'higher', tolerance: 0.01, tolerance_pct: 10 }, 0.5, 0.441, 'pass'],
    [{ direction: 'higher', tolerance: 0.01, tolerance_pct: 10 }, 0.5, 0.439, 'fail'],
    [{ direction: 'lower', tolerance: 0.1 }, 1, 1.09, 'pass'],
    [{ direction: 'lower', tolerance: 0.1 }, 1, 1.11, 'fail'],
    [{ direction: 'higher', severity: 'warning' }, 0.5, 0.4, 'warn'],
    [{ direction: 'higher', tolerance_pct: 50 }, 0, -0.0001, 'fail'], // relative tolerance of 0 is 0
    [{ direction: 'higher', min: 0.3, tolerance: 1 }, 0.5, 0.29, 'fail'], // floor
    [{ direction: 'lower', max: 2, tolerance: 10 }, 1, 2.5, 'fail'], // ceiling
    [{ direction: 'higher', max_gain_pct: 50 }, 0.4, 0.7, 'warn'], // suspicious gain
    [{ direction: 'higher', max_gain_pct: 50 }, 0.4, 0.5, 'pass'],
  ])('%j: %d -> %d is %s', (rule, b, c, status) => {
    const row = only(compare({ q: { score: b } }, { q: { score: c } }, rules(rule)), 'q.score');
    expect(row.status).toBe(status);
    expect(row.rule).toBe('q.score');
  });

  it('treats equal values as equal despite floating-point noise', () => {
    const row = only(compare({ q: { score: 0.1 + 0.2 } }, { q: { score: 0.3 } }, rules({ direction: 'higher' })), 'q.score');
    expect(row.status).toBe('pass');
  });

  it('uses the first matching rule; * is one segment and ** any number', () => {
    const p = policy({
      rules: [
        { metric: 'vs_reference.*.f1', direction: 'higher', severity: 'warning' },
        { metric: '**.f1', direction: 'higher', tolerance: 0.5 },
      ],
    });
    const rows = compare({ vs_reference: { r1: { f1: 0.9 } }, deep: { a: { b: { f1: 0.9 } } } }, { vs_reference: { r1: { f1: 0.5 } }, deep: { a: { b: { f1: 0.5 } } } }, p);
    expect(only(rows, 'vs_reference.r1.f1')).toMatchObject({ status: 'warn', rule: 'vs_reference.*.f1' });
    expect(only(rows, 'deep.a.b.f1')).toMatchObject({ status: 'pass', rule: '**.f1' });
  });

  it('warns when a rule has no direction and none can be inferred', () => {
    const row = only(compare({ q: { score: 1 } }, { q: { score: 0 } }, rules({})), 'q.score');
    expect(row.status).toBe('warn');
    expect(row.message).toContain('set `direction`');
  });
});

describe('missing, new and changed metrics (F12)', () => {
  it('fails a metric the candidate lacks, by default', () => {
    expect(only(compare({ f1: 0.5, x: 1 }, { x: 1 }), 'f1')).toMatchObject({ status: 'fail', candidate: null });
  });

  it('fails even an ungated metric the candidate lacks', () => {
    expect(only(compare({ avg_tokens: 5, f1: 1 }, { f1: 1 }), 'avg_tokens').status).toBe('fail');
  });

  it.each([
    ['warn', 'warn'],
    ['ignore', 'info'],
  ])('relaxes a missing metric with missing: %s', (missing, status) => {
    const p = policy({ rules: [{ metric: 'f1', direction: 'higher', missing }] });
    expect(only(compare({ f1: 0.5, x: 1 }, { x: 1 }, p), 'f1').status).toBe(status);
  });

  it('reports a new metric as info', () => {
    expect(only(compare({ x: 1 }, { x: 1, f1: 0.2 }), 'f1')).toMatchObject({ status: 'info', baseline: null, message: 'new metric (not in the baseline)' });
  });

  it('fails a metric that changed type', () => {
    expect(only(compare({ f1: 0.5 }, { f1: '0.5' }), 'f1')).toMatchObject({ status: 'fail' });
    expect(only(compare({ f1: 0.5 }, { f1: '0.5' }), 'f1').message).toContain('changed type');
    expect(only(compare({ f1: [0.5] }, { f1: 0.5 }), 'f1').status).toBe('fail');
  });

  it('treats null on the candidate as missing', () => {
    expect(only(compare({ bleu: 0.5 }, { bleu: null }), 'bleu').status).toBe('fail');
  });
});

describe('cold start', () => {
  it('applies only absolute bounds', () => {
    const p = policy({ cold_start: 'absolute', rules: [{ metric: 'f1', direction: 'higher', min: 0.5 }] });
    expect(only(compare(null, { f1: 0.4, other_f1: 0.1 }, p), 'f1').status).toBe('fail');
    expect(only(compare(null, { f1: 0.6, other_f1: 0.1 }, p), 'f1').status).toBe('pass');
    expect(only(compare(null, { f1: 0.6, other_f1: 0.1 }, p), 'other_f1').status).toBe('info');
  });
});

describe('significance-aware rules', () => {
  const p = policy({ rules: [{ metric: 'acc', direction: 'higher', significance: 0.05 }] });
  const run = (low: number, high: number, significant: boolean, evidence?: PairedEvidence) =>
    evaluatePerformance({
      candidate: flattenMetrics({ acc: 0.67 }),
      baseline: flattenMetrics({ acc: 0.7 }),
      ruleFor: compileRules(p),
      evidence: new Map([['acc', evidence ?? { kind: 'interval', significant, score: 'acc', interval: { low, high, level: 0.95, method: 'mcnemar' as const, items: 500, p_value: significant ? 0.01 : 0.2, tested_delta: 0 } }]]),
    }).metrics[0];

  it('fails when the test is significant, and shows the interval', () => {
    const row = run(-0.05, -0.01, true);
    expect(row?.status).toBe('fail');
    expect(row?.message).toBe('worse by 0.03; significant: p = 0.01 (exact McNemar); 95% interval of the mean per-item change [−0.05, −0.01] over 500 items');
    expect(row?.interval).toMatchObject({ low: -0.05, high: -0.01 });
  });

  it('warns, saying so, when the drop is not significant', () => {
    const row = run(-0.06, 0.01, false);
    expect(row?.status).toBe('warn');
    expect(row?.message).toContain('but not statistically significant: p = 0.2');
  });

  it('fails on refused scores and warns on too few items', () => {
    expect(run(0, 0, false, { kind: 'refused', message: 'per-item `acc` scores are wrong' })).toMatchObject({ status: 'fail', message: 'per-item `acc` scores are wrong' });
    const few = run(0, 0, false, { kind: 'too_few', items: 4, minimum: 6, level: 0.95, score: 'acc' });
    expect(few).toMatchObject({ status: 'warn', message: 'worse by 0.03 but too few items to decide: 4 paired items with `acc` scores; a 95% decision needs at least 6' });
  });

  it('falls back to the point comparison without an interval', () => {
    const rows = compare({ acc: 0.7 }, { acc: 0.67 }, p);
    expect(only(rows, 'acc').status).toBe('fail');
  });
});
