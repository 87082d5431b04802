/**
 * What unit a metric is in, read from its name, so that every axis and table column says
 * it (issue 17: units named). Only what the name states is claimed: `avg_latency_ms` is in
 * milliseconds, `cost_usd` in US dollars; a quality score such as `rougeL_f1` is "a score as
 * recorded", since the file does not say whether it is 0–1 or 0–100.
 */
import { nameTokens } from '../artifacts/metric-names.js';

const RULES: [RegExp, string][] = [
  [/(^|[._])(latency|duration|time)?_?ms$/i, 'milliseconds'],
  [/(^|[._])[a-z_]*(seconds|secs|_sec|_s)$/i, 'seconds'],
  [/(usd|dollars?)$/i, 'US dollars'],
  [/(^|[._])[a-z_]*cost$/i, 'cost, as recorded'],
  [/tokens?$/i, 'tokens'],
  [/chars?(_in|_out)?$|characters$/i, 'characters'],
  [/(^|[._])(num|n|count)_|_count$|count$/i, 'count'],
  [/(_pct|_percent|percent|percentage)$/i, 'percent'],
  [/(_rate|_ratio|_share|_fraction)$/i, 'ratio (0–1)'],
  [/bytes$/i, 'bytes'],
];

const QUALITY = new Set(['f1', 'accuracy', 'acc', 'rouge', 'rouge1', 'rouge2', 'rougel', 'rougelsum', 'bleu', 'precision', 'recall', 'exact_match', 'em', 'auc', 'map', 'ndcg', 'mrr', 'score', 'similarity', 'bertscore']);

export function unitOf(metric: string): string {
  const last = metric.split('.').pop() ?? metric;
  for (const [pattern, unit] of RULES) if (pattern.test(last)) return unit;
  if (nameTokens(last).some((t) => QUALITY.has(t))) return 'score, as recorded';
  return 'as recorded (no unit in the name)';
}

/** Units of many metrics, for a page's data block. */
export function unitsOf(metrics: Iterable<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of metrics) out[m] = unitOf(m);
  return out;
}
