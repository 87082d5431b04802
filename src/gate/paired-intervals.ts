/**
 * Paired per-item statistics for significance-aware rules (issue 6).
 *
 * For every metric compared on both sides whose rule sets `significance`, the rule's per-item
 * score (`score`, default the metric's last path segment) is looked up in the pairing structure.
 * When both sides carry it on paired items, the interval of the mean per-item delta (candidate -
 * baseline) goes to the performance gate, which fails only when even the interval's favourable
 * bound is worse than the tolerance (`judgeSignificance`). Otherwise the metric falls back to the
 * aggregate (point) comparison, and a note says why.
 *
 * Interval level. The gate's question is one-sided: "is the candidate worse than the tolerance
 * allows?". It fails when the favourable bound of a two-sided interval at level L is beyond the
 * tolerance, which, when the true change sits exactly at the tolerance, happens with probability
 * (1 - L) / 2. `significance: a` uses L = 1 - a (a = 0.05 gives the 95% interval the policy
 * documents), so false failures on candidates truly within tolerance stay at most a / 2: the
 * conservative side, since a gate that cries wolf gets switched off. `confidence` sets L directly.
 *
 * Everything here is pure and deterministic: the bootstrap uses the fixed PAIRED_SEED, so the same
 * predictions give the same report on every machine and Node version.
 */
import type { FlatMetrics } from '../artifacts/metrics.js';
import type { EffectiveRule } from '../policy/rules.js';
import type { DeltaInterval, Direction } from '../contract/report.js';
import { compareScores, type Comparison, type ScoreKind } from '../stats/compare.js';
import type { PairedScores } from '../stats/paired.js';
import type { FlipsEntry, ScoreCoverageEntry } from '../contract/report-sections.js';

export interface PairedInput {
  pairs: PairedScores;
  candidate: FlatMetrics;
  baseline: FlatMetrics;
  ruleFor: (metric: string) => EffectiveRule;
}

export interface PairedOutput {
  intervals: Map<string, DeltaInterval>;
  notes: Map<string, string>;
  extra: Record<string, unknown>;
}

/** Seed of the paired bootstrap (fixed: the same predictions always give the same interval). */
export const PAIRED_SEED = 20_060_601;
/** Bootstrap resamples when the rule does not set `resamples`. */
export const DEFAULT_RESAMPLES = 1000;
/** Binary flips: at most this many ids per list in the JSON report (the counts are always complete). */
export const FLIP_ID_CAP = 10_000;
/** Continuous scores: how many of the largest per-item worsenings the JSON report lists. */
export const FLIP_TOP = 100;
/**
 * The per-item scores must explain the metric's change: when the aggregate delta and the mean
 * per-item delta differ by more than this many interval widths, the scores measure something else
 * (another scale, e.g. percent against fractions, or another quantity) and the interval would
 * judge the wrong thing, so the metric falls back to the aggregate comparison.
 */
export const MISMATCH_WIDTHS = 2;

/** Two-sided level of the interval behind a rule's decision (see the module comment). */
export function intervalLevel(rule: Pick<EffectiveRule, 'significance' | 'confidence'>): number {
  if (rule.confidence !== undefined) return rule.confidence;
  if (rule.significance !== undefined) return 1 - rule.significance;
  return 0.95;
}



interface ScoreStats {
  kind: ScoreKind;
  items: number;
  deltas: Float64Array;
  coverage: ScoreCoverageEntry;
}

const fmt = (x: number): string => String(Number(x.toPrecision(4)));

export function pairedIntervals(input: PairedInput): PairedOutput {
  const { pairs, candidate, baseline, ruleFor } = input;
  const intervals = new Map<string, DeltaInterval>();
  const notes = new Map<string, string>();
  const flips: Record<string, FlipsEntry> = {};
  const scoreCoverage: Record<string, ScoreCoverageEntry> = {};
  const scores = new Map<string, ScoreStats | null>();
  const comparisons = new Map<string, Comparison>();

  for (const [metric, baselineValue] of baseline.values) {
    const candidateValue = candidate.values.get(metric);
    if (candidateValue === undefined) continue;
    const rule = ruleFor(metric);
    if (rule.significance === undefined || !rule.gated || !rule.direction) continue;
    const name = rule.score;
    const label = `\`${name}\``;

    let stats = scores.get(name);
    if (stats === undefined) {
      stats = scoreStats(pairs, name);
      scores.set(name, stats);
      if (stats) scoreCoverage[name] = stats.coverage;
    }
    if (!stats) {
      notes.set(metric, `no per-item ${label} scores: aggregate comparison`);
      continue;
    }

    const level = intervalLevel(rule);
    const resamples = rule.resamples ?? DEFAULT_RESAMPLES;
    const key = `${name}\u0000${level}\u0000${resamples}`;
    let comparison = comparisons.get(key);
    if (!comparison) {
      comparison = compareScores(stats.deltas, stats.kind, { level, resamples, seed: PAIRED_SEED });
      comparisons.set(key, comparison);
    }
    const { meanDelta, interval } = comparison;
    if (!Number.isFinite(interval.low) || !Number.isFinite(interval.high)) {
      notes.set(metric, `too few paired items with ${label} scores for an interval (${stats.items}): aggregate comparison`);
      continue;
    }

    const aggregateDelta = candidateValue - baselineValue;
    const width = interval.high - interval.low;
    const slack = MISMATCH_WIDTHS * width + 1e-9 * Math.max(1, Math.abs(aggregateDelta), Math.abs(meanDelta));
    if (!(Math.abs(aggregateDelta - meanDelta) <= slack)) {
      notes.set(
        metric,
        `per-item ${label} scores do not explain the metric (mean per-item delta ${fmt(meanDelta)}, metric delta ${fmt(aggregateDelta)}): aggregate comparison`,
      );
      continue;
    }

    intervals.set(metric, { ...interval });
    const { missing_baseline: lackB, missing_candidate: lackC } = stats.coverage;
    const lacking = lackB.count + lackC.count;
    if (lacking > 0) {
      notes.set(metric, `interval over the ${stats.items} paired items with ${label} scores on both sides (${lackB.count} lack it in the baseline, ${lackC.count} in the candidate)`);
    }

    const existing = flips[name];
    if (existing) {
      if (!existing.metrics.includes(metric)) existing.metrics.push(metric);
      continue;
    }
    flips[name] = flipsEntry(pairs, name, stats, rule.direction, metric);
  }

  const extra: Record<string, unknown> = {};
  if (Object.keys(flips).length > 0) extra.flips = flips;
  if (Object.keys(scoreCoverage).length > 0) extra.score_coverage = scoreCoverage;
  return { intervals, notes, extra };
}

/** The deltas, kind and coverage of a score, or null when no paired item has it on both sides. */
function scoreStats(pairs: PairedScores, name: string): ScoreStats | null {
  if (!pairs.hasScore(name)) return null;
  const coverage = pairs.coverage(name);
  if (coverage.items === 0) return null;
  return {
    kind: pairs.kind(name),
    items: coverage.items,
    deltas: pairs.deltas(name),
    coverage: { items: coverage.items, missing_baseline: coverage.missingBaseline, missing_candidate: coverage.missingCandidate },
  };
}

function flipsEntry(pairs: PairedScores, name: string, stats: ScoreStats, direction: Direction, metric: string): FlipsEntry {
  const found = pairs.flips(name, { kind: stats.kind, direction, limit: FLIP_ID_CAP, top: FLIP_TOP });
  const common = { metrics: [metric], direction, items: stats.items, worse: found.worse, better: found.better };
  if (found.kind === 'binary') {
    return {
      kind: 'binary',
      ...common,
      worse_ids: found.worseIds,
      better_ids: found.betterIds,
      ids_truncated: found.worseIds.length < found.worse || found.betterIds.length < found.better,
    };
  }
  return { kind: 'continuous', ...common, largest_worsening: found.largestWorsening };
}
