// Rollout fixtures: the seed's rollout (DESIGN.md section 11 with the seed's margins) and
// telemetry summaries built from exact moments, so each table row states its data plainly.
import { normalQuantile } from '../../../src/stats/normal.js';
import { emptyArm, telemetrySpec, type ArmData, type TelemetrySummary } from '../../../src/rollout/accumulate.js';
import { parseRollout } from '../../../src/rollout/load.js';
import type { Rollout } from '../../../src/rollout/schema.js';

export const SINCE = '2026-11-20T00:00:00Z';
export const day = (n: number): string => new Date(Date.parse(SINCE) + n * 86_400_000).toISOString();

export function seedRolloutText(overrides: { state?: string; extra?: string; stages?: string } = {}): string {
  return `version: 1
champion: baseline_planner_v3            # in production
challenger: baseline_planner_v4
stages:
${overrides.stages ?? `  - { allocation: 0.10, min_days: 3 }
  - { allocation: 0.25, min_days: 5 }
  - { allocation: 0.50, min_days: 7 }
  - { allocation: 1.00 }`}
min_samples: 1000
guardrails:
  - { metric: acceptance_rate, direction: higher, max_worse_pct: 5 }
  - { metric: edits, direction: lower, max_worse_pct: 10 }
  - { metric: validator_intervention, direction: lower, max_worse_pct: 5 }
  - { metric: latency_ms.p50, direction: lower, max_worse_pct: 20 }
limits:
  - { metric: latency_ms.p99, max: 2000 }
  - { metric: cost_usd, direction: lower, max_worse_pct: 10 }
${overrides.extra ?? ''}srm_p: 0.001
confidence: 0.95
on_deadline: hold
state:
${overrides.state ?? `  stage: 0
  since: ${SINCE}
  looks: 0
  status: running`}
`;
}

export function seedRollout(overrides: Parameters<typeof seedRolloutText>[0] = {}): Rollout {
  return parseRollout(seedRolloutText(overrides), 'data/eval/rollouts/planner.yml');
}

/** One arm's true behaviour; every value is realised exactly (sums from the moments). */
export interface ArmTruth {
  units: number;
  acceptance: number;
  edits: { mean: number; sd: number };
  validator: number;
  /** Log-normal latency: median and log-sd. */
  latency: { median: number; sigma: number };
  cost: { mean: number; sd: number };
}

export const CHAMPION: ArmTruth = {
  units: 90_000,
  acceptance: 0.5,
  edits: { mean: 2, sd: 1.5 },
  validator: 0.3,
  latency: { median: 800, sigma: 0.35 },
  cost: { mean: 0.02, sd: 0.005 },
};

export function scaled(truth: ArmTruth, changes: Partial<ArmTruth>): ArmTruth {
  return { ...truth, ...changes };
}

function binary(n: number, rate: number) {
  const k = Math.round(n * rate);
  return { n, sum: k, sumSq: k };
}

function continuous(n: number, m: number, sd: number) {
  return { n, sum: n * m, sumSq: (n - 1) * sd * sd + n * m * m };
}

function fill(arm: ArmData, t: ArmTruth, matured: { acceptance?: number } = {}): void {
  arm.units = t.units;
  arm.means.set('acceptance_rate', binary(matured.acceptance ?? t.units, t.acceptance));
  arm.means.set('edits', continuous(t.units, t.edits.mean, t.edits.sd));
  arm.means.set('validator_intervention', binary(t.units, t.validator));
  arm.means.set('cost_usd', continuous(t.units, t.cost.mean, t.cost.sd));
  const histogram = arm.distributions.get('latency_ms')!;
  // Quantiles of the log-normal at (i - 0.5) / k, each standing for units / k values.
  const k = Math.min(t.units, 2000);
  for (let i = 1; i <= k; i++) histogram.add(t.latency.median * Math.exp(t.latency.sigma * normalQuantile((i - 0.5) / k)), t.units / k);
}

export function summary(rollout: Rollout, champion: ArmTruth, challenger: ArmTruth): TelemetrySummary {
  const spec = telemetrySpec(rollout, Date.parse(SINCE), Date.parse(day(30)));
  const arms = { champion: emptyArm(spec), challenger: emptyArm(spec) };
  fill(arms.champion, champion);
  fill(arms.challenger, challenger);
  return {
    shape: 'units',
    format: 'jsonl',
    rows: champion.units + challenger.units,
    arms,
    ids: true,
    present: new Set(['acceptance_rate', 'edits', 'validator_intervention', 'cost_usd', 'latency_ms']),
    immature: new Map(),
  };
}

/** The challenger's share of `total` units at a stage's allocation. */
export function split(total: number, allocation: number): { champion: number; challenger: number } {
  const challenger = Math.round(total * allocation);
  return { champion: total - challenger, challenger };
}
