/**
 * The whole gate gives the same report whether the run folders' bytes are hashed and scanned by
 * the predictions readers (the bundle, on a run big enough for the predictions worker), by the
 * bundled scan worker (the bundle, when the candidate's big predictions could not be read to
 * the end, so nothing digested them), or in-thread (from source): same checks, same masked
 * secrets, same manifest findings.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSeal } from '../../../src/provenance/seal/seal.js';
import { bundleWithWorker, reportWithoutTimings } from '../../support/worker-shim.js';
import { cleanupTempDirs, simpleStore } from '../../support/temp-store.js';
import { cli, fakeToken } from './support.js';

afterAll(cleanupTempDirs);


let bundle: string;
let store: string;
/** The same, but the candidate's predictions break a strict-input rule near their end. */
let brokenStore: string;
const token = fakeToken(21);

beforeAll(async () => {
  // A copy of the bundle (built once per run by `npm test`) whose scan worker is a shim that
  // leaves a mark, then runs the real one.
  bundle = bundleWithWorker('scan-worker').dir;
  // About 10 MB of predictions per side: above the size at which the worker is used.
  const output = (i: number) => (i === 20_000 ? `use ${token}` : `answer ${i} ${'lorem ipsum '.repeat(22)}`);
  const items = Array.from({ length: 32_000 }, (_, i) => ({ id: `q${i}`, dataset_id: 'ds1', output: output(i), scores: { exact_match: i % 3 ? 1 : 0 } }));
  store = simpleStore({ predictions: items, extra: { 'logs/run.log': 'started\n' } }, { predictions: items });
  const lines = items.map((item) => JSON.stringify(item));
  lines[30_000] = lines[30_000]!.replace('"dataset_id"', '"id":"dup","dataset_id"');
  brokenStore = simpleStore({ predictions: `${lines.join('\n')}\n`, extra: { 'logs/run.log': 'started\n' } }, { predictions: items });
  for (const root of [store, brokenStore]) {
    for (const relDir of ['runs/cand', 'baselines/base_v1']) await writeSeal({ root, display: '.' }, relDir, join(root, relDir));
    appendFileSync(join(root, 'runs/cand/logs/run.log'), 'changed after sealing\n');
  }
});

describe('the gate with the provenance scan in the worker', () => {
  it.each([
    ['hashed by the predictions readers (no scan worker)', () => store, false],
    ['scanned in the worker when the candidate predictions were not read to the end', () => brokenStore, true],
  ])('writes the same report as the in-thread scan: %s', async (_name, storeOf, workerUsed) => {
    const store = storeOf();
    rmSync(join(bundle, 'scan-worker', 'used.txt'), { force: true });
    const args = (out: string) => ['gate', '--store', '.', '--run', 'cand', '--json', out];
    const fromSource = await cli(store, args(join(store, 'source.json')));
    const bundled = spawnSync(process.execPath, [join(bundle, 'cli', 'index.js'), ...args(join(store, 'bundled.json'))], {
      cwd: store,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(existsSync(join(bundle, 'scan-worker', 'used.txt'))).toBe(workerUsed);
    expect(bundled.status).toBe(fromSource.code);
    const source = readFileSync(join(store, 'source.json'), 'utf8');
    expect(reportWithoutTimings(readFileSync(join(store, 'bundled.json'), 'utf8'))).toBe(reportWithoutTimings(source));
    // The test is real: a secret found (masked, never printed) and a manifest difference named.
    expect(source).not.toContain(token);
    expect(bundled.stdout + bundled.stderr).not.toContain(token);
    const checks = (JSON.parse(source) as { gates: { checks: { id: string; status: string; message: string }[] }[] }).gates.flatMap((g) => g.checks);
    expect(checks.find((c) => c.id === 'artifacts.secrets')).toMatchObject({ status: 'fail' });
    expect(checks.find((c) => c.id === 'manifest.hashes')?.message).toContain('logs/run.log');
    expect(checks.find((c) => c.id === 'manifest.baseline-hashes')).toMatchObject({ status: 'pass' });
  }, 60_000);
});
