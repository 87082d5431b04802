// Does a run beat its baseline by the auto_promote margin? Table tests of the decision, and the
// paired test checked against an exact binomial sum written here (McNemar with min_gain 0).
import { describe, expect, it } from 'vitest';
import { autoPromotionEvidence } from '../../../src/gate/auto-promotion.js';
import { flattenMetrics, type FlatMetrics } from '../../../src/artifacts/metrics.js';
import { UsageError } from '../../../src/contract/errors.js';
import { compileRules } from '../../../src/policy/rules.js';
import { autoPromoteSchema, policySchema } from '../../../src/policy/schema.js';
import { PairedScores } from '../../../src/stats/paired.js';

const flat = (values: Record<string, number>): FlatMetrics => flattenMetrics(values);
const config = (fields: Record<string, unknown>) => autoPromoteSchema.parse({ metric: 'exact_match', ...fields });
const rules = (extra: Record<string, unknown> = {}) => compileRules(policySchema.parse({ version: 1, ...extra }));

/** n items; the first `both` correct on both sides, then `better` only the candidate, `worse` only the baseline. */
function binaryPairs(n: number, both: number, better: number, worse: number): { pairs: PairedScores; baseline: number; candidate: number } {
  const pairs = new PairedScores();
  let b = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const base = i < both || (i >= both + better && i < both + better + worse) ? 1 : 0;
    const cand = i < both + better ? 1 : 0;
    b += base;
    c += cand;
    pairs.addBaseline(`q${i}`, { exact_match: base });
    pairs.addCandidate(`q${i}`, { exact_match: cand });
  }
  return { pairs, baseline: b / n, candidate: c / n };
}

/** Exact two-sided McNemar p for c better and b worse (at min_gain 0): 2 * P(X >= c), X ~ Bin(b + c, 1/2). */
function mcnemarP(better: number, worse: number): number {
  const n = better + worse;
  let tail = 0;
  let coefficient = 1;
  for (let k = 0; k <= n; k++) {
    if (k >= better) tail += coefficient;
    coefficient = (coefficient * (n - k)) / (k + 1);
  }
  return Math.min(1, (2 * tail) / 2 ** n);
}

describe('auto-promotion evidence', () => {
  it.each([
    ['cold start: nothing to beat', { exact_match: 0.9 }, null, {}, false, /no baseline to beat/],
    ['the run lacks the metric', { f1: 0.9 }, { exact_match: 0.5 }, {}, false, /the run has no metric exact_match/],
    ['equal: no gain', { exact_match: 0.5 }, { exact_match: 0.5 }, {}, false, /gain 0\) is not more than min_gain 0/],
    ['under the margin', { exact_match: 0.51 }, { exact_match: 0.5 }, { min_gain: 0.02 }, false, /gain 0\.01\) is not more than min_gain 0\.02/],
    ['exactly at the margin is not over it', { exact_match: 0.52 }, { exact_match: 0.5 }, { min_gain: 0.02 }, false, /is not more than min_gain 0\.02/],
    ['over the margin, no per-item scores: the aggregate decides', { exact_match: 0.6 }, { exact_match: 0.5 }, { min_gain: 0.02 }, true, /beats min_gain 0\.02; no per-item `exact_match` scores: aggregate comparison/],
  ])('%s', (_name, candidate, baseline, fields, beats, why) => {
    const evidence = autoPromotionEvidence({ config: config(fields), candidate: flat(candidate), baseline: baseline ? flat(baseline) : null, ruleFor: rules(), pairs: null });
    expect(evidence.beats).toBe(beats);
    expect(evidence.why).toMatch(why);
  });

  it('reads a lower-is-better metric the other way: a drop is the gain', () => {
    const evidence = autoPromotionEvidence({
      config: autoPromoteSchema.parse({ metric: 'avg_latency_ms', min_gain: 5 }),
      candidate: flat({ avg_latency_ms: 90 }), baseline: flat({ avg_latency_ms: 100 }), ruleFor: rules(), pairs: null,
    });
    expect(evidence).toMatchObject({ direction: 'lower', gain: 10, beats: true });
    expect(evidence.why).toMatch(/avg_latency_ms 100 → 90 \(gain 10, lower is better\)/);
  });

  it('is a policy error when the metric has no direction', () => {
    expect(() => autoPromotionEvidence({
      config: autoPromoteSchema.parse({ metric: 'widgets' }), candidate: flat({ widgets: 2 }), baseline: flat({ widgets: 1 }), ruleFor: rules(), pairs: null,
    })).toThrow(UsageError);
    // A rule with a direction settles it.
    const evidence = autoPromotionEvidence({
      config: autoPromoteSchema.parse({ metric: 'widgets' }), candidate: flat({ widgets: 2 }), baseline: flat({ widgets: 1 }),
      ruleFor: rules({ rules: [{ metric: 'widgets', direction: 'higher' }] }), pairs: null,
    });
    expect(evidence.beats).toBe(true);
  });

  it('with 0/1 scores, needs the gain to be significant: exact McNemar, the same p as the binomial sum', () => {
    // 100 items: 55 right on both, 25 fixed by the candidate, 5 broken: 0.60 -> 0.80.
    const { pairs, baseline, candidate } = binaryPairs(100, 55, 25, 5);
    const evidence = autoPromotionEvidence({ config: config({}), candidate: flat({ exact_match: candidate }), baseline: flat({ exact_match: baseline }), ruleFor: rules(), pairs });
    expect(evidence.beats).toBe(true);
    expect(evidence.test).toMatchObject({ method: 'mcnemar', items: 100, level: 0.95, significant: true, score: 'exact_match' });
    expect(evidence.test?.p_value).toBeCloseTo(mcnemarP(25, 5), 10);
    expect(evidence.test?.low).toBeGreaterThan(0);
    expect(evidence.why).toMatch(/beats min_gain 0 significantly: p = 0\.00\d+ against a gain of 0 \(exact McNemar\)/);
  });

  it('refuses a gain over the margin that is not significant, with the p-value', () => {
    // 20 items: 3 fixed, 1 broken: 0.50 -> 0.60, far from significant.
    const { pairs, baseline, candidate } = binaryPairs(20, 8, 3, 1);
    const evidence = autoPromotionEvidence({ config: config({}), candidate: flat({ exact_match: candidate }), baseline: flat({ exact_match: baseline }), ruleFor: rules(), pairs });
    expect(evidence.beats).toBe(false);
    expect(evidence.test?.p_value).toBeCloseTo(mcnemarP(3, 1), 10);
    expect(evidence.why).toMatch(/is over min_gain 0 but not significantly: p = 0\.6/);
  });

  it('tests against min_gain, not against no change', () => {
    // Significant against 0, but not against a required gain of 0.15 (observed 0.20 over 100 items).
    const { pairs, baseline, candidate } = binaryPairs(100, 55, 25, 5);
    const evidence = autoPromotionEvidence({ config: config({ min_gain: 0.15 }), candidate: flat({ exact_match: candidate }), baseline: flat({ exact_match: baseline }), ruleFor: rules(), pairs });
    expect(evidence.gain).toBeCloseTo(0.2, 12);
    expect(evidence.test?.tested_delta).toBe(0.15);
    expect(evidence.beats).toBe(false);
  });

  it('refuses scores that do not explain the metric (they must average to it)', () => {
    const { pairs } = binaryPairs(100, 55, 25, 5);
    const evidence = autoPromotionEvidence({ config: config({}), candidate: flat({ exact_match: 0.95 }), baseline: flat({ exact_match: 0.6 }), ruleFor: rules(), pairs });
    expect(evidence.beats).toBe(false);
    expect(evidence.why).toMatch(/exact_match 0\.6 → 0\.95 .*, but .*exact_match/);
  });

  it('says too few items decide nothing', () => {
    const { pairs, baseline, candidate } = binaryPairs(4, 0, 4, 0);
    const evidence = autoPromotionEvidence({ config: config({}), candidate: flat({ exact_match: candidate }), baseline: flat({ exact_match: baseline }), ruleFor: rules(), pairs });
    expect(evidence.beats).toBe(false);
    expect(evidence.why).toMatch(/too few items to show the gain is real: 4 paired item\(s\) .* needs at least 6/);
  });
});

describe('the auto_promote policy block', () => {
  it('defaults min_gain 0, significance 0.05, set_pin true, no id prefix', () => {
    expect(autoPromoteSchema.parse({ metric: 'f1' })).toEqual({ metric: 'f1', min_gain: 0, significance: 0.05, set_pin: true, id_prefix: '' });
  });

  it.each([
    [{ metric: 'vs_reference.*.f1' }, /one metric/],
    [{ metric: 'f1', min_gain: -1 }, /min_gain/],
    [{ metric: 'f1', significance: 0.5 }, /significance/],
    [{ metric: 'f1', id_prefix: 'a/b' }, /id_prefix/],
    [{ metric: 'f1', typo: 1 }, /typo/],
  ])('refuses %j', (block, message) => {
    const parsed = policySchema.safeParse({ version: 1, auto_promote: block });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(message);
  });
});
