/**
 * Issue 18 through the bundled CLI: decisions that agree with their own numbers. Every expected
 * value is computed here, independently of src/stats (tests/support/independent-stats.ts: BigInt
 * binomial sums, a Monte Carlo of the melded Beta distributions, Simpson-integrated t).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBundledCli } from '../support/cli.js';
import { exactMcNemar, meldedMonteCarlo, studentTCdf, uniform } from '../support/independent-stats.js';
import { cleanupTempDirs, simpleStore, type RunSpec } from '../support/temp-store.js';
import type { MetricRow, Report } from '../../src/contract/report.js';

afterAll(cleanupTempDirs);

interface Gated {
  code: number | null;
  stdout: string;
  stderr: string;
  report: Report;
  markdown: string;
}

async function gate(store: string): Promise<Gated> {
  const json = join(store, 'report.json');
  const md = join(store, 'report.md');
  const result = await runBundledCli(['gate', '--store', store, '--run', 'cand', '--json', json, '--markdown', md]);
  expect(result.stderr).toBe('');
  const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
  expect(result.code).toBe(report.verdict === 'pass' ? 0 : 1);
  return { code: result.code, stdout: result.stdout, stderr: result.stderr, report, markdown: readFileSync(md, 'utf8') };
}

const row = (report: Report, name: string): MetricRow => {
  const found = report.metrics.find((m) => m.name === name);
  if (!found) throw new Error(`no metric row ${name}`);
  return found;
};

type Scores = Record<string, number | boolean | null>;

/** A run from per-item scores; metrics.json holds each score's mean unless `metrics` overrides it. */
function run(scores: Scores[], metrics: Record<string, number> = {}, ids?: (string | number)[]): RunSpec {
  const names = [...new Set(scores.flatMap((s) => Object.keys(s)))];
  const means: Record<string, number> = {};
  for (const name of names) {
    const values = scores.map((s) => s[name]).filter((v): v is number | boolean => typeof v === 'number' || typeof v === 'boolean').map(Number);
    means[name] = values.reduce((a, b) => a + b, 0) / values.length;
  }
  const jsonl = scores.map((s, i) => JSON.stringify({ id: ids?.[i] ?? `q${i}`, dataset_id: 'ds1', output: `answer ${i}`, scores: s })).join('\n') + '\n';
  return { predictions: jsonl, metrics: { dataset_id: 'ds1', task: 'qa', ...means, ...metrics } };
}

function policy(metric: string, lines: string[]): string {
  return ['version: 1', 'pins:', '  - baseline: base_v1', '    dataset: ds1', 'compliance:', '  require_commit: false', 'rules:', `  - metric: ${metric}`, '    direction: higher', ...lines.map((l) => `    ${l}`), ''].join('\n');
}

/** Binary scores: `n` items, the first `worse` of the baseline's passes fail in the candidate, the first `better` fails pass. */
function binary(n: number, worse: number, better: number, passRate = 0.7): { baseline: Scores[]; candidate: Scores[] } {
  const base = Array.from({ length: n }, (_, i) => (i % 10 < passRate * 10 ? 1 : 0));
  let w = worse;
  let b = better;
  const cand = base.map((v) => {
    if (v === 1 && w > 0) {
      w--;
      return 0;
    }
    if (v === 0 && b > 0) {
      b--;
      return 1;
    }
    return v;
  });
  return { baseline: base.map((v) => ({ exact_match: v })), candidate: cand.map((v) => ({ exact_match: v })) };
}

describe('18.1 scale of the per-item scores against the metric', () => {
  // 200 items of a fraction metric; the candidate is lower by 0.06 (tolerance 0.05).
  const u = uniform(41);
  const base = Array.from({ length: 200 }, () => Math.round((0.35 + 0.3 * u()) * 1e4) / 1e4);
  const cand = base.map((v, i) => Math.round((v - 0.06 + (i % 2 ? 0.15 : -0.15)) * 1e4) / 1e4);
  const rule = ['tolerance: 0.05', 'significance: 0.05'];

  it('percent-scale scores against a fraction metric are refused, naming the score, never judged', async () => {
    const asPercent = (values: number[]) => values.map((v) => ({ rougeL_f1: Math.round(v * 1e6) / 1e4 }));
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const store = simpleStore(
      run(asPercent(cand), { rougeL_f1: mean(cand) }),
      run(asPercent(base), { rougeL_f1: mean(base) }),
      policy('rougeL_f1', rule),
    );
    const { report } = await gate(store);
    const metric = row(report, 'rougeL_f1');
    expect(metric.status).toBe('fail');
    expect(metric.message).toMatch(/^per-item `rougeL_f1` scores outside \[0, 1\], the range of `rougeL_f1`: the baseline's item "q\d+" has \d+/);
    expect(metric.interval).toBeUndefined();
  });

  it('on a metric with no known range the mean check names the scale', async () => {
    const store = simpleStore(
      run(cand.map((v) => ({ quality: v * 100 })), { quality: cand.reduce((a, b) => a + b, 0) / 200 }),
      run(base.map((v) => ({ quality: v * 100 })), { quality: base.reduce((a, b) => a + b, 0) / 200 }),
      policy('quality', rule),
    );
    const metric = row((await gate(store)).report, 'quality');
    expect(metric.status).toBe('fail');
    expect(metric.message).toContain('(percent scores against a fraction?)');
  });

  it('the right scale is judged in the metric\'s units, and the delta lies inside its interval', async () => {
    const store = simpleStore(run(cand.map((v) => ({ rougeL_f1: v }))), run(base.map((v) => ({ rougeL_f1: v }))), policy('rougeL_f1', rule));
    const metric = row((await gate(store)).report, 'rougeL_f1');
    expect(metric.status).toBe('warn');
    expect(metric.interval?.low).toBeGreaterThan(-0.2);
    expect(metric.interval?.high).toBeLessThan(0);
    expect(metric.delta).toBeGreaterThanOrEqual(metric.interval?.low ?? Infinity);
    expect(metric.delta).toBeLessThanOrEqual(metric.interval?.high ?? -Infinity);
  });
});

describe('18.2 one method decides and reports', () => {
  for (const [n, b, c] of [[20, 5, 0], [100, 7, 1]] as const) {
    it(`b = ${b}, c = ${c} of ${n}: the exact McNemar p-value ${exactMcNemar(b, c)} is shown and the rule does not fail`, async () => {
      const { baseline, candidate } = binary(n, b, c);
      const { report, markdown } = await gate(simpleStore(run(candidate), run(baseline), policy('exact_match', ['tolerance: 0', 'significance: 0.05'])));
      const metric = row(report, 'exact_match');
      expect(metric.interval?.p_value).toBe(exactMcNemar(b, c));
      expect(metric.interval?.method).toBe('mcnemar');
      expect(metric.status).toBe('warn');
      expect(metric.message).toContain('but not statistically significant: p = ');
      expect(metric.interval?.high).toBeGreaterThan(0);
      // The interval is the melded one (Fay & Lumbard 2021): an independent Monte Carlo agrees.
      const mc = meldedMonteCarlo(b, c, n, 0.95, 200_000, n);
      expect(Math.abs((metric.interval?.low ?? 0) - mc.low)).toBeLessThan(0.005);
      expect(Math.abs((metric.interval?.high ?? 0) - mc.high)).toBeLessThan(0.005);
      expect(markdown).toMatch(/\| \[−0\.\d+, \+0\.\d+\] 95% \| 0\.0[67]\d* \| \d+ \|/);
    });
  }

  it('6 of 20 flipping, p = 2^-5 = 0.03125: fails, and the interval is entirely below 0', async () => {
    const { baseline, candidate } = binary(20, 6, 0);
    const { report, code } = await gate(simpleStore(run(candidate), run(baseline), policy('exact_match', ['tolerance: 0', 'significance: 0.05'])));
    const metric = row(report, 'exact_match');
    expect(metric.interval?.p_value).toBe(exactMcNemar(6, 0));
    expect(metric.status).toBe('fail');
    expect(metric.interval?.high).toBeLessThan(0);
    expect(code).toBe(1);
  });
});

describe('18.3 tiny binary sets', () => {
  for (const [n, flipped] of [[3, 3], [5, 4]] as const) {
    it(`${flipped} of ${n} flipping (exact p = ${exactMcNemar(flipped, 0)}) is "too few items to decide", naming the minimum`, async () => {
      const base = Array.from({ length: n }, () => ({ exact_match: 1 }));
      const cand = base.map((_, i) => ({ exact_match: i < flipped ? 0 : 1 }));
      const { report, code } = await gate(simpleStore(run(cand), run(base), policy('exact_match', ['tolerance: 0', 'significance: 0.05'])));
      const metric = row(report, 'exact_match');
      expect(metric.status).toBe('warn');
      expect(metric.message).toBe(`worse by ${Number((flipped / n).toPrecision(6))} but too few items to decide: ${n} paired items with \`exact_match\` scores; a 95% decision needs at least 6`);
      expect(code).toBe(0);
    });
  }
});

describe('18.4 continuous scores: no percentile bootstrap', () => {
  it('a right-skewed no-change sample of 30 that the percentile bootstrap fails is not failed', async () => {
    // Search (independently of src/stats) for a no-change sample whose naive percentile bootstrap
    // interval lies entirely below 0 while the t test does not reject at one-sided 2.5%.
    const u = uniform(5);
    let deltas: number[] = [];
    for (let attempt = 0; attempt < 2000; attempt++) {
      const d = Array.from({ length: 30 }, () => Math.round(0.05 * (-Math.log(u()) - 1) * 1e4) / 1e4);
      const mean = d.reduce((a, b) => a + b, 0) / 30;
      const sd = Math.sqrt(d.reduce((a, x) => a + (x - mean) ** 2, 0) / 29);
      if (studentTCdf(mean / (sd / Math.sqrt(30)), 29) <= 0.025) continue;
      const r = uniform(attempt);
      const means = Array.from({ length: 2000 }, () => Array.from({ length: 30 }, () => d[Math.floor(r() * 30)] as number).reduce((a, b) => a + b, 0) / 30).sort((a, b) => a - b);
      if ((means[Math.ceil(0.975 * 2000) - 1] as number) < 0) {
        deltas = d;
        break;
      }
    }
    expect(deltas.length).toBe(30);
    const base = deltas.map((_, i) => 10 + (i % 5) * 0.1);
    const store = simpleStore(
      run(deltas.map((d, i) => ({ quality: Math.round(((base[i] as number) + d) * 1e4) / 1e4 }))),
      run(base.map((v) => ({ quality: v }))),
      policy('quality', ['tolerance: 0', 'significance: 0.05']),
    );
    const metric = row((await gate(store)).report, 'quality');
    expect(metric.interval?.method).toBe('bootstrap');
    expect(metric.status).toBe('warn');
    expect(metric.interval?.high).toBeGreaterThan(0);
    expect(metric.message).toContain('(t and studentized bootstrap)');
  });
});

describe('18.5 wording and p-value under a nonzero tolerance', () => {
  it('reports the non-inferiority p-value and says "not significantly beyond the allowed worsening"', async () => {
    // 1,000 items: 30 passes lost, 15 gained; worse by 0.015 with 0.01 allowed.
    const { baseline, candidate } = binary(1000, 30, 15);
    const { report, markdown } = await gate(simpleStore(run(candidate), run(baseline), policy('exact_match', ['tolerance: 0.01', 'significance: 0.05'])));
    const metric = row(report, 'exact_match');
    const mc = meldedMonteCarlo(30, 15, 1000, 0.95, 200_000, 99);
    const p = metric.interval?.p_value ?? NaN;
    expect(Math.abs(p - 2 * mc.pWorse(-0.01))).toBeLessThan(0.01);
    expect(p).toBeGreaterThan(0.3); // "any change" would be p = 0.036
    expect(exactMcNemar(30, 15)).toBeLessThan(0.05);
    expect(metric.status).toBe('warn');
    expect(metric.message).toMatch(/^worse by 0\.015 \(allowed 0\.01\) but not significantly beyond the allowed worsening: p = 0\.\d+ against a drop of 0\.01 \(exact McNemar\)/);
    expect(metric.interval?.tested_delta).toBe(-0.01);
    expect(markdown).toMatch(/\| 0\.\d+ vs −0\.01 \| 1000 \|/);
  });
});

describe('18.6 the interval is about the mean of the scores, and only used when that is the metric', () => {
  it('refuses scores whose mean is not the metric (a micro F1 against per-item F1)', async () => {
    const u = uniform(8);
    const base = Array.from({ length: 300 }, () => Math.round(u() * 1e4) / 1e4);
    const cand = base.map((v) => Math.round(Math.max(0, v - 0.02 * u()) * 1e4) / 1e4);
    const store = simpleStore(run(cand.map((v) => ({ f1: v })), { f1: 0.6123 }), run(base.map((v) => ({ f1: v })), { f1: 0.6353 }), policy('f1', ['significance: 0.05']));
    const metric = row((await gate(store)).report, 'f1');
    expect(metric.status).toBe('fail');
    expect(metric.message).toMatch(/^per-item `f1` scores do not reproduce `f1`: the baseline's 300 scores average 0\.\d+, its metrics\.json says 0\.6353; a significance rule needs/);
    expect(metric.interval).toBeUndefined();
  });
});

describe('18.7 small ones', () => {
  it('scores of ±1.7e308 fail with one line naming the score, no stack trace', async () => {
    const base = Array.from({ length: 10 }, (_, i) => ({ value: i % 2 ? 1.7e308 : -1.7e308 }));
    const cand = Array.from({ length: 10 }, (_, i) => ({ value: i % 2 ? -1.7e308 : 1.7e308 }));
    const { report, code } = await gate(simpleStore(run(cand, { value: 0 }), run(base, { value: 0 }), policy('value', ['significance: 0.05'])));
    const metric = row(report, 'value');
    expect(metric.status).toBe('fail');
    expect(metric.message).toBe('per-item `value` scores: the baseline\'s item "q0" has -1.7e+308, beyond ±1e+150 (too large to compare)');
    expect(code).toBe(1);
  });

  it('two items each dropping by 0.1 are too few to decide (no "significant [-0.1, -0.1]")', async () => {
    const { report } = await gate(simpleStore(run([{ rouge: 0.4 }, { rouge: 0.5 }]), run([{ rouge: 0.5 }, { rouge: 0.6 }]), policy('rouge', ['significance: 0.05'])));
    const metric = row(report, 'rouge');
    expect(metric.status).toBe('warn');
    expect(metric.message).toContain('too few items to decide: 2 paired items with `rouge` scores; a 95% decision needs at least 6');
  });

  it('confidence 0.999 prints a 99.9% interval, never "100%"', async () => {
    const { baseline, candidate } = binary(400, 40, 5);
    const { report, markdown } = await gate(simpleStore(run(candidate), run(baseline), policy('exact_match', ['significance: 0.05', 'confidence: 0.999'])));
    const metric = row(report, 'exact_match');
    expect(metric.message).toContain('99.9% interval');
    expect(metric.message).not.toContain('100%');
    expect(markdown).toContain('99.9%');
    expect(metric.interval?.level).toBe(0.999);
  });

  it('boolean scores count as 1/0: the same decision as the numbers', async () => {
    const { baseline, candidate } = binary(300, 25, 5);
    const asBool = (list: Scores[]) => list.map((s) => ({ exact_match: s.exact_match === 1 }));
    const rule = policy('exact_match', ['significance: 0.05']);
    const numbers = row((await gate(simpleStore(run(candidate), run(baseline), rule))).report, 'exact_match');
    const booleans = row((await gate(simpleStore(run(asBool(candidate)), run(asBool(baseline)), rule))).report, 'exact_match');
    expect(booleans.interval).toEqual(numbers.interval);
    expect(booleans.status).toBe(numbers.status);
  });

  it('numeric id 7 pairs with string "7", and the report says so', async () => {
    const scores = Array.from({ length: 20 }, (_, i) => ({ exact_match: i % 3 ? 1 : 0 }));
    const ids = scores.map((_, i) => i);
    const { report } = await gate(simpleStore(run(scores, {}, ids.map(String)), run(scores, {}, ids), policy('exact_match', ['significance: 0.05'])));
    const check = report.gates.find((g) => g.name === 'functional')?.checks.find((c) => c.id === 'predictions.id-types');
    expect(check).toMatchObject({ status: 'warn' });
    expect(check?.message).toBe('item ids are numbers in the baseline (e.g. 0) and strings in the candidate (e.g. "0"): ids are paired by their text, so 7 and "7" are the same item');
    expect(row(report, 'exact_match').interval?.items).toBe(20);
  });

  it('the policy schema says what `significance` and `confidence` mean (two-sided 1 - α, one-sided α/2)', async () => {
    const result = await runBundledCli(['policy-schema']);
    const schema = JSON.parse(result.stdout) as { $defs?: unknown; properties?: Record<string, unknown> };
    const text = JSON.stringify(schema);
    expect(text).toContain('one-sided test at α/2');
    expect(text).toContain('Two-sided level of the interval shown and decided with');
  });
});
