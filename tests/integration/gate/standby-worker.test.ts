/**
 * The CLI's loader starts the gate's predictions worker on standby, before the CLI itself has
 * loaded, when the command line names a run whose predictions file is big enough for the
 * worker (src/cli/standby.ts); the gate then hands that worker its task instead of starting a
 * thread of its own. The shim below records how each predictions worker was started
 * (`standby` or `direct`) before running the real one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWithWorker, type ShimmedBundle, reportWithoutTimings } from '../../support/worker-shim.js';
import { cleanupTempDirs, simpleStore, tempDir } from '../../support/temp-store.js';
import { cli } from '../provenance/support.js';

afterAll(cleanupTempDirs);

const RECORD_HOW_STARTED =
  "import { appendFileSync } from 'node:fs';\nimport { workerData } from 'node:worker_threads';\n" +
  "appendFileSync(new URL('./used.txt', import.meta.url), (workerData && workerData.standby ? 'standby' : 'direct') + '\\n');\n";
const RECORD_THEN_RUN_REAL = `${RECORD_HOW_STARTED}await import('../real-worker/index.js');\n`;
const RECORD_THEN_DIE_ON_STANDBY = `${RECORD_HOW_STARTED}if (workerData && workerData.standby) throw new Error('a worker that cannot start');\nawait import('../real-worker/index.js');\n`;

let shimmed: ShimmedBundle;
let dying: ShimmedBundle;

beforeAll(() => {
  shimmed = bundleWithWorker('predictions-worker', RECORD_THEN_RUN_REAL);
  dying = bundleWithWorker('predictions-worker', RECORD_THEN_DIE_ON_STANDBY);
});

// About 9 MB a side: over the 8 MiB from which the candidate is read in the worker.
const N = 30_000;
const pad = 'lorem ipsum dolor '.repeat(15);
const items = (shift: number) =>
  Array.from({ length: N }, (_, i) => ({ id: `q${String(i).padStart(6, '0')}`, output: `${i} ${pad}`, scores: { exact_match: (i + shift) % 3 ? 1 : 0, f1: ((i * shift) % 100) / 100 } }));


function bundled(bundle: ShimmedBundle, cwd: string, args: string[]) {
  rmSync(bundle.mark, { force: true });
  const run = spawnSync(process.execPath, [bundle.cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  const started = existsSync(bundle.mark) ? readFileSync(bundle.mark, 'utf8').trim().split('\n') : [];
  return { ...run, started };
}

describe('the predictions worker started on standby by the CLI loader', () => {
  it('is the one worker the gate uses, and the report is the in-thread one', async () => {
    const store = simpleStore({ predictions: items(2) }, { predictions: items(1) });
    const fromSource = await cli(store, ['gate', '--store', '.', '--run', 'cand', '--json', join(store, 'source.json')]);
    // --store=VALUE and --run VALUE: the loader reads the flags the way the gate does.
    const run = bundled(shimmed, store, ['gate', '--store=.', '--run', 'cand', '--json', join(store, 'bundled.json')]);
    expect(run.started).toEqual(['standby']);
    expect(run.status).toBe(fromSource.code);
    expect(reportWithoutTimings(readFileSync(join(store, 'bundled.json'), 'utf8'))).toBe(reportWithoutTimings(readFileSync(join(store, 'source.json'), 'utf8')));
  }, 120_000);

  it('is found in the default store (data/eval under the working folder) and from another folder with --store', () => {
    const store = simpleStore({ predictions: items(2) }, { predictions: items(1) });
    const project = tempDir('pg-standby-project-');
    mkdirSync(join(project, 'data'));
    renameSync(store, join(project, 'data', 'eval'));
    expect(bundled(shimmed, project, ['gate', '--run', 'cand']).started).toEqual(['standby']);
    expect(bundled(shimmed, join(project, 'data'), ['gate', '--run', 'cand', '--store', 'eval']).started).toEqual(['standby']);
    // From a folder without data/eval: the gate's own usage error, and no worker was started.
    const elsewhere = bundled(shimmed, join(project, 'data'), ['gate', '--run', 'cand']);
    expect(elsewhere.status).toBe(2);
    expect(elsewhere.started).toEqual([]);
  }, 120_000);

  it('is not started for a small candidate, nor for another command', () => {
    const small = simpleStore({ predictions: items(2).slice(0, 100) }, { predictions: items(1).slice(0, 100) });
    expect(bundled(shimmed, small, ['gate', '--store', '.', '--run', 'cand']).started).toEqual([]);
    const big = simpleStore({ predictions: items(2) }, { predictions: items(1) });
    expect(bundled(shimmed, big, ['compare', 'base_v1', 'cand', '--store', '.', '--run', 'cand']).started).not.toContain('standby');
  }, 120_000);

  it('does not hold the process when the gate stops before reading (an unknown baseline): exit 2 at once', () => {
    const store = simpleStore({ predictions: items(2) }, { predictions: items(1) });
    const run = bundled(shimmed, store, ['gate', '--store', '.', '--run', 'cand', '--baseline', 'nope']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('nope');
    expect(run.started).toEqual(['standby']);
  }, 120_000);

  it('that died is not waited for: the gate reads the candidate itself and writes the same report', async () => {
    const store = simpleStore({ predictions: items(2) }, { predictions: items(1) });
    const fromSource = await cli(store, ['gate', '--store', '.', '--run', 'cand', '--json', join(store, 'source.json')]);
    const run = bundled(dying, store, ['gate', '--store', '.', '--run', 'cand', '--json', join(store, 'bundled.json')]);
    // Dead before the gate claimed it: a new worker ('direct'); dead after (a loaded machine
    // boots threads slowly): the worker-failure fall-back, the read in-thread.
    expect([['standby', 'direct'], ['standby']]).toContainEqual(run.started);
    expect(run.status).toBe(fromSource.code);
    expect(reportWithoutTimings(readFileSync(join(store, 'bundled.json'), 'utf8'))).toBe(reportWithoutTimings(readFileSync(join(store, 'source.json'), 'utf8')));
  }, 120_000);
});
