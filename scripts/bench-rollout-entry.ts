/**
 * In-process entry for `npm run bench:rollout` (bundled with ncc into a temp folder by
 * scripts/bench-rollout.mjs; never part of the shipped bundles). It simulates whole staged
 * rollouts with a daily look and sends every look through the real decision code: the
 * accumulators of src/rollout/accumulate.ts, then `decide` (src/rollout/decide.ts), and moves
 * the simulated state exactly as `apply` would (`nextState`). Only the traffic is simulated:
 * per day and arm, the sufficient statistics of each metric are drawn from their exact
 * distributions (binomial counts; a bivariate normal for Σx, Σx² of count and cost metrics;
 * a multinomial over fine latency bins).
 *
 *   node <bundle> simulate '<json config>'   -> JSON results
 *   node <bundle> srm                        -> JSON decision of the SRM scenario
 */
import { emptyArm, telemetrySpec, type ArmData, type TelemetrySummary } from '../src/rollout/accumulate.js';
import { decide, nextState } from '../src/rollout/decide.js';
import { parseRollout } from '../src/rollout/load.js';
import type { Rollout } from '../src/rollout/schema.js';
import { sampleBinomial } from '../src/stats/bootstrap.js';
import { normalCdf } from '../src/stats/normal.js';
import { Rng } from '../src/stats/rng.js';

const DAY = 86_400_000;
const START = Date.parse('2026-01-01T00:00:00Z');

export const ROLLOUT_TEXT = `version: 1
champion: champion_v3
challenger: challenger_v4
stages:
  - { allocation: 0.10, min_days: 3 }
  - { allocation: 0.25, min_days: 5 }
  - { allocation: 0.50, min_days: 7 }
  - { allocation: 1.00 }
min_samples: 1000
guardrails:
  - { metric: acceptance_rate, direction: higher, max_worse_pct: 5 }
  - { metric: edits, direction: lower, max_worse_pct: 10 }
  - { metric: validator_intervention, direction: lower, max_worse_pct: 5 }
  - { metric: latency_ms.p50, direction: lower, max_worse_pct: 20 }
limits:
  - { metric: latency_ms.p99, max: 2000 }
  - { metric: cost_usd, direction: lower, max_worse_pct: 10 }
srm_p: 0.001
confidence: 0.95
on_deadline: hold
state:
  stage: 0
  since: 2026-01-01T00:00:00Z
  looks: 0
  status: running
`;

interface Truth {
  acceptance: number;
  /** Poisson mean of edits per unit. */
  edits: number;
  validator: number;
  latencyMedian: number;
  latencySigma: number;
  costMean: number;
  costSd: number;
}

export const BASE: Truth = { acceptance: 0.5, edits: 2, validator: 0.2, latencyMedian: 800, latencySigma: 0.35, costMean: 0.02, costSd: 0.005 };

function normal(rng: Rng): number {
  const u = Math.max(rng.nextFloat(), 1e-300);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
}

/** Binomial: exact inversion for small variance, normal approximation (rounded) beyond npq > 2500. */
function binomial(rng: Rng, n: number, p: number): number {
  const v = n * p * (1 - p);
  if (v < 2500) return sampleBinomial(rng, n, p);
  return Math.min(n, Math.max(0, Math.round(n * p + Math.sqrt(v) * normal(rng))));
}

/** Σx and Σx² of n draws with raw moments m1..m4, as a bivariate normal (n is in the thousands). */
function sums(rng: Rng, n: number, m1: number, m2: number, m3: number, m4: number): { sum: number; sumSq: number } {
  const v11 = n * (m2 - m1 * m1);
  const v22 = n * (m4 - m2 * m2);
  const v12 = n * (m3 - m1 * m2);
  const a = Math.sqrt(v11);
  const b = v12 / a;
  const c = Math.sqrt(Math.max(0, v22 - b * b));
  const z1 = normal(rng);
  const z2 = normal(rng);
  const sum = n * m1 + a * z1;
  return { sum, sumSq: Math.max(sum * sum / n, n * m2 + b * z1 + c * z2) };
}

const Z_EDGES = Array.from({ length: 241 }, (_, i) => -6 + i * 0.05);
const Z_PROBS = Z_EDGES.slice(1).map((z, i) => normalCdf(z) - normalCdf(Z_EDGES[i]!));

function addDay(rng: Rng, arm: ArmData, n: number, t: Truth): void {
  arm.units += n;
  const acc = binomial(rng, n, t.acceptance);
  const a = arm.means.get('acceptance_rate')!;
  a.n += n; a.sum += acc; a.sumSq += acc;
  const val = binomial(rng, n, t.validator);
  const v = arm.means.get('validator_intervention')!;
  v.n += n; v.sum += val; v.sumSq += val;
  const l = t.edits; // Poisson raw moments
  const e = sums(rng, n, l, l + l * l, l ** 3 + 3 * l * l + l, l ** 4 + 6 * l ** 3 + 7 * l * l + l);
  const ed = arm.means.get('edits')!;
  ed.n += n; ed.sum += e.sum; ed.sumSq += e.sumSq;
  const m = t.costMean;
  const s2 = t.costSd ** 2; // normal raw moments
  const c = sums(rng, n, m, m * m + s2, m ** 3 + 3 * m * s2, m ** 4 + 6 * m * m * s2 + 3 * s2 * s2);
  const co = arm.means.get('cost_usd')!;
  co.n += n; co.sum += c.sum; co.sumSq += c.sumSq;
  const histogram = arm.distributions.get('latency_ms')!;
  let left = n;
  let mass = 1;
  for (let i = 0; i < Z_PROBS.length && left > 0; i++) {
    const p = Z_PROBS[i]!;
    const k = i === Z_PROBS.length - 1 ? left : binomial(rng, left, Math.min(1, p / mass));
    mass -= p;
    left -= k;
    if (k > 0) histogram.add(t.latencyMedian * Math.exp(t.latencySigma * (Z_EDGES[i]! + 0.025)), k);
  }
}

export interface SimConfig {
  name: string;
  rollouts: number;
  perDay: number;
  challenger: Partial<Truth>;
  seed: number;
  maxDays: number;
}

export interface RolloutOutcome {
  outcome: 'promote' | 'rollback' | 'running';
  day: number;
  stage: number;
  looks: number;
  holds: number;
}

export function simulate(config: SimConfig): RolloutOutcome[] {
  const base = parseRollout(ROLLOUT_TEXT, 'bench.yml');
  const challengerTruth = { ...BASE, ...config.challenger };
  const results: RolloutOutcome[] = [];
  for (let r = 0; r < config.rollouts; r++) {
    const rng = new Rng(config.seed * 1_000_003 + r);
    let rollout: Rollout = base;
    let arms = freshArms(rollout);
    let looks = 0;
    let holds = 0;
    let result: RolloutOutcome | undefined;
    for (let d = 1; d <= config.maxDays && !result; d++) {
      const stage = rollout.stages[rollout.state.stage]!;
      const n = config.perDay;
      const challengerUnits = binomial(rng, n, stage.allocation);
      addDay(rng, arms.champion, n - challengerUnits, BASE);
      addDay(rng, arms.challenger, challengerUnits, challengerTruth);
      const now = new Date(START + d * DAY).toISOString().replace(/\.000Z$/, 'Z');
      const summary: TelemetrySummary = { shape: 'units', format: 'jsonl', rows: 0, arms, ids: true, present: PRESENT, immature: new Map() };
      const sha = (d.toString(16).padStart(8, '0') + r.toString(16).padStart(8, '0')).repeat(4);
      const decision = decide({ id: 'bench', rollout, now, telemetry: { file: 'sim', sha256: sha, summary } });
      looks++;
      if (decision.decision === 'hold') holds++;
      if (decision.decision === 'rollback' || decision.decision === 'promote') {
        result = { outcome: decision.decision, day: d, stage: rollout.state.stage, looks, holds };
      } else if (decision.decision === 'increase') {
        rollout = { ...rollout, state: nextState(rollout, 'increase', now, sha, decision.looks) };
        arms = freshArms(rollout); // each stage is analysed on its own data
      } else {
        rollout = { ...rollout, state: nextState(rollout, decision.decision, now, sha, decision.looks) };
      }
    }
    results.push(result ?? { outcome: 'running', day: config.maxDays, stage: rollout.state.stage, looks, holds });
  }
  return results;
}

const PRESENT = new Set(['acceptance_rate', 'edits', 'validator_intervention', 'cost_usd', 'latency_ms']);

function freshArms(rollout: Rollout): Record<'champion' | 'challenger', ArmData> {
  const spec = telemetrySpec(rollout, 0, 0);
  return { champion: emptyArm(spec), challenger: emptyArm(spec) };
}

/** The SRM case: 10/90 planned, 14/86 observed on 20,000 units, arms otherwise identical. */
export function srmScenario(): unknown {
  const rollout = parseRollout(ROLLOUT_TEXT, 'bench.yml');
  const rng = new Rng(14);
  const spec = telemetrySpec(rollout, 0, 0);
  const arms = { champion: emptyArm(spec), challenger: emptyArm(spec) };
  addDay(rng, arms.champion, 17_200, BASE);
  addDay(rng, arms.challenger, 2_800, BASE);
  const decision = decide({ id: 'bench', rollout, now: '2026-01-05T00:00:00Z', telemetry: { file: 'sim', sha256: 'f'.repeat(64), summary: { shape: 'units', format: 'jsonl', rows: 20_000, arms, ids: true, present: PRESENT, immature: new Map() } } });
  return { decision: decision.decision, srm: decision.srm, reason: decision.reasons[0] };
}

const [command, arg] = process.argv.slice(2);
if (command === 'simulate') process.stdout.write(JSON.stringify(simulate(JSON.parse(arg ?? '{}') as SimConfig)));
else if (command === 'srm') process.stdout.write(JSON.stringify(srmScenario()));
