/**
 * Built-in knowledge of metric names (DESIGN.md section 3, with the refinements learned on
 * the real store): which way is better, whether a metric measures time or money (those only
 * warn, because they are noisy across machines), and which word decided, for the report.
 *
 * Words are whole words of a name segment (`map_latency_ms` -> map, latency, ms), never
 * substrings. Precedence inside the deciding segment:
 *   1. time, latency, cost and token-count words (lower is better, cost-like: warn);
 *   2. loss, error, leak, failure words (lower is better);
 *   3. quality words: f1, accuracy, rouge, bleu, precision, recall, exact_match, map, ... (higher).
 * A segment with words of both 2 and 3 (`error_f1`) is ambiguous: no guess, not gated.
 * The deciding segment is the last one with a known word, looking at the last two
 * (`entity_set.per_label_f1.PERSON` is an F1).
 */
import { FAILURE_WORDS, nameTokens, PASS_WORDS, segmentWords } from '../artifacts/metric-names.js';
import type { Signal } from '../artifacts/metrics.js';
import type { Direction } from './schema.js';

const COST = new Set(['latency', 'latencies', 'time', 'seconds', 'secs', 'sec', 'ms', 'us', 'ns', 'minutes', 'duration', 'cost', 'costs', 'usd', 'price', 'tokens', 'token']);
const LOWER = new Set(['loss', 'wer', 'cer', 'leak', 'leaks', 'truncation', 'perplexity', ...FAILURE_WORDS]);
const HIGHER = new Set(['f1', 'accuracy', 'acc', 'rouge', 'rouge1', 'rouge2', 'rougel', 'rougelsum', 'bleu', 'precision', 'recall', 'exact_match', 'exactmatch', 'em', 'auc', 'map', 'ndcg', 'mrr', ...PASS_WORDS]);

export interface Inference {
  direction: Direction | null;
  /** Time and cost (and token counts): the built-in rule only warns on them. */
  costLike: boolean;
  /** What decided, in words, e.g. "`latency` in `map_latency_ms`". */
  basis: string;
}

function classify(segment: string): Inference | undefined {
  const words = segmentWords(segment);
  const cost = words.find((w) => COST.has(w));
  if (cost) return { direction: 'lower', costLike: true, basis: `\`${cost}\` in \`${segment}\` (time, cost and token counts come first)` };
  const tokens = nameTokens(segment);
  const lower = tokens.find((t) => LOWER.has(t));
  const higher = tokens.find((t) => HIGHER.has(t));
  if (lower && higher) return { direction: null, costLike: false, basis: `ambiguous: \`${lower}\` and \`${higher}\` in \`${segment}\`` };
  if (lower) return { direction: 'lower', costLike: false, basis: `\`${lower}\` in \`${segment}\`` };
  if (higher) return { direction: 'higher', costLike: false, basis: `\`${higher}\` in \`${segment}\`` };
  return undefined;
}

/** Direction, cost-likeness and the deciding word of a metric (or gate signal) name. */
export function inferMetric(metric: string, signal?: Signal): Inference {
  if (signal?.kind === 'list' || signal?.kind === 'map') {
    return { direction: 'lower', costLike: false, basis: `a failure ${signal.kind} (its entries are counted)` };
  }
  if (signal?.kind === 'flag') {
    return { direction: signal.passes ? 'higher' : 'lower', costLike: false, basis: `a flag that passes when ${signal.passes ? 'true' : 'false'}` };
  }
  const segments = metric.split('.');
  for (let i = segments.length - 1; i >= Math.max(0, segments.length - 2); i--) {
    const found = classify(segments[i] ?? '');
    if (found) return found;
  }
  return { direction: null, costLike: false, basis: 'no known word in the name' };
}

export function inferDirection(metric: string): Direction | null {
  return inferMetric(metric).direction;
}
