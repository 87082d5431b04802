/**
 * Real data: baseline pairs copied from the podcast_scraper corpus (three metrics schemas,
 * NER with vs_reference, episode_id ids, corpus fingerprints) gated by the bundled CLI.
 * A real pair must give a correct delta table and a verdict: never a configuration error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundledCli } from '../support/cli.js';
import { CORPUS, cleanupTempDirs, copyDir, tempDir } from '../support/temp-store.js';
import type { Report } from '../../src/contract/report.js';

/** The store's two gate signals, judged by their number of entries (issue 10, item 1). */
const SIGNALS = new Set(['intrinsic.gates.failed_episodes', 'intrinsic.gates.episode_gate_failures']);

function numericLeaves(value: unknown, path = '', out = new Map<string, number>()): Map<string, number> {
  if (SIGNALS.has(path) && value !== null && typeof value === 'object') out.set(path, Object.keys(value).length);
  else if (typeof value === 'number') out.set(path, value);
  else if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) numericLeaves(child, path ? `${path}.${key}` : key, out);
  }
  return out;
}

const pairs = [
  { name: 'summarization v1 schema', candidate: 'baseline_llm_deepseek_smoke_paragraph_v1', baseline: 'baseline_llm_anthropic_smoke_paragraph_v1' },
  { name: 'summarization v2 schema', candidate: 'baseline_ml_bart_authority_smoke_v5_post', baseline: 'baseline_ml_bart_authority_smoke_v5_pre' },
  { name: 'NER with vs_reference (different datasets: not compared)', candidate: 'baseline_ner_dev_authority_v1', baseline: 'baseline_ner_prod_authority_v1', comparable: false },
  { name: 'no schema against v2', candidate: 'baseline_ml_dev_authority_smoke_v1', baseline: 'baseline_ml_prod_authority_smoke_v1' },
  { name: 'no schema benchmark against v1', candidate: 'baseline_ml_prod_authority_v1', baseline: 'baseline_llm_openai_benchmark_paragraph_v1' },
  { name: 'v1 against v2 schema', candidate: 'baseline_llm_openai_gpt4omini_smoke_paragraph_v1', baseline: 'baseline_ml_hybrid_qwen25_7b_smoke_paragraph_v1' },
];

let store: string;
beforeAll(() => {
  store = join(tempDir(), 'eval');
  copyDir(CORPUS, store);
  for (const pair of pairs) copyDir(join(CORPUS, 'baselines', pair.candidate), join(store, 'runs', pair.candidate));
});
afterAll(cleanupTempDirs);

describe.each(pairs)('corpus pair: $name', ({ candidate, baseline, comparable = true }) => {
  let result: Awaited<ReturnType<typeof runBundledCli>>;
  let report: Report;
  beforeAll(async () => {
    const json = join(store, `${candidate}.report.json`);
    result = await runBundledCli(['gate', '--store', store, '--run', candidate, '--baseline', baseline, '--json', json]);
    report = JSON.parse(readFileSync(json, 'utf8')) as Report;
  });

  it('reaches a verdict (exit 0 or 1, never 2)', () => {
    expect(result.stderr).toBe('');
    expect([0, 1]).toContain(result.code);
    expect(report.verdict).toBe(result.code === 0 ? 'pass' : 'fail');
    expect(report.schema).toBe('promotion-gate/report@1');
    expect(report.baseline?.id).toBe(baseline);
  });

  it('has one correct row per numeric metric of either side (none for a pair that is not comparable)', () => {
    if (!comparable) {
      expect(report.metrics).toEqual([]);
      expect(report.gates.find((g) => g.name === 'performance')?.status).toBe('skip');
      return;
    }
    const c = numericLeaves(JSON.parse(readFileSync(join(store, 'runs', candidate, 'metrics.json'), 'utf8')));
    const b = numericLeaves(JSON.parse(readFileSync(join(store, 'baselines', baseline, 'metrics.json'), 'utf8')));
    const names = new Set([...c.keys(), ...b.keys()]);
    expect(new Set(report.metrics.map((m) => m.name))).toEqual(names);
    for (const row of report.metrics) {
      expect(row.candidate).toBe(c.get(row.name) ?? null);
      expect(row.baseline).toBe(b.get(row.name) ?? null);
      const cv = c.get(row.name);
      const bv = b.get(row.name);
      if (cv !== undefined && bv !== undefined) {
        expect(row.delta).toBeCloseTo(cv - bv, 12);
        expect(row.relative_delta).toBe(bv === 0 ? null : (cv - bv) / Math.abs(bv));
      } else {
        expect(row.delta).toBeNull();
      }
    }
  });

  it('prints the verdict first on the terminal', () => {
    expect(result.stdout.split('\n').find((line) => line.trim() !== '')).toMatch(/PASS|FAIL/i);
  });
});

describe('corpus details', () => {
  it('reads episode_id as the item id and pairs the items', async () => {
    const json = join(store, 'v1.json');
    await runBundledCli(['gate', '--store', store, '--run', pairs[0]!.candidate, '--baseline', pairs[0]!.baseline, '--json', json]);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    const functional = report.gates.find((g) => g.name === 'functional');
    expect(functional?.checks.find((c) => c.id === 'artifacts.loaded')?.message).toContain('`episode_id`');
    expect(functional?.checks.find((c) => c.id === 'predictions.coverage')?.status).toBe('pass');
  });

  it('fails the NER pair as not comparable: different datasets', async () => {
    const json = join(store, 'ner.json');
    await runBundledCli(['gate', '--store', store, '--run', pairs[2]!.candidate, '--baseline', pairs[2]!.baseline, '--json', json]);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    const check = report.gates.find((g) => g.name === 'functional')?.checks.find((c) => c.id === 'dataset.agree');
    expect(check).toMatchObject({ status: 'fail' });
    expect(check?.message).toContain('curated_5feeds_benchmark_v1');
    // Its config.yaml names the smoke dataset: a run-time override, a warning (item 6).
    expect(report.gates.find((g) => g.name === 'functional')?.checks.find((c) => c.id === 'dataset.overridden')?.status).toBe('warn');
  });

  it('lists the gold NER reference as informational for the smoke NER run', async () => {
    const json = join(store, 'ner-self.json');
    copyDir(join(CORPUS, 'baselines', 'baseline_ner_prod_authority_v1'), join(store, 'runs', 'ner_again'));
    await runBundledCli(['gate', '--store', store, '--run', 'ner_again', '--baseline', 'baseline_ner_prod_authority_v1', '--json', json]);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    const gold = report.references.find((r) => r.id === 'ner_entities_smoke_gold_v1');
    expect(gold).toMatchObject({ quality: 'gold', informational: true, task: 'ner_entities' });
    expect(gold?.metrics?.find((m) => m.name === 'entity_set.f1')?.delta).toBe(0);
    expect(report.metrics.every((m) => m.status !== 'fail' || m.name.includes('latency'))).toBe(true);
  });
});
