/**
 * `score`, end to end: read the reference's items and the run's predictions (read-inputs.ts),
 * score them (compute.ts, pure), and write `scores/<REF>.json` into the run (write-scores.ts).
 * The same path serves the CLI and tests.
 */
import { UsageError } from '../contract/errors.js';
import type { StoreLocation } from '../store/location.js';
import { validateId } from '../store/ids.js';
import { isDirectoryInStore } from '../store/read.js';
import { scoreAgainstReference } from './compute.js';
import { findReference, readJsonlItems, readReferenceItems } from './read-inputs.js';
import { scoresFile, type ScoresFile } from './scores-file.js';
import { writeScores } from './write-scores.js';

export interface ScoreRequest {
  store: StoreLocation;
  run: string;
  reference: string;
  /** Dot path of the content in every item (default: detected). */
  field?: string;
  /** The policy's predictions.id_field (`auto` detects it). */
  idField: string;
  /** How the inputs are named in messages. */
  names: { run: string; reference: string };
}

export interface ScoreOutcome {
  file: ScoresFile;
  /** Store-relative path of the written scores file. */
  written: string;
}

export async function scoreRun(request: ScoreRequest): Promise<ScoreOutcome> {
  const { store, names } = request;
  validateId('run', request.run, names.run);
  const runRel = `runs/${request.run}`;
  if (!(await isDirectoryInStore(store.root, runRel))) throw new UsageError(`${names.run}: no run directory at ${store.display}/${runRel}`);
  const reference = await findReference(store, request.reference, names.reference);
  const options = { idField: request.idField, ...(request.field === undefined ? {} : { field: request.field }) };
  const expected = await readReferenceItems(store, reference, options);
  const run = await readJsonlItems(store, `${runRel}/predictions.jsonl`, { ...options, side: 'run', kind: expected.kind });
  const result = scoreAgainstReference(
    { reference: expected.items, run: run.items, runFile: run.source, ...(expected.labelsInScope ? { labelsInScope: expected.labelsInScope } : {}) },
    expected.kind,
  );
  const file = scoresFile(request.run, {
    id: reference.id,
    quality: reference.quality,
    path: reference.path,
    ...(reference.task === undefined ? {} : { task: reference.task }),
  }, result);
  const written = await writeScores(store, runRel, reference.id, file);
  return { file, written };
}
