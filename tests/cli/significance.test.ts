/**
 * Issue 6 through the bundled CLI: significance-aware rules on paired per-item scores, and the
 * pairing edge cases (order, missing and extra ids, duplicates, items without scores).
 *
 * Assertions look at the functional and performance gates; the exit code is checked against the
 * verdict, so that compliance checks unrelated to per-item statistics cannot mask a failure here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBundledCli } from '../support/cli.js';
import { cleanupTempDirs, simpleStore, type RunSpec } from '../support/temp-store.js';
import type { MetricRow, Report } from '../../src/contract/report.js';

afterAll(cleanupTempDirs);

interface Gated {
  code: number | null;
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
  // The exit code follows the verdict.
  expect(result.code).toBe(report.verdict === 'pass' ? 0 : 1);
  return { code: result.code, stderr: result.stderr, report, markdown: readFileSync(md, 'utf8') };
}

const row = (report: Report, name = 'exact_match'): MetricRow => {
  const found = report.metrics.find((m) => m.name === name);
  if (!found) throw new Error(`no metric row ${name}`);
  return found;
};
const checks = (report: Report, gateName: string) => report.gates.find((g) => g.name === gateName)?.checks ?? [];
const check = (report: Report, gateName: string, id: string) => checks(report, gateName).find((c) => c.id === id);
const failing = (report: Report, gateName: string) => checks(report, gateName).filter((c) => c.status === 'fail');

type Item = { id: string; dataset_id: string; output: string; scores?: Record<string, number | null> };

/** Items q0..q(n-1) with a 70% pass pattern; `flip` turns the first `worse` passes into fails and the first `better` fails into passes. */
function items(n: number, flip: { worse?: number; better?: number } = {}): Item[] {
  let worse = flip.worse ?? 0;
  let better = flip.better ?? 0;
  return Array.from({ length: n }, (_, i) => {
    let pass = i % 10 < 7 ? 1 : 0;
    if (pass === 1 && worse > 0) {
      pass = 0;
      worse--;
    } else if (pass === 0 && better > 0) {
      pass = 1;
      better--;
    }
    return { id: `q${i}`, dataset_id: 'ds1', output: `answer ${i}`, scores: { exact_match: pass } };
  });
}

/** A run whose metrics.json holds the mean of its per-item scores, as an evaluation harness writes it. */
function run(predictions: Item[], metric?: number): RunSpec {
  const scored = predictions.filter((p) => typeof p.scores?.exact_match === 'number');
  const mean = scored.reduce((a, p) => a + (p.scores?.exact_match ?? 0), 0) / Math.max(1, scored.length);
  const jsonl = predictions.map((p) => JSON.stringify(p)).join('\n') + '\n';
  return { predictions: jsonl, metrics: { dataset_id: 'ds1', task: 'qa', exact_match: metric ?? mean } };
}

function policy(rule: string, coverage = 'exact'): string {
  return [
    'version: 1',
    'pins:',
    '  - baseline: base_v1',
    '    dataset: ds1',
    'predictions:',
    `  coverage: ${coverage}`,
    'rules:',
    '  - metric: exact_match',
    '    direction: higher',
    '    tolerance: 0',
    rule,
    '',
  ].join('\n');
}

const SIGNIFICANCE = '    significance: 0.05';
const POINT = '    severity: error';

describe('significance-aware rules', () => {
  // 500 items, 12 passes lost and 9 gained: the candidate is 0.6 points lower, well within noise.
  const noChange = () => ({ baseline: run(items(500)), candidate: run(items(500, { worse: 12, better: 9 })) });

  it('a point rule at tolerance 0 fails a no-change pair', async () => {
    const { baseline, candidate } = noChange();
    const { report } = await gate(simpleStore(candidate, baseline, policy(POINT)));
    expect(row(report)).toMatchObject({ status: 'fail' });
    expect(row(report).interval).toBeUndefined();
    expect(report.verdict).toBe('fail');
  });

  it('the significance rule only warns on it, saying why, with the interval, p-value and item count', async () => {
    const { baseline, candidate } = noChange();
    const { report, markdown } = await gate(simpleStore(candidate, baseline, policy(SIGNIFICANCE)));
    const metric = row(report);
    expect(metric.status).toBe('warn');
    expect(metric.message).toMatch(/^worse by 0\.006 but not statistically significant: p = 0\.66 \(exact McNemar\); 95% interval of the mean per-item change \[−?[\d.e−-]+, −?[\d.e−-]+\] over 500 items$/);
    expect(metric.interval).toMatchObject({ method: 'mcnemar', level: 0.95, items: 500 });
    expect(metric.interval?.p_value).toBeCloseTo(0.6636, 3); // exact McNemar, b = 12, c = 9
    expect(failing(report, 'performance')).toEqual([]);
    expect(failing(report, 'functional')).toEqual([]);
    expect(check(report, 'performance', 'metric.exact_match')?.status).toBe('warn');
    // The JSON report has the flips and the coverage of the score.
    expect(report.flips).toMatchObject({ exact_match: { kind: 'binary', items: 500, worse: 12, better: 9, worse_ids: expect.arrayContaining(['q0', 'q11']) } });
    expect(report.score_coverage).toMatchObject({ exact_match: { items: 500 } });
    // The comment: the CI column with the p-value, the folded flips.
    expect(markdown).toMatch(/\| `exact_match` \| \[−0\.0\d+, \+0\.0\d+\] 95% \| 0\.66 \| \d+ \|/);
    expect(markdown).toContain('<details><summary>Per-item flips (1 score): 12 worse, 9 better</summary>');
    expect(markdown).toContain('  - Now worse: `q0`, `q1`, `q2`, `q3`, `q4`, `q5`, `q6`, `q10`, `q11`, `q12`, … (2 more in the report artifact)');
  });

  it('fails a real drop', async () => {
    // 5,000 items, 70% -> 67%: 200 passes lost, 50 gained.
    const { report, code } = await gate(simpleStore(run(items(5000, { worse: 200, better: 50 })), run(items(5000)), policy(SIGNIFICANCE)));
    const metric = row(report);
    expect(metric.status).toBe('fail');
    expect(metric.message).toContain('significant: p < 0.0001 (exact McNemar); 95% interval of the mean per-item change');
    expect(metric.interval?.p_value).toBeLessThan(1e-10);
    expect(code).toBe(1);
  });
});

describe('pairing edge cases', () => {
  it('pairs by id whatever the order of the items', async () => {
    const baseline = run(items(300));
    const candidate = items(300, { worse: 30, better: 3 });
    const inOrder = await gate(simpleStore(run(candidate), baseline, policy(SIGNIFICANCE)));
    const reversed = await gate(simpleStore(run([...candidate].reverse()), baseline, policy(SIGNIFICANCE)));
    expect(row(reversed.report).interval).toEqual(row(inOrder.report).interval);
    expect(row(reversed.report).status).toBe(row(inOrder.report).status);
    expect(failing(reversed.report, 'functional')).toEqual([]);
    expect((reversed.report.flips as Record<string, { worse: number; better: number }>).exact_match).toMatchObject({ worse: 30, better: 3 });
  });

  it('reports missing and extra ids per the coverage mode, and uses the paired items only', async () => {
    const base = items(400);
    const cand = items(400, { worse: 40 }).filter((p) => p.id !== 'q7' && p.id !== 'q8');
    cand.push({ id: 'new1', dataset_id: 'ds1', output: 'x', scores: { exact_match: 0 } });
    const exact = await gate(simpleStore(run(cand), run(base), policy(SIGNIFICANCE, 'exact')));
    expect(check(exact.report, 'functional', 'predictions.coverage')).toMatchObject({ status: 'fail', message: expect.stringContaining('lacks 2 of the baseline') });
    expect(check(exact.report, 'functional', 'predictions.extra-items')).toMatchObject({ status: 'warn' });
    expect(row(exact.report).interval?.items).toBe(398);
    expect(exact.code).toBe(1);

    const subset = await gate(simpleStore(run(cand), run(base), policy(SIGNIFICANCE, 'subset')));
    expect(check(subset.report, 'functional', 'predictions.coverage')?.status).toBe('warn');
    expect(row(subset.report).interval?.items).toBe(398);
    expect(row(subset.report).status).toBe('fail'); // 38 of 398 passes lost: a real drop

    const superset = await gate(simpleStore(run(cand), run(base), policy(SIGNIFICANCE, 'superset')));
    expect(check(superset.report, 'functional', 'predictions.extra-items')?.status).toBe('pass');
    expect(check(superset.report, 'functional', 'predictions.coverage')?.status).toBe('fail');
  });

  it('fails duplicate ids', async () => {
    const cand = items(100);
    cand.splice(50, 0, { ...cand[3]!, output: 'again' });
    const { report, code } = await gate(simpleStore(run(cand), run(items(100)), policy(SIGNIFICANCE)));
    expect(check(report, 'functional', 'predictions.unique-ids')).toMatchObject({ status: 'fail', message: expect.stringContaining('"q3"') });
    expect(code).toBe(1);
  });

  it('falls back to the aggregate comparison for items without scores, and says so in the report', async () => {
    const strip = (list: Item[]): Item[] => list.map(({ scores: _scores, ...rest }) => rest);
    const baseline = items(500);
    const candidate = items(500, { worse: 12, better: 9 });
    const { report, markdown } = await gate(simpleStore(run(strip(candidate), 0.694), run(strip(baseline), 0.7), policy(SIGNIFICANCE)));
    const metric = row(report);
    expect(metric.status).toBe('fail'); // the point comparison at tolerance 0
    expect(metric.interval).toBeUndefined();
    expect(metric.message).toContain('no per-item `exact_match` scores: aggregate comparison');
    expect(markdown).toContain('no per\\-item `exact_match` scores: aggregate comparison');
    expect(report.flips).toBeUndefined();
  });

  it('uses the items that have scores on both sides and says how many lack them', async () => {
    const baseline = items(500);
    const candidate = items(500, { worse: 12, better: 9 });
    for (const i of [100, 200, 300]) candidate[i] = { ...candidate[i]!, scores: { exact_match: null } };
    const { report } = await gate(simpleStore(run(candidate), run(baseline), policy(SIGNIFICANCE)));
    const metric = row(report);
    expect(metric.interval?.items).toBe(497);
    expect(metric.message).toContain('interval over the 497 paired items with `exact_match` scores on both sides (0 lack it in the baseline, 3 in the candidate)');
    expect(report.score_coverage).toMatchObject({ exact_match: { items: 497, missing_candidate: { count: 3, examples: ['q100', 'q200', 'q300'] } } });
  });
});
