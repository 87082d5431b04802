/**
 * Issue 10, item 15: a store that keeps JSON Schemas for its artifacts (`<store>/schemas/`)
 * gets its metrics and predictions validated against them by the functional gate, with a
 * maintained validator (ajv; the draft each schema declares: draft-07 and 2020-12 here,
 * a schema without `$schema` is read as 2020-12). Errors name file, line and JSON pointer.
 * The schemas (tests/fixtures/store-schemas) were written for these tests from the shape of
 * the corpus's metrics files; the corpus copy has no schemas/ folder of its own.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_NAMES } from '../../../src/contract/inputs.js';
import { runGate } from '../../../src/gate/run-gate.js';
import { parsePolicy } from '../../../src/policy/parse.js';
import { DEFAULT_POLICY, type Policy } from '../../../src/policy/schema.js';
import type { Report } from '../../../src/contract/report.js';
import { CORPUS, cleanupTempDirs, copyDir, tempDir } from '../../support/temp-store.js';

afterAll(cleanupTempDirs);

const SCHEMAS = new URL('../../fixtures/store-schemas', import.meta.url).pathname;
const V2_BASELINE = 'baseline_ml_bart_authority_smoke_v5_pre';

function store(candidate: string, baseline = V2_BASELINE, withSchemas = true): string {
  const root = join(tempDir(), 'eval');
  copyDir(join(CORPUS, 'baselines', candidate), join(root, 'runs', 'cand'));
  copyDir(join(CORPUS, 'baselines', baseline), join(root, 'baselines', baseline));
  if (withSchemas) cpSync(SCHEMAS, join(root, 'schemas'), { recursive: true });
  return root;
}

const gate = (root: string, policy: Policy = DEFAULT_POLICY, baseline = V2_BASELINE): Promise<Report> =>
  runGate({ store: { root, display: 'data/eval' }, names: CLI_NAMES, run: 'cand', baseline, policy });
const check = (report: Report, id: string) => report.gates.flatMap((g) => g.checks).find((c) => c.id === id);

describe('item 15: metrics.json against the schema it names', () => {
  it('passes a real v2 run against metrics_summarization_v2.json', async () => {
    const report = await gate(store('baseline_ml_bart_authority_smoke_v5_post'));
    expect(check(report, 'schema.metrics')).toMatchObject({ status: 'pass' });
    expect(check(report, 'schema.metrics')?.message).toContain('metrics_summarization_v2.json');
  });

  it('fails a value the schema forbids, naming file, line and JSON pointer', async () => {
    const root = store('baseline_ml_bart_authority_smoke_v5_post');
    const file = join(root, 'runs', 'cand', 'metrics.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"truncation_rate": 0.0', '"truncation_rate": 1.5'));
    const report = await gate(root);
    const failed = check(report, 'schema.metrics');
    expect(failed?.status).toBe('fail');
    expect(failed?.file).toBe('data/eval/runs/cand/metrics.json');
    expect(failed?.line).toBe(9);
    expect(failed?.message).toContain('data/eval/runs/cand/metrics.json:9');
    expect(failed?.message).toContain('/intrinsic/gates/truncation_rate');
    expect(failed?.message).toContain('<= 1');
  });

  it('fails the real runs labelled metrics_summarization_v1: their layout is not the legacy one that schema describes', async () => {
    const report = await gate(store('baseline_llm_anthropic_smoke_paragraph_v1', 'baseline_llm_deepseek_smoke_paragraph_v1'), DEFAULT_POLICY, 'baseline_llm_deepseek_smoke_paragraph_v1');
    const failed = check(report, 'schema.metrics');
    expect(failed?.status).toBe('fail');
    expect(failed?.message).toContain('metrics_summarization_v1.json');
    expect(failed?.message).toMatch(/\(root\): must have required property 'episodes'/);
  });

  it('is a warning with schemas.validate: warn, and nothing with off', async () => {
    const root = store('baseline_llm_anthropic_smoke_paragraph_v1', 'baseline_llm_deepseek_smoke_paragraph_v1');
    const warn = await gate(root, parsePolicy('version: 1\nschemas:\n  validate: warn\n', 'p.yml'), 'baseline_llm_deepseek_smoke_paragraph_v1');
    expect(check(warn, 'schema.metrics')?.status).toBe('warn');
    const off = await gate(root, parsePolicy('version: 1\nschemas:\n  validate: off\n', 'p.yml'), 'baseline_llm_deepseek_smoke_paragraph_v1');
    expect(check(off, 'schema.metrics')).toBeUndefined();
  });

  it('does nothing for a store without schemas/', async () => {
    const report = await gate(store('baseline_ml_bart_authority_smoke_v5_post', V2_BASELINE, false));
    expect(report.gates.flatMap((g) => g.checks).filter((c) => c.id.startsWith('schema.'))).toEqual([]);
  });
});

describe('item 15: predictions.jsonl, line by line', () => {
  /** A 2020-12 schema (no `$schema`) for the store's summarization predictions. */
  const PREDICTION_SCHEMA = JSON.stringify({
    $id: 'summarization_prediction_v1.json',
    type: 'object',
    required: ['episode_id', 'output'],
    properties: { output: { type: 'object', required: ['summary_final'], properties: { summary_final: { type: 'string', minLength: 1 } } } },
  });
  const policy = parsePolicy('version: 1\nschemas:\n  predictions:\n    summarization: summarization_prediction_v1.json\n', 'p.yml');

  it('validates every line against the schema the policy names for the task', async () => {
    const root = store('baseline_ml_bart_authority_smoke_v5_post');
    writeFileSync(join(root, 'schemas', 'summarization_prediction_v1.json'), PREDICTION_SCHEMA);
    const report = await gate(root, policy);
    expect(check(report, 'schema.predictions')).toMatchObject({ status: 'pass' });
  });

  it('names the line and the JSON pointer of a line that does not match', async () => {
    const root = store('baseline_ml_bart_authority_smoke_v5_post');
    writeFileSync(join(root, 'schemas', 'summarization_prediction_v1.json'), PREDICTION_SCHEMA);
    const file = join(root, 'runs', 'cand', 'predictions.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    const third = JSON.parse(lines[2]!) as { output: Record<string, unknown> };
    third.output = { summary: 'renamed field' };
    lines[2] = JSON.stringify(third);
    writeFileSync(file, lines.join('\n'));
    const report = await gate(root, policy);
    const failed = check(report, 'schema.predictions');
    expect(failed).toMatchObject({ status: 'fail', file: 'data/eval/runs/cand/predictions.jsonl', line: 3 });
    expect(failed?.message).toContain('predictions.jsonl:3');
    expect(failed?.message).toContain("/output: must have required property 'summary_final'");
  });

  it('refuses a policy naming a schema the store does not have (exit 2)', async () => {
    const root = store('baseline_ml_bart_authority_smoke_v5_post');
    await expect(gate(root, policy)).rejects.toThrow(/schemas\.predictions\.summarization: .*summarization_prediction_v1\.json.* not found/);
  });
});
