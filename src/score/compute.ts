/**
 * A run's standing against a reference, from the contents read on both sides: per item and in
 * aggregate. Pure; the reader (read-inputs.ts) and the writer (write-scores.ts) do the I/O.
 *
 * Items are the reference's items. One the run lacks counts as a miss (text scores 0, every
 * reference entity a false negative), as SQuAD counts an unanswered question; run items the
 * reference does not have are counted and not scored. Text aggregates are means over the
 * reference items; entity aggregates are micro-averages (entity-metrics.ts).
 *
 * Entities whose label is outside the reference's `labels_in_scope` (when it declares one) are
 * not scored on the prediction side: they are counted as `ignored`. A matching that needs what
 * some entity lacks (offsets for exact and overlap, text for set) is left out (null) and the
 * notes say why.
 */
import type { Content, ContentKind } from './content.js';
import {
  addCounts, ENTITY_MODES, matchSets, matchSpans, precisionRecall, type Counts, type Entity, type EntityMode, type MatchResult,
} from './entity-metrics.js';
import { exactMatch, rougeL, tokenF1 } from './text-metrics.js';

export interface ScoreInput {
  reference: ReadonlyMap<string, Content>;
  run: ReadonlyMap<string, Content>;
  /** Label scope declared for the whole reference (index.json), if any; an item's own scope wins. */
  labelsInScope?: readonly string[];
  /** For messages about an item (e.g. a text too long for ROUGE-L). */
  runFile: string;
}

export interface TextScores {
  exact_match: number;
  token_f1: number;
  rougeL_precision: number;
  rougeL_recall: number;
  rougeL_f1: number;
}

export interface ModeScores extends Counts {
  precision: number;
  recall: number;
  f1: number;
}

export interface ModeAggregate extends ModeScores {
  per_label: Record<string, ModeScores>;
}

export type EntityItemScores = { [M in EntityMode]?: ModeScores | null } & { ignored: number };

export interface ItemScores {
  id: string;
  /** The run has no item with this id: scored as a miss. */
  missing?: true;
  text?: TextScores;
  entities?: EntityItemScores;
}

export interface EntityAggregate {
  exact: ModeAggregate | null;
  overlap: ModeAggregate | null;
  set: ModeAggregate | null;
  /** Predicted entities outside the reference's label scope (not scored). */
  ignored: number;
  entities_predicted: number;
  entities_reference: number;
}

export interface ScoreResult {
  kind: ContentKind;
  items: { reference: number; scored: number; missing: number; missing_ids: string[]; unreferenced: number };
  aggregate: TextScores | EntityAggregate;
  per_item: ItemScores[];
  notes: string[];
}

/** At most this many missing ids are listed (the count is always complete). */
export const MISSING_ID_CAP = 100;

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function scoreTexts(input: ScoreInput, ids: string[]): Pick<ScoreResult, 'aggregate' | 'per_item'> {
  const sums: TextScores = { exact_match: 0, token_f1: 0, rougeL_precision: 0, rougeL_recall: 0, rougeL_f1: 0 };
  const perItem = ids.map((id): ItemScores => {
    const reference = input.reference.get(id);
    const run = input.run.get(id);
    const referenceText = reference?.kind === 'text' ? reference.text : '';
    if (run?.kind !== 'text') {
      return { id, missing: true, text: { exact_match: 0, token_f1: 0, rougeL_precision: 0, rougeL_recall: 0, rougeL_f1: 0 } };
    }
    const rouge = rougeL(run.text, referenceText, { file: input.runFile, id });
    const text: TextScores = {
      exact_match: exactMatch(run.text, referenceText),
      token_f1: tokenF1(run.text, referenceText).f1,
      rougeL_precision: rouge.precision,
      rougeL_recall: rouge.recall,
      rougeL_f1: rouge.f1,
    };
    for (const key of Object.keys(sums) as (keyof TextScores)[]) sums[key] += text[key];
    return { id, text };
  });
  const n = Math.max(1, ids.length);
  const aggregate = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / n])) as unknown as TextScores;
  return { aggregate, per_item: perItem };
}

const withScores = (counts: Counts): ModeScores => ({ ...counts, ...precisionRecall(counts) });

function entitiesOf(content: Content | undefined): Entity[] {
  return content?.kind === 'entities' ? content.entities : [];
}

function scoreEntities(input: ScoreInput, ids: string[], notes: string[]): Pick<ScoreResult, 'aggregate' | 'per_item'> {
  // Which predicted entities are scored: those whose label the reference item has in scope.
  const scoped = new Map<string, { entities: Entity[]; ignored: number }>();
  let predicted = 0;
  let referenceCount = 0;
  for (const id of ids) {
    const reference = input.reference.get(id);
    const scope = (reference?.kind === 'entities' ? reference.labelsInScope : undefined) ?? input.labelsInScope;
    const all = entitiesOf(input.run.get(id));
    const kept = scope ? all.filter((e) => scope.includes(e.label)) : all;
    scoped.set(id, { entities: kept, ignored: all.length - kept.length });
    predicted += all.length;
    referenceCount += entitiesOf(reference).length;
  }
  const everyEntity = (test: (e: Entity) => boolean): boolean =>
    ids.every((id) => entitiesOf(input.reference.get(id)).every(test) && (scoped.get(id)?.entities ?? []).every(test));
  const available: Record<EntityMode, boolean> = {
    exact: everyEntity((e) => e.start !== undefined),
    overlap: everyEntity((e) => e.start !== undefined),
    set: everyEntity((e) => e.text !== undefined),
  };
  if (!available.exact) notes.push('exact and overlap matching left out: some entities have no start/end offsets');
  if (!available.set) notes.push('set matching left out: some entities have no text');

  const totals = new Map<EntityMode, MatchResult>();
  for (const mode of ENTITY_MODES) if (available[mode]) totals.set(mode, { tp: 0, fp: 0, fn: 0, perLabel: new Map() });
  let ignored = 0;
  const perItem = ids.map((id): ItemScores => {
    const mine = scoped.get(id) ?? { entities: [], ignored: 0 };
    const theirs = entitiesOf(input.reference.get(id));
    ignored += mine.ignored;
    const entities: EntityItemScores = { ignored: mine.ignored };
    for (const mode of ENTITY_MODES) {
      const total = totals.get(mode);
      if (!total) {
        entities[mode] = null;
        continue;
      }
      const result = mode === 'set' ? matchSets(mine.entities, theirs) : matchSpans(mine.entities, theirs, mode);
      addCounts(total, result);
      for (const [label, counts] of result.perLabel) {
        const sum = total.perLabel.get(label) ?? { tp: 0, fp: 0, fn: 0 };
        addCounts(sum, counts);
        total.perLabel.set(label, sum);
      }
      entities[mode] = withScores({ tp: result.tp, fp: result.fp, fn: result.fn });
    }
    return { id, ...(input.run.has(id) ? {} : { missing: true as const }), entities };
  });
  const aggregateOf = (mode: EntityMode): ModeAggregate | null => {
    const total = totals.get(mode);
    if (!total) return null;
    const perLabel = Object.fromEntries([...total.perLabel].sort(([a], [b]) => byCodeUnit(a, b)).map(([label, counts]) => [label, withScores(counts)]));
    return { ...withScores({ tp: total.tp, fp: total.fp, fn: total.fn }), per_label: perLabel };
  };
  const aggregate: EntityAggregate = {
    exact: aggregateOf('exact'),
    overlap: aggregateOf('overlap'),
    set: aggregateOf('set'),
    ignored,
    entities_predicted: predicted,
    entities_reference: referenceCount,
  };
  return { aggregate, per_item: perItem };
}

export function scoreAgainstReference(input: ScoreInput, kind: ContentKind): ScoreResult {
  const ids = [...input.reference.keys()].sort(byCodeUnit);
  const missing = ids.filter((id) => !input.run.has(id));
  let unreferenced = 0;
  for (const id of input.run.keys()) if (!input.reference.has(id)) unreferenced++;
  const notes: string[] = [];
  if (missing.length > 0) notes.push(`${missing.length} reference item(s) have no prediction in the run: scored as misses`);
  if (unreferenced > 0) notes.push(`${unreferenced} run item(s) have no reference item: not scored`);
  const scored = kind === 'text' ? scoreTexts(input, ids) : scoreEntities(input, ids, notes);
  return {
    kind,
    items: { reference: ids.length, scored: ids.length - missing.length, missing: missing.length, missing_ids: missing.slice(0, MISSING_ID_CAP), unreferenced },
    ...scored,
    notes,
  };
}
