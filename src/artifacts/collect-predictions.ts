/**
 * One side's predictions.jsonl reduced to what the pairing needs, as flat data: the item ids in
 * file order (one string of them all, and where each ends) and, per score name, a Float64Array
 * of that score (NaN where an item has none). Being a few strings and typed arrays, a side
 * collected in a worker thread is handed over whole, its arrays transferred, not copied; so
 * the two sides are parsed on two cores at once. The reading itself is `scanPredictions`, with
 * every strict-input rule of the in-thread path.
 */
import { scanPredictions, type ScanResult } from './scan-predictions.js';
import type { ByteTap } from '../parse/jsonl.js';
import type { StoreRoot } from '../store/safe-path.js';

export interface ScoreColumn {
  name: string;
  /** Value of item i (in file order), NaN when item i has no such score. */
  values: Float64Array;
}

export interface CollectedPredictions {
  result: ScanResult;
  /** Every item's id in file order, repeats included (the pairing counts them), concatenated. */
  idText: string;
  /** Item i's id is idText.slice(idEnds[i - 1] ?? 0, idEnds[i]). */
  idEnds: Uint32Array;
  /** In order of first appearance in the file. */
  columns: ScoreColumn[];
}

export interface CollectRequest {
  store: StoreRoot;
  relative: string;
  display: string;
  idField: string;
}

function grownFloats(values: Float64Array, capacity: number): Float64Array {
  const next = new Float64Array(capacity).fill(NaN);
  next.set(values);
  return next;
}

/** Ids are joined a block at a time: few live strings, one short join each. */
const ID_BLOCK = 4096;

/** Every this many rows an id is compared with the last one compared (see `onUnordered`). */
const ORDER_SAMPLE = 64;

/**
 * Reads the file; `onCount(items)` is called every `every` items (a power of two); `tap` sees its
 * bytes. `onUnordered` is called once, as soon as the ids are seen not to ascend (one in every
 * ORDER_SAMPLE rows is compared, by UTF-16 code units as the pairing's index orders them): the
 * pairing can then prepare its lookups before this side arrives (PairedScores.prepareLookups).
 */
export async function collectPredictions(
  request: CollectRequest,
  onCount?: (items: number) => void,
  every = 4096,
  tap?: ByteTap,
  onUnordered?: () => void,
): Promise<CollectedPredictions> {
  let sampled: string | undefined;
  let watchingOrder = onUnordered !== undefined;
  const blocks: string[] = [];
  let block: string[] = [];
  let idEnds = new Uint32Array(1024);
  let textLength = 0;
  const columns: ScoreColumn[] = [];
  const byName = new Map<string, ScoreColumn>();
  let items = 0;
  const result = await scanPredictions(request.store, request.relative, request.display, request.idField, (item) => {
    const row = items++;
    if (row === idEnds.length) {
      const ends = new Uint32Array(2 * idEnds.length);
      ends.set(idEnds);
      idEnds = ends;
      for (const column of columns) column.values = grownFloats(column.values, ends.length);
    }
    textLength += item.id.length;
    idEnds[row] = textLength;
    block.push(item.id);
    if (watchingOrder && row % ORDER_SAMPLE === 0) {
      if (sampled !== undefined && !(item.id > sampled)) {
        watchingOrder = false;
        onUnordered?.();
      }
      sampled = item.id;
    }
    if (block.length === ID_BLOCK) {
      blocks.push(block.join(''));
      block = [];
    }
    const scores = item.scores;
    if (scores !== undefined) {
      // interpretRecord left only finite numbers here (booleans read as 1/0, nulls dropped).
      for (const name in scores) {
        let column = byName.get(name);
        if (column === undefined) {
          column = { name, values: new Float64Array(idEnds.length).fill(NaN) };
          byName.set(name, column);
          columns.push(column);
        }
        column.values[row] = scores[name] as number;
      }
    }
    if (onCount !== undefined && (items & (every - 1)) === 0) onCount(items);
  }, tap);
  blocks.push(block.join(''));
  return {
    result,
    idText: blocks.join(''),
    idEnds: idEnds.subarray(0, items),
    columns: columns.map(({ name, values }) => ({ name, values: values.subarray(0, items) })),
  };
}

/** The buffers to transfer (not copy) when posting a collected side to another thread. */
export function transferList(collected: CollectedPredictions): ArrayBuffer[] {
  return [collected.idEnds.buffer as ArrayBuffer, ...collected.columns.map((c) => c.values.buffer as ArrayBuffer)];
}
