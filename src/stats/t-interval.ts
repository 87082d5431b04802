// Interval for the mean of paired deltas from the t (or normal) distribution.

import { normalCdf, normalQuantile } from './normal.js';
import { tQuantile, tUpperTail } from './student-t.js';

export interface MeanSummary {
  n: number;
  mean: number;
  /** Sample variance (divisor n - 1); NaN for n < 2. */
  variance: number;
}

export interface MeanInterval extends MeanSummary {
  low: number;
  high: number;
  /** Standard error of the mean. */
  se: number;
  /** Two-sided p-value of "the mean delta is 0"; NaN when it cannot be computed (n < 2). */
  pValue: number;
}

/**
 * Mean and sample variance in two passes with the corrected two-pass formula (Chan, Golub &
 * LeVeque 1983): the second pass removes the rounding error of the first mean, and summing
 * squared deviations avoids the cancellation of sum(x^2) - n mean^2.
 */
export function summarize(values: ArrayLike<number>): MeanSummary {
  const n = values.length;
  if (n === 0) return { n, mean: NaN, variance: NaN };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] as number;
  const rough = sum / n;
  let deviation = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i] as number) - rough;
    deviation += d;
    squares += d * d;
  }
  const mean = rough + deviation / n;
  const variance = n < 2 ? NaN : Math.max(0, (squares - (deviation * deviation) / n) / (n - 1));
  return { n, mean, variance };
}

/**
 * Two-sided interval mean +/- q * s / sqrt(n), with q the t quantile on n - 1 degrees of freedom
 * (method 't') or the normal quantile ('normal'). By the CLT this is valid for any score
 * distribution with finite variance once n is large; t is exact for normal deltas at any n.
 * n = 0 gives NaN bounds; n = 1 gives an unbounded interval (one item says nothing about spread);
 * zero variance gives the point interval [mean, mean].
 */
export function meanInterval(values: ArrayLike<number>, level: number, method: 't' | 'normal' = 't'): MeanInterval {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  const summary = summarize(values);
  const { n, mean, variance } = summary;
  if (n === 0) return { ...summary, low: NaN, high: NaN, se: NaN, pValue: NaN };
  if (n === 1) return { ...summary, low: -Infinity, high: Infinity, se: NaN, pValue: NaN };
  const se = Math.sqrt(variance / n);
  if (se === 0) return { ...summary, low: mean, high: mean, se, pValue: mean === 0 ? 1 : 0 };
  const upper = 1 - (1 - level) / 2;
  const q = method === 't' ? tQuantile(upper, n - 1) : normalQuantile(upper);
  const stat = Math.abs(mean) / se;
  const pValue = method === 't' ? 2 * tUpperTail(stat, n - 1) : 2 * normalCdf(-stat);
  return { ...summary, low: mean - q * se, high: mean + q * se, se, pValue: Math.min(1, pValue) };
}
