/**
 * Metric deltas of a comparison: every numeric metric of either side (dot paths, as the gate
 * flattens metrics.json), B - A, with the relative change against |A|. Nothing is gated:
 * the direction is shown so a reader knows which way is better, when the name says.
 */
import type { FlatMetrics } from '../artifacts/metrics.js';
import { inferDirection } from '../policy/direction.js';

/** Metrics listed; a larger file's remaining metrics are counted in `metrics_omitted`. */
export const MAX_METRICS = 2000;

export interface MetricDeltaJson {
  name: string;
  a: number | null;
  b: number | null;
  /** b - a, when both are numbers. */
  delta: number | null;
  /** delta / |a|; null when a is 0 or either is missing. */
  relative_delta: number | null;
  direction: 'higher' | 'lower' | null;
}

export function metricDeltas(a: FlatMetrics | null, b: FlatMetrics | null): { metrics: MetricDeltaJson[]; omitted: number } {
  const names: string[] = [...(a?.values.keys() ?? [])];
  for (const name of b?.values.keys() ?? []) if (!a?.values.has(name)) names.push(name);
  const metrics = names.slice(0, MAX_METRICS).map((name): MetricDeltaJson => {
    const va = a?.values.get(name) ?? null;
    const vb = b?.values.get(name) ?? null;
    const delta = va !== null && vb !== null ? vb - va : null;
    return {
      name,
      a: va,
      b: vb,
      delta,
      relative_delta: delta !== null && va !== null && va !== 0 ? delta / Math.abs(va) : null,
      direction: inferDirection(name),
    };
  });
  return { metrics, omitted: Math.max(0, names.length - MAX_METRICS) };
}
