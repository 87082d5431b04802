/**
 * metrics.json: any nested object whose numeric leaves are metrics named by dot path
 * (`intrinsic.gates.boilerplate_leak_rate`). Other leaves are kept only by kind, so a metric
 * that changed type between baseline and candidate can be told apart from a missing one.
 * Two leaves that flatten to one name (`{"quality": {"f1": 1}, "quality.f1": 0}`) are kept
 * apart as a collision (F19): the first value stays, and the loader fails the run naming both.
 */
export type LeafKind = 'number' | 'null' | 'string' | 'boolean' | 'array' | 'object';

export interface FlatMetrics {
  /** Finite numeric leaves by dot path, in document order. */
  values: Map<string, number>;
  /** Kind of every non-numeric leaf by dot path (null, string, ...). */
  others: Map<string, LeafKind>;
  /** Dot paths of numeric leaves that are not finite (1e400 parses to Infinity). */
  nonFinite: string[];
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

function kindOf(value: unknown): LeafKind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  if (type === 'number' || type === 'string' || type === 'boolean') return type;
  return 'object';
}

export function flattenMetrics(root: Record<string, unknown>): FlatMetrics {
  const flat: FlatMetrics = { values: new Map(), others: new Map(), nonFinite: [], collisions: [] };
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
