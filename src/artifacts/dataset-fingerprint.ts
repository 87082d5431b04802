/**
 * The dataset fingerprint: what makes two runs comparable. sha256 over the run's item ids,
 * sorted, and over each item's input hash when the items carry one (so the same ids over
 * changed inputs are a different dataset). Item order in the file never matters.
 */
import { createHash } from 'node:crypto';
import { detectIdField, interpretRecord } from './predictions.js';
import type { StoreLocation } from '../store/location.js';
import { DEFAULT_LIMITS } from '../parse/jsonl.js';
import { forEachJsonlInStore } from '../store/read.js';
import { displayOf } from '../store/safe-path.js';
import { storeRootOf } from '../store/location.js';

/** Per-item fields holding a hash of the item's input, tried in order. */
export const INPUT_HASH_FIELDS = ['input_hash', 'input_sha256', 'input_sha'];

export interface DatasetFingerprint {
  fingerprint: string;
  items: number;
  basis: 'ids' | 'ids+input_hashes';
  /** The id field the items were read with (recorded so `verify` reads them the same way). */
  idField?: string;
}

export function inputHashOf(record: Record<string, unknown>): string | undefined {
  for (const field of INPUT_HASH_FIELDS) {
    const value = record[field];
    if (typeof value === 'string' && value) return value;
  }
  return undefined;
}

/**
 * Each item becomes one JSON line, `"<id>"` or `["<id>", "<input hash>" | null]` when any
 * item has an input hash; the lines are sorted by UTF-16 code units (JavaScript's string
 * order, the key order of RFC 8785) and hashed, newline-terminated.
 */
export function computeDatasetFingerprint(items: { id: string; inputHash?: string }[]): DatasetFingerprint {
  const withInputs = items.some((item) => item.inputHash !== undefined);
  const lines = items.map((item) => JSON.stringify(withInputs ? [item.id, item.inputHash ?? null] : item.id));
  lines.sort();
  const hash = createHash('sha256');
  for (const line of lines) hash.update(`${line}\n`);
  return { fingerprint: hash.digest('hex'), items: items.length, basis: withInputs ? 'ids+input_hashes' : 'ids' };
}

/** Streams `predictions.jsonl` of a run (inside the store) and fingerprints its items. */
export async function fingerprintPredictions(location: StoreLocation, predictionsRel: string, idFieldSetting = 'auto'): Promise<DatasetFingerprint> {
  const items: { id: string; inputHash?: string }[] = [];
  let idField = idFieldSetting === 'auto' ? undefined : idFieldSetting;
  const root = storeRootOf(location);
  const display = displayOf(root, predictionsRel);
  await forEachJsonlInStore(root, predictionsRel, DEFAULT_LIMITS, (record, line) => {
    idField ??= detectIdField(record, display, line);
    const { id } = interpretRecord(record, idField, display, line);
    const inputHash = inputHashOf(record);
    items.push(inputHash === undefined ? { id } : { id, inputHash });
  });
  return { ...computeDatasetFingerprint(items), ...(idField ? { idField } : {}) };
}
