/**
 * `promotion-gate runs`: every entry of the store with its lifecycle status (from the
 * lifecycle code's one status function), and what each records about itself: prompt
 * version and hash, model, dataset, creation time, item count, tokens and cost, experiment
 * and arm, tags. Values are read, never guessed: a field the entry does not record is null,
 * and a file that cannot be read becomes a note on the entry.
 */
import { flattenMetrics, type FlatMetrics } from '../artifacts/metrics.js';
import { fingerprintDataset, fingerprintSchema, fingerprintView, type Fingerprint } from '../artifacts/fingerprint.js';
import { ArtifactError, UsageError } from '../contract/errors.js';
import type { StoreLocation } from '../store/location.js';
import { readEntryRecord, readStoreEntries, type ListedEntry } from '../lifecycle/read-entries.js';
import { ENTRY_STATUSES, type EntryStatus } from '../store/status.js';
import { quoteForMessage } from '../parse/json.js';
import { redactSecrets } from '../provenance/secrets/patterns.js';
import { readOptionalJson } from '../store/run-files.js';
import { storeRootOf } from '../store/location.js';
import { openInStore } from '../store/safe-path.js';

export const RUNS_SCHEMA = 'promotion-gate/runs@1';
const MAX_JSON_BYTES = 64 * 1024 * 1024;

export interface RunsEntryJson {
  id: string;
  status: Exclude<EntryStatus, 'deleted'>;
  kind: 'run' | 'baseline' | 'reference';
  quality: 'silver' | 'gold' | null;
  path: string;
  task: string | null;
  dataset: string | null;
  model: string | null;
  prompt_version: string | null;
  prompt_hash: string | null;
  created: string | null;
  items: number | null;
  /** Where `items` comes from: fingerprint, metadata, metrics, or predictions (lines counted). */
  items_source: string | null;
  tokens: number | null;
  cost: number | null;
  experiment: string | null;
  arm: string | null;
  tags: Record<string, string>;
  symlink: boolean;
  notes: string[];
}

export interface RunsJson {
  schema: typeof RUNS_SCHEMA;
  store: string;
  filters: { status: string | null; experiment: string | null };
  counts: Record<Exclude<EntryStatus, 'deleted'>, number>;
  entries: RunsEntryJson[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const count = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null);

/** The first numeric leaf whose last name segment is one of `names` (metrics first, then metadata). */
function leaf(sources: (FlatMetrics | null)[], names: readonly string[]): number | null {
  for (const source of sources) {
    if (!source) continue;
    for (const name of names) {
      for (const [path, value] of source.values) if (path === name || path.endsWith(`.${name}`)) return value;
    }
  }
  return null;
}

/** Tokens: a recorded total, else input + output (or prompt + completion) when both are recorded. */
export function tokensOf(sources: (FlatMetrics | null)[]): number | null {
  const total = leaf(sources, ['total_tokens', 'tokens_total']);
  if (total !== null) return total;
  for (const [a, b] of [['total_input_tokens', 'total_output_tokens'], ['input_tokens', 'output_tokens'], ['prompt_tokens', 'completion_tokens']] as const) {
    const x = leaf(sources, [a]);
    const y = leaf(sources, [b]);
    if (x !== null && y !== null) return x + y;
  }
  return null;
}

export function costOf(sources: (FlatMetrics | null)[]): number | null {
  return leaf(sources, ['total_cost_usd', 'cost_usd', 'total_cost', 'cost']);
}

async function countLines(store: StoreLocation, rel: string): Promise<number> {
  const { handle } = await openInStore(storeRootOf(store), rel);
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    let lines = 0;
    let last = 0x0a;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      for (let i = buffer.indexOf(0x0a, 0); i >= 0 && i < bytesRead; i = buffer.indexOf(0x0a, i + 1)) lines++;
      last = buffer[bytesRead - 1] as number;
    }
    return last === 0x0a ? lines : lines + 1;
  } finally {
    await handle.close();
  }
}

async function readJson(store: StoreLocation, rel: string, notes: string[]): Promise<unknown> {
  try {
    return await readOptionalJson(store, rel, MAX_JSON_BYTES);
  } catch (error) {
    if (!(error instanceof ArtifactError)) throw error;
    notes.push(error.message);
    return undefined;
  }
}

function tagsOf(...sources: unknown[]): Record<string, string> {
  for (const source of sources) {
    if (!isObject(source)) continue;
    const tags: Record<string, string> = {};
    for (const [k, v] of Object.entries(source)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') tags[k] = String(v);
    if (Object.keys(tags).length > 0) return tags;
  }
  return {};
}

async function describe(store: StoreLocation, entry: ListedEntry): Promise<RunsEntryJson> {
  const notes: string[] = [];
  const record = await readEntryRecord(store, entry);
  notes.push(...record.notes);
  const metadataRaw = await readJson(store, `${entry.path}/baseline.json`, []);
  const metadata = isObject(metadataRaw) ? metadataRaw : undefined;
  const fpRaw = await readJson(store, `${entry.path}/fingerprint.json`, []);
  const parsed = fpRaw === undefined ? undefined : fingerprintSchema.safeParse(fpRaw);
  const fp: Fingerprint | undefined = parsed?.success ? parsed.data : undefined;
  if (parsed && !parsed.success) notes.push(`${store.display}/${entry.path}/fingerprint.json: not a valid fingerprint (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  const metricsRaw = await readJson(store, `${entry.path}/metrics.json`, notes);
  const metrics = isObject(metricsRaw) ? flattenMetrics(metricsRaw) : null;
  const meta = isObject(metadata) ? flattenMetrics(metadata) : null;

  const view = fp ? fingerprintView(fp) : undefined;
  const model = isObject(view?.model) ? text(view.model['name']) : null;
  const backend = isObject(metadata?.['backend']) ? metadata['backend'] : {};
  const params = isObject(metadata?.['params']) ? metadata['params'] : {};
  const stats = isObject(metadata?.['stats']) ? metadata['stats'] : {};

  let items: number | null = count(fp?.dataset?.items);
  let itemsSource: string | null = items === null ? null : 'fingerprint';
  if (items === null) {
    items = count(stats['num_episodes']) ?? count(metadata?.['item_count']);
    itemsSource = items === null ? null : 'metadata';
  }
  if (items === null && isObject(metricsRaw)) {
    items = count(metricsRaw['item_count']) ?? count(metricsRaw['episode_count']) ?? count(metricsRaw['num_items']);
    itemsSource = items === null ? null : 'metrics';
  }
  if (items === null) {
    try {
      items = await countLines(store, `${entry.path}/predictions.jsonl`);
      itemsSource = 'predictions';
    } catch (error) {
      if (!(error instanceof ArtifactError)) throw error;
      if (error.code !== 'artifact.missing') notes.push(error.message);
    }
  }
  const promptVersion = text(fp?.prompts?.prompt_version) ?? text(metadata?.['prompt_version']);
  return {
    id: entry.id,
    status: entry.status,
    kind: entry.kind,
    quality: entry.quality ?? null,
    path: entry.path,
    task: text(fp?.task) ?? text(metadata?.['task']) ?? (isObject(metricsRaw) ? text(metricsRaw['task']) : null) ?? entry.task ?? null,
    dataset: (fp && fingerprintDataset(fp)) ?? text(metadata?.['dataset_id']) ?? (isObject(metricsRaw) ? text(metricsRaw['dataset_id']) : null),
    model: model ?? text(backend['model']) ?? text(params['model_name']) ?? text(params['model']),
    prompt_version: promptVersion,
    prompt_hash: fp?.prompts?.prompt_hash ?? null,
    created: record.created?.at ?? null,
    items,
    items_source: itemsSource,
    tokens: tokensOf([metrics, meta]),
    cost: costOf([metrics, meta]),
    experiment: record.experiment ?? null,
    arm: record.arm ?? null,
    tags: tagsOf(metadata?.['tags'], (fpRaw as Json | undefined)?.['tags']),
    symlink: entry.symlink,
    notes,
  };
}

function masked<T>(value: T): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (Array.isArray(value)) return value.map(masked) as T;
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactSecrets(k), masked(v)])) as T;
  return value;
}

export interface RunsRequest {
  store: StoreLocation;
  status?: string;
  experiment?: string;
}

export async function listRuns(request: RunsRequest): Promise<RunsJson> {
  const { status, experiment } = request;
  const listable = ENTRY_STATUSES.filter((s) => s !== 'deleted');
  if (status !== undefined && !(listable as readonly string[]).includes(status)) {
    throw new UsageError(`--status ${quoteForMessage(status)}: expected one of ${listable.join(', ')}`);
  }
  const all = await readStoreEntries(request.store);
  const picked = all.filter((e) => status === undefined || e.status === status);
  const entries: RunsEntryJson[] = [];
  for (const entry of picked) {
    const described = await describe(request.store, entry);
    if (experiment !== undefined && described.experiment !== experiment) continue;
    entries.push(described);
  }
  const counts = { experimental: 0, baseline: 0, reference: 0, archived: 0 };
  for (const e of entries) counts[e.status]++;
  return masked({ schema: RUNS_SCHEMA, store: request.store.display, filters: { status: status ?? null, experiment: experiment ?? null }, counts, entries });
}
