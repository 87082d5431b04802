/**
 * Which task a run is for, so a gold reference lands in references/gold/<task>/<id>/. As the
 * seed project does it: what the run's artifacts state (metrics.json first), else what its
 * metrics schema or its predictions look like. An explicit task always wins.
 */
import type { PromotionSource } from './types.js';

export interface DetectedTask {
  task: string;
  /** Where it came from, for the README and for messages. */
  source: string;
}

/** Known metrics schemas (`metrics_ner_v1`, `metrics_summarization_v2`) name their task. */
const SCHEMA_TASKS: [RegExp, string][] = [
  [/^metrics_ner(?:_|$)/, 'ner_entities'],
  [/^metrics_summari[sz]ation(?:_|$)/, 'summarization'],
];

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** NER predictions carry an `entities` list; summaries carry a summary text. */
function taskFromPrediction(prediction: unknown): string | undefined {
  const item = record(prediction);
  if (!item) return undefined;
  const output = record(item['output']) ?? item;
  if (Array.isArray(output['entities'])) return 'ner_entities';
  if (['summary_final', 'summary', 'summary_text'].some((key) => typeof output[key] === 'string')) return 'summarization';
  return undefined;
}

export function detectTask(given: string | undefined, source: PromotionSource): DetectedTask | undefined {
  if (given !== undefined) return { task: given, source: 'given' };
  const claim = source.taskClaims[0];
  if (claim) return { task: claim.task, source: claim.source };
  if (source.metricsSchema !== undefined) {
    const known = SCHEMA_TASKS.find(([pattern]) => pattern.test(source.metricsSchema ?? ''));
    if (known) return { task: known[1], source: `metrics.json schema ${source.metricsSchema}` };
  }
  const fromPredictions = taskFromPrediction(source.firstPrediction);
  if (fromPredictions) return { task: fromPredictions, source: 'predictions.jsonl (output shape)' };
  return undefined;
}
