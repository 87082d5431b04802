// Public surface of the statistics core: pure functions, no I/O.
export { Rng } from './rng.js';
export { erfc, normalCdf, normalPdf, normalQuantile } from './normal.js';
export { betaRegularized, logGamma, tCdf, tPdf, tQuantile, tUpperTail } from './student-t.js';
export { meanInterval, summarize } from './t-interval.js';
export type { MeanInterval, MeanSummary } from './t-interval.js';
export { binomialHalfCdf, mcnemarExact, pairedDifferenceExact } from './mcnemar.js';
export type { McNemarResult, PairedDifferenceOptions, PairedDifferenceResult } from './mcnemar.js';
export { bootstrapBinaryMeanInterval, bootstrapMeanInterval, sampleBinomial, sortedQuantile, sortedRank, studentizedBootstrap } from './bootstrap.js';
export type { BootstrapOptions, DeltaCounts, PercentileInterval } from './bootstrap.js';
export { BOOTSTRAP_MAX_ITEMS, compareScores, detectKind, formatLevel, methodLabel, minimumItems } from './compare.js';
export type {
  CompareOptions,
  Comparison,
  ComparisonInterval,
  Direction,
  IntervalMethod,
  Outcome,
  ScoreKind,
} from './compare.js';
export { PairedScores } from './paired.js';
export type { FlipOptions, Flips, PairingSummary, ScoreColumns, ScoreCoverage, Side } from './paired.js';
export type { IdSample, ItemChange } from '../contract/report-sections.js';
