/**
 * `promotion-gate runs` through the bundled CLI on a copy of the corpus: every entry listed
 * once with the status of where it lives (the lifecycle's status function), what each
 * records (model, dataset, created time, items, tokens and cost) recomputed here from the
 * files, the filters, the JSON (`promotion-gate/runs@1`) and the terminal table.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunsJson } from '../../src/compare/runs.js';
import { runBundledCli } from '../support/cli.js';
import { CORPUS, cleanupTempDirs, copyDir, tempDir } from '../support/temp-store.js';

afterAll(cleanupTempDirs);

const dirs = (path: string): string[] => {
  try {
    return readdirSync(path).filter((name) => statSync(join(path, name)).isDirectory());
  } catch {
    return [];
  }
};

let store: string;
let runs: RunsJson;
let stdout: string;
beforeAll(async () => {
  store = join(tempDir(), 'eval');
  copyDir(CORPUS, store);
  copyDir(join(CORPUS, 'baselines/baseline_llm_openai_smoke_bullets_v1'), join(store, 'runs/candidate_1'));
  const json = join(store, 'runs.json');
  const r = await runBundledCli(['runs', '--store', store, '--json', json]);
  expect(r.code, r.stderr).toBe(0);
  stdout = r.stdout;
  runs = JSON.parse(readFileSync(json, 'utf8')) as RunsJson;
});

describe('runs on the corpus', () => {
  it('lists every entry once, with the status of where it lives', () => {
    expect(runs.schema).toBe('promotion-gate/runs@1');
    const expected = new Map<string, string>();
    for (const id of dirs(join(store, 'runs'))) expected.set(`runs/${id}`, 'experimental');
    for (const id of dirs(join(store, 'baselines')).filter((d) => !d.startsWith('_'))) expected.set(`baselines/${id}`, 'baseline');
    for (const id of dirs(join(store, 'baselines/_archived'))) expected.set(`baselines/_archived/${id}`, 'archived');
    for (const id of dirs(join(store, 'references/silver')).filter((d) => !d.startsWith('_'))) expected.set(`references/silver/${id}`, 'reference');
    for (const id of dirs(join(store, 'references/silver/_archive'))) expected.set(`references/silver/_archive/${id}`, 'archived');
    for (const task of dirs(join(store, 'references/gold'))) {
      for (const id of dirs(join(store, 'references/gold', task))) expected.set(`references/gold/${task}/${id}`, 'reference');
    }
    expect(new Map(runs.entries.map((e) => [e.path, e.status]))).toEqual(expected);
    expect(runs.counts).toEqual({
      experimental: [...expected.values()].filter((s) => s === 'experimental').length,
      baseline: [...expected.values()].filter((s) => s === 'baseline').length,
      reference: [...expected.values()].filter((s) => s === 'reference').length,
      archived: [...expected.values()].filter((s) => s === 'archived').length,
    });
  });

  it('shows what an entry records: model, dataset, created time, items', () => {
    const metadata = JSON.parse(readFileSync(join(store, 'baselines/baseline_llm_openai_smoke_bullets_v1/baseline.json'), 'utf8')) as Record<string, never>;
    const entry = runs.entries.find((e) => e.path === 'baselines/baseline_llm_openai_smoke_bullets_v1');
    expect(entry).toMatchObject({
      kind: 'baseline',
      model: 'gpt-4o-mini',
      dataset: metadata.dataset_id,
      task: 'summarization',
      created: new Date(String(metadata.created_at).replace(/(\.\d{3})\d*Z$/, '$1Z')).toISOString(),
      items: 5,
      tokens: null,
      cost: null,
      experiment: null,
      tags: {},
    });
    const gold = runs.entries.find((e) => e.kind === 'reference' && e.quality === 'gold');
    expect(gold).toMatchObject({ id: 'ner_entities_smoke_gold_v1', status: 'reference', task: 'ner_entities' });
  });

  it('reads tokens and cost where the run records them (input + output tokens, total cost)', () => {
    for (const id of ['silver_opus47_smoke_v1', 'silver_opus47_smoke_v2', 'silver_opus47_dev_v1_paragraph']) {
      const metrics = JSON.parse(readFileSync(join(store, 'references/silver', id, 'metrics.json'), 'utf8')) as { intrinsic: { cost: Record<string, number> } };
      const cost = metrics.intrinsic.cost;
      const entry = runs.entries.find((e) => e.id === id);
      expect(entry?.tokens).toBe((cost.total_input_tokens as number) + (cost.total_output_tokens as number));
      expect(entry?.cost).toBe(cost.total_cost_usd);
    }
  });

  it('prints a table: the summary first, one row per entry, no untrusted text first on a line', () => {
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`promotion-gate runs: ${runs.entries.length} entries in ${store}: ${runs.counts.baseline} baseline, ${runs.counts.reference} reference, ${runs.counts.experimental} experimental, ${runs.counts.archived} archived`);
    expect(lines[1]).toMatch(/^ {2}status +id +model +dataset +prompt +created +items +tokens +cost +experiment +tags$/);
    expect(lines.filter((l) => /^ {2}(baseline|ref\/silver|ref\/gold|experimental|archived) /.test(l))).toHaveLength(runs.entries.length);
    expect(stdout).toMatch(/ref\/silver +silver_opus47_smoke_v1 +claude-opus-4-7 .* 24,?328 +\$0\.191/);
  });

  it('filters by status, and refuses an unknown status (exit 2)', async () => {
    const json = join(store, 'archived.json');
    const r = await runBundledCli(['runs', '--store', store, '--status', 'archived', '--json', json]);
    expect(r.code).toBe(0);
    const archived = JSON.parse(readFileSync(json, 'utf8')) as RunsJson;
    expect(archived.entries.map((e) => e.path).sort()).toEqual(runs.entries.filter((e) => e.status === 'archived').map((e) => e.path).sort());
    expect(archived.filters).toEqual({ status: 'archived', experiment: null });
    const bad = await runBundledCli(['runs', '--store', store, '--status', 'gone']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^promotion-gate runs: error: --status "gone": expected one of experimental, baseline, reference, archived\n$/);
    const stdoutJson = await runBundledCli(['runs', '--store', store, '--status', 'experimental', '--json', '-']);
    expect((JSON.parse(stdoutJson.stdout) as RunsJson).entries.map((e) => e.id)).toEqual(['candidate_1']);
  });
});
