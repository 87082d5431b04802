/**
 * The built-in rules against what the team owning the real store means (issue 10, items 1,
 * 2, 3, 5 and 7; DESIGN.md section 3, "Refinements learned on the real store"). Each case
 * starts from a real metrics.json of ../shared/corpus/podcast_scraper and changes one value.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flattenMetrics } from '../../../../src/artifacts/metrics.js';
import { evaluatePerformance } from '../../../../src/gate/checks/performance.js';
import { compileRules } from '../../../../src/policy/rules.js';
import { policySchema, type Policy } from '../../../../src/policy/schema.js';
import type { MetricRow } from '../../../../src/contract/report.js';
import { CORPUS } from '../../../support/temp-store.js';

type Json = Record<string, unknown>;
const corpusMetrics = (baseline: string): Json => JSON.parse(readFileSync(join(CORPUS, 'baselines', baseline, 'metrics.json'), 'utf8')) as Json;
const V2 = 'baseline_ml_bart_authority_smoke_v5_post';
const V1 = 'baseline_llm_anthropic_smoke_paragraph_v1';
const NER = 'baseline_ner_prod_authority_v1';

const policy = (extra: Json = {}): Policy => policySchema.parse({ version: 1, ...extra });

function gate(baseline: Json, candidate: Json, p: Policy = policy()): MetricRow[] {
  return evaluatePerformance({ candidate: flattenMetrics(candidate), baseline: flattenMetrics(baseline), ruleFor: compileRules(p) }).metrics;
}

function row(rows: MetricRow[], name: string): MetricRow {
  const found = rows.find((r) => r.name === name);
  if (!found) throw new Error(`no row ${name} among ${rows.map((r) => r.name).join(', ')}`);
  return found;
}

/** A deep copy with `path` (dot separated) set to `value`. */
function edit(metrics: Json, path: string, value: unknown): Json {
  const copy = structuredClone(metrics);
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Json;
  }
  node[keys.at(-1)!] = value;
  return copy;
}

function without(metrics: Json, path: string): Json {
  const copy = structuredClone(metrics);
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Json;
  delete node[keys.at(-1)!];
  return copy;
}

describe('item 1: list-valued and boolean gate signals are judged', () => {
  const base = corpusMetrics(V2);

  it('fails a non-empty intrinsic.gates.failed_episodes and names the episode', () => {
    const rows = gate(base, edit(base, 'intrinsic.gates.failed_episodes', ['p03_e01']));
    const failed = row(rows, 'intrinsic.gates.failed_episodes');
    expect(failed.status).toBe('fail');
    expect(failed.candidate).toBe(1);
    expect(failed.baseline).toBe(0);
    expect(failed.message).toContain('p03_e01');
  });

  it('fails a non-empty intrinsic.gates.episode_gate_failures map', () => {
    const rows = gate(base, edit(base, 'intrinsic.gates.episode_gate_failures', { p02_e01: ['truncation'] }));
    const failed = row(rows, 'intrinsic.gates.episode_gate_failures');
    expect(failed.status).toBe('fail');
    expect(failed.message).toContain('p02_e01');
    // The map is one signal: its entries are not rows of their own.
    expect(rows.some((r) => r.name.startsWith('intrinsic.gates.episode_gate_failures.'))).toBe(false);
  });

  it('passes the empty failure list and map of the real run', () => {
    const rows = gate(base, structuredClone(base));
    expect(row(rows, 'intrinsic.gates.failed_episodes').status).toBe('pass');
    expect(row(rows, 'intrinsic.gates.episode_gate_failures').status).toBe('pass');
  });

  it('fails a `passed: false` flag even where the baseline also failed', () => {
    const withFlag = edit(base, 'checks.passed', true);
    expect(row(gate(withFlag, edit(base, 'checks.passed', false)), 'checks.passed').status).toBe('fail');
    expect(row(gate(edit(base, 'checks.passed', false), edit(base, 'checks.passed', false)), 'checks.passed').status).toBe('fail');
    expect(row(gate(withFlag, withFlag), 'checks.passed').status).toBe('pass');
  });
});

describe('item 2: `gates` are absolute hard gates, `warnings` warn', () => {
  const base = corpusMetrics(V2);

  it('fails a leak rate above 0 under intrinsic.gates even when the baseline has the same rate', () => {
    const leaky = edit(base, 'intrinsic.gates.boilerplate_leak_rate', 0.2);
    const result = row(gate(leaky, leaky), 'intrinsic.gates.boilerplate_leak_rate');
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(/must be 0/);
  });

  it('fails a truncation rate above 0 under intrinsic.gates whatever the baseline', () => {
    const result = row(gate(edit(base, 'intrinsic.gates.truncation_rate', 0.4), edit(base, 'intrinsic.gates.truncation_rate', 0.2)), 'intrinsic.gates.truncation_rate');
    expect(result.status).toBe('fail');
  });

  it('warns (never fails) on intrinsic.warnings.speaker_name_leak_rate above 0, as the store marks it WARN', () => {
    const result = row(gate(base, edit(base, 'intrinsic.warnings.speaker_name_leak_rate', 0.2)), 'intrinsic.warnings.speaker_name_leak_rate');
    expect(result.status).toBe('warn');
  });
});

describe('item 3: direction and severity from whole name segments, with a documented precedence', () => {
  const base = edit(corpusMetrics(V1), 'intrinsic.cost', { total_cost_usd: 0.169, total_input_tokens: 17178, total_output_tokens: 3327 });

  it('only warns on total_input_tokens +10% (token counts are cost), like total_cost_usd +30%', () => {
    const rows = gate(base, edit(edit(base, 'intrinsic.cost.total_input_tokens', 18896), 'intrinsic.cost.total_cost_usd', 0.22));
    expect(row(rows, 'intrinsic.cost.total_input_tokens').status).toBe('pass'); // +10% is inside the 20% allowed
    expect(row(rows, 'intrinsic.cost.total_cost_usd').status).toBe('warn');
    const more = row(gate(base, edit(base, 'intrinsic.cost.total_input_tokens', 22000)), 'intrinsic.cost.total_input_tokens');
    expect(more.status).toBe('warn');
  });

  it('gates map_latency_ms as a latency: `latency` decides before the quality word `map`', () => {
    const withMap = edit(base, 'intrinsic.performance.map_latency_ms', 1000);
    const result = row(gate(withMap, edit(base, 'intrinsic.performance.map_latency_ms', 2000)), 'intrinsic.performance.map_latency_ms');
    expect(result.direction).toBe('lower');
    expect(result.status).toBe('warn');
    expect(result.basis).toContain('latency');
  });

  it('says which word decided', () => {
    const rows = gate(base, structuredClone(base));
    expect(row(rows, 'intrinsic.performance.avg_latency_ms').basis).toContain('latency');
    expect(row(rows, 'intrinsic.cost.total_cost_usd').basis).toContain('cost');
    expect(row(rows, 'intrinsic.gates.truncation_rate').basis).toContain('gates');
  });

  it('keeps `map` a quality word on its own (mean average precision)', () => {
    const rows = gate({ retrieval: { map: 0.5 } }, { retrieval: { map: 0.4 } });
    expect(row(rows, 'retrieval.map')).toMatchObject({ direction: 'higher', status: 'fail' });
  });
});

describe('item 5: vs_reference metrics are reported, not gated, unless a rule names them', () => {
  const v2 = corpusMetrics('baseline_llm_ollama_qwen25_7b_smoke_paragraph_v1');

  it('does not gate a vs_reference drop by default', () => {
    const dropped = edit(v2, 'vs_reference.silver_sonnet46_smoke_v1.rougeL_f1', 0.01);
    const result = row(gate(v2, dropped), 'vs_reference.silver_sonnet46_smoke_v1.rougeL_f1');
    expect(result.status).toBe('info');
    expect(result.basis).toMatch(/reference/);
  });

  it('gates it as a comparison with the baseline when a rule names vs_reference explicitly', () => {
    const dropped = edit(v2, 'vs_reference.silver_sonnet46_smoke_v1.rougeL_f1', 0.01);
    const p = policy({ rules: [{ metric: 'vs_reference.*.rougeL_f1', tolerance: 0.05 }] });
    const result = row(gate(v2, dropped, p), 'vs_reference.silver_sonnet46_smoke_v1.rougeL_f1');
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(/compared with the baseline/);
  });

  it('a catch-all rule does not make references block', () => {
    const dropped = edit(v2, 'vs_reference.silver_sonnet46_smoke_v1.rougeL_f1', 0.01);
    const p = policy({ rules: [{ metric: '**', direction: 'higher' }] });
    expect(row(gate(v2, dropped, p), 'vs_reference.silver_sonnet46_smoke_v1.rougeL_f1').status).toBe('info');
  });
});

describe('item 7: missing and null metrics', () => {
  const ner = corpusMetrics(NER);
  const v2 = corpusMetrics('baseline_llm_ollama_qwen25_7b_smoke_paragraph_v1');

  it('reports an ungated metric that goes missing as not computed (info)', () => {
    const result = row(gate(v2, without(v2, 'episode_count')), 'episode_count');
    expect(result.status).toBe('info');
    expect(result.message).toMatch(/not computed/);
  });

  it('reports an ungated metric that is null as not computed (info)', () => {
    const result = row(gate(ner, edit(ner, 'vs_reference.ner_entities_smoke_gold_v1.entity_set.tp', null)), 'vs_reference.ner_entities_smoke_gold_v1.entity_set.tp');
    expect(result.status).toBe('info');
    expect(result.message).toMatch(/not computed/);
  });

  it('still fails a gated metric that goes missing', () => {
    const result = row(gate(v2, without(v2, 'intrinsic.performance.p95_latency_ms')), 'intrinsic.performance.p95_latency_ms');
    expect(result.status).toBe('fail');
    expect(result.message).toContain('missing: warn');
  });

  it('does not suggest `missing: warn` when the rule already says it', () => {
    const p = policy({ rules: [{ metric: 'intrinsic.performance.*', direction: 'lower', missing: 'warn' }] });
    const result = row(gate(v2, without(v2, 'intrinsic.performance.p95_latency_ms'), p), 'intrinsic.performance.p95_latency_ms');
    expect(result.status).toBe('warn');
    expect(result.message).not.toContain('missing: warn` or');
    expect(result.message).toContain('missing: warn');
  });
});
