/**
 * Rollout test support: a store with a champion and a challenger baseline, a pinned policy and
 * a rollout file, and telemetry generators (unit rows) with a known truth per arm.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/stats/rng.js';
import { writeFiles, writeRun } from './temp-store.js';

export const ROLLOUT_ID = 'planner';
export const CHAMPION_ID = 'baseline_planner_v3';
export const CHALLENGER_ID = 'baseline_planner_v4';

export function rolloutYaml(state: { stage: number; since: string; looks?: number; status?: string }, registry = false): string {
  return `# The planner rollout (reviewed like code).
version: 1
champion: ${CHAMPION_ID}
challenger: ${CHALLENGER_ID}
${registry ? 'registry: { kind: mlflow, model: planner_model, champion_version: "3", challenger_version: "4" }\n' : ''}stages:
  - { allocation: 0.10, min_days: 3 }
  - { allocation: 0.25, min_days: 5 }
  - { allocation: 0.50, min_days: 7 }
  - { allocation: 1.00 }
min_samples: 1000
guardrails:
  - { metric: acceptance_rate, direction: higher, max_worse_pct: 5 }
  - { metric: latency_ms.p50, direction: lower, max_worse_pct: 20 }
limits:
  - { metric: latency_ms.p99, max: 2000 }
state:
  stage: ${state.stage}
  since: ${state.since}
  looks: ${state.looks ?? 0}
  status: ${state.status ?? 'running'}
`;
}

/** Writes the store's files under `root/<store>`: two baselines, a policy pinning the champion, the rollout. */
export function writeRolloutStore(root: string, store: string, rollout: string): void {
  writeRun(root, `${store}/baselines/${CHAMPION_ID}`);
  writeRun(root, `${store}/baselines/${CHALLENGER_ID}`);
  writeFiles(root, {
    [`${store}/policy.yml`]: '# pins\nversion: 1\npins:\n  - baseline: baseline_planner_v3   # production\n    dataset: ds1\n',
    [`${store}/rollouts/${ROLLOUT_ID}.yml`]: rollout,
  });
}

export interface ArmBehaviour {
  acceptance: number;
  latencyMedian: number;
}

/**
 * Unit rows between `since` and `until`, `perDay` units a day, the challenger getting
 * `allocation` of them; values drawn with a seeded generator.
 */
export function unitRows(options: { since: string; until: string; perDay: number; allocation: number; champion: ArmBehaviour; challenger: ArmBehaviour; seed?: number }): string {
  const rng = new Rng(options.seed ?? 1);
  const start = Date.parse(options.since);
  const end = Date.parse(options.until);
  const total = Math.floor(((end - start) / 86_400_000) * options.perDay);
  const lines: string[] = [];
  for (let i = 0; i < total; i++) {
    const at = new Date(start + ((i + 0.5) / total) * (end - start)).toISOString();
    const arm = rng.nextFloat() < options.allocation ? 'challenger' : 'champion';
    const truth = arm === 'challenger' ? options.challenger : options.champion;
    const u = Math.max(rng.nextFloat(), 1e-12);
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
    lines.push(JSON.stringify({ id: `u${i}`, arm, at, acceptance_rate: rng.nextFloat() < truth.acceptance ? 1 : 0, latency_ms: Math.round(truth.latencyMedian * Math.exp(0.3 * z)) }));
  }
  return `${lines.join('\n')}\n`;
}

export function writeTelemetry(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

export const GOOD: ArmBehaviour = { acceptance: 0.5, latencyMedian: 800 };
