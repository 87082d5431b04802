/**
 * What a rollout decision needs from telemetry, kept in constant memory however many rows
 * stream past: per arm, the unit count, and per metric either running sums (n, Σx, Σx²) or a
 * log-spaced histogram (for percentiles). Shared by the readers and the benchmark's
 * simulation, so both feed the decision the same structures.
 */
import { emptyMoments, type BinnedSample, type MomentSums } from '../stats/sequential.js';
import { percentileOf, type Rollout } from './schema.js';

export const ARMS = ['champion', 'challenger'] as const;
export type Arm = (typeof ARMS)[number];

const DAY_MS = 86_400_000;

/** Which metrics to accumulate and when a unit's value has matured (label delay). */
export interface TelemetrySpec {
  /** Plain metrics, accumulated as sums (a unit field, or `<metric>.sum` etc. in aggregates). */
  means: string[];
  /** Unit fields whose distribution is needed (for `<field>.pNN` metrics). */
  distributions: string[];
  /** Label delay per accumulated name, in ms. */
  delayMs: Map<string, number>;
  /** The stage window, in ms since the epoch: [since, now]. */
  since: number;
  now: number;
}

export function telemetrySpec(rollout: Rollout, since: number, now: number): TelemetrySpec {
  const means = new Set<string>();
  const distributions = new Set<string>();
  const delayMs = new Map<string, number>();
  const delayOf = (name: string): number => (rollout.label_delay_days[name] ?? 0) * DAY_MS;
  for (const { metric } of [...rollout.guardrails, ...rollout.limits]) {
    const percentile = percentileOf(metric);
    const key = percentile ? percentile.field : metric;
    (percentile ? distributions : means).add(key);
    delayMs.set(key, Math.max(delayMs.get(key) ?? 0, delayOf(metric), delayOf(key)));
  }
  return { means: [...means], distributions: [...distributions], delayMs, since, now };
}

/**
 * A histogram with bins of constant ratio 1.001 (0.1% wide) over [1e-6, 1e12), one bin below
 * and one above: quantiles are read to within 0.1%, far inside any guardrail margin.
 */
export class LogHistogram {
  static readonly RATIO = 1.001;
  static readonly MIN = 1e-6;
  static readonly MAX = 1e12;
  private static readonly LOG_RATIO = Math.log(LogHistogram.RATIO);
  private static readonly OFFSET = Math.floor(Math.log(LogHistogram.MIN) / LogHistogram.LOG_RATIO);
  private static readonly SIZE = Math.floor(Math.log(LogHistogram.MAX) / LogHistogram.LOG_RATIO) - LogHistogram.OFFSET + 2;
  private readonly counts: Float64Array;
  n: number;

  /** An empty histogram, or one rebuilt from the bins of another (moved from a worker thread). */
  constructor(counts?: Float64Array, n = 0) {
    if (counts !== undefined && counts.length !== LogHistogram.SIZE) throw new RangeError(`a LogHistogram has ${LogHistogram.SIZE} bins, not ${counts.length}`);
    this.counts = counts ?? new Float64Array(LogHistogram.SIZE);
    this.n = n;
  }

  /** The bins, to move the histogram to another thread (`new LogHistogram(bins, n)` there). */
  get bins(): Float64Array {
    return this.counts;
  }

  add(value: number, times = 1): void {
    let index: number;
    if (value < LogHistogram.MIN) index = 0;
    else if (value >= LogHistogram.MAX) index = LogHistogram.SIZE - 1;
    else index = Math.min(LogHistogram.SIZE - 2, Math.max(1, Math.floor(Math.log(value) / LogHistogram.LOG_RATIO) - LogHistogram.OFFSET + 1));
    this.counts[index]! += times;
    this.n += times;
  }

  /** Value range of bin `index`. */
  private static edges(index: number): [number, number] {
    if (index === 0) return [0, LogHistogram.MIN];
    if (index === LogHistogram.SIZE - 1) return [LogHistogram.MAX, Infinity];
    const k = index - 1 + LogHistogram.OFFSET;
    return [Math.max(LogHistogram.MIN, LogHistogram.RATIO ** k), Math.min(LogHistogram.MAX, LogHistogram.RATIO ** (k + 1))];
  }

  /** Adds `count` values spread as the caller computed (used by the simulation). */
  addToBinOf(value: number, count: number): void {
    if (count > 0) this.add(value, count);
  }

  toBinned(): BinnedSample {
    const bins: Array<readonly [number, number, number]> = [];
    for (let i = 0; i < this.counts.length; i++) {
      const count = this.counts[i]!;
      if (count > 0) bins.push([...LogHistogram.edges(i), count] as const);
    }
    return { n: this.n, bins };
  }
}

export interface ArmData {
  /** Units (unit rows, or the sum of `n` over daily rows). */
  units: number;
  /** Matured sums per plain metric. */
  means: Map<string, MomentSums>;
  /** Matured distributions per unit field. */
  distributions: Map<string, LogHistogram>;
}

export function emptyArm(spec: Pick<TelemetrySpec, 'means' | 'distributions'>): ArmData {
  return {
    units: 0,
    means: new Map(spec.means.map((m) => [m, emptyMoments()])),
    distributions: new Map(spec.distributions.map((d) => [d, new LogHistogram()])),
  };
}

/** What the readers hand to the decision. */
export interface TelemetrySummary {
  shape: 'units' | 'daily';
  format: 'jsonl' | 'csv';
  rows: number;
  arms: Record<Arm, ArmData>;
  /** Earliest and latest unit time (or day start) seen, ISO. */
  firstAt?: string;
  lastAt?: string;
  /** Unit rows carried an `id`, so duplicates were checked. */
  ids: boolean;
  /** Names (accumulated metrics and fields) that appeared in at least one row. */
  present: Set<string>;
  /** Rows whose value of a delayed metric had not matured, per metric. */
  immature: Map<string, number>;
}
