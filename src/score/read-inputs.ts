/**
 * Reads what `score` compares, through the store's safe readers (links only inside the store,
 * size caps, strict JSON and UTF-8): the run's predictions and the reference's items, reduced to
 * their contents (content.ts) keyed by item id. Nothing else of a record is kept.
 *
 * A reference is either run-shaped (`predictions.jsonl`, one item per line: silver references,
 * gold summaries) or one JSON file per item (gold NER: `<id>.json`, with an optional
 * `index.json` listing the items in `episodes` or `items` and the `labels_in_scope`).
 */
import { detectIdField, ID_FIELD_CANDIDATES } from '../artifacts/predictions.js';
import { ArtifactError, UsageError, type FileLocation } from '../contract/errors.js';
import type { StoreLocation } from '../store/location.js';
import { discoverReferences } from '../store/references.js';
import type { ReferenceInfo } from '../store/references.js';
import { DEFAULT_LIMITS } from '../parse/jsonl.js';
import { forEachJsonlInStore, listDirInStore, readJsonInStore } from '../store/read.js';
import { isValidId, validateId } from '../store/ids.js';
import { readContent, type Content, type ContentKind } from './content.js';

/** A per-item reference folder with more files than this is refused (a safety cap, not a limit real stores reach). */
export const MAX_ITEM_FILES = 200_000;
const MAX_ITEM_JSON_BYTES = 16 * 1024 * 1024;
/** Files of a per-item reference folder that are not items. */
const NOT_ITEMS = new Set(['index.json', 'baseline.json', 'metrics.json', 'fingerprint.json', 'manifest.json', 'prompts.json']);

export interface ItemsRead {
  items: Map<string, Content>;
  kind: ContentKind;
  /** Where the items came from, for messages and the scores file. */
  source: string;
  labelsInScope?: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The reference named `id` (silver or gold); an id found twice must be told apart by the user. */
export async function findReference(store: StoreLocation, id: string, flag: string): Promise<ReferenceInfo & { rel: string }> {
  validateId('reference', id, flag);
  const matches = (await discoverReferences(store)).filter((r) => r.id === id);
  if (matches.length === 0) {
    throw new UsageError(`${flag} ${id}: no reference ${id} in ${store.display}/references (silver/<id> or gold/<task>/<id>)`);
  }
  if (matches.length > 1) throw new UsageError(`${flag} ${id}: found more than once (${matches.map((m) => m.path).join(', ')}): rename one`);
  const found = matches[0]!;
  return { ...found, rel: found.rel ?? found.path };
}

class KindCheck {
  kind: ContentKind | undefined;
  constructor(private readonly side: string, expected?: ContentKind) {
    this.kind = expected;
  }

  check(content: Content, where: FileLocation): void {
    this.kind ??= content.kind;
    if (content.kind !== this.kind) {
      throw new ArtifactError(where, `${this.side} item holds ${content.kind}, but the items are ${this.kind}: every item must hold the same kind of output`, 'score.content');
    }
  }
}

function itemId(record: Record<string, unknown>, idField: string, where: FileLocation): string {
  const raw = record[idField];
  if ((typeof raw === 'string' && raw !== '') || (typeof raw === 'number' && Number.isSafeInteger(raw))) return String(raw);
  throw new ArtifactError(where, `item has no usable "${idField}" (a non-empty string or an integer)`, 'predictions.id');
}

/** Items of a predictions.jsonl (a run, or a run-shaped reference). */
export async function readJsonlItems(
  store: StoreLocation,
  relFile: string,
  options: { field?: string; idField: string; side: string; kind?: ContentKind },
): Promise<ItemsRead> {
  const items = new Map<string, Content>();
  const kinds = new KindCheck(options.side, options.kind);
  let idField = options.idField === 'auto' ? undefined : options.idField;
  const display = `${store.display}/${relFile}`;
  await forEachJsonlInStore({ path: store.root, display: store.display }, relFile, DEFAULT_LIMITS, (record, line) => {
    const where = { file: display, line };
    idField ??= detectIdField(record, display, line);
    const id = itemId(record, idField, where);
    if (items.has(id)) throw new ArtifactError(where, `duplicate item id ${JSON.stringify(id)}`, 'predictions.unique');
    const content = readContent(record, options.field, where);
    kinds.check(content, where);
    items.set(id, content);
  });
  if (items.size === 0 || kinds.kind === undefined) throw new ArtifactError({ file: display }, 'no items to score', 'predictions.empty');
  return { items, kind: kinds.kind, source: display };
}

function listedIds(index: Record<string, unknown> | undefined, display: string): string[] | undefined {
  const listed = index?.episodes ?? index?.items;
  if (listed === undefined) return undefined;
  if (!Array.isArray(listed) || !listed.every((v) => typeof v === 'string')) {
    throw new ArtifactError({ file: display }, 'episodes (or items) must be a list of item ids', 'score.reference');
  }
  for (const id of listed as string[]) {
    // Each id names a file <id>.json in the folder: a single harmless path segment.
    if (!isValidId(id)) throw new ArtifactError({ file: display }, `episodes: ${JSON.stringify(id.slice(0, 80))} is not an item id that can name a file`, 'score.reference');
  }
  return listed as string[];
}

/** Items stored one JSON file per item. */
async function readItemFiles(store: StoreLocation, rel: string, field: string | undefined): Promise<ItemsRead> {
  const folder = `${store.display}/${rel}`;
  const entries = await listDirInStore({ path: store.root, display: store.display }, rel);
  const names = new Set(entries.filter((e) => e.kind === 'file').map((e) => e.name));
  let index: Record<string, unknown> | undefined;
  if (names.has('index.json')) {
    const value = await readJsonInStore({ path: store.root, display: store.display }, `${rel}/index.json`, MAX_ITEM_JSON_BYTES);
    if (!isRecord(value)) throw new ArtifactError({ file: `${folder}/index.json` }, 'must be a JSON object', 'score.reference');
    index = value;
  }
  const listed = listedIds(index, `${folder}/index.json`);
  const files = listed
    ? listed.map((id) => `${id}.json`)
    : [...names].filter((n) => n.endsWith('.json') && !NOT_ITEMS.has(n)).sort();
  if (files.length === 0) throw new UsageError(`reference ${folder}: no predictions.jsonl and no item files (<id>.json)`);
  if (files.length > MAX_ITEM_FILES) throw new ArtifactError({ file: folder }, `${files.length} item files, over the ${MAX_ITEM_FILES} cap`, 'score.reference');

  const items = new Map<string, Content>();
  const kinds = new KindCheck('reference');
  for (const file of files) {
    const display = `${folder}/${file}`;
    if (!names.has(file)) throw new ArtifactError({ file: display }, 'listed in index.json but not found', 'artifact.missing');
    const record = await readJsonInStore({ path: store.root, display: store.display }, `${rel}/${file}`, MAX_ITEM_JSON_BYTES);
    if (!isRecord(record)) throw new ArtifactError({ file: display }, 'an item file must be a JSON object', 'score.reference');
    const stem = file.slice(0, -'.json'.length);
    const idField = ID_FIELD_CANDIDATES.find((f) => record[f] !== undefined);
    const id = idField === undefined ? stem : itemId(record, idField, { file: display });
    if (id !== stem) throw new ArtifactError({ file: display }, `holds item ${JSON.stringify(id)}, but its file name says ${JSON.stringify(stem)}`, 'score.reference');
    const content = readContent(record, field, { file: display });
    kinds.check(content, { file: display });
    items.set(id, content);
  }
  const scope = index?.labels_in_scope;
  const labelsInScope = Array.isArray(scope) && scope.every((l) => typeof l === 'string') ? (scope as string[]) : undefined;
  return { items, kind: kinds.kind ?? 'text', source: folder, ...(labelsInScope ? { labelsInScope } : {}) };
}

/** The reference's items: its predictions.jsonl when it has one, else its item files. */
export async function readReferenceItems(store: StoreLocation, reference: { rel: string }, options: { field?: string; idField: string }): Promise<ItemsRead> {
  const entries = await listDirInStore({ path: store.root, display: store.display }, reference.rel);
  if (entries.some((e) => e.name === 'predictions.jsonl')) {
    return readJsonlItems(store, `${reference.rel}/predictions.jsonl`, { ...options, side: 'reference' });
  }
  return readItemFiles(store, reference.rel, options.field);
}
