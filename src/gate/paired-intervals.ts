/**
 * Paired per-item statistics for significance-aware rules (filled in with issue 6).
 */
import type { FlatMetrics } from '../artifacts/metrics.js';
import type { EffectiveRule } from '../policy/rules.js';
import type { DeltaInterval } from '../report/model.js';
import type { PairedScores } from '../stats/paired.js';

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

export function pairedIntervals(_input: PairedInput): PairedOutput {
  return { intervals: new Map(), notes: new Map(), extra: {} };
}
