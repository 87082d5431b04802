/**
 * The gate parses the candidate's predictions in the bundled worker thread (when the file is big
 * enough) while the baseline's stream on the main thread. The report must be the one the
 * in-thread path (running from source) writes: same pairing, same statistics, and the same
 * strict-input failures, named with the same file, line and column (RELIABILITY F6-F10).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWithWorker, reportWithoutTimings } from '../../support/worker-shim.js';
import { cleanupTempDirs, simpleStore } from '../../support/temp-store.js';
import { cli } from '../provenance/support.js';
import { FAMILY_KEYS } from '../../support/fake-keys.js';

afterAll(cleanupTempDirs);


let bundle: string;

beforeAll(() => {
  // A copy of the bundle whose predictions worker is a shim that leaves a mark, then runs the real one.
  bundle = bundleWithWorker('predictions-worker').dir;
});

// About 9 MB per side (over the 8 MiB from which the worker is used), with the two sides in a
// different order, a repeated id, an id on one side only, and a score missing on some items.
const N = 30_000;
const pad = 'lorem ipsum dolor '.repeat(15);
const baseItems = Array.from({ length: N }, (_, i) => ({ id: `q${i}`, dataset_id: 'ds1', output: `${i} ${pad}`, scores: { exact_match: i % 3 ? 1 : 0, f1: (i % 100) / 100 } }));
const candItems = [...baseItems].reverse().map((item, k): { id: string; scores: Record<string, number>; [key: string]: unknown } => ({
  ...item,
  id: k === 5 ? 'only-in-candidate' : item.id,
  scores: k % 11 === 0 ? { exact_match: k % 4 ? 1 : 0 } : { exact_match: k % 4 ? 1 : 0, f1: ((k * 7) % 100) / 100 },
}));
candItems.push({ ...candItems[10]! });

function gateBoth(store: string): { source: Promise<{ code: number }>; bundled: () => { status: number | null; stdout: string; stderr: string } } {
  const args = (out: string) => ['gate', '--store', '.', '--run', 'cand', '--json', out];
  return {
    source: cli(store, args(join(store, 'source.json'))),
    bundled: () => spawnSync(process.execPath, [join(bundle, 'cli', 'index.js'), ...args(join(store, 'bundled.json'))], { cwd: store, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }),
  };
}

describe('the candidate predictions parsed in the worker thread', () => {
  it('writes the same report as the in-thread read, and the worker was used', async () => {
    rmSync(join(bundle, 'predictions-worker', 'used.txt'), { force: true });
    const store = simpleStore({ predictions: candItems }, { predictions: baseItems });
    const run = gateBoth(store);
    const fromSource = await run.source;
    const bundled = run.bundled();
    expect(existsSync(join(bundle, 'predictions-worker', 'used.txt'))).toBe(true);
    expect(bundled.status).toBe(fromSource.code);
    const source = readFileSync(join(store, 'source.json'), 'utf8');
    expect(reportWithoutTimings(readFileSync(join(store, 'bundled.json'), 'utf8'))).toBe(reportWithoutTimings(source));
    // The comparison is real: the pairing found what the data holds.
    const checks = (JSON.parse(source) as { gates: { checks: { id: string; message: string }[] }[] }).gates.flatMap((g) => g.checks);
    expect(JSON.stringify(checks)).toContain('only-in-candidate');
    expect(JSON.stringify(checks)).toMatch(/duplicate/i);
  }, 120_000);

  it.each([
    ['a duplicate key (F7)', (line: string) => line.replace('"dataset_id"', '"id":"dup","dataset_id"')],
    ['a non-finite score (F6)', (line: string) => line.replace(/"exact_match":[01]/, '"exact_match":1e999')],
    ['a trailing comma (F10)', (line: string) => line.replace(/}$/, ',}')],
    ['invalid UTF-8 (F9)', () => Buffer.from([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xc0, 0x22, 0x7d]).toString('latin1')],
  ])('fails on %s in the candidate with the same message as the in-thread read', async (_name, breakLine) => {
    rmSync(join(bundle, 'predictions-worker', 'used.txt'), { force: true });
    const lines = candItems.map((item) => JSON.stringify(item));
    lines[20_001] = breakLine(lines[20_001]!);
    const store = simpleStore({ predictions: Buffer.from(`${lines.join('\n')}\n`, 'latin1') }, { predictions: baseItems });
    const run = gateBoth(store);
    const fromSource = await run.source;
    const bundled = run.bundled();
    expect(existsSync(join(bundle, 'predictions-worker', 'used.txt'))).toBe(true);
    expect(bundled.status).toBe(1);
    expect(fromSource.code).toBe(1);
    const source = readFileSync(join(store, 'source.json'), 'utf8');
    expect(reportWithoutTimings(readFileSync(join(store, 'bundled.json'), 'utf8'))).toBe(reportWithoutTimings(source));
    const failed = (JSON.parse(source) as { gates: { checks: { id: string; status: string; line?: number }[] }[] }).gates.flatMap((g) => g.checks).find((c) => c.id === 'predictions.valid');
    expect(failed).toMatchObject({ status: 'fail', line: 20_002 });
  }, 120_000);
});

describe('hashes and secrets from the same read (no second read of the predictions files)', () => {
  const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
  /** A manifest of the files a run folder holds, hashed here independently; `tamper` changes one entry. */
  function seal(store: string, relDir: string, tamper?: string): void {
    const files: Record<string, { sha256: string; size: number }> = {};
    for (const name of ['metrics.json', 'predictions.jsonl', 'fingerprint.json']) {
      const path = join(store, relDir, name);
      if (!existsSync(path)) continue;
      const bytes = readFileSync(path);
      files[name] = { sha256: name === tamper ? '0'.repeat(64) : sha256(bytes), size: bytes.length };
    }
    writeFileSync(join(store, relDir, 'manifest.json'), JSON.stringify({ manifest_version: 1, algorithm: 'sha256', files }));
  }
  const checksOf = (json: string) => (JSON.parse(json) as { gates: { checks: { id: string; status: string; message: string }[] }[] }).gates.flatMap((g) => g.checks);

  it.each([
    ['intact manifests', undefined, 'pass'],
    ["a baseline manifest that no longer matches its predictions", 'predictions.jsonl', 'fail'],
  ])('checks both manifests with %s, as the in-thread read does', async (_name, tamper, expected) => {
    rmSync(join(bundle, 'predictions-worker', 'used.txt'), { force: true });
    const store = simpleStore({ predictions: candItems }, { predictions: baseItems });
    seal(store, 'runs/cand');
    seal(store, 'baselines/base_v1', tamper);
    const run = gateBoth(store);
    const fromSource = await run.source;
    const bundled = run.bundled();
    expect(existsSync(join(bundle, 'predictions-worker', 'used.txt'))).toBe(true);
    expect(bundled.status).toBe(fromSource.code);
    const source = readFileSync(join(store, 'source.json'), 'utf8');
    expect(reportWithoutTimings(readFileSync(join(store, 'bundled.json'), 'utf8'))).toBe(reportWithoutTimings(source));
    const checks = checksOf(source);
    expect(checks.find((c) => c.id === 'manifest.hashes')?.status).toBe('pass');
    const theirs = checks.find((c) => c.id === 'manifest.baseline-hashes');
    expect(theirs?.status).toBe(expected);
    if (tamper) expect(theirs?.message).toContain('predictions.jsonl');
  }, 120_000);

  it('finds a secret deep in the candidate predictions parsed in the worker, on its line', async () => {
    rmSync(join(bundle, 'predictions-worker', 'used.txt'), { force: true });
    const lines = candItems.map((item) => JSON.stringify(item));
    lines[25_000] = lines[25_000]!.replace('lorem', `token ${FAMILY_KEYS.npm} lorem`);
    const store = simpleStore({ predictions: `${lines.join('\n')}\n` }, { predictions: baseItems });
    const run = gateBoth(store);
    const fromSource = await run.source;
    const bundled = run.bundled();
    expect(existsSync(join(bundle, 'predictions-worker', 'used.txt'))).toBe(true);
    expect(bundled.status).toBe(1);
    expect(fromSource.code).toBe(1);
    const source = readFileSync(join(store, 'source.json'), 'utf8');
    expect(reportWithoutTimings(readFileSync(join(store, 'bundled.json'), 'utf8'))).toBe(reportWithoutTimings(source));
    const secrets = checksOf(source).find((c) => c.id === 'artifacts.secrets');
    expect(secrets?.status).toBe('fail');
    expect(secrets?.message).toContain('predictions.jsonl:25001');
    expect(source).not.toContain(FAMILY_KEYS.npm);
  }, 120_000);
});
