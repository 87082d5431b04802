// Telemetry readers on real files (JSONL and CSV, unit rows and daily aggregates): what is
// accumulated, label delay, and every strict-input rule naming file, line and field (T1).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { telemetrySpec } from '../../../src/rollout/accumulate.js';
import { readTelemetry, TelemetryError } from '../../../src/rollout/telemetry.js';
import { SINCE, day, seedRollout } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'pg-telemetry-'));
let counter = 0;
function file(text: string, ext = 'jsonl'): string {
  const path = join(dir, `t${counter++}.${ext}`);
  writeFileSync(path, text);
  return path;
}

const rollout = seedRollout();
const spec = telemetrySpec(rollout, Date.parse(SINCE), Date.parse(day(4)));
const unit = (arm: string, at: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ arm, at, acceptance_rate: 1, edits: 2, validator_intervention: 0, latency_ms: 800, cost_usd: 0.02, ...extra });

async function problem(text: string, ext = 'jsonl', s = spec): Promise<string> {
  try {
    await readTelemetry(file(text, ext), `telemetry.${ext}`, s);
  } catch (error) {
    if (error instanceof TelemetryError) return error.message;
    throw error;
  }
  throw new Error('expected a telemetry problem');
}

describe('unit rows', () => {
  it('accumulates sums per arm and metric, and a distribution for percentiles (JSONL)', async () => {
    const text = [unit('champion', day(1), { id: 'u1', edits: 3 }), unit('champion', day(1.5), { id: 'u2', acceptance_rate: false }), unit('challenger', day(2), { id: 'u3', latency_ms: 1200 })].join('\n');
    const { summary, sha256 } = await readTelemetry(file(text), 'telemetry.jsonl', spec);
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(summary).toMatchObject({ shape: 'units', format: 'jsonl', rows: 3, ids: true, firstAt: day(1), lastAt: day(2) });
    expect(summary.arms.champion.units).toBe(2);
    expect(summary.arms.champion.means.get('edits')).toEqual({ n: 2, sum: 5, sumSq: 13 });
    expect(summary.arms.champion.means.get('acceptance_rate')).toEqual({ n: 2, sum: 1, sumSq: 1 });
    expect(summary.arms.challenger.distributions.get('latency_ms')!.n).toBe(1);
  });

  it('reads the same rows from CSV, with empty cells as missing values', async () => {
    const csv = `arm,at,acceptance_rate,edits,validator_intervention,latency_ms,cost_usd\nchampion,${day(1)},1,2,0,800,0.02\nchallenger,${day(2)},,3,1,900,0.03\n`;
    const { summary } = await readTelemetry(file(csv, 'csv'), 'telemetry.csv', spec);
    expect(summary).toMatchObject({ format: 'csv', rows: 2, ids: false });
    expect(summary.arms.challenger.means.get('acceptance_rate')!.n).toBe(0);
    expect(summary.arms.challenger.means.get('edits')).toEqual({ n: 1, sum: 3, sumSq: 9 });
  });

  it('label delay: a value counts only once its label window has closed', async () => {
    const delayed = seedRollout({ extra: 'label_delay_days: { acceptance_rate: 2 }\n' });
    const s = telemetrySpec(delayed, Date.parse(SINCE), Date.parse(day(4)));
    const text = [unit('champion', day(1)), unit('champion', day(2)), unit('champion', day(2.5)), unit('challenger', day(3.9))].join('\n');
    const { summary } = await readTelemetry(file(text), 't.jsonl', s);
    expect(summary.arms.champion.means.get('acceptance_rate')!.n).toBe(2); // day 1 and exactly day 2 (matured at day 4)
    expect(summary.arms.champion.means.get('edits')!.n).toBe(3); // no delay
    expect(summary.immature.get('acceptance_rate')).toBe(2);
  });
});

describe('daily aggregates', () => {
  const row = (arm: string, d: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ arm, day: d, n: 100, 'acceptance_rate.sum': 50, 'acceptance_rate.sum_sq': 50, 'acceptance_rate.count': 100, ...extra });

  it('adds the sums of each day', async () => {
    const { summary } = await readTelemetry(file([row('champion', '2026-11-20'), row('champion', '2026-11-21'), row('challenger', '2026-11-21')].join('\n')), 'd.jsonl', spec);
    expect(summary.shape).toBe('daily');
    expect(summary.arms.champion.units).toBe(200);
    expect(summary.arms.champion.means.get('acceptance_rate')).toEqual({ n: 200, sum: 100, sumSq: 100 });
  });

  it.each([
    ['a negative count', row('champion', '2026-11-21', { n: -5 }), 'd.jsonl:1: n: negative count -5'],
    ['a fractional count', row('champion', '2026-11-21', { 'acceptance_rate.count': 1.5 }), 'acceptance_rate.count: count 1.5 is not a whole number'],
    ['a count above n', row('champion', '2026-11-21', { 'acceptance_rate.count': 101 }), 'is more than the day\'s n (100)'],
    ['impossible sums', row('champion', '2026-11-21', { 'acceptance_rate.sum_sq': 1 }), 'impossible: sum² / count'],
    ['a partial triple', row('champion', '2026-11-21', { 'acceptance_rate.sum_sq': undefined }), 'give acceptance_rate.sum, acceptance_rate.sum_sq and acceptance_rate.count together'],
    ['the same arm and day twice', `${row('champion', '2026-11-21')}\n${row('champion', '2026-11-21')}`, 'd.jsonl:2: day: a second row for champion on 2026-11-21 (duplicate)'],
    ['a day before the stage', row('champion', '2026-11-19'), 'day: 2026-11-19 is before the stage started'],
    ['a day after the decision', row('champion', '2026-11-25'), 'is after the decision time'],
    ['no n', JSON.stringify({ arm: 'champion', day: '2026-11-21' }), 'n: missing'],
  ])('refuses %s', async (_what, text, message) => {
    const got = await problem(text, 'jsonl').then((m) => m.replace(/^telemetry\.jsonl/, 'd.jsonl'));
    expect(got).toContain(message);
  });
});

describe('strict input (RELIABILITY T1)', () => {
  it.each([
    ['an unknown arm', unit('canary', day(1)), 'telemetry.jsonl:1: arm: unknown arm "canary" (champion or challenger)'],
    ['NaN (not JSON)', '{"arm": "champion", "at": "2026-11-21T00:00:00Z", "edits": NaN}', 'telemetry.jsonl:1:'],
    ['an overflowing number', '{"arm": "champion", "at": "2026-11-21T00:00:00Z", "edits": 1e400}', 'edits: non-finite number'],
    ['a string metric', unit('champion', day(1), { edits: 'two' }), 'edits: expected a number, found string'],
    ['a negative latency', unit('champion', day(1), { latency_ms: -3 }), 'latency_ms: negative value -3'],
    ['a duplicate unit id', `${unit('champion', day(1), { id: 'u7' })}\n${unit('challenger', day(1), { id: 'u7' })}`, 'telemetry.jsonl:2: id: duplicate unit "u7"'],
    ['a row before the stage', unit('champion', '2026-11-19T23:59:59Z'), 'at: 2026-11-19T23:59:59Z is before the stage started'],
    ['a row in the future', unit('champion', day(5)), 'is after the decision time'],
    ['a time without zone', unit('champion', '2026-11-21T10:00:00'), 'at: must be an ISO 8601 time with a zone'],
    ['mixed shapes', `${unit('champion', day(1))}\n{"arm":"champion","day":"2026-11-21","n":3}`, 'a daily aggregate among unit rows'],
    ['an empty file', '', 'no rows'],
  ])('refuses %s', async (_what, text, message) => {
    expect(await problem(text)).toContain(message);
  });

  it.each([
    ['NaN in CSV', `arm,at,edits\nchampion,${day(1)},NaN\n`, 'telemetry.csv:2: edits: "NaN" is not a finite number'],
    ['Infinity in CSV', `arm,at,edits\nchampion,${day(1)},Infinity\n`, 'is not a finite number'],
    ['a ragged CSV row', `arm,at,edits\nchampion,${day(1)},1,2\n`, 'telemetry.csv:2: invalid CSV (CSV_RECORD_INCONSISTENT_FIELDS_LENGTH)'],
    ['an unknown arm in CSV', `arm,at,edits\ncanary,${day(1)},1\n`, 'telemetry.csv:2: arm: unknown arm "canary"'],
  ])('refuses %s', async (_what, text, message) => {
    expect(await problem(text, 'csv')).toContain(message);
  });

  it('a missing file is a problem naming it, not a crash', async () => {
    await expect(readTelemetry(join(dir, 'nope.jsonl'), 'nope.jsonl', spec)).rejects.toThrow('nope.jsonl: file not found');
  });

  it('chunk boundaries do not change what is read', async () => {
    const text = Array.from({ length: 200 }, (_, i) => unit(i % 10 === 0 ? 'challenger' : 'champion', day(1 + i / 1000), { id: i })).join('\n');
    const path = file(text);
    const whole = await readTelemetry(path, 't', spec);
    const tiny = await readTelemetry(path, 't', spec, { chunkBytes: 7 });
    expect(tiny.summary.arms.champion.means.get('edits')).toEqual(whole.summary.arms.champion.means.get('edits'));
    expect(tiny.summary.arms.challenger.units).toBe(20);
  });
});
