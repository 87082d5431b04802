/**
 * metrics.json: any nested object whose numeric leaves are metrics named by dot path
 * (`intrinsic.gates.boilerplate_leak_rate`). Other leaves are kept only by kind, so a metric
 * that changed type between baseline and candidate can be told apart from a missing one.
 */
export type LeafKind = 'number' | 'null' | 'string' | 'boolean' | 'array' | 'object';

export interface FlatMetrics {
  /** Finite numeric leaves by dot path, in document order. */
  values: Map<string, number>;
  /** Kind of every non-numeric leaf by dot path (null, string, ...). */
  others: Map<string, LeafKind>;
  /** Dot paths of numeric leaves that are not finite (1e400 parses to Infinity). */
  nonFinite: string[];
}

function kindOf(value: unknown): LeafKind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  if (type === 'number' || type === 'string' || type === 'boolean') return type;
  return 'object';
}

export function flattenMetrics(root: Record<string, unknown>): FlatMetrics {
  const flat: FlatMetrics = { values: new Map(), others: new Map(), nonFinite: [] };
  const visit = (value: unknown, path: string): void => {
    const kind = kindOf(value);
    if (kind === 'number') {
      const number = value as number;
      if (Number.isFinite(number)) flat.values.set(path, number);
      else flat.nonFinite.push(path);
      return;
    }
    if (kind === 'object') {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length === 0 && path) flat.others.set(path, 'object');
      for (const [key, child] of entries) visit(child, path ? `${path}.${key}` : key);
      return;
    }
    flat.others.set(path, kind);
  };
  visit(root, '');
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
