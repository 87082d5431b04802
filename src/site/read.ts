/**
 * Reading everything the dashboard shows, through the store's safe readers and the rooms
 * that own each part: entries and their descriptions from `runs` (src/compare/runs.ts, built
 * on the lifecycle's one status function), the event log from src/lifecycle, rollout files
 * from src/rollout, the policy from src/gate/policy-source, manifests from
 * src/provenance/verify. Nothing here decides anything; a part that cannot be read becomes a
 * problem line shown on the site, and the rest is still read (the site degrades, it never
 * stops on one bad file).
 */
import { flattenMetrics } from '../artifacts/metrics.js';
import { listRuns, type RunsEntryJson } from '../compare/runs.js';
import { parseYamlStrict } from '../parse/yaml.js';
import { ChainReader } from '../drift/read-chain.js';
import { ArtifactError, UsageError } from '../contract/errors.js';
import { storeRootOf, type StoreLocation } from '../store/location.js';
import { readPolicy } from '../policy/read.js';
import { readEventLog, type EventLog } from '../store/event-log.js';
import { readEntryRecord } from '../lifecycle/read-entries.js';
import { entryAt, type StoreEntry } from '../store/status.js';
import type { Pin } from '../policy/schema.js';
import { redactSecrets } from '../provenance/secrets/patterns.js';
import { readOptionalJson, readOptionalText } from '../store/run-files.js';
import { verifyRun } from '../provenance/checks/verify.js';
import { readRollout, ROLLOUTS_DIR, type LoadedRollout } from '../rollout/load.js';
import { validateId } from '../store/ids.js';
import { isDirectoryInStore, listDirInStore } from '../store/read.js';
import type { DriftAnchor } from './history.js';
import type { ManifestStatus } from './pages/entry.js';

const MAX_JSON_BYTES = 16 * 1024 * 1024;
const MAX_README_BYTES = 1024 * 1024;
/** Fields of baseline.json / fingerprint.json shown per entry, and characters per value. */
export const MAX_FIELDS = 200;
const MAX_VALUE_CHARS = 500;

export interface EntryDetail {
  described: RunsEntryJson;
  metrics: [string, number][];
  otherMetrics: [string, string][];
  metadata: Record<string, unknown> | null;
  metadataFields: [string, string][] | null;
  fingerprintFields: [string, string][] | null;
  readme: string | null;
  manifest: ManifestStatus;
  configBaseline: string | null;
}

/** A folder where an entry would be that is not one (its name is not an id), with why. */
export interface UnreadableFolder {
  name: string;
  path: string;
  problem: string;
}

export interface StoreRead {
  entries: EntryDetail[];
  unreadable: UnreadableFolder[];
  log: EventLog;
  pins: Pin[];
  anchors: DriftAnchor[];
  /** For each pin's baseline, the root of its promotion chain (the `first` drift anchor), when a rule names `first`. */
  roots: Record<string, string>;
  rollouts: { id: string; file: string; loaded: LoadedRollout | null; error: string | null }[];
  problems: string[];
}

const mask = (text: string): string => redactSecrets(text);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `{a: {b: 1}}` → `[['a.b', '1']]`: every leaf as text, bounded. */
export function flattenFields(value: Record<string, unknown>): [string, string][] {
  const out: [string, string][] = [];
  const visit = (v: unknown, path: string): void => {
    if (out.length >= MAX_FIELDS) return;
    if (isObject(v) && Object.keys(v).length > 0) {
      for (const [k, child] of Object.entries(v)) visit(child, path ? `${path}.${k}` : k);
      return;
    }
    const text = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
    out.push([mask(path), mask(text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text)]);
  };
  visit(value, '');
  return out;
}

async function optional<T>(read: () => Promise<T>, problems: string[]): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ArtifactError || error instanceof UsageError) {
      problems.push(mask(error.message));
      return undefined;
    }
    throw error;
  }
}

async function manifestOf(store: StoreLocation, path: string): Promise<ManifestStatus> {
  try {
    const result = await verifyRun(store, path, `${store.display}/${path}`);
    const lines = result.differences.map(mask);
    const notes = result.notes.map(mask);
    if (lines[0]?.startsWith('missing: manifest.json')) return { state: 'absent', lines: lines.slice(1), notes };
    return { state: lines.length > 0 ? 'differences' : 'verified', lines, notes };
  } catch (error) {
    if (error instanceof ArtifactError || error instanceof UsageError) return { state: 'unreadable', lines: [mask(error.message)], notes: [] };
    throw error;
  }
}

async function detail(store: StoreLocation, described: RunsEntryJson, entry: StoreEntry): Promise<EntryDetail> {
  const problems: string[] = [];
  const base = entry.path;
  const metricsRaw = await optional(() => readOptionalJson(store, `${base}/metrics.json`, MAX_JSON_BYTES), problems);
  const flat = isObject(metricsRaw) ? flattenMetrics(metricsRaw) : null;
  const metadata = await optional(() => readOptionalJson(store, `${base}/baseline.json`, MAX_JSON_BYTES), problems);
  const fingerprint = await optional(() => readOptionalJson(store, `${base}/fingerprint.json`, MAX_JSON_BYTES), problems);
  const readme = await optional(() => readOptionalText(store, `${base}/README.md`, MAX_README_BYTES), problems);
  const record = entry.kind === 'run' ? await readEntryRecord(store, entry) : undefined;
  return {
    // `runs` already named every file it could not read; these reads repeat those files.
    described,
    metrics: flat ? [...flat.values].map(([k, v]) => [mask(k), v]) : [],
    otherMetrics: flat ? [...flat.others].filter(([k]) => k !== '').map(([k, kind]) => [mask(k), kind]) : [],
    metadata: isObject(metadata) ? metadata : null,
    metadataFields: isObject(metadata) ? flattenFields(metadata) : null,
    fingerprintFields: isObject(fingerprint) ? flattenFields(fingerprint) : null,
    readme: readme === undefined ? null : mask(readme),
    manifest: await manifestOf(store, base),
    configBaseline: record?.configBaseline ?? null,
  };
}

/** Folders under the entry folders whose names are not ids: listed on the overview as unreadable. */
async function unreadableFolders(store: StoreLocation): Promise<UnreadableFolder[]> {
  const root = storeRootOf(store);
  const out: UnreadableFolder[] = [];
  const containers = ['runs', 'runs/_archived', 'baselines', 'baselines/_archived', 'references/silver', 'references/silver/_archive', 'references/silver/_archived'];
  const gold = (await isDirectoryInStore(root, 'references/gold').catch(() => false)) ? await listDirInStore(root, 'references/gold') : [];
  for (const task of gold) {
    if (task.kind === 'directory' && !task.symlinked && !task.name.startsWith('_') && !task.name.startsWith('.')) containers.push(`references/gold/${task.name}`);
  }
  for (const container of containers) {
    if (!(await isDirectoryInStore(root, container).catch(() => false))) continue;
    for (const child of await listDirInStore(root, container)) {
      if (child.kind !== 'directory' || child.name.startsWith('.') || (child.name.startsWith('_') && !container.includes('_'))) continue;
      const path = `${container}/${child.name}`;
      if (entryAt(path) !== undefined) continue;
      let problem = 'not an entry';
      try {
        validateId('run', child.name, `folder ${store.display}/${container}/`);
      } catch (error) {
        if (error instanceof UsageError) problem = error.message;
      }
      out.push({ name: mask(child.name), path: mask(path), problem: mask(problem) });
    }
  }
  return out;
}

function yamlOf(text: string | undefined, display: string): unknown {
  if (text === undefined) return undefined;
  try {
    return parseYamlStrict(text, display).value;
  } catch {
    return undefined;
  }
}

/** The pins of a policy file the strict loader refused, as far as they read. */
function pinsOf(text: string | undefined, display: string): Pin[] {
  const value = yamlOf(text, display);
  const pins = isObject(value) && Array.isArray(value['pins']) ? value['pins'] : [];
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? mask(v) : undefined);
  return pins.flatMap((p): Pin[] => {
    if (!isObject(p) || str(p['baseline']) === undefined) return [];
    return [{ baseline: str(p['baseline']) as string, ...(str(p['dataset']) ? { dataset: str(p['dataset']) } : {}), ...(str(p['task']) ? { task: str(p['task']) } : {}) } as Pin];
  });
}

/**
 * Drift anchors (DESIGN.md section 12) read from the policy's text, leniently: the anchor
 * only marks a point on the history, and the site shows it whether or not the strict
 * loader of this version knows the field yet.
 */
function anchorsOf(text: string | undefined, display: string): DriftAnchor[] {
  const value = yamlOf(text, display);
  const rules = isObject(value) && Array.isArray(value['rules']) ? value['rules'] : [];
  const anchors: DriftAnchor[] = [];
  for (const rule of rules) {
    if (!isObject(rule) || !isObject(rule['drift'])) continue;
    const anchor = rule['drift']['anchor'];
    const pct = rule['drift']['max_worse_pct'];
    if (typeof anchor !== 'string' || anchor === '') continue;
    anchors.push({ anchor: mask(anchor), rule: mask(typeof rule['metric'] === 'string' ? rule['metric'] : '(any metric)'), max_worse_pct: typeof pct === 'number' ? pct : null });
  }
  return anchors;
}

async function rolloutFiles(store: StoreLocation, problems: string[]): Promise<StoreRead['rollouts']> {
  const root = storeRootOf(store);
  if (!(await isDirectoryInStore(root, ROLLOUTS_DIR).catch(() => false))) return [];
  const out: StoreRead['rollouts'] = [];
  for (const file of await listDirInStore(root, ROLLOUTS_DIR)) {
    if (file.name.startsWith('.') || !/\.ya?ml$/.test(file.name)) continue;
    const id = file.name.replace(/\.ya?ml$/, '');
    const display = `${store.display}/${ROLLOUTS_DIR}/${file.name}`;
    try {
      if (!file.name.endsWith('.yml')) throw new UsageError(`${display}: rollout files are named <id>.yml`);
      out.push({ id, file: mask(display), loaded: await readRollout(store, id, 'rollout file'), error: null });
    } catch (error) {
      if (!(error instanceof UsageError || error instanceof ArtifactError)) throw error;
      out.push({ id: mask(id), file: mask(display), loaded: null, error: mask(error.message) });
      problems.push(mask(error.message));
    }
  }
  return out;
}

export async function readStoreForSite(store: StoreLocation, progress: (line: string) => void = () => undefined): Promise<StoreRead> {
  const problems: string[] = [];
  const runs = await listRuns({ store });
  progress(`read ${runs.entries.length} entries`);
  const entries: EntryDetail[] = [];
  for (const described of runs.entries) {
    const entry = entryAt(described.path);
    if (!entry) continue;
    entries.push(await detail(store, described, entry));
  }
  progress(`read metrics, provenance, READMEs and manifests of ${entries.length} entries`);
  const unreadable = await unreadableFolders(store);
  const log = await readEventLog(store);
  for (const p of log.problems) problems.push(`malformed event file: ${mask(p.message)}`);
  let pins: Pin[] = [];
  let policyText: string | undefined;
  try {
    const loaded = await readPolicy({ store }, { policy: '--policy' });
    pins = loaded.policy.pins;
    policyText = loaded.text;
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof ArtifactError)) throw error;
    problems.push(`policy: ${mask(error.message)}`);
    policyText = await readOptionalText(store, 'policy.yml', 1024 * 1024).catch(() => undefined);
    // The history still follows the pins the file names (the gate would refuse the file).
    pins = pinsOf(policyText, `${store.display}/policy.yml`);
  }
  const anchors = anchorsOf(policyText, `${store.display}/policy.yml`);
  const roots: Record<string, string> = {};
  if (anchors.some((a) => a.anchor === 'first')) {
    // The same walk as the gate's drift guard, so the anchor marked is the one it compares with.
    const chains = new ChainReader(store);
    for (const pin of pins) {
      const chain = await chains.chain(pin.baseline).catch(() => null);
      const root = chain?.members[chain.members.length - 1]?.id;
      if (root !== undefined) roots[pin.baseline] = root;
      if (chain?.problem) problems.push(`drift anchor of pin ${pin.baseline}: ${mask(chain.problem)}`);
    }
  }
  const rollouts = await rolloutFiles(store, problems);
  return { entries, unreadable, log, pins, anchors, roots, rollouts, problems };
}
