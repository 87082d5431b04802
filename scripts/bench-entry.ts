/**
 * In-process entry for the benchmarks (bundled with ncc by scripts/bench.mjs and
 * scripts/bench-decisions.mjs; never part of the shipped bundles). It runs the gate's own code:
 * PairedScores for pairing, `pairedIntervals` for the statistics and `evaluatePerformance` for
 * the decision, exactly as src/gate/run-gate.ts chains them; only the data is simulated.
 *
 *   node <bundle> stats <items> <repeat>      -> JSON {pairSeconds, statsSeconds}
 *   node <bundle> decisions '<json config>'   -> JSON results of the decision simulation
 *   node <bundle> coverage '<json cases>'     -> JSON one-sided miss counts per interval method
 */
import { flattenMetrics } from '../src/artifacts/metrics.js';
import { pairedIntervals } from '../src/gate/paired-intervals.js';
import { evaluatePerformance } from '../src/gate/checks/performance.js';
import { compileRules } from '../src/policy/rules.js';
import { policySchema } from '../src/policy/schema.js';
import { bootstrapMeanInterval, sortedQuantile, studentizedBootstrap } from '../src/stats/bootstrap.js';
import { compareScores } from '../src/stats/compare.js';
import { PairedScores } from '../src/stats/paired.js';
import { Rng } from '../src/stats/rng.js';
import { meanInterval } from '../src/stats/t-interval.js';

type RuleFor = ReturnType<typeof compileRules>;

function ruleFor(rule: Record<string, unknown>): RuleFor {
  return compileRules(policySchema.parse({ version: 1, defaults: 'none', rules: [rule] }));
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

// ---------------------------------------------------------------------------------------------
// stats: what pairing and the statistics cost at n items per side (two scores, both gated).

function statsTiming(n: number, repeat: number): { pairSeconds: number; statsSeconds: number } {
  const rng = new Rng(6);
  const emB = new Float64Array(n);
  const emC = new Float64Array(n);
  const rB = new Float64Array(n);
  const rC = new Float64Array(n);
  let sumEmB = 0;
  let sumEmC = 0;
  let sumRB = 0;
  let sumRC = 0;
  for (let i = 0; i < n; i++) {
    emB[i] = rng.nextFloat() < 0.7 ? 1 : 0;
    emC[i] = rng.nextFloat() < 0.9 ? (emB[i] as number) : rng.nextFloat() < 0.68 ? 1 : 0;
    rB[i] = Math.round(rng.nextFloat() * 1e4) / 1e4;
    rC[i] = Math.round(Math.min(1, Math.max(0, (rB[i] as number) + 0.1 * (rng.nextFloat() - 0.5) - 0.002)) * 1e4) / 1e4;
    sumEmB += emB[i] as number;
    sumEmC += emC[i] as number;
    sumRB += rB[i] as number;
    sumRC += rC[i] as number;
  }
  const metrics = (em: number, r: number) => flattenMetrics({ quality: { exact_match: em / n, rougeL_f1: r / n } });
  const baseline = metrics(sumEmB, sumRB);
  const candidate = metrics(sumEmC, sumRC);
  const policy = policySchema.parse({
    version: 1,
    rules: [
      { metric: 'quality.exact_match', direction: 'higher', tolerance: 0.001, significance: 0.05 },
      { metric: 'quality.rougeL_f1', direction: 'higher', tolerance: 0.001, significance: 0.05 },
    ],
  });
  const pairTimes: number[] = [];
  const statsTimes: number[] = [];
  for (let r = 0; r < repeat; r++) {
    // Fresh id strings per side, as JSON.parse would produce them.
    const idsB = Array.from({ length: n }, (_, i) => `item-${String(i).padStart(7, '0')}`);
    const idsC = Array.from({ length: n }, (_, i) => `item-${String(i).padStart(7, '0')}`);
    let t = process.hrtime.bigint();
    const pairs = new PairedScores();
    for (let i = 0; i < n; i++) pairs.addBaseline(idsB[i] as string, { exact_match: emB[i] as number, rougeL_f1: rB[i] as number });
    for (let i = 0; i < n; i++) pairs.addCandidate(idsC[i] as string, { exact_match: emC[i] as number, rougeL_f1: rC[i] as number });
    pairs.summary();
    pairTimes.push(Number(process.hrtime.bigint() - t) / 1e9);
    t = process.hrtime.bigint();
    const out = pairedIntervals({ pairs, candidate, baseline, ruleFor: compileRules(policy) });
    statsTimes.push(Number(process.hrtime.bigint() - t) / 1e9);
    if (out.evidence.size !== 2) throw new Error(`expected 2 intervals, got ${out.evidence.size}: ${[...out.notes.values()].join('; ')}`);
  }
  return { pairSeconds: median(pairTimes), statsSeconds: median(statsTimes) };
}

// ---------------------------------------------------------------------------------------------
// decisions: simulated pairs through pairedIntervals + evaluatePerformance.

/** zeros-skewed (coverage table only): 70% unchanged, else 0.1 (Exp(1) - 1): skewness near 4. */
export type Shape = 'binary' | 'normal' | 'skewed' | 'zeros' | 'zeros-skewed';

export interface Scenario {
  shape: Shape;
  /** Items per side. */
  items: number;
  /** 'none': no true change; 'drop': the true mean drops by `drop` standard errors. */
  truth: 'none' | 'drop';
  drop: number;
  pairs: number;
  significance: number;
  seed: number;
}

export interface ScenarioResult {
  pairs: number;
  significance: { fail: number; warn: number; pass: number };
  point: { fail: number; warn: number; pass: number };
  methods: Record<string, number>;
  seconds: number;
}

/** Standard deviation of one no-change per-item delta of each shape (for "drop in standard errors"). */
export const DELTA_SD: Record<Shape, number> = {
  binary: Math.sqrt(2 * 0.7 * 0.3), // two independent 70% passes
  normal: 0.1,
  skewed: 0.05, // 0.05 (Exp(1) - 1): skewness 2
  zeros: Math.sqrt(0.3 / 6), // 70% unchanged, else U - U'
  'zeros-skewed': Math.sqrt(0.3) * 0.1,
};

function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
}

/** A no-change per-item delta of a continuous shape (mean exactly 0). */
function delta(rng: Rng, shape: Exclude<Shape, 'binary'>): number {
  if (shape === 'normal') return 0.1 * gaussian(rng);
  if (shape === 'skewed') return 0.05 * (-Math.log(1 - rng.nextFloat()) - 1);
  if (shape === 'zeros-skewed') return rng.nextFloat() < 0.7 ? 0 : 0.1 * (-Math.log(1 - rng.nextFloat()) - 1);
  return rng.nextFloat() < 0.7 ? 0 : rng.nextFloat() - rng.nextFloat();
}

const tally = () => ({ fail: 0, warn: 0, pass: 0 });

function simulate(s: Scenario): ScenarioResult {
  const started = process.hrtime.bigint();
  const metric = 'quality.score';
  const common = { metric, direction: 'higher', tolerance: 0, score: 'score' };
  const significanceRules = ruleFor({ ...common, significance: s.significance });
  const pointRules = ruleFor(common);
  const rng = new Rng(s.seed);
  const result: ScenarioResult = { pairs: s.pairs, significance: tally(), point: tally(), methods: {}, seconds: 0 };
  const shift = s.truth === 'drop' ? (s.drop * DELTA_SD[s.shape]) / Math.sqrt(s.items) : 0;
  for (let p = 0; p < s.pairs; p++) {
    const pairs = new PairedScores();
    let sumB = 0;
    let sumC = 0;
    for (let i = 0; i < s.items; i++) {
      let b: number;
      let c: number;
      if (s.shape === 'binary') {
        b = rng.nextFloat() < 0.7 ? 1 : 0;
        c = rng.nextFloat() < 0.7 - shift ? 1 : 0;
      } else {
        // Unbounded scores around 10 (a quality score on no fixed scale): no clipping bias.
        b = 10 + gaussian(rng) * 0.15;
        c = b + delta(rng, s.shape) - shift;
      }
      sumB += b;
      sumC += c;
      const id = `i${i}`;
      pairs.addBaseline(id, { score: b });
      pairs.addCandidate(id, { score: c });
    }
    // Aggregates as an evaluation harness writes them: the mean of the scores.
    const baseline = flattenMetrics({ quality: { score: sumB / s.items } });
    const candidate = flattenMetrics({ quality: { score: sumC / s.items } });
    const paired = pairedIntervals({ pairs, candidate, baseline, ruleFor: significanceRules });
    const evidence = paired.evidence.get(metric);
    const method = evidence?.kind === 'interval' ? evidence.interval.method : evidence?.kind ?? 'none';
    result.methods[method] = (result.methods[method] ?? 0) + 1;
    const withStats = evaluatePerformance({ candidate, baseline, ruleFor: significanceRules, evidence: paired.evidence, notes: paired.notes });
    const point = evaluatePerformance({ candidate, baseline, ruleFor: pointRules });
    const status = (rows: typeof point.metrics) => rows.find((r) => r.name === metric)?.status;
    const a = status(withStats.metrics);
    const b = status(point.metrics);
    if (a === 'fail' || a === 'warn' || a === 'pass') result.significance[a]++;
    if (b === 'fail' || b === 'warn' || b === 'pass') result.point[b]++;
  }
  result.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return result;
}

// ---------------------------------------------------------------------------------------------
// coverage: the interval methods side by side on no-change continuous deltas (src/stats only).

export interface CoverageCase {
  shape: Exclude<Shape, 'binary'>;
  items: number;
  trials: number;
  seed: number;
}

/** Per method: no-change samples whose 95% interval lies entirely below 0 / entirely above 0. */
export type CoverageResult = Record<'t' | 'percentile' | 'studentized' | 'gate', { below: number; above: number }>;

function coverage(c: CoverageCase): CoverageResult {
  const rng = new Rng(c.seed);
  const out: CoverageResult = { t: { below: 0, above: 0 }, percentile: { below: 0, above: 0 }, studentized: { below: 0, above: 0 }, gate: { below: 0, above: 0 } };
  const count = (key: keyof CoverageResult, low: number, high: number) => {
    if (high < 0) out[key].below++;
    else if (low > 0) out[key].above++;
  };
  const deltas = new Float64Array(c.items);
  for (let trial = 0; trial < c.trials; trial++) {
    for (let i = 0; i < c.items; i++) deltas[i] = delta(rng, c.shape);
    const options = { level: 0.95, resamples: 1000, seed: trial };
    const t = meanInterval(deltas, 0.95);
    count('t', t.low, t.high);
    const percentile = bootstrapMeanInterval(deltas, options);
    count('percentile', percentile.low, percentile.high);
    if (t.se > 0) {
      const sorted = studentizedBootstrap(deltas, t.mean, options);
      count('studentized', t.mean - sortedQuantile(sorted, 0.975) * t.se, t.mean - sortedQuantile(sorted, 0.025) * t.se);
    }
    const gate = compareScores(deltas, 'continuous', { ...options, direction: 'higher', allowedWorsening: 0 }).interval;
    if (gate) count('gate', gate.low, gate.high);
  }
  return out;
}

function main(argv: string[]): void {
  const [mode, ...rest] = argv;
  if (mode === 'stats') {
    const n = Number(rest[0]);
    const repeat = Number(rest[1] ?? 1);
    process.stdout.write(`${JSON.stringify(statsTiming(n, repeat))}\n`);
  } else if (mode === 'decisions') {
    const scenarios = JSON.parse(rest[0] ?? '[]') as Scenario[];
    for (const s of scenarios) process.stdout.write(`${JSON.stringify(simulate(s))}\n`);
  } else if (mode === 'coverage') {
    const cases = JSON.parse(rest[0] ?? '[]') as CoverageCase[];
    for (const c of cases) process.stdout.write(`${JSON.stringify(coverage(c))}\n`);
  } else {
    process.stderr.write('usage: bench-entry stats <items> <repeat> | decisions <json scenarios> | coverage <json cases>\n');
    process.exitCode = 2;
  }
}

main(process.argv.slice(2));
