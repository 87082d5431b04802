// Are per-item scores evidence about their metric? Each rule of src/gate/score-consistency.ts,
// with summaries built by the real PairedScores from items written here.
import { describe, expect, it } from 'vitest';
import { checkScoreConsistency, fUpperTail, isBoundedName, MAX_SCORE, writtenDecimals } from '../../../src/gate/score-consistency.js';
import { PairedScores } from '../../../src/stats/paired.js';

function verdict(metric: string, base: number[], cand: number[], aggregates?: { baseline: number; candidate: number }) {
  const pairs = new PairedScores();
  base.forEach((v, i) => pairs.addBaseline(`i${i}`, { s: v }));
  cand.forEach((v, i) => pairs.addCandidate(`i${i}`, { s: v }));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return checkScoreConsistency({
    metric,
    score: 's',
    baselineValue: aggregates?.baseline ?? mean(base),
    candidateValue: aggregates?.candidate ?? mean(cand),
    baseline: pairs.sideSummary('s', 'baseline'),
    candidate: pairs.sideSummary('s', 'candidate'),
  });
}

describe('score consistency', () => {
  it('accepts scores whose mean is the metric, also when the metric is written rounded', () => {
    expect(verdict('quality.f1', [0.5, 0.7, 0.9], [0.4, 0.6, 0.8])).toEqual({ status: 'consistent' });
    // Means 0.7 and 0.61234: written as 0.7 and 0.6123 (4 decimals).
    expect(verdict('quality.f1', [0.5, 0.7, 0.9], [0.61234, 0.61234, 0.61234], { baseline: 0.7, candidate: 0.6123 })).toEqual({ status: 'consistent' });
  });

  it('refuses a mean that does not reproduce the metric beyond the rounding it is written with', () => {
    const r = verdict('quality.f1', [0.5, 0.7, 0.9], [0.61234, 0.61234, 0.61234], { baseline: 0.7, candidate: 0.6122 });
    expect(r).toMatchObject({ status: 'fail' });
    expect(r.status === 'fail' && r.message).toContain("the candidate's 3 scores average 0.61234, its metrics.json says 0.6122");
  });

  it('names percent scores against a fraction metric (issue 18.1)', () => {
    const r = verdict('quality.accuracy', [50, 70, 90], [40, 60, 80], { baseline: 0.7, candidate: 0.6 });
    expect(r.status === 'fail' && r.message).toMatch(/^per-item `s` scores outside \[0, 1\], the range of `quality\.accuracy`: the baseline's item "i2" has 90$/);
    // Not a bounded name: the mean check names the scale.
    const unbounded = verdict('quality.score', [50, 70, 90], [40, 60, 80], { baseline: 0.7, candidate: 0.6 });
    expect(unbounded.status === 'fail' && unbounded.message).toContain('average 70, its metrics.json says 0.7 (percent scores against a fraction?)');
  });

  it('bounds by the metric: [0, 1] for fractions, [0, 100] for percents, none for unbounded names', () => {
    expect(verdict('rougeL_f1', [0.2, 0.4], [1.2, -0.4])).toMatchObject({ status: 'fail' });
    expect(verdict('accuracy_pct', [20, 40], [30, 50])).toEqual({ status: 'consistent' });
    expect(verdict('accuracy_pct', [20, 40], [130, -50])).toMatchObject({ status: 'fail' });
    expect(verdict('latency_ms', [200, 400], [130, 470])).toEqual({ status: 'consistent' });
    expect(isBoundedName('summary.rougeL_f1')).toBe(true);
    expect(isBoundedName('pass_rate')).toBe(true);
    expect(isBoundedName('latency.p50')).toBe(false);
  });

  it('keeps binary scores binary when the baseline is', () => {
    const r = verdict('exact_match', [1, 0, 1, 1], [1, 0.5, 0.5, 1]);
    expect(r.status === 'fail' && r.message).toBe('per-item `s` scores are 0/1 in the baseline but not in the candidate: item "i1" has 0.5');
  });

  it('refuses magnitudes the statistics cannot hold (issue 18.7: ±1.7e308)', () => {
    const r = verdict('quality.value', [1.7e308, -1.7e308], [1, 2], { baseline: 0, candidate: 1.5 });
    expect(r.status === 'fail' && r.message).toBe(`per-item \`s\` scores: the baseline's item "i1" has -1.7e+308, beyond ±${MAX_SCORE} (too large to compare)`);
  });

  it('falls back to the aggregate comparison when the candidate spreads far wider than the baseline (forged noise)', () => {
    const base = Array.from({ length: 40 }, (_, i) => 10 + ((i * 7) % 5) - 2);
    const cand = base.map((v, i) => v - 1 + (i % 2 ? 30 : -30));
    const r = verdict('latency_ms', base, cand);
    expect(r.status).toBe('fallback');
    expect(r.status === 'fallback' && r.message).toMatch(/^the candidate's per-item `s` scores spread [\d.]+ times as wide as the baseline's \(over 3, beyond chance\)/);
    // Ten items that happen to spread 3.5 times as wide are within chance: no fallback.
    const few = [10, 11, 9, 10, 12, 8, 10, 10, 11, 9];
    expect(verdict('latency_ms', few, few.map((v, i) => v + (i % 2 ? 3.5 : -3.5))).status).toBe('consistent');
  });

  it('fUpperTail is the F distribution tail (checked against closed forms)', () => {
    // F(2, 2): P(F > x) = 1 / (1 + x). F(1, 1): P(F > x) = 1 - (2/pi) atan(sqrt(x)).
    for (const x of [0.3, 1, 4, 20]) {
      expect(fUpperTail(x, 2, 2)).toBeCloseTo(1 / (1 + x), 12);
      expect(fUpperTail(x, 1, 1)).toBeCloseTo(1 - (2 / Math.PI) * Math.atan(Math.sqrt(x)), 12);
    }
  });

  it('writtenDecimals reads the shortest form of a number', () => {
    expect(writtenDecimals(0.712)).toBe(3);
    expect(writtenDecimals(1e-7)).toBe(7);
    expect(writtenDecimals(1.5e-7)).toBe(8);
    expect(writtenDecimals(1500)).toBe(0);
    expect(writtenDecimals(0.1 + 0.2)).toBe(17);
  });
});
