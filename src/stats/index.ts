// Public surface of the statistics core: pure functions, no I/O.
export { Rng } from './rng.js';
export { erfc, normalCdf, normalPdf, normalQuantile } from './normal.js';
export { betaRegularized, logGamma, tCdf, tPdf, tQuantile, tUpperTail } from './student-t.js';
export { meanInterval, summarize } from './t-interval.js';
export type { MeanInterval, MeanSummary } from './t-interval.js';
export { binomialHalfCdf, mcnemarExact, pairedProportionInterval } from './mcnemar.js';
export type { McNemarResult, ProportionDifferenceInterval } from './mcnemar.js';
export { bootstrapBinaryMeanInterval, bootstrapMeanInterval, sampleBinomial, sortedQuantile } from './bootstrap.js';
export type { BootstrapOptions, DeltaCounts, PercentileInterval } from './bootstrap.js';
export { BOOTSTRAP_MAX_ITEMS, BOOTSTRAP_MIN_ITEMS, compareScores, describeInterval, detectKind, significantRegression } from './compare.js';
export type {
  CompareOptions,
  Comparison,
  ComparisonInterval,
  Direction,
  IntervalMethod,
  ScoreKind,
  SignificanceInput,
  SignificanceResult,
} from './compare.js';
export { PairedScores } from './paired.js';
export type { FlipOptions, Flips, IdSample, ItemChange, PairingSummary, ScoreColumns, ScoreCoverage, Side } from './paired.js';
