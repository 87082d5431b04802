/**
 * Built-in knowledge of metric names (DESIGN.md section 3): which way is better, and whether
 * a metric measures time or money (those only warn, because they are noisy across machines).
 */
import type { Direction } from './schema.js';

const HIGHER = new Set(['f1', 'accuracy', 'acc', 'rouge', 'rouge1', 'rouge2', 'rougel', 'rougelsum', 'bleu', 'precision', 'recall', 'exact_match', 'em', 'auc', 'map', 'ndcg', 'mrr']);
const LOWER = new Set(['loss', 'error', 'errors', 'wer', 'cer', 'latency', 'time', 'seconds', 'ms', 'duration', 'cost', 'leak', 'leaks', 'failure', 'failures', 'failed', 'truncation', 'perplexity']);
const COST_LIKE = new Set(['latency', 'time', 'seconds', 'ms', 'duration', 'cost']);

/** Splits `avg_latency_ms`, `rougeL_f1`, `exactMatch` into lower-case words (plus bigrams). */
export function nameTokens(segment: string): string[] {
  const words = segment
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const joined = segment.toLowerCase().replace(/[^a-z0-9]/g, '');
  const bigrams = words.slice(1).map((word, i) => `${words[i]}_${word}`);
  return [...words, ...bigrams, joined];
}

function classify(segment: string): Direction | null {
  const tokens = nameTokens(segment);
  const higher = tokens.some((t) => HIGHER.has(t));
  const lower = tokens.some((t) => LOWER.has(t));
  if (higher === lower) return null; // neither, or contradictory (`error_f1`): don't guess
  return higher ? 'higher' : 'lower';
}

/**
 * Direction from the last path segment, else the one before it
 * (`entity_set.per_label_f1.PERSON` is an F1).
 */
export function inferDirection(metric: string): Direction | null {
  const segments = metric.split('.');
  for (let i = segments.length - 1; i >= Math.max(0, segments.length - 2); i--) {
    const direction = classify(segments[i] ?? '');
    if (direction) return direction;
  }
  return null;
}

/** Time and cost metrics: the built-in rule only warns on them. */
export function isCostLike(metric: string): boolean {
  const last = metric.split('.').at(-1) ?? '';
  return nameTokens(last).some((t) => COST_LIKE.has(t));
}
