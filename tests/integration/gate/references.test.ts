/**
 * Issue 10, item 14 on the real store: the references section shows the references the run
 * or its baseline was scored against (an archived one included, labelled so) and those of
 * the same dataset and task, and no reference of another task.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_NAMES } from '../../../src/contract/inputs.js';
import { runGate } from '../../../src/gate/run-gate.js';
import { DEFAULT_POLICY } from '../../../src/policy/schema.js';
import type { Report } from '../../../src/contract/report.js';
import { CORPUS, cleanupTempDirs, copyDir, tempDir } from '../../support/temp-store.js';

afterAll(cleanupTempDirs);

let root: string;
beforeAll(() => {
  root = join(tempDir(), 'eval');
  copyDir(CORPUS, root);
  // Scored against the archived silver_gpt4o_smoke_v1; its baseline against silver_sonnet46_smoke_v1.
  copyDir(join(CORPUS, 'baselines', 'baseline_ml_prod_authority_smoke_v1'), join(root, 'runs', 'cand'));
  copyDir(join(CORPUS, 'baselines', 'baseline_ner_prod_authority_v1'), join(root, 'runs', 'ner'));
});

const gate = (run: string, baseline: string): Promise<Report> => runGate({ store: { root, display: 'data/eval' }, names: CLI_NAMES, run, baseline, policy: DEFAULT_POLICY });

describe('item 14: which references are shown', () => {
  it('shows the archived reference the run was scored against, labelled archived, with its scores', async () => {
    const report = await gate('cand', 'baseline_ml_bart_authority_smoke_v1');
    const archived = report.references.find((r) => r.id === 'silver_gpt4o_smoke_v1');
    expect(archived).toMatchObject({ archived: true, informational: true });
    expect(archived?.metrics?.find((m) => m.name === 'rougeL_f1')?.candidate).toBeCloseTo(0.1073, 4);
  });

  it('shows the baseline\'s reference and the references of the same dataset and task, nothing else', async () => {
    const report = await gate('cand', 'baseline_ml_bart_authority_smoke_v1');
    expect(report.references.map((r) => r.id).sort()).toEqual([
      'silver_gpt4o_smoke_bundled_v1', 'silver_gpt4o_smoke_v1', 'silver_opus47_smoke_v1', 'silver_sonnet46_smoke_bullets_v1', 'silver_sonnet46_smoke_v1',
    ]);
  });

  it('shows no summarization reference for an NER run of the same dataset', async () => {
    const report = await gate('ner', 'baseline_ner_prod_authority_v1');
    expect(report.references.map((r) => r.id)).toEqual(['ner_entities_smoke_gold_v1']);
  });
});

describe('item 5 in the references section: a gated reference score says so in both places', () => {
  it('marks the score a rule gates, in the JSON and the Markdown', async () => {
    const { parsePolicy } = await import('../../../src/policy/parse.js');
    const { renderMarkdown } = await import('../../../src/report/markdown.js');
    const policy = parsePolicy('version: 1\nrules:\n  - metric: "vs_reference.*.rougeL_f1"\n    tolerance: 0.05\n    missing: ignore\n', 'policy.yml');
    copyDir(join(CORPUS, 'baselines', 'baseline_llm_ollama_qwen25_7b_smoke_paragraph_v1'), join(root, 'runs', 'qwen'));
    const report = await runGate({ store: { root, display: 'data/eval' }, names: CLI_NAMES, run: 'qwen', baseline: 'baseline_llm_ollama_qwen25_32b_smoke_paragraph_v1', policy });
    const row = report.metrics.find((m) => m.name === 'vs_reference.silver_sonnet46_smoke_v1.rougeL_f1');
    expect(row?.rule).toBe('vs_reference.*.rougeL_f1');
    const standing = report.references.find((r) => r.id === 'silver_sonnet46_smoke_v1');
    expect(standing?.metrics?.find((m) => m.name === 'rougeL_f1')?.gated_by).toBe('vs_reference.*.rougeL_f1');
    expect(standing?.metrics?.find((m) => m.name === 'bleu')?.gated_by).toBeUndefined();
    expect(renderMarkdown(report, { budget: 60_000 })).toContain('gated by rule `vs_reference.*.rougeL_f1` as a comparison with the baseline');
  });
});
