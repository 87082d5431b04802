/**
 * Are a metric's per-item scores evidence about that metric? A significance-aware rule lets
 * the per-item scores turn a worsening into "not significant", so scores that are on another
 * scale (percent against a fraction), measure another quantity (per-item F1 against micro F1)
 * or were written to widen the interval would let a real regression pass. Before any interval is
 * computed, each side's scores must:
 *
 * 1. be finite numbers no larger than MAX_SCORE in magnitude (squares and sums of a million of
 *    them stay finite: no overflow reaches the statistics);
 * 2. stay within the metric's range when the metric is a bounded one (rates, accuracy, precision,
 *    recall, F1, ROUGE, BLEU, exact match): [0, 1], or [0, 100] when the aggregates are percents;
 * 3. stay 0/1 in the candidate when they are 0/1 in the baseline;
 * 4. average to the side's aggregate in metrics.json, to the precision the aggregate is written
 *    with (half a unit of its last decimal) plus the rounding of summing them.
 * A failure of these fails the metric, naming the score, the side and an item.
 *
 * 5. Consistency is judged against the baseline's spread: continuous candidate scores spread more
 *    than SPREAD_RATIO times as wide as the baseline's, beyond chance (the variance-ratio F test
 *    at SPREAD_P: n items of equal spread almost never look that different), would widen the
 *    interval by themselves, so the metric falls back to the aggregate (point) comparison, which
 *    they cannot influence.
 *
 * Pure: it sees the summaries PairedScores computes and the two aggregates.
 */
import type { SideSummary } from '../stats/paired.js';
import { betaRegularized } from '../stats/student-t.js';

/** Largest per-item score magnitude the statistics accept. */
export const MAX_SCORE = 1e150;
/** Candidate-to-baseline ratio of standard deviations above which the interval is not trusted. */
export const SPREAD_RATIO = 3;
/** ... and the F test of equal variances must reject at this level. */
export const SPREAD_P = 1e-6;

/**
 * P(F >= x) for F ~ F(d1, d2): I_{d2 / (d2 + d1 x)}(d2 / 2, d1 / 2) (A&S 26.6.2), the upper tail
 * of the ratio of two sample variances of normal data with equal spread.
 */
export function fUpperTail(x: number, d1: number, d2: number): number {
  if (!(x > 0)) return 1;
  const t = d2 / (d2 + d1 * x);
  return betaRegularized(t, d2 / 2, d1 / 2, (d1 * x) / (d2 + d1 * x));
}

export type ConsistencyVerdict =
  | { status: 'consistent' }
  /** The scores contradict the metric: the metric fails with this message. */
  | { status: 'fail'; message: string }
  /** The scores cannot be trusted to judge significance: aggregate comparison, with this note. */
  | { status: 'fallback'; message: string };

export interface ConsistencyInput {
  metric: string;
  score: string;
  baselineValue: number;
  candidateValue: number;
  baseline: SideSummary;
  candidate: SideSummary;
}

const BOUNDED = /^(f1|f1_score|f_1|accuracy|acc|precision|recall|exact|exact_match|em|bleu|rate|pass_rate|success_rate|win_rate|error_rate|hit_rate|rouge[a-z0-9]*)$/i;

/** Whether a metric or score name denotes a quantity bounded like a proportion. */
export function isBoundedName(name: string): boolean {
  const last = name.split('.').pop() ?? name;
  if (BOUNDED.test(last)) return true;
  return last.split(/[_-]/).some((token) => /^(f1|accuracy|precision|recall|rouge[a-z0-9]*|bleu|rate)$/i.test(token));
}

/** Decimal places a number is written with (its shortest round-trip form): 0.712 -> 3, 1e-7 -> 7, 1500 -> 0. */
export function writtenDecimals(x: number): number {
  const [mantissa = '', exponent = '0'] = String(Math.abs(x)).split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

const fmt = (x: number): string => String(Number(x.toPrecision(6)));

export function checkScoreConsistency(input: ConsistencyInput): ConsistencyVerdict {
  const { metric, score, baseline, candidate } = input;
  const label = `per-item \`${score}\` scores`;
  const sides = [
    { side: 'baseline', summary: baseline, aggregate: input.baselineValue },
    { side: 'candidate', summary: candidate, aggregate: input.candidateValue },
  ] as const;

  for (const { side, summary } of sides) {
    for (const extreme of [summary.min, summary.max]) {
      if (extreme && !(Math.abs(extreme.value) <= MAX_SCORE)) {
        return { status: 'fail', message: `${label}: the ${side}'s item ${JSON.stringify(extreme.id)} has ${fmt(extreme.value)}, beyond ±${MAX_SCORE} (too large to compare)` };
      }
    }
  }

  if (isBoundedName(metric) || isBoundedName(score)) {
    const aggregates = [input.baselineValue, input.candidateValue];
    const top = aggregates.every((v) => v >= 0 && v <= 1) ? 1 : aggregates.every((v) => v >= 0 && v <= 100) ? 100 : undefined;
    if (top !== undefined) {
      for (const { side, summary } of sides) {
        const outside = summary.min && summary.min.value < 0 ? summary.min : summary.max && summary.max.value > top ? summary.max : null;
        if (outside) {
          return {
            status: 'fail',
            message: `${label} outside [0, ${top}], the range of \`${metric}\`: the ${side}'s item ${JSON.stringify(outside.id)} has ${fmt(outside.value)}`,
          };
        }
      }
    }
  }

  if (baseline.count > 0 && baseline.nonBinary === null && candidate.nonBinary !== null) {
    return {
      status: 'fail',
      message: `${label} are 0/1 in the baseline but not in the candidate: item ${JSON.stringify(candidate.nonBinary.id)} has ${fmt(candidate.nonBinary.value)}`,
    };
  }

  for (const { side, summary, aggregate } of sides) {
    if (summary.count === 0) continue;
    const mean = summary.sum / summary.count;
    // Half a unit of the aggregate's last written decimal, plus the rounding of a naive sum of
    // the scores (at most count ulps of sum |x|, i.e. eps * sum |x| on the mean) and of our own.
    const allowed = 0.5 * 10 ** -writtenDecimals(aggregate) + 2 * Number.EPSILON * (summary.sumAbs + Math.abs(aggregate));
    if (!(Math.abs(mean - aggregate) <= allowed)) {
      const ratio = aggregate !== 0 ? mean / aggregate : NaN;
      const hint = Math.abs(ratio - 100) < 1 ? ' (percent scores against a fraction?)' : Math.abs(ratio - 0.01) < 1e-4 ? ' (fraction scores against a percent?)' : '';
      return {
        status: 'fail',
        message: `${label} do not reproduce \`${metric}\`: the ${side}'s ${summary.count} scores average ${fmt(mean)}, its metrics.json says ${fmt(aggregate)}${hint}; a significance rule needs per-item scores whose mean is the metric (set \`score\`, or drop \`significance\`)`,
      };
    }
  }

  if (
    baseline.nonBinary !== null && baseline.sd > 0 && candidate.sd > SPREAD_RATIO * baseline.sd &&
    fUpperTail((candidate.sd / baseline.sd) ** 2, candidate.count - 1, baseline.count - 1) < SPREAD_P
  ) {
    return {
      status: 'fallback',
      message: `the candidate's ${label} spread ${fmt(candidate.sd / baseline.sd)} times as wide as the baseline's (over ${SPREAD_RATIO}, beyond chance), which would widen the interval by itself: aggregate comparison`,
    };
  }
  return { status: 'consistent' };
}
