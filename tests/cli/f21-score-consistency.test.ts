/**
 * RELIABILITY row F21, through the bundled CLI: per-item scores implausible for their metric
 * (outside [0, 1] for rates/F1/ROUGE, non-binary where the baseline's are binary, a mean that
 * does not reproduce the aggregate) fail naming the score; forged scores never widen an interval
 * into a pass.
 *
 * The attack of issue 9 item 3: a 20% regression whose per-item scores are shifted by the true
 * drop plus ±3 noise, so their mean still matches metrics.json while the interval widens until
 * the drop looks "not significant".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBundledCli } from '../support/cli.js';
import { cleanupTempDirs, simpleStore, type RunSpec } from '../support/temp-store.js';
import type { MetricRow, Report } from '../../src/contract/report.js';

afterAll(cleanupTempDirs);

async function gate(store: string): Promise<{ code: number | null; report: Report; stdout: string }> {
  const json = join(store, 'report.json');
  const result = await runBundledCli(['gate', '--store', store, '--run', 'cand', '--json', json]);
  expect(result.stderr).toBe('');
  return { code: result.code, report: JSON.parse(readFileSync(json, 'utf8')) as Report, stdout: result.stdout };
}

const row = (report: Report, name: string): MetricRow => {
  const found = report.metrics.find((m) => m.name === name);
  if (!found) throw new Error(`no metric row ${name}`);
  return found;
};

/** A run whose metrics.json holds `metric` = the mean of the written per-item scores (so the forgery keeps it consistent). */
function run(name: string, values: number[], metric = name): RunSpec {
  const jsonl = values.map((v, i) => JSON.stringify({ id: `q${i}`, dataset_id: 'ds1', output: `a${i}`, scores: { [name]: v } })).join('\n') + '\n';
  return { predictions: jsonl, metrics: { dataset_id: 'ds1', task: 'qa', [metric]: values.reduce((a, b) => a + b, 0) / values.length } };
}

const policy = (metric: string) =>
  ['version: 1', 'pins:', '  - baseline: base_v1', '    dataset: ds1', 'compliance:', '  require_commit: false', 'rules:', `  - metric: ${metric}`, '    direction: higher', '    tolerance: 0.01', '    significance: 0.05', ''].join('\n');

// 400 items, ROUGE-like scores around 0.5; the candidate loses 20% (0.1 absolute).
const N = 400;
const baseline = Array.from({ length: N }, (_, i) => Math.round((0.3 + 0.4 * (((i * 37) % 101) / 100)) * 1e4) / 1e4);
const honest = baseline.map((v, i) => Math.round((v - 0.1 + (i % 2 ? 0.02 : -0.02)) * 1e4) / 1e4);
/** The forgery: the true drop plus ±3 noise, mean preserved. */
const forged = baseline.map((v, i) => v - 0.1 + (i % 2 ? 3 : -3));

describe('F21 per-item scores implausible for their metric', () => {
  it('control: the honest scores of the regression fail it as significant', async () => {
    const { report, code } = await gate(simpleStore(run('rougeL_f1', honest), run('rougeL_f1', baseline), policy('rougeL_f1')));
    expect(row(report, 'rougeL_f1')).toMatchObject({ status: 'fail', message: expect.stringContaining('significantly beyond the allowed worsening') });
    expect(code).toBe(1);
  });

  it('scores outside [0, 1] for a rate/F1/ROUGE metric fail, naming the score; the forgery never passes', async () => {
    const { report, code, stdout } = await gate(simpleStore(run('rougeL_f1', forged), run('rougeL_f1', baseline), policy('rougeL_f1')));
    const metric = row(report, 'rougeL_f1');
    expect(metric.status).toBe('fail');
    expect(metric.message).toBe('per-item `rougeL_f1` scores outside [0, 1], the range of `rougeL_f1`: the candidate\'s item "q0" has -2.8');
    expect(metric.interval).toBeUndefined();
    expect(report.verdict).toBe('fail');
    expect(code).toBe(1);
    expect(stdout).toContain('rougeL_f1');
  });

  it('on a metric with no known range, forged noise cannot widen the interval: the aggregate comparison decides', async () => {
    const { report, code } = await gate(simpleStore(run('quality', forged), run('quality', baseline), policy('quality')));
    const metric = row(report, 'quality');
    expect(metric.status).toBe('fail');
    expect(metric.message).toMatch(/^worse by 0\.1 \(20(\.\d+)?%\); allowed 0\.01; the candidate's per-item `quality` scores spread [\d.]+ times as wide as the baseline's \(over 3, beyond chance\)/);
    expect(metric.interval).toBeUndefined();
    expect(code).toBe(1);
  });

  it('non-binary scores where the baseline\'s are binary fail, naming the score and the item', async () => {
    const base = Array.from({ length: 200 }, (_, i) => (i % 10 < 7 ? 1 : 0));
    const cand = base.map((v, i) => (i % 4 === 0 ? 0.5 : v));
    const { report, code } = await gate(simpleStore(run('exact_match', cand), run('exact_match', base), policy('exact_match')));
    expect(row(report, 'exact_match')).toMatchObject({
      status: 'fail',
      message: 'per-item `exact_match` scores are 0/1 in the baseline but not in the candidate: item "q0" has 0.5',
    });
    expect(code).toBe(1);
  });

  it('scores withheld from all but a few items cannot make the regression "too few to decide"', async () => {
    const spec = run('rougeL_f1', honest);
    const kept = honest.slice(0, 4);
    spec.predictions = honest.map((v, i) => JSON.stringify({ id: `q${i}`, dataset_id: 'ds1', output: `a${i}`, scores: { rougeL_f1: i < 4 ? v : null } })).join('\n') + '\n';
    spec.metrics = { dataset_id: 'ds1', task: 'qa', rougeL_f1: kept.reduce((a, b) => a + b, 0) / 4 };
    const { report, code } = await gate(simpleStore(spec, run('rougeL_f1', baseline), policy('rougeL_f1')));
    const metric = row(report, 'rougeL_f1');
    expect(metric.status).toBe('fail');
    expect(metric.message).toContain('only 4 of the 400 paired items have `rougeL_f1` scores on both sides');
    expect(code).toBe(1);
  });

  it('a mean that does not reproduce the aggregate fails, whatever the interval would have said', async () => {
    const spec = run('rougeL_f1', honest);
    // metrics.json claims the baseline's level; the scores say 0.1 lower.
    spec.metrics = { dataset_id: 'ds1', task: 'qa', rougeL_f1: baseline.reduce((a, b) => a + b, 0) / N };
    const { report, code } = await gate(simpleStore(spec, run('rougeL_f1', baseline), policy('rougeL_f1')));
    const metric = row(report, 'rougeL_f1');
    expect(metric.status).toBe('fail');
    expect(metric.message).toMatch(/^per-item `rougeL_f1` scores do not reproduce `rougeL_f1`: the candidate's 400 scores average 0\.\d+, its metrics\.json says 0\.\d+/);
    expect(code).toBe(1);
  });
});
