/**
 * Dataset and task agreement on the real store (issue 10, item 6): `config.yaml` records what
 * was requested and the store's workflow overrides the dataset at run time, so a config that
 * disagrees with the produced artifacts is a warning; produced artifacts that disagree stay a
 * failure, and an inconsistent or non-comparable pair is not compared.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_NAMES } from '../../../src/contract/inputs.js';
import { runGate } from '../../../src/gate/run-gate.js';
import { DEFAULT_POLICY } from '../../../src/policy/schema.js';
import { gateBlockers } from '../../../src/promote/plan/plan.js';
import type { Report } from '../../../src/contract/report.js';
import { CORPUS, cleanupTempDirs, copyDir, tempDir } from '../../support/temp-store.js';

afterAll(cleanupTempDirs);

const NER_DEV = 'baseline_ner_dev_authority_v1';
const NER_PROD = 'baseline_ner_prod_authority_v1';

/** A store holding the corpus baselines, with `run` copied from `from` as the candidate. */
function storeWith(run: string, from: string): string {
  const root = join(tempDir(), 'eval');
  copyDir(join(CORPUS, 'baselines', from), join(root, 'runs', run));
  for (const id of [NER_DEV, NER_PROD, 'baseline_ml_prod_authority_smoke_v1', 'baseline_ml_bart_authority_smoke_v1']) {
    copyDir(join(CORPUS, 'baselines', id), join(root, 'baselines', id));
  }
  return root;
}

async function gate(root: string, run: string, baseline: string): Promise<Report> {
  return runGate({ store: { root, display: 'data/eval' }, names: CLI_NAMES, run, baseline, policy: DEFAULT_POLICY });
}

const check = (report: Report, id: string) => report.gates.flatMap((g) => g.checks).find((c) => c.id === id);
const performance = (report: Report) => report.gates.find((g) => g.name === 'performance');

describe('item 6: run-time overrides are not disagreements', () => {
  it('passes dataset.agree for baseline_ner_dev_authority_v1 and warns that config.yaml was overridden', async () => {
    const root = storeWith('ner_dev_again', NER_DEV);
    const report = await gate(root, 'ner_dev_again', NER_DEV);
    expect(check(report, 'dataset.agree')).toMatchObject({ status: 'pass' });
    const overridden = check(report, 'dataset.overridden');
    expect(overridden?.status).toBe('warn');
    expect(overridden?.message).toContain('config.yaml');
    expect(overridden?.message).toContain('curated_5feeds_smoke_v1');
    expect(overridden?.message).toContain('curated_5feeds_benchmark_v1');
    expect(overridden?.message).toMatch(/overridden/);
    expect(report.dataset).toBe('curated_5feeds_benchmark_v1');
  });

  it('no longer refuses to promote baseline_ner_dev_authority_v1 for its config.yaml', async () => {
    const root = storeWith('ner_dev_again', NER_DEV);
    const report = await runGate({ store: { root, display: 'data/eval' }, names: CLI_NAMES, run: 'ner_dev_again', baseline: NER_DEV, policy: { ...DEFAULT_POLICY, compliance: { ...DEFAULT_POLICY.compliance, allow_dirty: true, require_commit: false } } });
    expect(gateBlockers(report)).toBeUndefined();
  });

  it('still fails when produced artifacts disagree (predictions name another dataset than metrics.json)', async () => {
    const root = storeWith('cand', 'baseline_ml_prod_authority_smoke_v1');
    const file = join(root, 'runs', 'cand', 'predictions.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('curated_5feeds_smoke_v1', 'curated_5feeds_benchmark_v1'));
    const report = await gate(root, 'cand', 'baseline_ml_prod_authority_smoke_v1');
    const agree = check(report, 'dataset.agree');
    expect(agree?.status).toBe('fail');
    expect(agree?.message).toContain('predictions.jsonl');
    expect(agree?.message).toContain('metrics.json');
  });

  it('says when the baseline is inconsistent, and does not compare the pair', async () => {
    const root = storeWith('cand', 'baseline_ml_prod_authority_smoke_v1');
    const file = join(root, 'baselines', 'baseline_ml_bart_authority_smoke_v1', 'metrics.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"curated_5feeds_smoke_v1"', '"curated_5feeds_benchmark_v1"'));
    const report = await gate(root, 'cand', 'baseline_ml_bart_authority_smoke_v1');
    const agree = check(report, 'dataset.agree');
    expect(agree?.status).toBe('fail');
    expect(agree?.message).toMatch(/baseline is inconsistent/);
    expect(performance(report)?.status).toBe('skip');
    expect(report.metrics).toEqual([]);
    expect(check(report, 'metrics.compared')?.message).toMatch(/not comparable/);
  });

  it('does not compare a pair of different datasets (NER dev against NER prod)', async () => {
    const root = storeWith('ner_dev_again', NER_DEV);
    const report = await gate(root, 'ner_dev_again', NER_PROD);
    expect(check(report, 'dataset.agree')?.status).toBe('fail');
    expect(performance(report)?.status).toBe('skip');
    expect(report.metrics).toEqual([]);
  });
});
