// `rollout decide` and `rollout apply` through the bundled CLI on a real temp store, with the
// fake MLflow server for registry sync: advance, promote (champion archived, pin moved, events,
// alias moved), rollback, registry failures that leave the state as it was (T5), re-runs that
// converge, and the bad inputs of the issue.
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runBundledCli } from '../support/cli.js';
import { FakeMlflow } from '../support/mlflow/fake-mlflow.js';
import { CHALLENGER_ID, CHAMPION_ID, GOOD, ROLLOUT_ID, rolloutYaml, unitRows, writeRolloutStore, writeTelemetry } from '../support/rollout.js';
import { cleanupTempDirs, tempDir } from '../support/temp-store.js';

const SINCE = '2026-11-20T00:00:00Z';
const NOW = '2026-11-24T00:00:00Z';
const mlflow = new FakeMlflow();

beforeAll(async () => {
  await mlflow.start();
});
afterAll(async () => {
  await mlflow.stop();
  cleanupTempDirs();
});
beforeEach(() => {
  mlflow.reset();
  mlflow.seedModel('planner_model', ['3', '4'], { champion: '3' });
});

interface Fixture {
  root: string;
  store: string;
  file: (rel: string) => string;
}

function fixture(rollout: string): Fixture {
  const root = tempDir('pg-rollout-');
  writeRolloutStore(root, 'store', rollout);
  const store = join(root, 'store');
  return { root, store, file: (rel) => readFileSync(join(store, rel), 'utf8') };
}

const cli = (f: Fixture, args: string[], env: NodeJS.ProcessEnv = {}) => runBundledCli(['rollout', ...args, '--store', f.store], { cwd: f.root, env: { GITHUB_ACTOR: 'octocat', ...env } });
const mlflowEnv = () => ({ MLFLOW_TRACKING_URI: mlflow.url, MLFLOW_TRACKING_TOKEN: mlflow.token });

function telemetry(f: Fixture, options: Partial<Parameters<typeof unitRows>[0]> = {}): string {
  return writeTelemetry(f.root, 'telemetry.jsonl', unitRows({ since: SINCE, until: NOW, perDay: 40_000, allocation: 0.1, champion: GOOD, challenger: GOOD, ...options }));
}

async function decideTo(f: Fixture, now = NOW): Promise<Record<string, unknown>> {
  const result = await cli(f, ['decide', '--rollout', ROLLOUT_ID, '--telemetry', 'telemetry.jsonl', '--now', now, '--json', 'decision.json', '--markdown', 'decision.md']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(readFileSync(join(f.root, 'decision.json'), 'utf8')) as Record<string, unknown>;
}

const events = (f: Fixture): string[] => (existsSync(join(f.store, 'events')) ? readdirSync(join(f.store, 'events')).sort() : []);

describe('advance', () => {
  it('decides increase from good telemetry, then applies it: next stage, an event, comments kept', async () => {
    const f = fixture(rolloutYaml({ stage: 0, since: SINCE }));
    telemetry(f);
    const decision = await decideTo(f);
    expect(decision).toMatchObject({ schema: 'promotion-gate/rollout-decision@1', decision: 'increase', looks: 1 });
    expect(readFileSync(join(f.root, 'decision.md'), 'utf8')).toContain('**increase**');
    const applied = await cli(f, ['apply', '--rollout', ROLLOUT_ID, '--decision', 'decision.json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Rollout planner: increase (challenger 10% → 25%)');
    const text = f.file(`rollouts/${ROLLOUT_ID}.yml`);
    expect(text).toContain('# The planner rollout (reviewed like code).');
    expect(text).toMatch(/state:\n {2}stage: 1\n {2}since: 2026-11-24T00:00:00Z\n {2}looks: 0\n {2}status: running\n {2}allocation:\n {4}champion: 0.75\n {4}challenger: 0.25/);
    expect(events(f)).toEqual(['20261124T000000Z-rollout_advanced-planner.json']);
    const event = JSON.parse(f.file(`events/${events(f)[0]}`)) as Record<string, unknown>;
    expect(event).toMatchObject({ type: 'rollout_advanced', actor: 'octocat', subject: 'planner', from: 'stage 0 (0.1)', to: 'stage 1 (0.25)', decision: 'increase' });
    expect((event['guardrails'] as unknown[]).length).toBe(2);
    // Applying the same decision again changes nothing.
    const again = await cli(f, ['apply', '--rollout', ROLLOUT_ID, '--decision', 'decision.json']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already holds this decision');
  });

  it('a re-run of decide on the same telemetry after apply is the same decision and not a new look (T3)', async () => {
    const f = fixture(rolloutYaml({ stage: 0, since: SINCE }));
    telemetry(f, { until: '2026-11-21T00:00:00Z' });
    const first = await decideTo(f, '2026-11-21T00:00:00Z');
    expect(first['decision']).toBe('wait');
    expect((await cli(f, ['apply', '--rollout', ROLLOUT_ID, '--decision', 'decision.json'])).code).toBe(0);
    const again = await cli(f, ['decide', '--rollout', ROLLOUT_ID, '--telemetry', 'telemetry.jsonl', '--json', 'again.json']);
    const second = JSON.parse(readFileSync(join(f.root, 'again.json'), 'utf8')) as Record<string, unknown>;
    expect(again.code).toBe(0);
    expect(second).toMatchObject({ decision: 'wait', looks: 1, new_look: false, decided_at: '2026-11-21T00:00:00Z' });
  });
});

describe('promote with the MLflow registry', () => {
  const atFifty = () => fixture(rolloutYaml({ stage: 2, since: SINCE, looks: 2 }, true));

  it('archives the champion, moves the pin, closes the rollout, writes the events and moves the alias', async () => {
    const f = atFifty();
    telemetry(f, { allocation: 0.5, until: '2026-11-28T00:00:00Z', perDay: 10_000 });
    expect((await decideTo(f, '2026-11-28T00:00:00Z'))['decision']).toBe('promote');
    const applied = await cli(f, ['apply', '--rollout', ROLLOUT_ID, '--decision', 'decision.json'], mlflowEnv());
    expect(applied.code, applied.stderr).toBe(0);
    expect(mlflow.alias('planner_model', 'champion')).toBe('4');
    expect(mlflow.tag('planner_model', '3', 'stage')).toBe('archived');
    expect(mlflow.tag('planner_model', '4', 'stage')).toBe('production');
    expect(existsSync(join(f.store, 'baselines', CHAMPION_ID))).toBe(false);
    expect(existsSync(join(f.store, 'baselines', '_archived', CHAMPION_ID, 'metrics.json'))).toBe(true);
    expect(f.file('policy.yml')).toMatch(new RegExp(`- baseline: ${CHALLENGER_ID} +# production`));
    expect(f.file(`rollouts/${ROLLOUT_ID}.yml`)).toMatch(/stage: 3\n.*\n.*\n {2}status: promoted\n {2}allocation:\n {4}champion: 0\n {4}challenger: 1/);
    expect(events(f).map((e) => e.replace(/^\d{8}T\d{6}Z-/, ''))).toEqual(['archived-baseline_planner_v3.json', 'pin_changed-baseline_planner_v4.json', 'promoted_to_production-baseline_planner_v4.json']);
    expect(mlflow.violations).toEqual([]);
  });

  it('a registry failure writes nothing (state, archive, pins), and the re-run converges (T5)', async () => {
    const f = atFifty();
    telemetry(f, { allocation: 0.5, until: '2026-11-28T00:00:00Z', perDay: 10_000 });
    await decideTo(f, '2026-11-28T00:00:00Z');
    const before = f.file(`rollouts/${ROLLOUT_ID}.yml`);
    mlflow.addFault({ kind: 'status', status: 503, method: 'POST', pathPattern: 'set-tag', times: 'always' });
    const failed = await cli(f, ['apply', '--rollout', ROLLOUT_ID, '--decision', 'decision.json'], mlflowEnv());
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('MLflow POST /api/2.0/mlflow/model-versions/set-tag answered 503');
    expect(f.file(`rollouts/${ROLLOUT_ID}.yml`)).toBe(before);
    expect(existsSync(join(f.store, 'baselines', CHAMPION_ID))).toBe(true);
    expect(events(f)).toEqual([]);
    mlflow.clearFaults();
    const rerun = await cli(f, ['apply', '--rollout', ROLLOUT_ID, '--decision', 'decision.json'], mlflowEnv());
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain('alias champion of planner_model → version 4: already so');
    expect(f.file(`rollouts/${ROLLOUT_ID}.yml`)).toContain('status: promoted');
    expect(mlflow.tag('planner_model', '3', 'stage')).toBe('archived');
  });

  it('a 4xx from MLflow names the endpoint', async () => {
    const f = atFifty();
    telemetry(f, { allocation: 0.5, until: '2026-11-28T00:00:00Z', perDay: 10_000 });
    await decideTo(f, '2026-11-28T00:00:00Z');
    mlflow.reset();
    const failed = await cli(f, ['apply', '--rollout', ROLLOUT_ID, '--decision', 'decision.json'], mlflowEnv());
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('MLflow POST /api/2.0/mlflow/registered-models/alias answered 404 RESOURCE_DOES_NOT_EXIST');
  });
});

describe('rollback', () => {
  it('a clearly worse challenger is rolled back at once: challenger at 0, status rolled_back', async () => {
    const f = fixture(rolloutYaml({ stage: 0, since: SINCE }));
    telemetry(f, { challenger: { acceptance: 0.3, latencyMedian: 800 }, until: '2026-11-20T12:00:00Z' });
    const decision = await decideTo(f, '2026-11-20T12:00:00Z');
    expect(decision['decision']).toBe('rollback');
    expect((await cli(f, ['apply', '--rollout', ROLLOUT_ID, '--decision', 'decision.json'])).code).toBe(0);
    expect(f.file(`rollouts/${ROLLOUT_ID}.yml`)).toMatch(/status: rolled_back\n {2}allocation:\n {4}champion: 1\n {4}challenger: 0/);
    expect(events(f)[0]).toMatch(/rolled_back-planner\.json$/);
  });
});

describe('bad input', () => {
  it('an unknown arm is a hold naming the line (exit 0, never increase)', async () => {
    const f = fixture(rolloutYaml({ stage: 0, since: SINCE }));
    const path = telemetry(f);
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"arm":"canary","at":"2026-11-23T00:00:00Z","acceptance_rate":1,"latency_ms":5}\n`);
    const decision = await decideTo(f);
    expect(decision['decision']).toBe('hold');
    expect((decision['reasons'] as string[])[0]).toMatch(/telemetry\.jsonl:\d+: arm: unknown arm "canary"/);
  });

  it('negative counts in daily aggregates are a hold', async () => {
    const f = fixture(rolloutYaml({ stage: 0, since: SINCE }));
    writeTelemetry(f.root, 'telemetry.jsonl', '{"arm":"champion","day":"2026-11-21","n":-4}\n');
    expect((await decideTo(f))['reasons']).toEqual([expect.stringContaining('n: negative count -4')]);
  });

  it('a rollout naming a missing baseline is exit 2', async () => {
    const f = fixture(rolloutYaml({ stage: 0, since: SINCE }));
    rmSync(join(f.store, 'baselines', CHALLENGER_ID), { recursive: true });
    telemetry(f);
    const result = await cli(f, ['decide', '--rollout', ROLLOUT_ID, '--telemetry', 'telemetry.jsonl', '--now', NOW]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`challenger "${CHALLENGER_ID}" is not a baseline`);
  });

  it('allocation sums off is exit 2 naming the field', async () => {
    const f = fixture(rolloutYaml({ stage: 0, since: SINCE }).replace('  status: running\n', '  status: running\n  allocation: { champion: 0.8, challenger: 0.1 }\n'));
    telemetry(f);
    const result = await cli(f, ['decide', '--rollout', ROLLOUT_ID, '--telemetry', 'telemetry.jsonl', '--now', NOW]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/rollouts\/planner\.yml:\d+:\d+: state\.allocation: champion 0\.8 \+ challenger 0\.1/);
  });

  it('a decision file edited to skip a stage is refused', async () => {
    const f = fixture(rolloutYaml({ stage: 0, since: SINCE }));
    telemetry(f);
    const decision = await decideTo(f);
    const to = decision['to'] as Record<string, unknown>;
    writeFileSync(join(f.root, 'decision.json'), JSON.stringify({ ...decision, to: { ...to, stage: 2, allocation: { champion: 0.5, challenger: 0.5 } } }));
    const result = await cli(f, ['apply', '--rollout', ROLLOUT_ID, '--decision', 'decision.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the decision file was edited');
  });
});
