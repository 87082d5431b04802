/**
 * Built-in directions (DESIGN.md section 3), directly on the pure functions: which way is better
 * for a metric name, and which metrics measure time or money (the built-in rule only warns on those).
 */
import { describe, expect, it } from 'vitest';
import { nameTokens } from '../../../src/artifacts/metric-names.js';
import { inferDirection, inferMetric } from '../../../src/policy/direction.js';

describe('nameTokens', () => {
  it('splits snake, camel and mixed case into words, bigrams and the joined name', () => {
    expect(nameTokens('avg_latency_ms')).toEqual(['avg', 'latency', 'ms', 'avg_latency', 'latency_ms', 'avglatencyms']);
    expect(nameTokens('exactMatch')).toEqual(['exact', 'match', 'exact_match', 'exactmatch']);
    expect(nameTokens('rougeL')).toEqual(['rouge', 'l', 'rouge_l', 'rougel']);
  });
});

describe('inferDirection', () => {
  it.each([
    ['f1', 'higher'],
    ['accuracy', 'higher'],
    ['exact_match', 'higher'],
    ['exactMatch', 'higher'],
    ['rougeL', 'higher'],
    ['rouge_lsum', 'higher'],
    ['rougeLsum', 'higher'],
    ['bleu', 'higher'],
    ['ndcg_at_10', 'higher'],
    ['loss', 'lower'],
    ['wer', 'lower'],
    ['avg_latency_ms', 'lower'],
    ['cost_usd', 'lower'],
    ['boilerplate_leak_rate', 'lower'],
    ['truncation_rate', 'lower'],
    ['perplexity', 'lower'],
    ['error_f1', null],
    ['items', null],
    ['score', null],
  ] as const)('%s is %s', (name, direction) => {
    expect(inferDirection(name)).toBe(direction);
  });

  it('reads the last path segment, else the one before it, never further up', () => {
    expect(inferDirection('intrinsic.gates.truncation_rate')).toBe('lower');
    expect(inferDirection('entity_set.per_label_f1.PERSON')).toBe('higher');
    expect(inferDirection('vs_reference.gold.rougeL.count')).toBe('higher');
    expect(inferDirection('latency.by_model.gpt.count')).toBeNull();
    expect(inferDirection('f1.loss')).toBe('lower');
  });
});

describe('inferMetric: cost-like', () => {
  it('is true for time, money and tokens in the deciding segment (one of the last two), never further up', () => {
    for (const name of ['latency_ms', 'avg_latency', 'seconds', 'total.cost', 'durationSeconds', 'p50_time', 'latency.count', 'prompt_tokens']) expect(inferMetric(name).costLike, name).toBe(true);
    for (const name of ['f1', 'loss', 'latency.by_model.count', 'error_rate', 'timeline_f1x']) expect(inferMetric(name).costLike, name).toBe(false);
  });
});
