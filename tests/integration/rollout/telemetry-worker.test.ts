/**
 * `rollout decide` parses the telemetry in the bundled worker thread (a capped heap, so the
 * strings JSON.parse interns are collected early: peak RSS on 10^7 rows) while the main thread
 * hashes the file. The decision must be the one the in-thread parse (running from source)
 * makes, number for number, and a bad row must be refused with the same file, line and field.
 * A worker that cannot do its job (crashes, runs out of its heap) only makes the read slower:
 * the main thread parses the file itself and decides the same.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWithWorker, LEAVE_MARK, type ShimmedBundle } from '../../support/worker-shim.js';
import { GOOD, ROLLOUT_ID, rolloutYaml, unitRows, writeRolloutStore, writeTelemetry } from '../../support/rollout.js';
import { cleanupTempDirs, tempDir } from '../../support/temp-store.js';
import { cli } from '../provenance/support.js';

const SINCE = '2026-11-20T00:00:00Z';
const NOW = '2026-11-24T00:00:00Z';

afterAll(cleanupTempDirs);

let marked: ShimmedBundle;
let crashing: ShimmedBundle;
let starving: ShimmedBundle;

beforeAll(() => {
  marked = bundleWithWorker('telemetry-worker');
  crashing = bundleWithWorker('telemetry-worker', `${LEAVE_MARK}throw new Error('the worker broke');\n`);
  // Fills its capped heap until V8 stops it (ERR_WORKER_OUT_OF_MEMORY).
  starving = bundleWithWorker('telemetry-worker', `${LEAVE_MARK}const kept = [];\nfor (;;) kept.push(new Array(1e5).fill({ a: kept.length }));\n`);
});

function store(rows: string): string {
  const root = tempDir('pg-rollout-worker-');
  writeRolloutStore(root, 'store', rolloutYaml({ stage: 0, since: SINCE }));
  writeTelemetry(root, 'telemetry.jsonl', rows);
  return root;
}

const decideArgs = (out: string) => ['rollout', 'decide', '--store', 'store', '--rollout', ROLLOUT_ID, '--telemetry', 'telemetry.jsonl', '--now', NOW, '--json', out];

async function decideBoth(root: string, bundle: ShimmedBundle): Promise<{ source: string; bundled: string; status: number | null }> {
  rmSync(bundle.mark, { force: true });
  const fromSource = await cli(root, decideArgs('source.json'));
  expect(fromSource.code, fromSource.stderr).toBe(0);
  const bundled = spawnSync(process.execPath, [bundle.cli, ...decideArgs('bundled.json')], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(bundled.stderr).toBe('');
  expect(existsSync(bundle.mark)).toBe(true);
  return { source: readFileSync(join(root, 'source.json'), 'utf8'), bundled: readFileSync(join(root, 'bundled.json'), 'utf8'), status: bundled.status };
}

const rows = unitRows({ since: SINCE, until: NOW, perDay: 10_000, allocation: 0.1, champion: GOOD, challenger: { acceptance: 0.47, latencyMedian: 820 } });

describe('telemetry parsed in the worker thread', () => {
  it('makes the same decision as the in-thread parse, every number included, and the worker was used', async () => {
    const root = store(rows);
    const { source, bundled, status } = await decideBoth(root, marked);
    expect(status).toBe(0);
    expect(bundled).toBe(source);
    // The comparison is real: the decision read all rows, percentiles included.
    const decision = JSON.parse(source) as { decision: string; telemetry: { rows: number }; guardrails: { metric: string }[] };
    expect(decision.telemetry.rows).toBe(rows.trimEnd().split('\n').length);
    expect(decision.guardrails.map((g) => g.metric)).toContain('latency_ms.p50');
  }, 60_000);

  it.each([
    ['an unknown arm', (line: string) => line.replace(/"arm":"\w+"/, '"arm":"control"'), 'arm: unknown arm "control"'],
    ['a duplicate unit id', (line: string) => line.replace(/"id":"u\d+"/, '"id":"u7"'), 'id: duplicate unit "u7"'],
    ['a non-finite number', (line: string) => line.replace(/"latency_ms":\d+/, '"latency_ms":1e999'), 'latency_ms: non-finite number'],
    ['a row after the decision time', (line: string) => line.replace(/"at":"[^"]+"/, '"at":"2026-11-25T00:00:00Z"'), 'at: 2026-11-25T00:00:00Z is after the decision time'],
  ])('refuses %s with the same file, line and field as the in-thread parse', async (_name, breakLine, reason) => {
    const lines = rows.trimEnd().split('\n');
    lines[30_000] = breakLine(lines[30_000]!);
    const root = store(`${lines.join('\n')}\n`);
    const { source, bundled } = await decideBoth(root, marked);
    expect(bundled).toBe(source);
    const decision = JSON.parse(source) as { decision: string; telemetry: { problem?: string } };
    expect(decision.decision).toBe('hold');
    expect(decision.telemetry.problem).toContain(`telemetry.jsonl:30001: ${reason}`);
  }, 60_000);

  it.each([
    ['crashes at start', () => crashing],
    ['runs out of its capped heap', () => starving],
  ])('falls back to the in-thread parse when the worker %s, deciding the same', async (_name, bundle) => {
    const root = store(rows);
    const { source, bundled, status } = await decideBoth(root, bundle());
    expect(status).toBe(0);
    expect(bundled).toBe(source);
  }, 60_000);
});
