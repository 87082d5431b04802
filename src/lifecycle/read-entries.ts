/**
 * Reading the store's entries from the working tree: which folders exist (their status comes
 * from store/status.ts) and, for retention, what each one records about itself: when it was
 * created, which experiment it belongs to, which baseline its config.yaml names. Everything
 * goes through the store's safe readers; a file that cannot be read is a note on the entry,
 * never a guess.
 */
import { ArtifactError } from '../contract/errors.js';
import type { StoreLocation } from '../store/location.js';
import { parseYamlStrict } from '../parse/yaml.js';
import { isDirectoryInStore, listDirInStore, readJsonInStore, readTextInStore } from '../store/read.js';
import type { StoreRoot } from '../store/safe-path.js';
import { entriesFromFolders, type StoreEntry } from '../store/status.js';

const MAX_METADATA_BYTES = 4 * 1024 * 1024;

const root = (store: StoreLocation): StoreRoot => ({ path: store.root, display: store.display });

/** Folders whose children are entries; `references/gold` holds task folders, one level more. */
const CONTAINERS = ['runs', 'runs/_archived', 'baselines', 'baselines/_archived', 'references/silver', 'references/silver/_archived', 'references/silver/_archive'];

export interface ListedEntry extends StoreEntry {
  /** The folder is a symbolic link (inside the store): listed, never moved or deleted. */
  symlink: boolean;
}

async function childFolders(store: StoreLocation, folder: string): Promise<{ path: string; symlink: boolean }[]> {
  if (!(await isDirectoryInStore(root(store), folder).catch(() => false))) return [];
  return (await listDirInStore(root(store), folder))
    .filter((e) => e.kind === 'directory')
    .map((e) => ({ path: `${folder}/${e.name}`, symlink: e.symlinked }));
}

/** Every entry of the store, sorted by path. */
export async function readStoreEntries(store: StoreLocation): Promise<ListedEntry[]> {
  const folders: { path: string; symlink: boolean }[] = [];
  for (const container of CONTAINERS) folders.push(...(await childFolders(store, container)));
  for (const task of await childFolders(store, 'references/gold')) {
    if (!task.symlink) folders.push(...(await childFolders(store, task.path)));
  }
  const links = new Map(folders.map((f) => [f.path, f.symlink]));
  return entriesFromFolders(folders.map((f) => f.path)).map((entry) => ({ ...entry, symlink: links.get(entry.path) === true }));
}

/** A time an entry records, with where it was found. */
export interface RecordedTime {
  at: string;
  source: string;
}

export interface EntryRecord {
  created?: RecordedTime;
  experiment?: string;
  arm?: string;
  /** `baseline:` of the entry's config.yaml. */
  configBaseline?: string;
  /** Files that could not be read, one line each. */
  notes: string[];
}

const TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * An ISO 8601 time as written by real tools (Python's isoformat: microseconds, and no zone
 * at all, which is read as UTC) to a canonical UTC string, or undefined when it is not one.
 */
export function normalizeTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = TIME.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '00', fraction = '', zone = 'Z'] = match;
  const millis = fraction === '' ? '' : `.${fraction.slice(1, 4).padEnd(3, '0')}`;
  const offset = zone === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const time = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${millis}${offset}`);
  if (Number.isNaN(time)) return undefined;
  const iso = new Date(time).toISOString();
  // Date.parse rolls 30 February into March: such a date is not one.
  if (offset === 'Z' && iso.slice(0, 10) !== `${y}-${mo}-${d}`) return undefined;
  return iso;
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

async function readOptional<T>(read: () => Promise<T>, notes: string[]): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ArtifactError) {
      if (error.code !== 'artifact.missing') notes.push(error.message);
      return undefined;
    }
    throw error;
  }
}

/**
 * What an entry records about itself: its creation time (baseline.json `created_at`, else
 * fingerprint.json `timestamp`), its experiment and arm (baseline.json, else the
 * fingerprint), and the baseline its config.yaml names.
 */
export async function readEntryRecord(store: StoreLocation, entry: StoreEntry): Promise<EntryRecord> {
  const notes: string[] = [];
  const metadata = objectOf(await readOptional(() => readJsonInStore(root(store), `${entry.path}/baseline.json`, MAX_METADATA_BYTES), notes));
  const fingerprint = objectOf(await readOptional(() => readJsonInStore(root(store), `${entry.path}/fingerprint.json`, MAX_METADATA_BYTES), notes));
  const configText = await readOptional(() => readTextInStore(root(store), `${entry.path}/config.yaml`, MAX_METADATA_BYTES), notes);
  let config: Record<string, unknown> | undefined;
  if (configText !== undefined) {
    try {
      config = objectOf(parseYamlStrict(configText, `${store.display}/${entry.path}/config.yaml`).value);
    } catch (error) {
      if (!(error instanceof ArtifactError)) throw error;
      notes.push(error.message);
    }
  }
  const record: EntryRecord = { notes };
  const createdAt = normalizeTime(metadata?.['created_at']);
  const stamped = normalizeTime(fingerprint?.['timestamp']);
  if (createdAt) record.created = { at: createdAt, source: 'baseline.json created_at' };
  else if (stamped) record.created = { at: stamped, source: 'fingerprint.json timestamp' };
  const fingerprintExperiment = objectOf(fingerprint?.['experiment']);
  const experiment = stringOf(metadata?.['experiment_id']) ?? stringOf(fingerprint?.['experiment_id']) ?? stringOf(fingerprintExperiment?.['id']);
  const arm = stringOf(metadata?.['arm']) ?? stringOf(fingerprint?.['arm']) ?? stringOf(fingerprintExperiment?.['arm']);
  if (experiment) record.experiment = experiment;
  if (arm) record.arm = arm;
  const configBaseline = stringOf(config?.['baseline']);
  if (configBaseline) record.configBaseline = configBaseline;
  return record;
}
