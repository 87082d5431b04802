/**
 * Throughput of the secret scan + sha256 pass on a predictions-like file. The full-size run
 * (10^6 lines, ~720 MB) is opt-in: `PG_BENCH=1 npx vitest run tests/unit/provenance/secret-throughput`.
 * The default run uses 32 MB with a very loose bound, only to catch a pathological regex.
 */
import { open, writeFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { digestHandle } from '../../../../src/provenance/seal/file-digest.js';
import { cleanupTempDirs, tempDir } from '../../../support/temp-store.js';

afterAll(cleanupTempDirs);

const FULL = process.env.PG_BENCH === '1';

function line(i: number): string {
  const words = 'the model answered the question about trail maintenance and braking technique with care sk- ghp AKIA hf_ -----BEGIN';
  return `${JSON.stringify({ id: `item-${i}`, dataset_id: 'curated_5feeds_smoke_v1', output: `${words} ${i} `.repeat(5), scores: { f1: (i % 97) / 97 } })}\n`;
}

async function writeSample(path: string, lines: number): Promise<number> {
  await writeFile(path, '');
  let bytes = 0;
  for (let start = 0; start < lines; start += 10_000) {
    let block = '';
    for (let i = start; i < Math.min(lines, start + 10_000); i++) block += line(i);
    bytes += Buffer.byteLength(block);
    await appendFile(path, block);
  }
  return bytes;
}

describe('secret scan throughput', () => {
  it(`scans ${FULL ? '10^6 lines' : '32 MB'} fast enough`, { timeout: 600_000 }, async () => {
    const path = join(tempDir(), 'predictions.jsonl');
    const bytes = await writeSample(path, FULL ? 1_000_000 : Math.ceil((32 * 1024 * 1024) / line(0).length));
    const handle = await open(path);
    const started = process.hrtime.bigint();
    const digest = await digestHandle(handle, { secrets: true }).finally(() => handle.close());
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const mbPerSecond = bytes / 1e6 / seconds;
    console.log(`secret scan + sha256: ${(bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(2)} s = ${mbPerSecond.toFixed(0)} MB/s`);
    expect(digest.size).toBe(bytes);
    expect(digest.secrets?.total).toBe(0);
    expect(mbPerSecond).toBeGreaterThan(20);
  });
});
