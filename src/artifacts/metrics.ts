/**
 * metrics.json: any nested object whose numeric leaves are metrics named by dot path
 * (`intrinsic.gates.boilerplate_leak_rate`). Other leaves are kept only by kind, so a metric
 * that changed type between baseline and candidate can be told apart from a missing one.
 *
 * Gate signals are the exception (issue 10, item 1): a failure list or map
 * (`intrinsic.gates.failed_episodes: ["ep3"]`, `episode_gate_failures: {}`) counts as the
 * number of its entries, and a pass/fail flag (`passed: false`) as 1 or 0, so the rules can
 * judge them; `signals` keeps what they held, to name it in the report.
 *
 * Two leaves that flatten to one name (`{"quality": {"f1": 1}, "quality.f1": 0}`) are kept
 * apart as a collision (F19): the first value stays, and the loader fails the run naming both.
 */
import { FAILURE_WORDS, findWord, GATES_SEGMENT, PASS_WORDS, underSegment } from './metric-names.js';

export type LeafKind = 'number' | 'null' | 'string' | 'boolean' | 'array' | 'object';

export interface FlatMetrics {
  /** Finite numeric leaves by dot path, in document order. */
  values: Map<string, number>;
  /** Kind of every non-numeric leaf by dot path (null, string, ...). */
  others: Map<string, LeafKind>;
  /** Dot paths of numeric leaves that are not finite (1e400 parses to Infinity). */
  nonFinite: string[];
  /** Gate signals (failure lists and maps, pass/fail flags), also present in `values`. */
  signals: Map<string, Signal>;
  /** Leaves whose dot paths coincide: each with the JSON keys leading to both. */
  collisions: MetricCollision[];
}

export interface MetricCollision {
  name: string;
  first: string[];
  second: string[];
}

/** `"quality" › "f1"`: the keys that lead to a leaf, each quoted, so dots inside keys show. */
export function describeKeys(keys: readonly string[]): string {
  return keys.map((key) => JSON.stringify(key)).join(' › ');
}

/** A non-numeric leaf that is a gate signal, with what it held. */
export interface Signal {
  kind: 'list' | 'map' | 'flag';
  /** A few entries (list items, map keys), for the report. */
  examples: string[];
  /** Flags: the value that passes (`passed` must be true, `failed` must be false). */
  passes?: boolean;
}

const MAX_EXAMPLES = 5;

function describeEntry(value: unknown): string {
  if (typeof value === 'string') return value;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** The signal a non-numeric leaf is, or undefined when it is only descriptive. */
function asSignal(path: string, value: unknown): Signal | undefined {
  const leaf = path.split('.').at(-1) ?? path;
  const gates = underSegment(path, GATES_SEGMENT);
  const failure = findWord(leaf, FAILURE_WORDS) !== undefined;
  if (Array.isArray(value)) {
    return gates || failure ? { kind: 'list', examples: value.slice(0, MAX_EXAMPLES).map(describeEntry) } : undefined;
  }
  if (typeof value === 'boolean') {
    const pass = findWord(leaf, PASS_WORDS) !== undefined;
    if (!gates && !pass && !failure) return undefined;
    return { kind: 'flag', examples: [], passes: !failure };
  }
  if (value !== null && typeof value === 'object' && failure) {
    return { kind: 'map', examples: Object.keys(value).slice(0, MAX_EXAMPLES) };
  }
  return undefined;
}

/** The number a signal is judged by: entries of a list or map, 1 or 0 for a flag. */
function signalValue(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return Object.keys(value as object).length;
}

function kindOf(value: unknown): LeafKind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  if (type === 'number' || type === 'string' || type === 'boolean') return type;
  return 'object';
}

export function flattenMetrics(root: Record<string, unknown>): FlatMetrics {
  const flat: FlatMetrics = { values: new Map(), others: new Map(), nonFinite: [], signals: new Map(), collisions: [] };
  const leaves = new Map<string, string[]>();
  /** Whether `path` is a new leaf name; a second leaf of one name is recorded, never stored. */
  const claim = (path: string, keys: string[]): boolean => {
    const first = leaves.get(path);
    if (first) {
      flat.collisions.push({ name: path, first, second: keys });
      return false;
    }
    leaves.set(path, keys);
    return true;
  };
  const visit = (value: unknown, path: string, keys: string[]): void => {
    const kind = kindOf(value);
    const signal = path ? asSignal(path, value) : undefined;
    if (signal) {
      if (!claim(path, keys)) return;
      flat.values.set(path, signalValue(value));
      flat.signals.set(path, signal);
      return;
    }
    if (kind === 'object') {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length === 0 && path && claim(path, keys)) flat.others.set(path, 'object');
      for (const [key, child] of entries) visit(child, path ? `${path}.${key}` : key, [...keys, key]);
      return;
    }
    if (!claim(path, keys)) return;
    if (kind === 'number') {
      const number = value as number;
      if (Number.isFinite(number)) flat.values.set(path, number);
      else flat.nonFinite.push(path);
      return;
    }
    flat.others.set(path, kind);
  };
  visit(root, '', []);
  return flat;
}

/** Top-level descriptive fields that real stores put next to the metrics. */
export interface MetricsIdentity {
  dataset?: string;
  task?: string;
  schema?: string;
  runId?: string;
}

export function metricsIdentity(root: Record<string, unknown>): MetricsIdentity {
  const text = (key: string): string | undefined => (typeof root[key] === 'string' ? (root[key] as string) : undefined);
  return { dataset: text('dataset_id') ?? text('dataset'), task: text('task'), schema: text('schema'), runId: text('run_id') };
}
