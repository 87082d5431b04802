/**
 * Does this run beat its baseline by the policy's margin (`auto_promote`)? Pure: it sees the two
 * sides' metrics, the compiled rules and the paired per-item scores the gate already streamed,
 * and returns the evidence with its numbers; the action decides with it (together with the gate
 * verdict: a run failing any gate is never promoted).
 *
 * The gain is the change in the metric's own direction: candidate - baseline when higher is
 * better, baseline - candidate when lower is. It must exceed `min_gain`. When the metric's rule
 * score (`score`, default the metric's last path segment) exists per item on both sides, the gain
 * beyond `min_gain` must also be significant, decided exactly as the gate decides a regression
 * (stats/compare.ts, gate/paired-intervals.ts), turned around: with d the paired per-item deltas
 * (candidate - baseline) and m = min_gain, the one-sided test of
 *   H0: mean(d) <= m  against  H1: mean(d) > m      (higher is better; mirrored for lower)
 * at level significance / 2, i.e. compareScores with the opposite direction and an allowed
 * worsening of m: exact McNemar (Fay-Lumbard interval) for 0/1 scores; the t and studentized
 * bootstrap intervals for continuous ones (both must agree); too few items decide nothing. The
 * scores must first be evidence about the metric (score-consistency.ts), as for the gate.
 */
import type { FlatMetrics } from '../artifacts/metrics.js';
import { UsageError } from '../contract/errors.js';
import { DEFAULT_RESAMPLES, MAX_UNSCORED_SHARE, PAIRED_SEED } from './paired-intervals.js';
import { checkScoreConsistency } from './score-consistency.js';
import { inferDirection } from '../policy/direction.js';
import type { EffectiveRule } from '../policy/rules.js';
import type { AutoPromote, Direction } from '../policy/schema.js';
import { compareScores, formatLevel, methodLabel, minimumItems, type ComparisonInterval } from '../stats/compare.js';
import type { PairedScores } from '../stats/paired.js';

export interface AutoPromotionEvidence {
  metric: string;
  direction: Direction;
  baseline: number | null;
  candidate: number | null;
  /** The change in the metric's direction (positive is better), or null without both values. */
  gain: number | null;
  min_gain: number;
  significance: number;
  /** The paired test of "gain > min_gain", when per-item scores decided. */
  test?: ComparisonInterval & { score: string; significant: boolean };
  /** Whether the run beats the baseline by the margin (the gate verdict is checked separately). */
  beats: boolean;
  /** One sentence with the numbers. */
  why: string;
}

export interface EvidenceInput {
  config: AutoPromote;
  candidate: FlatMetrics;
  /** null at a cold start: there is nothing to beat. */
  baseline: FlatMetrics | null;
  ruleFor: (metric: string) => EffectiveRule;
  /** The gate's pairing of both predictions files, or null when they were not both read. */
  pairs: PairedScores | null;
}

const fmt = (value: number): string => (Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6))));
const formatP = (p: number): string => (p < 1e-4 ? 'p < 0.0001' : `p = ${String(Number(p.toPrecision(2)))}`);

/** The metric's direction: its rule's, else inferred from its name; none is a policy error. */
export function autoPromoteDirection(config: AutoPromote, ruleFor: (metric: string) => EffectiveRule): Direction {
  const direction = ruleFor(config.metric).direction ?? inferDirection(config.metric);
  if (!direction) {
    throw new UsageError(`policy auto_promote.metric ${JSON.stringify(config.metric)}: which way is better cannot be inferred from its name: add a rule for it with direction`);
  }
  return direction;
}

export function autoPromotionEvidence(input: EvidenceInput): AutoPromotionEvidence {
  const { config, ruleFor } = input;
  const { metric, min_gain: minGain, significance } = config;
  const direction = autoPromoteDirection(config, ruleFor);
  const candidate = input.candidate.values.get(metric) ?? null;
  const baseline = input.baseline?.values.get(metric) ?? null;
  const base = { metric, direction, baseline, candidate, min_gain: minGain, significance };
  if (input.baseline === null) return { ...base, gain: null, beats: false, why: 'no baseline to beat (cold start)' };
  if (candidate === null || baseline === null) {
    return { ...base, gain: null, beats: false, why: `${candidate === null ? 'the run' : 'the baseline'} has no metric ${metric}` };
  }
  const gain = direction === 'higher' ? candidate - baseline : baseline - candidate;
  const change = `${metric} ${fmt(baseline)} → ${fmt(candidate)} (gain ${fmt(gain)}${direction === 'lower' ? ', lower is better' : ''})`;
  // Rounding noise must not turn "equal to the margin" into "over it".
  if (!(gain > minGain + 16 * Number.EPSILON * Math.max(Math.abs(candidate), Math.abs(baseline), 1))) {
    return { ...base, gain, beats: false, why: `${change} is not more than min_gain ${fmt(minGain)}` };
  }
  const paired = pairedTest(input, direction, metric, baseline, candidate);
  if (paired.kind === 'aggregate') return { ...base, gain, beats: true, why: `${change} beats min_gain ${fmt(minGain)}; ${paired.note}` };
  if (paired.kind === 'refused') return { ...base, gain, beats: false, why: `${change}, but ${paired.note}` };
  const { test } = paired;
  const detail = `${formatP(test.p_value)} against a gain of ${fmt(minGain)} (${methodLabel(test.method)}); ${formatLevel(test.level)} interval of the mean per-item change [${fmt(test.low)}, ${fmt(test.high)}] over ${test.items} items`;
  return test.significant
    ? { ...base, gain, test, beats: true, why: `${change} beats min_gain ${fmt(minGain)} significantly: ${detail}` }
    : { ...base, gain, test, beats: false, why: `${change} is over min_gain ${fmt(minGain)} but not significantly: ${detail}` };
}

type Paired =
  | { kind: 'aggregate'; note: string }
  | { kind: 'refused'; note: string }
  | { kind: 'test'; test: NonNullable<AutoPromotionEvidence['test']> };

function pairedTest(input: EvidenceInput, direction: Direction, metric: string, baselineValue: number, candidateValue: number): Paired {
  const rule = input.ruleFor(metric);
  const score = rule.score;
  const { pairs, config } = input;
  if (!pairs || !pairs.hasScore(score)) return { kind: 'aggregate', note: `no per-item \`${score}\` scores: aggregate comparison` };
  const coverage = pairs.coverage(score);
  if (coverage.items === 0) return { kind: 'aggregate', note: `no item has \`${score}\` scores on both sides: aggregate comparison` };
  const consistency = checkScoreConsistency({
    metric, score, baselineValue, candidateValue,
    baseline: pairs.sideSummary(score, 'baseline'),
    candidate: pairs.sideSummary(score, 'candidate'),
  });
  if (consistency.status === 'fail') return { kind: 'refused', note: consistency.message };
  if (consistency.status === 'fallback') return { kind: 'aggregate', note: consistency.message };
  const lacking = coverage.missingBaseline.count + coverage.missingCandidate.count;
  if (lacking > MAX_UNSCORED_SHARE * (coverage.items + lacking)) {
    return { kind: 'aggregate', note: `only ${coverage.items} of the ${coverage.items + lacking} paired items have \`${score}\` scores on both sides: aggregate comparison` };
  }
  const level = 1 - config.significance;
  // "Worse" for the turned-around test is "better" for the metric: a worsening beyond -min_gain.
  const comparison = compareScores(pairs.deltas(score), pairs.kind(score), {
    level,
    resamples: rule.resamples ?? DEFAULT_RESAMPLES,
    seed: PAIRED_SEED,
    direction: direction === 'higher' ? 'lower' : 'higher',
    allowedWorsening: config.min_gain,
  });
  if (comparison.outcome === 'too_few' || !comparison.interval) {
    return { kind: 'refused', note: `too few items to show the gain is real: ${coverage.items} paired item(s) with \`${score}\` scores; a ${formatLevel(level)} decision needs at least ${minimumItems(level)}` };
  }
  return { kind: 'test', test: { ...comparison.interval, score, significant: comparison.outcome === 'significant' } };
}
