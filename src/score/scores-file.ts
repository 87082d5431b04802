/**
 * `scores/<REF>.json` in a run: the run's standing against reference REF, written by
 * `promotion-gate score` and read by the gate's references section when the run's metrics.json
 * has no `vs_reference.<REF>` (DESIGN.md section 12). Deterministic: no timestamp, items in
 * code-unit order, so re-scoring unchanged inputs rewrites the same bytes.
 */
import { z } from 'zod';
import type { ScoreResult } from './compute.js';

export const SCORES_SCHEMA = 'promotion-gate/scores@1';
/** The folder of a run holding its scores files. */
export const SCORES_DIR = 'scores';

export const TEXT_METHOD = [
  'exact_match and token_f1: SQuAD normalisation (lowercase, ASCII punctuation removed, articles a/an/the removed, whitespace collapsed); token_f1 over the multiset of tokens',
  "rougeL: LCS-based, as rouge-score's RougeScorer(['rougeL']) without stemming: lowercase, runs of characters outside [a-z0-9] become spaces",
  'aggregate: mean over the reference items; an item the run lacks scores 0',
];
export const ENTITY_METHOD = [
  'exact: same label and the same [start, end) span; overlap: same label and spans sharing a character, largest one-to-one matching',
  'set: distinct (label, normalised text) pairs per item; text trimmed, whitespace collapsed, trailing :,.;!? dropped, lowercased',
  'aggregate: micro-average (counts summed over items); predicted labels outside the reference labels_in_scope are ignored',
];

export interface ScoresFile extends Omit<ScoreResult, 'notes'> {
  schema: typeof SCORES_SCHEMA;
  run: string;
  reference: { id: string; quality: 'silver' | 'gold'; path: string; task?: string };
  method: string[];
  notes: string[];
}

export function scoresFile(run: string, reference: ScoresFile['reference'], result: ScoreResult): ScoresFile {
  const { kind, items, aggregate, per_item: perItem, notes } = result;
  return {
    schema: SCORES_SCHEMA,
    run,
    reference,
    kind,
    method: kind === 'text' ? TEXT_METHOD : ENTITY_METHOD,
    items,
    aggregate,
    notes,
    per_item: perItem,
  };
}

const finite = z.number().refine(Number.isFinite);
const mode = z.looseObject({ precision: finite, recall: finite, f1: finite }).nullable().optional();
const readable = z.looseObject({
  schema: z.literal(SCORES_SCHEMA),
  reference: z.looseObject({ id: z.string() }),
  kind: z.enum(['text', 'entities']),
  aggregate: z.union([
    z.looseObject({ exact_match: finite, token_f1: finite, rougeL_precision: finite, rougeL_recall: finite, rougeL_f1: finite }),
    z.looseObject({ exact: mode, overlap: mode, set: mode }),
  ]),
});

/**
 * The aggregate of a scores file as metric rows (name relative to the reference): the text
 * scores, or precision, recall and F1 of each entity matching. Throws on a file that is not a
 * scores file of `referenceId`.
 */
export function scoresMetrics(value: unknown, referenceId: string): Map<string, number> {
  const parsed = readable.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`not a ${SCORES_SCHEMA} file (${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'})`);
  }
  if (parsed.data.reference.id !== referenceId) throw new Error(`it scores reference ${JSON.stringify(parsed.data.reference.id)}, not ${JSON.stringify(referenceId)}`);
  const metrics = new Map<string, number>();
  const aggregate = parsed.data.aggregate as Record<string, unknown>;
  for (const [name, value] of Object.entries(aggregate)) {
    if (typeof value === 'number' && parsed.data.kind === 'text') metrics.set(name, value);
    if (parsed.data.kind === 'entities' && value !== null && typeof value === 'object') {
      const scores = value as Record<string, unknown>;
      for (const key of ['precision', 'recall', 'f1']) if (typeof scores[key] === 'number') metrics.set(`${name}.${key}`, scores[key]);
    }
  }
  return metrics;
}
