/**
 * Paired per-item statistics for significance-aware rules.
 *
 * For every metric compared on both sides whose rule sets `significance`, the rule's per-item
 * score (`score`, default the metric's last path segment) is looked up in the pairing structure.
 * The scores must first be evidence about the metric (score-consistency.ts: bounded like the
 * metric, binary where the baseline's are, averaging to each side's aggregate): otherwise the
 * metric fails, naming the score. Then the paired deltas (candidate - baseline) are tested
 * against the rule's allowed worsening (stats/compare.ts: one method gives the p-value, the
 * interval and the outcome), and the evidence goes to the performance gate. Without per-item
 * scores the metric falls back to the aggregate (point) comparison, and a note says why.
 *
 * Level. `significance: a` gives a two-sided interval at 1 - a (95% at 0.05), and the rule fails
 * when its favourable limit is beyond the allowed worsening: a one-sided test at a / 2, so
 * candidates truly at the tolerance fail at most a / 2 of the time (the conservative side: a gate
 * that cries wolf gets switched off). `confidence` sets the two-sided level directly.
 *
 * Everything here is pure and deterministic: the bootstrap uses the fixed PAIRED_SEED, so the same
 * predictions give the same report on every machine and Node version.
 */
import type { FlatMetrics } from '../artifacts/metrics.js';
import type { PairedEvidence } from './checks/performance.js';
import { allowedWorsening, type EffectiveRule, type RuleFor } from '../policy/rules.js';
import type { Direction } from '../contract/report.js';
import { compareScores, minimumItems, type Comparison, type ScoreKind } from '../stats/compare.js';
import type { PairedScores } from '../stats/paired.js';
import type { FlipsEntry, ScoreCoverageEntry } from '../contract/report-sections.js';
import { checkScoreConsistency } from './score-consistency.js';

export interface PairedInput {
  pairs: PairedScores;
  candidate: FlatMetrics;
  baseline: FlatMetrics;
  ruleFor: RuleFor;
}

export interface PairedOutput {
  evidence: Map<string, PairedEvidence>;
  notes: Map<string, string>;
  extra: Record<string, unknown>;
}

/**
 * At most this share of the paired items may lack the score on a side: the test is about the
 * items that have it on both, and scores withheld from many items (a few kept, their mean
 * matching the metric) would widen the interval into "not significant" or "too few items".
 * Beyond it the metric falls back to the aggregate comparison.
 */
export const MAX_UNSCORED_SHARE = 0.05;
/** Seed of the paired bootstrap (fixed: the same predictions always give the same interval). */
export const PAIRED_SEED = 20_060_601;
/** Bootstrap resamples when the rule does not set `resamples`. */
export const DEFAULT_RESAMPLES = 1000;
/** Binary flips: at most this many ids per list in the JSON report (the counts are always complete). */
export const FLIP_ID_CAP = 10_000;
/** Continuous scores: how many of the largest per-item worsenings the JSON report lists. */
export const FLIP_TOP = 100;

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

export function pairedIntervals(input: PairedInput): PairedOutput {
  const { pairs, candidate, baseline, ruleFor } = input;
  const evidence = new Map<string, PairedEvidence>();
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

    const consistency = checkScoreConsistency({
      metric,
      score: name,
      baselineValue,
      candidateValue,
      baseline: pairs.sideSummary(name, 'baseline'),
      candidate: pairs.sideSummary(name, 'candidate'),
    });
    if (consistency.status === 'fail') {
      evidence.set(metric, { kind: 'refused', message: consistency.message });
      continue;
    }
    if (consistency.status === 'fallback') {
      notes.set(metric, consistency.message);
      continue;
    }

    const { missing_baseline: lackB, missing_candidate: lackC } = stats.coverage;
    const lacking = lackB.count + lackC.count;
    if (lacking > MAX_UNSCORED_SHARE * (stats.items + lacking)) {
      notes.set(
        metric,
        `only ${stats.items} of the ${stats.items + lacking} paired items have ${label} scores on both sides (${lackB.count} lack it in the baseline, ${lackC.count} in the candidate; at most ${MAX_UNSCORED_SHARE * 100}% may): aggregate comparison`,
      );
      continue;
    }

    const level = intervalLevel(rule);
    const resamples = rule.resamples ?? DEFAULT_RESAMPLES;
    const allowed = allowedWorsening(rule, baselineValue);
    const key = `${name}\u0000${level}\u0000${resamples}\u0000${rule.direction}\u0000${allowed}`;
    let comparison = comparisons.get(key);
    if (!comparison) {
      comparison = compareScores(stats.deltas, stats.kind, { level, resamples, seed: PAIRED_SEED, direction: rule.direction, allowedWorsening: allowed });
      comparisons.set(key, comparison);
    }
    if (comparison.outcome === 'too_few' || !comparison.interval) {
      evidence.set(metric, { kind: 'too_few', items: stats.items, minimum: minimumItems(level), level, score: name });
    } else {
      evidence.set(metric, { kind: 'interval', interval: { ...comparison.interval }, significant: comparison.outcome === 'significant', score: name });
    }
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
  return { evidence, notes, extra };
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
