// The telemetry worker's transport: a summary crosses threads and comes back equal (histogram
// bins transferred), a worker's TelemetryError is the same error here, and any other worker
// failure repeats the parse in-thread. Workers here are data: URLs, so no bundle is needed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogHistogram, telemetrySpec, type TelemetrySummary } from '../../../src/rollout/accumulate.js';
import { moveSummary, parseTelemetrySomewhere, restoreSummary } from '../../../src/rollout/telemetry-transport.js';
import { parseTelemetryHere, TelemetryError } from '../../../src/rollout/telemetry.js';
import { SINCE, day, seedRollout } from './fixtures.js';

const spec = telemetrySpec(seedRollout(), Date.parse(SINCE), Date.parse(day(4)));
const path = join(mkdtempSync(join(tmpdir(), 'pg-transport-')), 't.jsonl');
writeFileSync(
  path,
  Array.from({ length: 500 }, (_, i) => JSON.stringify({ id: `u${i}`, arm: i % 3 ? 'champion' : 'challenger', at: day(1 + i / 1000), acceptance_rate: i % 2, edits: i % 5, validator_intervention: 0, latency_ms: 500 + i, cost_usd: 0.02 })).join('\n'),
);
const workerSaying = (message: unknown): URL => new URL(`data:text/javascript,import { parentPort } from 'node:worker_threads'; parentPort.postMessage(${JSON.stringify(message)});`);
const quantiles = (summary: TelemetrySummary) =>
  [...summary.arms.challenger.distributions.values(), ...summary.arms.champion.distributions.values()].map((h) => JSON.stringify(h.toBinned()));

describe('a summary moved between threads', () => {
  it('comes back equal: sums, counts, sets, and every histogram bin', async () => {
    const summary = await parseTelemetryHere(path, 't.jsonl', spec);
    const expected = quantiles(summary);
    const { summary: moved, transfer } = moveSummary(summary);
    const restored = restoreSummary(structuredClone(moved, { transfer }));
    expect(restored.arms.champion.distributions.get('latency_ms')).toBeInstanceOf(LogHistogram);
    expect(quantiles(restored)).toEqual(expected);
    expect(restored.arms.challenger.means).toEqual(summary.arms.challenger.means);
    expect({ ...restored, arms: undefined }).toEqual({ ...summary, arms: undefined });
    expect(restored.arms.challenger.units + restored.arms.champion.units).toBe(500);
  });

  it('refuses bins of another histogram size', () => {
    expect(() => new LogHistogram(new Float64Array(10), 1)).toThrow(/bins, not 10/);
  });
});

describe('parseTelemetrySomewhere', () => {
  const here = () => parseTelemetryHere(path, 't.jsonl', spec);

  it('parses in-thread when there is no bundled worker', async () => {
    let called = 0;
    const summary = await parseTelemetrySomewhere(path, 't.jsonl', spec, {}, () => (called++, here()), null);
    expect(called).toBe(1);
    expect(summary.rows).toBe(500);
  });

  it("rethrows the worker's TelemetryError as the same error, without parsing again", async () => {
    let called = 0;
    const worker = workerSaying({ type: 'invalid', where: { file: 't.jsonl', line: 7 }, reason: 'arm: unknown arm "control"' });
    const error = await parseTelemetrySomewhere(path, 't.jsonl', spec, {}, () => (called++, here()), worker).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelemetryError);
    expect((error as TelemetryError).message).toBe('t.jsonl:7: arm: unknown arm "control"');
    expect(called).toBe(0);
  });

  it.each([
    ['reports a failure', workerSaying({ type: 'failed' })],
    ['exits without a word', new URL("data:text/javascript,process.exit(3)")],
    ['throws', new URL("data:text/javascript,throw new Error('broken')")],
  ])('parses in-thread when the worker %s', async (_name, worker) => {
    let called = 0;
    const summary = await parseTelemetrySomewhere(path, 't.jsonl', spec, {}, () => (called++, here()), worker);
    expect(called).toBe(1);
    expect(summary.rows).toBe(500);
  });
});
