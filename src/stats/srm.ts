/**
 * Sample-ratio mismatch: is the observed split of units between arms consistent with the
 * split the stage planned? Pearson's χ² goodness of fit, x = Σ (o − e)² / e over the arms,
 * with k − 1 degrees of freedom (the check of GrowthBook's gbstats `check_srm`, Fabijan et al.
 * KDD 2019 "Diagnosing Sample Ratio Mismatch"). For two arms, df = 1 and the p-value is exact
 * through the normal: P(χ²₁ > x) = erfc( sqrt(x / 2) ).
 */
import { erfc } from './normal.js';

/** Fewer units than this per arm: no test (GrowthBook's minimum). */
export const SRM_MIN_UNITS_PER_ARM = 8;

export interface SrmResult {
  /** The χ² statistic. */
  chi2: number;
  pValue: number;
  /** Expected units per arm. */
  expected: number[];
}

/** Two-arm SRM test; `plannedShare` is the planned share of the second arm (the challenger). */
export function srmTest(observed: readonly [number, number], plannedShare: number): SrmResult | undefined {
  const [a, b] = observed;
  const total = a + b;
  if (!(plannedShare > 0 && plannedShare < 1)) return undefined;
  if (a < SRM_MIN_UNITS_PER_ARM || b < SRM_MIN_UNITS_PER_ARM) return undefined;
  const expected = [total * (1 - plannedShare), total * plannedShare];
  const chi2 = ((a - expected[0]!) ** 2) / expected[0]! + ((b - expected[1]!) ** 2) / expected[1]!;
  return { chi2, pValue: erfc(Math.sqrt(chi2 / 2)), expected };
}
