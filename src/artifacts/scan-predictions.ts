/**
 * Streams one predictions.jsonl, interpreting each record and handing the item to a sink
 * (the pairing structure). Records are never kept: only what the sink chooses to store.
 */
import { detectIdField, interpretRecord, type PredictionItem } from './predictions.js';
import { ArtifactError } from '../contract/errors.js';
import { DEFAULT_LIMITS, type ByteTap } from '../parse/jsonl.js';
import { forEachJsonlInStore } from '../store/read.js';
import type { StoreRoot } from '../store/safe-path.js';

export interface ScanResult {
  items: number;
  idField: string | undefined;
  /** Distinct dataset ids declared by records (`dataset_id`), with the first line of each. */
  datasets: Map<string, number>;
  /** The first id written as a JSON number and the first written as a string, if any. */
  idForms: { number?: string; string?: string };
}

/**
 * Reads through the store's checked file handle (the file opened is the one whose path was
 * checked, so a link swapped in after the check is refused). `tap` sees the bytes read.
 */
export async function scanPredictions(
  store: StoreRoot,
  relative: string,
  display: string,
  idFieldSetting: string,
  onItem: (item: PredictionItem, line: number) => void,
  tap?: ByteTap,
): Promise<ScanResult> {
  let idField = idFieldSetting === 'auto' ? undefined : idFieldSetting;
  let items = 0;
  const datasets = new Map<string, number>();
  let lastDataset: string | undefined;
  const idForms: ScanResult['idForms'] = {};
  await forEachJsonlInStore(store, relative, DEFAULT_LIMITS, (value, line) => {
    const record = value as Record<string, unknown>;
    idField ??= detectIdField(record, display, line);
    const item = interpretRecord(record, idField, display, line);
    // Records repeat one dataset id: an equal string skips the map lookup (and hashing it).
    if (item.dataset !== undefined && item.dataset !== lastDataset) {
      if (!datasets.has(item.dataset)) datasets.set(item.dataset, line);
      lastDataset = item.dataset;
    }
    if (item.idIsNumber) idForms.number ??= item.id;
    else idForms.string ??= item.id;
    items++;
    onItem(item, line);
  }, tap ? { tap } : {});
  if (items === 0) {
    throw new ArtifactError({ file: display }, 'nothing to evaluate: the predictions file has no items', 'predictions.empty');
  }
  return { items, idField, datasets, idForms };
}
