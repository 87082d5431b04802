/**
 * The provenance scan (hashes and secrets of the run folders) gives the same result in the
 * bundled worker thread as in-thread, including secrets that straddle a read chunk, files
 * that cannot be read, a side that throws, and a worker that cannot start.
 */
import { once } from 'node:events';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactError } from '../../../../src/contract/errors.js';
import { runScanJob, type ScanJob } from '../../../../src/provenance/seal/scan-job.js';
import { bundledWorkerUrl } from '../../../../src/parse/bundled-worker.js';
import { startRunScans } from '../../../../src/provenance/seal/scan-transport.js';
import { SCAN_WORKER } from '../../../support/cli.js';
import { cleanupTempDirs, tempDir, writeFiles } from '../../../support/temp-store.js';
import { fakeToken } from '../support.js';

afterAll(cleanupTempDirs);

const CHUNK = 4 * 1024 * 1024;
let bundle: string;
let workerUrl: URL;
let store: string;

/** Everything but the wall time, as the bytes a report would hold. */
const comparable = (scan: unknown): string => JSON.stringify(scan, (key, value: unknown) => (key === 'seconds' ? 0 : value));

/** A predictions file of about 9 MB with tokens at the start, across the first chunk boundary, and near the end. */
function bigPredictions(): string {
  const line = (i: number, extra = '') => `${JSON.stringify({ id: `item-${i}`, output: `answer ${i}${extra}`, scores: { exact_match: i % 2 } })}\n`;
  let text = line(0, ` ${fakeToken(1)}`);
  for (let i = 1; text.length < CHUNK - 200; i++) text += line(i);
  text += `${'x'.repeat(CHUNK - 20 - text.length)} ${fakeToken(2)}\n`;
  for (let i = 100_000; text.length < 2.2 * CHUNK; i++) text += line(i);
  return text + line(999_999, ` ${fakeToken(3)}`);
}

beforeAll(() => {
  // The bundled worker (built once per run by `npm test`), copied beside a folder standing for a bundle.
  bundle = tempDir('pg-scan-worker-');
  cpSync(dirname(SCAN_WORKER), join(bundle, 'scan-worker'), { recursive: true });
  workerUrl = pathToFileURL(join(bundle, 'scan-worker', 'index.js'));
  store = tempDir('pg-scan-store-');
  writeFiles(store, {
    'runs/cand/predictions.jsonl': bigPredictions(),
    'runs/cand/metrics.json': JSON.stringify({ exact_match: 0.5, note: fakeToken(4) }),
    'runs/cand/logs/out.txt': `line one\nline two ${fakeToken(5)}\n`,
    'baselines/b1/predictions.jsonl': '{"id":"a","scores":{"exact_match":1}}\n',
    'baselines/b1/metrics.json': '{"exact_match":1}',
    'outside.txt': 'not in the run',
  });
  symlinkSync('../../outside.txt', join(store, 'runs/cand/link-in-store.txt'));
  symlinkSync('/etc/hostname', join(store, 'runs/cand/link-out.txt'));
  symlinkSync('missing.txt', join(store, 'runs/cand/broken.txt'));
});

const job = (overrides: Partial<ScanJob> = {}): ScanJob => ({
  candidate: { location: { root: store, display: 'data/eval' }, relDir: 'runs/cand', secrets: true },
  baseline: { location: { root: store, display: 'data/eval' }, relDir: 'baselines/b1', secrets: false },
  ...overrides,
});

describe('the provenance scan in a worker thread', () => {
  it('gives byte-identical scans to the in-thread path', async () => {
    const inThread = startRunScans(job(), null);
    const inWorker = startRunScans(job(), workerUrl);
    const [mine, theirs] = await Promise.all([inThread.candidate(), inWorker.candidate()]);
    expect(comparable(theirs)).toBe(comparable(mine));
    expect(comparable(await inWorker.baseline())).toBe(comparable(await inThread.baseline()));
    // The test is real: the secrets were found (chunk boundary included) and the links reported.
    const predictions = mine.files.find((f) => f.rel === 'predictions.jsonl');
    expect(predictions?.digest?.secrets?.total).toBe(3);
    expect(mine.files.filter((f) => f.problem).map((f) => f.rel)).toEqual(['broken.txt', 'link-out.txt']);
    expect(mine.files.map((f) => f.rel)).toContain('logs/out.txt');
  });

  it('posts what runScanJob returns in-thread (the worker really does the work)', async () => {
    const worker = new Worker(workerUrl, { workerData: job() });
    const [posted] = (await once(worker, 'message')) as unknown[];
    expect(comparable(posted)).toBe(comparable(await runScanJob(job())));
    expect(comparable(posted)).toContain('"scan"');
  });

  it('gives the same scans without the secret scan and without a baseline side', async () => {
    const plain = job({ candidate: { ...job().candidate, secrets: false } });
    delete plain.baseline;
    const inWorker = startRunScans(plain, workerUrl);
    expect(comparable(await inWorker.candidate())).toBe(comparable(await startRunScans(plain, null).candidate()));
    expect(await inWorker.baseline()).toBeUndefined();
  });

  it('surfaces a side that throws exactly as scanRun throws it', async () => {
    const broken = job({ baseline: { location: { root: store, display: 'data/eval' }, relDir: 'baselines/none', secrets: false } });
    const expected = await startRunScans(broken, null).baseline().catch((error: unknown) => error);
    expect(expected).toBeInstanceOf(ArtifactError);
    const actual = await startRunScans(broken, workerUrl).baseline().catch((error: unknown) => error);
    expect(actual).toBeInstanceOf(ArtifactError);
    expect((actual as Error).message).toBe((expected as Error).message);
  });

  it('falls back to the in-thread scan when the worker cannot run', async () => {
    const bad = join(bundle, 'bad-worker.mjs');
    writeFileSync(bad, 'throw new Error("boom");\n');
    const scans = startRunScans(job(), pathToFileURL(bad));
    expect(comparable(await scans.candidate())).toBe(comparable(await startRunScans(job(), null).candidate()));
    const missing = startRunScans(job(), pathToFileURL(join(bundle, 'nowhere.mjs')));
    expect(comparable(await missing.baseline())).toBe(comparable(await startRunScans(job(), null).baseline()));
  });

  it('is found beside a bundle, and not when running from source', () => {
    mkdirSync(join(bundle, 'cli'), { recursive: true });
    expect(bundledWorkerUrl('scan-worker', pathToFileURL(join(bundle, 'cli', 'index.js')).href)?.href).toBe(workerUrl.href);
    expect(bundledWorkerUrl('scan-worker')).toBeNull();
  });
});
