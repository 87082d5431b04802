/**
 * `compare`, end to end: resolve the two entries (or an experiment's arms), load each side
 * with the gate's loader, join the predictions item by item, analyse every score, attribute
 * the deltas to item fields, measure output divergence, diff the recipes, and assemble
 * `promotion-gate/comparison@1`. Comparing never gates: bad input is a UsageError (exit 2),
 * anything else is a result.
 */
import { ArtifactError, UsageError } from '../contract/errors.js';
import { loadSide, type LoadedSide } from '../artifacts/load-run.js';
import type { StoreLocation } from '../store/location.js';
import { fingerprintDataset, fingerprintView } from '../artifacts/fingerprint.js';
import { normalizeTime, type ListedEntry } from '../lifecycle/read-entries.js';
import { modelFieldsFromConfig } from '../capture/model-fields.js';
import { redactSecrets } from '../provenance/secrets/patterns.js';
import { quoteForMessage } from '../parse/json.js';
import { storeRootOf } from '../store/location.js';
import { attributeScore, mergeFields, whatChanged, type ScoreAttributionJson } from './attribution.js';
import { readChanges, promptVersion } from './changes.js';
import { COMPARISON_SCHEMA, DEFAULT_TOP, MAX_SCORES, MAX_TOP, type ComparisonJson, type HeadlineJson, type IdSampleJson, type SideJson } from './comparison.js';
import { checkPaired, findArms } from './experiment.js';
import { fillExcerpts } from './excerpts.js';
import { EXCERPT_CHARS, joinPredictions, type JoinResult } from './join.js';
import { metricDeltas } from './metric-deltas.js';
import { analyseScore, FLIP_ID_CAP, type ScoreAnalysis } from './score-analysis.js';
import { resolvePair } from './resolve.js';
import { readStoreEntries } from '../lifecycle/read-entries.js';

export interface CompareRequest {
  store: StoreLocation;
  /** Two names, or an experiment. */
  a?: string;
  b?: string;
  experiment?: string;
  /** Scores to compare (names in `scores` or record dot paths); default every score. */
  scores?: string[];
  top?: number;
  /** 'auto' or a field name. */
  idField?: string;
  outputField?: string;
  /** For tests: how many output characters may wait for the other side. */
  pendingTextCap?: number;
}

/** Problems of a side that make it unreadable (a missing file is not one: it is said in the notes). */
const FATAL = new Set(['metrics.valid', 'metrics.finite', 'artifacts.safe', 'metrics.shape']);

type Json = Record<string, unknown>;
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

function fail(side: 'A' | 'B', loaded: LoadedSide): void {
  const fatal = loaded.facts.problems.find((p) => p.status === 'fail' && FATAL.has(p.id));
  if (fatal) throw new UsageError(`${side}: ${fatal.message}`);
}

function modelName(side: LoadedSide): string | null {
  const view = side.fingerprint ? (fingerprintView(side.fingerprint).model as Json | undefined) : undefined;
  const metadata = (side.metadata ?? {}) as Json;
  const backend = (metadata['backend'] ?? {}) as Json;
  const params = (metadata['params'] ?? {}) as Json;
  return text(view?.['name']) ?? text(backend['model']) ?? text(params['model_name']) ?? text(params['model']) ?? text(modelFieldsFromConfig(side.config as Json | undefined)?.name);
}

function recorded(side: LoadedSide, key: 'experiment_id' | 'arm'): string | null {
  const fp = (side.fingerprint ?? {}) as Json;
  const experiment = (fp['experiment'] ?? {}) as Json;
  return text((side.metadata as Json | undefined)?.[key]) ?? text(fp[key]) ?? text(experiment[key === 'experiment_id' ? 'id' : 'arm']);
}

function sideJson(name: string, entry: ListedEntry, loaded: LoadedSide, scan: JoinResult['a'] | null): SideJson {
  const fp = loaded.fingerprint;
  return {
    name,
    id: entry.id,
    kind: entry.kind,
    status: entry.status,
    quality: entry.quality ?? null,
    path: entry.path,
    task: loaded.task ?? null,
    dataset: (fp && fingerprintDataset(fp)) ?? loaded.dataset ?? null,
    dataset_fingerprint: fp?.dataset?.fingerprint ?? null,
    model: modelName(loaded),
    prompt_version: promptVersion(loaded),
    prompt_hash: fp?.prompts?.prompt_hash ?? null,
    config_hash: fp?.config_hash ?? null,
    experiment: recorded(loaded, 'experiment_id'),
    arm: recorded(loaded, 'arm'),
    created: normalizeTime(loaded.metadata?.created_at) ?? normalizeTime(fp?.timestamp) ?? null,
    has_predictions: loaded.predictionsPath !== null,
    has_metrics: loaded.metrics !== null,
    items: scan ? scan.items : null,
    id_field: scan?.idField ?? null,
    output_field: scan?.outputField ?? null,
  };
}

/** Only-on-one-side ids in canonical order (count and the first few). */
function onlyOn(join: JoinResult, bit: number, limit = 10): IdSampleJson {
  const presence = join.pairs.presence();
  const sample: IdSampleJson = { count: 0, examples: [] };
  for (let k = 0; k < join.order.length; k++) {
    const i = join.order[k] as number;
    if (presence[i] !== bit) continue;
    sample.count++;
    if (sample.examples.length < limit) sample.examples.push(join.pairs.idAt(i));
  }
  return sample;
}

function duplicatesProblem(join: JoinResult): string | undefined {
  for (const [label, scan] of [['A', join.a], ['B', join.b]] as const) {
    const { count, examples } = scan.duplicates;
    if (count > 0) {
      return `${label}: ${scan.display}: ${count} repeated item id${count === 1 ? '' : 's'} (${examples.map((e) => quoteForMessage(e)).join(', ')}${count > examples.length ? ', …' : ''}): ids must be unique to join items`;
    }
  }
  return undefined;
}

function headlineOf(analyses: ScoreAnalysis[]): HeadlineJson | null {
  const usable = analyses.filter((x) => x.summary.items > 0);
  const pick = usable.find((x) => x.summary.direction !== null) ?? usable[0];
  if (!pick) return null;
  const s = pick.summary;
  return { score: s.name, direction: s.direction, items: s.items, better: s.better, worse: s.worse, up: s.up, down: s.down, unchanged: s.unchanged, test: s.test };
}

/** Secrets masked in every string of the result (ids, excerpts, names, values). */
function masked<T>(value: T): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (Array.isArray(value)) return value.map(masked) as T;
  if (value !== null && typeof value === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) out[k] = masked(v);
    return out as T;
  }
  return value;
}

export async function runCompare(request: CompareRequest): Promise<ComparisonJson> {
  const { store } = request;
  const top = request.top ?? DEFAULT_TOP;
  if (!Number.isInteger(top) || top < 0 || top > MAX_TOP) throw new UsageError(`--top ${top}: expected an integer from 0 to ${MAX_TOP}`);

  let nameA: string;
  let nameB: string;
  let entryA: ListedEntry;
  let entryB: ListedEntry;
  if (request.experiment !== undefined) {
    if (request.a !== undefined || request.b !== undefined) throw new UsageError('--experiment picks both sides: give either A and B, or --experiment, not both');
    const entries = await readStoreEntries(store);
    const arms = await findArms(store, entries, request.experiment);
    [entryA, entryB] = [arms.control, arms.treatment];
    [nameA, nameB] = [entryA.path, entryB.path];
  } else {
    if (request.a === undefined || request.b === undefined) throw new UsageError('compare needs two entries (A B) or --experiment EXP');
    const pair = await resolvePair(store, request.a, request.b);
    [entryA, entryB] = [pair.a.entry, pair.b.entry];
    [nameA, nameB] = [request.a, request.b];
  }

  const sideA = await loadSide(store, entryA.path, 'baseline');
  const sideB = await loadSide(store, entryB.path, 'candidate');
  fail('A', sideA);
  fail('B', sideB);
  for (const [label, side] of [['A', sideA], ['B', sideB]] as const) {
    if (side.metrics === null && side.predictionsPath === null) {
      throw new UsageError(`${label}: ${side.facts.display}: nothing to compare: it has neither a readable metrics.json nor a predictions.jsonl`);
    }
  }
  const notes: string[] = [];
  if (entryA.path === entryB.path) notes.push('A and B are the same entry: every delta is 0');
  if (request.experiment !== undefined) {
    checkPaired(request.experiment, { path: entryA.path, fingerprint: sideA.fingerprint?.dataset?.fingerprint ?? null }, { path: entryB.path, fingerprint: sideB.fingerprint?.dataset?.fingerprint ?? null });
  }
  for (const [label, side] of [['A', sideA], ['B', sideB]] as const) {
    for (const p of side.facts.problems) {
      if (p.status === 'fail' && !FATAL.has(p.id) && p.id !== 'artifacts.present') notes.push(`${label}: ${p.message}`);
    }
  }

  let join: JoinResult | null = null;
  if (sideA.predictionsPath !== null && sideB.predictionsPath !== null) {
    const root = storeRootOf(store);
    try {
      join = await joinPredictions(
        { store: root, relPath: sideA.predictionsPath, display: `${sideA.facts.display}/predictions.jsonl` },
        { store: root, relPath: sideB.predictionsPath, display: `${sideB.facts.display}/predictions.jsonl` },
        { idField: request.idField ?? 'auto', outputField: request.outputField, scores: request.scores, top, pendingTextCap: request.pendingTextCap },
      );
    } catch (error) {
      if (error instanceof ArtifactError) throw new UsageError(error.message);
      throw error;
    }
    const duplicates = duplicatesProblem(join);
    if (duplicates) throw new UsageError(duplicates);
  } else {
    const missing = [['A', sideA], ['B', sideB]].filter(([, s]) => (s as LoadedSide).predictionsPath === null).map(([l, s]) => `${l as string} (${(s as LoadedSide).facts.display})`);
    notes.push(`metrics-only comparison: ${missing.join(' and ')} ha${missing.length === 1 ? 's' : 've'} no predictions.jsonl, so there are no per-item deltas, histograms, attribution or divergence`);
  }

  let joined = 0;
  const analyses: ScoreAnalysis[] = [];
  let omitted: string[] = [];
  let attribution: ComparisonJson['what_changed'] = null;
  if (join) {
    const presence = join.pairs.presence();
    for (let i = 0; i < presence.length; i++) if (presence[i] === 3) joined++;
    const idA = join.a.idField;
    const idB = join.b.idField;
    if (idA && idB && idA !== idB) {
      if (joined === 0) {
        throw new UsageError(
          `A identifies items by ${quoteForMessage(idA)} and B by ${quoteForMessage(idB)}, and no id is in both: they cannot be joined item by item; pass --id-field NAME if both files have one field naming the same items`,
        );
      }
      notes.push(`A identifies items by ${quoteForMessage(idA)}, B by ${quoteForMessage(idB)}; ${joined} ids match`);
    }
    for (const [label, scan] of [['A', join.a], ['B', join.b]] as const) {
      if (scan.items === 0) notes.push(`${label}: ${scan.display} has no items`);
    }
    if (joined === 0 && join.a.items > 0 && join.b.items > 0) notes.push('no item id is in both predictions files (different datasets?): only the metrics and the item counts are compared');
    const names = request.scores ?? [...new Set(join.scores)].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    const chosen = names.slice(0, MAX_SCORES);
    omitted = names.slice(MAX_SCORES);
    for (const name of chosen) {
      const analysis = analyseScore(name, join, top);
      if (analysis) analyses.push(analysis);
      else if (request.scores) notes.push(`score ${quoteForMessage(name)}: no item of either side carries it`);
    }
    if (names.length === 0) notes.push('no per-item scores on either side: pass --score NAME to compare a numeric item field (a dot path such as metadata.latency_ms)');
    await fillExcerpts(store, join, analyses, { a: sideA.predictionsPath ?? '', b: sideB.predictionsPath ?? '' }, request.outputField);
    const fields = mergeFields(join, joined);
    if (fields.length > 0) {
      const scored: ScoreAttributionJson[] = analyses
        .filter((x) => x.summary.items >= 2)
        .map((x) => attributeScore(x.summary.name, x.summary.kind, fields, x.indices, x.deltas));
      attribution = whatChanged(fields, scored);
    }
  }

  const { metrics, omitted: metricsOmitted } = metricDeltas(sideA.metrics, sideB.metrics);
  const fpA = sideA.fingerprint?.dataset?.fingerprint;
  const fpB = sideB.fingerprint?.dataset?.fingerprint;
  const datasetA = sideA.dataset;
  const datasetB = sideB.dataset;
  if (datasetA && datasetB && datasetA !== datasetB) notes.push(`different datasets: A ${quoteForMessage(datasetA)}, B ${quoteForMessage(datasetB)}`);
  if (fpA && fpB && fpA !== fpB) notes.push('the dataset fingerprints differ: the sides were not evaluated on the same items');

  const result: ComparisonJson = {
    schema: COMPARISON_SCHEMA,
    delta: 'b - a',
    a: sideJson(nameA, entryA, sideA, join?.a ?? null),
    b: sideJson(nameB, entryB, sideB, join?.b ?? null),
    mode: join ? 'items' : 'metrics-only',
    experiment: request.experiment !== undefined ? { id: request.experiment, control: entryA.path, treatment: entryB.path } : null,
    dataset_match: fpA && fpB ? fpA === fpB : null,
    notes,
    headline: headlineOf(analyses),
    metrics,
    metrics_omitted: metricsOmitted,
    items: join ? { a: join.a.items, b: join.b.items, joined, only_a: onlyOn(join, 1), only_b: onlyOn(join, 2) } : null,
    scores: analyses.map((x) => x.summary),
    scores_omitted: omitted,
    histograms: analyses.flatMap((x) => (x.histogram ? [x.histogram] : [])),
    largest_gains: analyses.map((x) => x.gains),
    largest_regressions: analyses.map((x) => x.regressions),
    rank_movement: analyses.flatMap((x) => (x.rank ? [x.rank] : [])),
    flips: analyses.flatMap((x) => (x.flips ? [x.flips] : [])),
    what_changed: attribution,
    divergence: join?.divergence ?? null,
    changes: await readChanges({ a: store, b: store }, sideA, sideB),
    limits: { top, scores: MAX_SCORES, flip_ids: FLIP_ID_CAP, excerpt_chars: EXCERPT_CHARS },
  };
  return masked(result);
}
