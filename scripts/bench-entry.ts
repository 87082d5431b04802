/**
 * In-process entry for the benchmarks (bundled with ncc by scripts/bench.mjs and
 * scripts/bench-decisions.mjs; never part of the shipped bundles). It runs the gate's own code:
 * PairedScores for pairing, `pairedIntervals` for the statistics and `evaluatePerformance` for
 * the decision, exactly as src/gate/run-gate.ts chains them; only the data is simulated.
 *
 *   node <bundle> stats <items> <repeat>      -> JSON {pairSeconds, statsSeconds}
 *   node <bundle> decisions '<json config>'   -> JSON results of the decision simulation
 */
import { flattenMetrics } from '../src/artifacts/metrics.js';
import { pairedIntervals } from '../src/gate/paired-intervals.js';
import { evaluatePerformance } from '../src/gates/performance.js';
import { compileRules } from '../src/policy/rules.js';
import { policySchema } from '../src/policy/schema.js';
import { PairedScores } from '../src/stats/paired.js';
import { Rng } from '../src/stats/rng.js';

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

export interface Scenario {
  name: string;
  kind: 'binary' | 'continuous';
  items: number;
  /** Binary: pass rates. Continuous: means of a score in [0, 1] (a Beta-like mix). */
  baseline: number;
  candidate: number;
  pairs: number;
  tolerance: number;
  significance: number;
  /** Optional `confidence` of the significance rule (default: 1 - 2 * significance). */
  confidence?: number;
  seed: number;
}

export interface ScenarioResult {
  name: string;
  pairs: number;
  significance: { fail: number; warn: number; pass: number };
  point: { fail: number; warn: number; pass: number };
  /** How many simulated pairs had a usable interval (the rest fell back to the point rule). */
  withInterval: number;
  methods: Record<string, number>;
}

/** A continuous score in [0, 1] with the given mean: a clipped mix, skewed like real ROUGE/F1. */
function continuousScore(rng: Rng, mean: number): number {
  const x = rng.nextFloat() < mean ? 0.6 + 0.4 * rng.nextFloat() : 0.6 * rng.nextFloat();
  return Math.round(x * 1e4) / 1e4;
}

const tally = () => ({ fail: 0, warn: 0, pass: 0 });

function simulate(s: Scenario): ScenarioResult {
  const metric = 'quality.score';
  const common = { metric, direction: 'higher', tolerance: s.tolerance, score: 'score' };
  const significanceRules = ruleFor({ ...common, significance: s.significance, ...(s.confidence === undefined ? {} : { confidence: s.confidence }) });
  const pointRules = ruleFor(common);
  const rng = new Rng(s.seed);
  const result: ScenarioResult = { name: s.name, pairs: s.pairs, significance: tally(), point: tally(), withInterval: 0, methods: {} };
  // The continuous mix has mean 0.8 q + 0.3 (1 - q) = 0.3 + 0.5 q: pick q for the wanted mean.
  const q = (mean: number) => (mean - 0.3) / 0.5;
  for (let p = 0; p < s.pairs; p++) {
    const pairs = new PairedScores();
    let sumB = 0;
    let sumC = 0;
    for (let i = 0; i < s.items; i++) {
      // Independent outcomes on the two sides (the no-change model).
      const b = s.kind === 'binary' ? (rng.nextFloat() < s.baseline ? 1 : 0) : continuousScore(rng, q(s.baseline));
      const c = s.kind === 'binary' ? (rng.nextFloat() < s.candidate ? 1 : 0) : continuousScore(rng, q(s.candidate));
      sumB += b;
      sumC += c;
      const id = `i${i}`;
      pairs.addBaseline(id, { score: b });
      pairs.addCandidate(id, { score: c });
    }
    // Aggregates as an evaluation harness writes them: the mean, rounded to 6 decimals.
    const round = (x: number) => Math.round(x * 1e6) / 1e6;
    const baseline = flattenMetrics({ quality: { score: round(sumB / s.items) } });
    const candidate = flattenMetrics({ quality: { score: round(sumC / s.items) } });

    const paired = pairedIntervals({ pairs, candidate, baseline, ruleFor: significanceRules });
    const interval = paired.intervals.get(metric);
    if (interval) {
      result.withInterval++;
      result.methods[interval.method] = (result.methods[interval.method] ?? 0) + 1;
    }
    const withStats = evaluatePerformance({ candidate, baseline, ruleFor: significanceRules, intervals: paired.intervals, notes: paired.notes });
    const unpaired = pairedIntervals({ pairs, candidate, baseline, ruleFor: pointRules });
    const point = evaluatePerformance({ candidate, baseline, ruleFor: pointRules, intervals: unpaired.intervals, notes: unpaired.notes });
    const status = (rows: typeof point.metrics) => rows.find((r) => r.name === metric)?.status;
    const a = status(withStats.metrics);
    const b = status(point.metrics);
    if (a === 'fail' || a === 'warn' || a === 'pass') result.significance[a]++;
    if (b === 'fail' || b === 'warn' || b === 'pass') result.point[b]++;
  }
  return result;
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
  } else {
    process.stderr.write('usage: bench-entry stats <items> <repeat> | decisions <json scenarios>\n');
    process.exitCode = 2;
  }
}

main(process.argv.slice(2));
