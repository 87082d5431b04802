// pairedIntervals: which metrics get a paired interval, at which level, with which notes, and
// the flips and coverage it adds to the JSON report; then the decision through the real
// performance gate, as src/gate/run-gate.ts chains them.
import { formatNumber } from '../../../src/report/format.js';
import { describe, expect, it } from 'vitest';
import { flattenMetrics } from '../../../src/artifacts/metrics.js';
import { DEFAULT_RESAMPLES, FLIP_ID_CAP, FLIP_TOP, PAIRED_SEED, intervalLevel, pairedIntervals, type PairedOutput } from '../../../src/gate/paired-intervals.js';
import type { FlipsEntry, ScoreCoverageEntry } from '../../../src/contract/report-sections.js';
import { evaluatePerformance, type PairedEvidence } from '../../../src/gate/checks/performance.js';
import { compileRules } from '../../../src/policy/rules.js';
import { policySchema } from '../../../src/policy/schema.js';
import { compareScores } from '../../../src/stats/compare.js';
import { PairedScores } from '../../../src/stats/paired.js';

type Scores = Record<string, number | null>;

interface Side {
  /** [id, scores] in file order. */
  items: [string, Scores | undefined][];
  metrics: Record<string, unknown>;
}

/** The interval of a metric's evidence, when the test ran. */
function intervalOf(out: PairedOutput, metric: string) {
  const evidence: PairedEvidence | undefined = out.evidence.get(metric);
  return evidence?.kind === 'interval' ? evidence.interval : undefined;
}

const compareOptions = { level: 0.95, resamples: DEFAULT_RESAMPLES, seed: PAIRED_SEED, direction: 'higher' as const, allowedWorsening: 0 };

function pairsOf(baseline: Side, candidate: Side): PairedScores {
  const pairs = new PairedScores();
  for (const [id, scores] of baseline.items) pairs.addBaseline(id, scores);
  for (const [id, scores] of candidate.items) pairs.addCandidate(id, scores);
  return pairs;
}

function run(baseline: Side, candidate: Side, rules: Record<string, unknown>[]): PairedOutput & { ruleFor: ReturnType<typeof compileRules> } {
  const ruleFor = compileRules(policySchema.parse({ version: 1, rules }));
  const out = pairedIntervals({
    pairs: pairsOf(baseline, candidate),
    candidate: flattenMetrics(candidate.metrics),
    baseline: flattenMetrics(baseline.metrics),
    ruleFor,
  });
  return { ...out, ruleFor };
}

/** A binary side: `pass[i]` is item i's exact_match; the metric is the mean, as harnesses write it. */
function binarySide(pass: number[], prefix = 'q'): Side {
  const items = pass.map((v, i): [string, Scores] => [`${prefix}${i}`, { exact_match: v }]);
  const mean = pass.reduce((a, b) => a + b, 0) / pass.length;
  return { items, metrics: { quality: { exact_match: mean } } };
}

function continuousSide(values: number[], name = 'rougeL_f1'): Side {
  const items = values.map((v, i): [string, Scores] => [`e${i}`, { [name]: v }]);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { items, metrics: { summary: { [name]: mean } } };
}

/** The side with its exact_match aggregate recomputed from its items, as a harness would write it. */
function withMean(side: Side): Side {
  const scored = side.items.map(([, s]) => s?.exact_match).filter((v): v is number => typeof v === 'number');
  return { ...side, metrics: { quality: { exact_match: scored.reduce((a, b) => a + b, 0) / scored.length } } };
}

const emRule = { metric: 'quality.exact_match', direction: 'higher', significance: 0.05 };

/** 70% pass rate baseline; the candidate flips `worse` passes to fails and `better` fails to passes. */
function flipped(n: number, worse: number, better: number): { baseline: Side; candidate: Side } {
  const base = Array.from({ length: n }, (_, i) => (i % 10 < 7 ? 1 : 0));
  const cand = [...base];
  let w = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    if (base[i] === 1 && w < worse) {
      cand[i] = 0;
      w++;
    } else if (base[i] === 0 && b < better) {
      cand[i] = 1;
      b++;
    }
  }
  return { baseline: binarySide(base), candidate: binarySide(cand) };
}

describe('interval level', () => {
  it('is 1 - significance (95% at 0.05, as the policy documents): false failures stay under significance / 2', () => {
    expect(intervalLevel({ significance: 0.05 })).toBeCloseTo(0.95, 15);
    expect(intervalLevel({ significance: 0.01 })).toBeCloseTo(0.99, 15);
  });

  it('is `confidence` when the rule sets it', () => {
    expect(intervalLevel({ significance: 0.05, confidence: 0.9 })).toBe(0.9);
  });
});

describe('binary scores: exact McNemar', () => {
  it('gives the interval of the paired difference, its p-value and item count, at level 1 - 2 alpha', () => {
    const { baseline, candidate } = flipped(1000, 40, 15);
    const out = run(baseline, candidate, [emRule]);
    const interval = intervalOf(out, 'quality.exact_match');
    const expected = compareScores(pairsOf(baseline, candidate).deltas('exact_match'), 'binary', compareOptions);
    expect(interval).toEqual({ ...expected.interval });
    expect(out.evidence.get('quality.exact_match')).toMatchObject({ kind: 'interval', significant: true, score: 'exact_match' });
    expect(interval).toMatchObject({ method: 'mcnemar', level: 0.95, items: 1000 });
    expect(interval?.p_value).toBeGreaterThan(0);
    expect(interval?.p_value).toBeLessThan(0.01); // 40 against 15 discordant pairs
    expect(out.notes.size).toBe(0);
  });

  it('counts flips both ways, lists their ids in file order, and reports the coverage', () => {
    const { baseline, candidate } = flipped(100, 3, 2);
    const out = run(baseline, candidate, [emRule]);
    const flips = (out.extra.flips as Record<string, FlipsEntry>).exact_match;
    expect(flips).toEqual({
      kind: 'binary', metrics: ['quality.exact_match'], direction: 'higher', items: 100, worse: 3, better: 2,
      worse_ids: ['q0', 'q1', 'q2'], better_ids: ['q7', 'q8'], ids_truncated: false,
    });
    const coverage = (out.extra.score_coverage as Record<string, ScoreCoverageEntry>).exact_match;
    expect(coverage).toEqual({ items: 100, missing_baseline: { count: 0, examples: [] }, missing_candidate: { count: 0, examples: [] } });
  });

  it('caps the id lists at FLIP_ID_CAP and says so, with complete counts', () => {
    const n = 2 * FLIP_ID_CAP + 10;
    const base = Array.from({ length: n }, () => 1);
    const cand = base.map((_, i) => (i < FLIP_ID_CAP + 5 ? 0 : 1));
    const out = run(binarySide(base), binarySide(cand), [emRule]);
    const flips = (out.extra.flips as Record<string, FlipsEntry>).exact_match;
    expect(flips?.worse).toBe(FLIP_ID_CAP + 5);
    expect(flips?.kind === 'binary' && flips.worse_ids.length).toBe(FLIP_ID_CAP);
    expect(flips?.kind === 'binary' && flips.ids_truncated).toBe(true);
  });

  it('follows the direction: for a lower-is-better score a rise is worse', () => {
    const base = [0, 0, 0, 1, 1];
    const cand = [1, 1, 0, 1, 0];
    const side = (v: number[]) => ({ ...binarySide(v), metrics: { quality: { exact_match: v.reduce((a, b) => a + b, 0) / v.length } } });
    const out = run(side(base), side(cand), [{ ...emRule, direction: 'lower' }]);
    const flips = (out.extra.flips as Record<string, FlipsEntry>).exact_match;
    expect(flips).toMatchObject({ direction: 'lower', worse: 2, better: 1, worse_ids: ['q0', 'q1'], better_ids: ['q4'] });
  });
});

describe('continuous scores', () => {
  const values = (n: number, shift: number, seed: number) =>
    Array.from({ length: n }, (_, i) => Math.round((0.5 + 0.4 * Math.sin(i * 12.9898 + seed) + shift) * 1e4) / 1e4);

  it('uses the seeded t and bootstrap-t hull up to 20,000 items: the same predictions give the same interval', () => {
    const baseline = continuousSide(values(400, 0, 1));
    const candidate = continuousSide(values(400, -0.02, 2));
    const rule = { metric: 'summary.rougeL_f1', direction: 'higher', significance: 0.05 };
    const a = intervalOf(run(baseline, candidate, [rule]), 'summary.rougeL_f1');
    const b = intervalOf(run(baseline, candidate, [rule]), 'summary.rougeL_f1');
    expect(a?.method).toBe('bootstrap');
    expect(a?.items).toBe(400);
    expect(a?.p_value).toBeGreaterThan(0);
    expect(b).toEqual(a);
    const deltas = pairsOf(baseline, candidate).deltas('rougeL_f1');
    expect(a).toEqual(compareScores(deltas, 'continuous', compareOptions).interval);
  });

  it('passes the rule\'s resamples and confidence to the bootstrap', () => {
    const baseline = continuousSide(values(200, 0, 1));
    const candidate = continuousSide(values(200, -0.01, 3));
    const rule = { metric: 'summary.rougeL_f1', direction: 'higher', significance: 0.05, confidence: 0.8, resamples: 250 };
    const got = intervalOf(run(baseline, candidate, [rule]), 'summary.rougeL_f1');
    const deltas = pairsOf(baseline, candidate).deltas('rougeL_f1');
    expect(got).toEqual(compareScores(deltas, 'continuous', { ...compareOptions, level: 0.8, resamples: 250 }).interval);
  });

  it('tests against the rule\'s allowed worsening (tolerance + tolerance_pct of the baseline)', () => {
    const baseline = continuousSide(values(200, 0, 1));
    const candidate = continuousSide(values(200, -0.01, 3));
    const rule = { metric: 'summary.rougeL_f1', direction: 'higher', significance: 0.05, tolerance: 0.01, tolerance_pct: 2 };
    const got = intervalOf(run(baseline, candidate, [rule]), 'summary.rougeL_f1');
    const allowed = 0.01 + 0.02 * ((baseline.metrics.summary as Record<string, number>).rougeL_f1 ?? NaN);
    expect(got?.tested_delta).toBeCloseTo(-allowed, 15);
    const deltas = pairsOf(baseline, candidate).deltas('rougeL_f1');
    expect(got).toEqual(compareScores(deltas, 'continuous', { ...compareOptions, allowedWorsening: allowed }).interval);
  });

  it('lists the largest worsenings, worst first, at most FLIP_TOP', () => {
    const base = values(300, 0, 1);
    const cand = base.map((v, i) => Math.round((v - (i % 7 === 0 ? 0.0003 * i : 0)) * 1e4) / 1e4);
    const out = run(continuousSide(base), continuousSide(cand), [{ metric: 'summary.rougeL_f1', direction: 'higher', significance: 0.05, tolerance: 0.5 }]);
    const flips = (out.extra.flips as Record<string, FlipsEntry>).rougeL_f1;
    if (flips?.kind !== 'continuous') throw new Error('expected continuous flips');
    expect(flips.worse).toBe(42); // i = 7, 14, ..., 294 (i = 0 is unchanged)
    expect(flips.better).toBe(0);
    expect(flips.largest_worsening.length).toBe(Math.min(42, FLIP_TOP));
    expect(flips.largest_worsening[0]?.id).toBe('e294');
    const deltas = flips.largest_worsening.map((c) => c.delta);
    expect([...deltas].sort((a, b) => a - b)).toEqual(deltas);
  });

  it('says "too few items" below the minimum the level needs (6 at 95%)', () => {
    const out = run(continuousSide([0.5, 0.6]), continuousSide([0.4, 0.5]), [{ metric: 'summary.rougeL_f1', direction: 'higher', significance: 0.05 }]);
    expect(out.evidence.get('summary.rougeL_f1')).toEqual({ kind: 'too_few', items: 2, minimum: 6, level: 0.95, score: 'rougeL_f1' });
  });
});

describe('which metrics and which scores', () => {
  it('leaves rules without significance alone', () => {
    const { baseline, candidate } = flipped(100, 10, 0);
    const out = run(baseline, candidate, [{ metric: 'quality.exact_match', direction: 'higher' }]);
    expect(out.evidence.size).toBe(0);
    expect(out.notes.size).toBe(0);
    expect(out.extra).toEqual({});
  });

  it('falls back to the aggregate comparison, saying so, when no item has the score', () => {
    const { baseline, candidate } = flipped(50, 5, 0);
    const out = run(baseline, candidate, [{ ...emRule, metric: 'quality.exact_match', score: 'em_strict' }]);
    expect(out.evidence.size).toBe(0);
    expect(out.notes.get('quality.exact_match')).toBe('no per-item `em_strict` scores: aggregate comparison');
    expect(out.extra).toEqual({});
  });

  it('falls back when only one side has the score', () => {
    const { baseline } = flipped(50, 0, 0);
    const candidate: Side = { items: baseline.items.map(([id]) => [id, { other: 1 }]), metrics: { quality: { exact_match: 0.6 } } };
    const out = run(baseline, candidate, [emRule]);
    expect(out.notes.get('quality.exact_match')).toBe('no per-item `exact_match` scores: aggregate comparison');
  });

  it('uses `score` to name the per-item score, default the last path segment', () => {
    const base = continuousSide([0.5, 0.6, 0.7, 0.8, 0.5, 0.6], 'f1_item');
    const cand = continuousSide([0.4, 0.6, 0.6, 0.8, 0.5, 0.5], 'f1_item');
    const withScore = run(base, cand, [{ metric: 'summary.f1_item', direction: 'higher', significance: 0.1, score: 'f1_item' }]);
    expect(intervalOf(withScore, 'summary.f1_item')?.items).toBe(6);
    const renamed = { ...cand, metrics: { summary: { macro: (cand.metrics.summary as Record<string, number>).f1_item } } };
    const baseRenamed = { ...base, metrics: { summary: { macro: (base.metrics.summary as Record<string, number>).f1_item } } };
    const out = run(baseRenamed, renamed, [{ metric: 'summary.macro', direction: 'higher', significance: 0.1, score: 'f1_item' }]);
    expect(intervalOf(out, 'summary.macro')?.items).toBe(6);
    const noScore = run(baseRenamed, renamed, [{ metric: 'summary.macro', direction: 'higher', significance: 0.1 }]);
    expect(noScore.notes.get('summary.macro')).toBe('no per-item `macro` scores: aggregate comparison');
  });

  it('uses only paired items with the score on both sides, and says how many lack it', () => {
    const { baseline, candidate } = flipped(100, 10, 0);
    candidate.items[3] = ['q3', undefined];
    candidate.items[4] = ['q4', { exact_match: null }];
    baseline.items[5] = ['q5', {}];
    // The harness computed its metric over the items it scored.
    for (const side of [baseline, candidate]) {
      const scored = side.items.map(([, s]) => s?.exact_match).filter((v): v is number => typeof v === 'number');
      side.metrics = { quality: { exact_match: scored.reduce((a, b) => a + b, 0) / scored.length } };
    }
    const out = run(baseline, candidate, [emRule]);
    expect(intervalOf(out, 'quality.exact_match')?.items).toBe(97);
    expect(out.notes.get('quality.exact_match')).toBe('interval over the 97 paired items with `exact_match` scores on both sides (1 lack it in the baseline, 2 in the candidate)');
    expect((out.extra.score_coverage as Record<string, ScoreCoverageEntry>).exact_match).toEqual({
      items: 97, missing_baseline: { count: 1, examples: ['q5'] }, missing_candidate: { count: 2, examples: ['q3', 'q4'] },
    });
  });

  it('pairs by id, whatever the order and with missing and extra items', () => {
    const { baseline, candidate } = flipped(200, 20, 5);
    const shuffled = withMean({ ...candidate, items: [...candidate.items].reverse().filter(([id]) => id !== 'q150') });
    shuffled.items.push(['extra1', { exact_match: 0 }]);
    const inOrder = run(baseline, withMean({ ...candidate, items: candidate.items.filter(([id]) => id !== 'q150') }), [emRule]);
    const out = run(baseline, withMean(shuffled), [emRule]);
    expect(intervalOf(out, 'quality.exact_match')).toEqual(intervalOf(inOrder, 'quality.exact_match'));
    expect(intervalOf(out, 'quality.exact_match')?.items).toBe(199);
  });

  it('refuses scores that do not reproduce the metric (here: a percent metric, fraction scores), naming the score', () => {
    const { baseline, candidate } = flipped(1000, 60, 10);
    const percent = (side: Side): Side => ({ ...side, metrics: { quality: { exact_match: 100 * ((side.metrics.quality as Record<string, number>).exact_match ?? 0) } } });
    const out = run(percent(baseline), percent(candidate), [emRule]);
    expect(out.evidence.get('quality.exact_match')).toEqual({
      kind: 'refused',
      message: 'per-item `exact_match` scores do not reproduce `quality.exact_match`: the baseline\'s 1000 scores average 0.7, its metrics.json says 70 (fraction scores against a percent?); a significance rule needs per-item scores whose mean is the metric (set `score`, or drop `significance`)',
    });
  });

  it('computes one interval and one flips entry for metrics sharing a score', () => {
    const { baseline, candidate } = flipped(300, 30, 3);
    const both = (side: Side): Side => ({ ...side, metrics: { ...side.metrics, copy: { exact_match: (side.metrics.quality as Record<string, number>).exact_match } } });
    const out = run(both(baseline), both(candidate), [{ ...emRule, metric: '*.exact_match' }]);
    expect(intervalOf(out, 'copy.exact_match')).toEqual(intervalOf(out, 'quality.exact_match'));
    expect((out.extra.flips as Record<string, FlipsEntry>).exact_match?.metrics).toEqual(['quality.exact_match', 'copy.exact_match']);
  });
});

// Messages round changes as the report's table does (3 significant digits, U+2212 minus).
const fmt4 = (x: number | undefined): string => formatNumber(x ?? NaN, 3);

describe('the decision, through the performance gate', () => {
  function decide(baseline: Side, candidate: Side, rule: Record<string, unknown>) {
    const out = run(baseline, candidate, [rule]);
    const [row] = evaluatePerformance({
      candidate: flattenMetrics(candidate.metrics),
      baseline: flattenMetrics(baseline.metrics),
      ruleFor: out.ruleFor,
      evidence: out.evidence,
      notes: out.notes,
    }).metrics;
    return row;
  }

  it('warns on a small drop that is not significant, where the point rule at tolerance 0 fails', () => {
    const { baseline, candidate } = flipped(500, 12, 9); // -0.6 points, 21 discordant pairs
    const point = decide(baseline, candidate, { metric: 'quality.exact_match', direction: 'higher', tolerance: 0 });
    expect(point?.status).toBe('fail');
    const row = decide(baseline, candidate, { ...emRule, tolerance: 0 });
    expect(row?.status).toBe('warn');
    expect(row?.message).toBe(
      `worse by 0.006 but not statistically significant: p = 0.66 (exact McNemar); 95% interval of the mean per-item change [${fmt4(row?.interval?.low)}, ${fmt4(row?.interval?.high)}] over 500 items`,
    );
    expect(row?.interval).toMatchObject({ method: 'mcnemar', items: 500 });
  });

  it('fails a real drop', () => {
    const { baseline, candidate } = flipped(5000, 200, 50); // -3 points
    const row = decide(baseline, candidate, { ...emRule, tolerance: 0 });
    expect(row?.status).toBe('fail');
    expect(row?.message).toContain('significant');
    expect(row?.interval?.p_value).toBeLessThan(1e-10);
  });

  it('passes a drop within the tolerance without consulting the interval, and still shows it', () => {
    const { baseline, candidate } = flipped(1000, 5, 0);
    const row = decide(baseline, candidate, { ...emRule, tolerance: 0.01 });
    expect(row?.status).toBe('pass');
    expect(row?.interval?.items).toBe(1000);
  });

  it('under a tolerance says "not significantly beyond the allowed worsening", with the non-inferiority p-value', () => {
    const { baseline, candidate } = flipped(1000, 30, 10); // -2 points against an allowed 1
    const row = decide(baseline, candidate, { ...emRule, tolerance: 0.01 });
    expect(row?.status).toBe('warn');
    expect(row?.interval?.tested_delta).toBe(-0.01);
    expect(row?.message).toMatch(/^worse by 0\.02 \(allowed 0\.01\) but not significantly beyond the allowed worsening: p = [\d.]+ against a drop of 0\.01 \(exact McNemar\); 95% interval/);
    // The p-value of "any change" would be far smaller: it is not the one shown.
    const anyChange = decide(baseline, candidate, { ...emRule, tolerance: 0 });
    expect(anyChange?.interval?.p_value).toBeLessThan(0.003);
    expect(row?.interval?.p_value).toBeGreaterThan(0.05);
  });

  it('fails a metric whose scores contradict it, whatever the point comparison says', () => {
    const { baseline } = flipped(200, 0, 0);
    const forged: Side = { items: baseline.items.map(([id], i) => [id, { exact_match: i % 2 ? 3 : -1.6 }]), metrics: baseline.metrics };
    const row = decide(baseline, forged, { ...emRule, tolerance: 0 });
    expect(row?.status).toBe('fail');
    expect(row?.message).toBe('per-item `exact_match` scores outside [0, 1], the range of `quality.exact_match`: the candidate\'s item "q0" has -1.6');
  });

  it('warns "too few items to decide", naming the minimum, on a tiny set all flipping', () => {
    const row = decide(binarySide([1, 1, 1]), binarySide([0, 0, 0]), { ...emRule, tolerance: 0 });
    expect(row?.status).toBe('warn');
    expect(row?.message).toBe('worse by 1 but too few items to decide: 3 paired items with `exact_match` scores; a 95% decision needs at least 6');
  });

  it('falls back to the point comparison, with the note in the message, without scores', () => {
    const { baseline, candidate } = flipped(500, 12, 9);
    const row = decide(baseline, candidate, { ...emRule, tolerance: 0, score: 'absent' });
    expect(row?.status).toBe('fail');
    expect(row?.message).toContain('no per-item `absent` scores: aggregate comparison');
  });
});

describe('scores withheld from items', () => {
  it('fall back to the aggregate comparison when more than 5% of the paired items lack them (a forged subset cannot decide)', () => {
    const { baseline, candidate } = flipped(1000, 200, 0); // a 20-point drop
    // The candidate keeps scores on 10 items only, chosen so their mean matches its metric.
    candidate.items = candidate.items.map(([id, s], i) => [id, i >= 990 ? s : { exact_match: null }]);
    candidate.metrics = withMean(candidate).metrics;
    const out = run(baseline, candidate, [emRule]);
    expect(out.evidence.size).toBe(0);
    expect(out.notes.get('quality.exact_match')).toBe(
      'only 10 of the 1000 paired items have `exact_match` scores on both sides (0 lack it in the baseline, 990 in the candidate; at most 5% may): aggregate comparison',
    );
    // 5% is still judged on the scored items.
    const { baseline: b2, candidate: c2 } = flipped(1000, 200, 0);
    c2.items = c2.items.map(([id, s], i) => [id, i < 50 ? { exact_match: null } : s]);
    c2.metrics = withMean(c2).metrics;
    expect(intervalOf(run(b2, c2, [emRule]), 'quality.exact_match')?.items).toBe(950);
  });
});
