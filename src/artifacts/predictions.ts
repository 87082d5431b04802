/**
 * predictions.jsonl records: one JSON object per item with an id field and optional per-item
 * `scores`. Records are interpreted one at a time while streaming; nothing keeps them.
 */
import { ArtifactError } from '../contract/errors.js';

/** Id fields tried in order when the policy says `id_field: auto`. */
export const ID_FIELD_CANDIDATES = ['id', 'example_id', 'item_id', 'episode_id', 'sample_id', 'question_id', 'doc_id', 'uid'];

export interface PredictionItem {
  id: string;
  /** Finite per-item scores by name (true/false read as 1/0), or undefined when the record has none. */
  scores: Record<string, number> | undefined;
  /** Whether the id was written as a JSON number (7) or a string ("7"); both pair by their text. */
  idIsNumber: boolean;
  dataset: string | undefined;
}

export function detectIdField(record: Record<string, unknown>, file: string, line: number): string {
  const found = ID_FIELD_CANDIDATES.find((field) => isIdValue(record[field]));
  if (!found) {
    throw new ArtifactError(
      { file, line },
      `no item id field: expected one of ${ID_FIELD_CANDIDATES.join(', ')} (or set predictions.id_field in the policy)`,
      'predictions.id',
    );
  }
  return found;
}

function isIdValue(value: unknown): value is string | number {
  return (typeof value === 'string' && value.length > 0) || (typeof value === 'number' && Number.isSafeInteger(value));
}

export function interpretRecord(record: Record<string, unknown>, idField: string, file: string, line: number): PredictionItem {
  const rawId = record[idField];
  if (!isIdValue(rawId)) {
    throw new ArtifactError(
      { file, line },
      rawId === undefined ? `item has no "${idField}" field` : `item id "${idField}" must be a non-empty string or an integer`,
      'predictions.id',
    );
  }
  const dataset = typeof record.dataset_id === 'string' ? record.dataset_id : undefined;
  return { id: String(rawId), scores: readScores(record.scores, file, line), dataset, idIsNumber: typeof rawId === 'number' };
}

function readScores(value: unknown, file: string, line: number): Record<string, number> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ArtifactError({ file, line }, '"scores" must be an object of {name: number}', 'predictions.scores');
  }
  // One pass that allocates nothing (10^6 records per side): the parsed object is returned as
  // it is when every score is a finite number, and copied otherwise: without its nulls, with
  // true/false as 1/0 (a pass/fail score). for-in visits exactly the own keys of a JSON.parse
  // result (its prototype has no enumerable keys).
  const record = value as Record<string, unknown>;
  let copy = false;
  for (const name in record) {
    const score = record[name];
    if (score === null || typeof score === 'boolean') copy = true; // null: a score not computed for this item
    else if (typeof score !== 'number' || !Number.isFinite(score)) {
      throw new ArtifactError({ file, line }, `scores.${name} must be a finite number, a boolean or null`, 'predictions.scores');
    }
  }
  if (!copy) return record as Record<string, number>;
  const scores: Record<string, number> = {};
  for (const name in record) {
    const score = record[name];
    const number = typeof score === 'boolean' ? Number(score) : score;
    // defineProperty: a key named __proto__ stays a key (assignment would set the prototype).
    if (typeof number === 'number') Object.defineProperty(scores, name, { value: number, enumerable: true, writable: true, configurable: true });
  }
  return scores;
}
