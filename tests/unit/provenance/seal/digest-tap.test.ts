/**
 * One read for two purposes: the gate's predictions readers feed a DigestTap with the bytes
 * they parse, and the run folder's scan takes that digest instead of reading the file again,
 * but only for the same file, unchanged, digested with the same options. Hashes here are
 * recomputed independently (node:crypto over the file's bytes).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArtifactError } from '../../../../src/contract/errors.js';
import { forEachJsonl, DEFAULT_LIMITS } from '../../../../src/parse/jsonl.js';
import { DigestTap, digestHandle, type PrecomputedDigest } from '../../../../src/provenance/seal/file-digest.js';
import { scanRun } from '../../../../src/provenance/seal/run-scan.js';
import { FAMILY_KEYS } from '../../../support/fake-keys.js';

const dir = mkdtempSync(join(tmpdir(), 'pg-digest-tap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');
const lines = (n: number, secretAt = -1) =>
  Array.from({ length: n }, (_, i) => JSON.stringify({ id: `q${i}`, output: i === secretAt ? `key ${FAMILY_KEYS.npm} here` : 'text '.repeat(i % 7) })).join('\n') + '\n';

async function tapWhileParsing(path: string, options: { secrets: boolean; gitBlob?: boolean; sha256?: boolean }, chunkBytes?: number): Promise<PrecomputedDigest | undefined> {
  const tap = new DigestTap(options);
  await forEachJsonl(path, path, DEFAULT_LIMITS, () => undefined, { tap, ...(chunkBytes ? { chunkBytes } : {}) });
  return tap.result();
}

describe('DigestTap fed by the JSONL reader', () => {
  it('gives the digest a separate read gives (sha256, size, secrets with their lines, git blob id)', async () => {
    const text = lines(5000, 3210);
    const path = join(dir, 'a.jsonl');
    writeFileSync(path, text);
    for (const chunkBytes of [undefined, 4096, 777]) {
      const tapped = await tapWhileParsing(path, { secrets: true, gitBlob: true }, chunkBytes);
      const handle = await open(path, 'r');
      const direct = await digestHandle(handle, { secrets: true, gitBlob: true }).finally(() => handle.close());
      expect(tapped?.digest).toEqual(direct);
      expect(tapped?.digest.sha256).toBe(sha256(text));
      expect(tapped?.digest.secrets?.findings.map((f) => [f.kind, f.line])).toEqual([['npm-token', 3211]]);
      expect(tapped?.identity).toMatchObject({ size: Buffer.byteLength(text), ino: statSync(path).ino });
    }
  });

  it('gives nothing when the read stopped early (a strict-input error)', async () => {
    const path = join(dir, 'bad.jsonl');
    writeFileSync(path, `${lines(100)}{"id":"x","id":"y"}\n${lines(100)}`);
    const tap = new DigestTap({ secrets: true });
    await expect(forEachJsonl(path, path, DEFAULT_LIMITS, () => undefined, { tap, chunkBytes: 1024 })).rejects.toBeInstanceOf(ArtifactError);
    expect(tap.result()).toBeUndefined();
  });

  it('gives nothing when the file changed while it was read', async () => {
    const path = join(dir, 'changing.jsonl');
    writeFileSync(path, lines(2000));
    const tap = new DigestTap({ secrets: false });
    let touched = false;
    await forEachJsonl(path, path, DEFAULT_LIMITS, () => {
      if (!touched) {
        touched = true;
        utimesSync(path, new Date(), new Date(Date.now() + 5000)); // a writer's modification time
      }
    }, { tap, chunkBytes: 4096 });
    expect(tap.result()).toBeUndefined();
  });
});

describe('scanRun with precomputed digests', () => {
  function run(name: string, text: string): string {
    const runDir = join(dir, name);
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, 'predictions.jsonl'), text);
    writeFileSync(join(runDir, 'metrics.json'), '{"a": 1}\n');
    return name;
  }
  const location = { root: dir, display: 'store' } as never;
  const forged = (digest: PrecomputedDigest): PrecomputedDigest => ({ ...digest, digest: { ...digest.digest, sha256: 'f'.repeat(64) } });

  it('takes the digest of the same, unchanged file (the file is not read again) and reads every other file', async () => {
    const relDir = run('r1', lines(300));
    const tapped = (await tapWhileParsing(join(dir, relDir, 'predictions.jsonl'), { secrets: true }))!;
    // A forged hash shows which one the scan used.
    const scan = await scanRun(location, relDir, { secrets: true, precomputed: [forged(tapped)] });
    const byName = Object.fromEntries(scan.files.map((f) => [f.rel, f.digest?.sha256]));
    expect(byName['predictions.jsonl']).toBe('f'.repeat(64));
    expect(byName['metrics.json']).toBe(sha256('{"a": 1}\n'));
  });

  it('reads the file itself when it changed since, or the options differ', async () => {
    const relDir = run('r2', lines(300));
    const path = join(dir, relDir, 'predictions.jsonl');
    const tapped = (await tapWhileParsing(path, { secrets: false }))!;
    const real = sha256(lines(300));
    const scanWith = async (options: { secrets: boolean }) =>
      (await scanRun(location, relDir, { ...options, precomputed: [forged(tapped)] })).files.find((f) => f.rel === 'predictions.jsonl')?.digest;
    expect((await scanWith({ secrets: false }))?.sha256).toBe('f'.repeat(64));
    // Secrets asked for, the digest has none: read again.
    expect((await scanWith({ secrets: true }))?.sha256).toBe(real);
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    expect((await scanWith({ secrets: false }))?.sha256).toBe(real);
  });

  it('hashes only when asked: a digest without its sha256 serves a scan that wants none, never one that wants it', async () => {
    const relDir = run('r3', lines(300));
    const path = join(dir, relDir, 'predictions.jsonl');
    const unhashed = (await tapWhileParsing(path, { secrets: true, sha256: false }))!;
    expect(unhashed.digest.sha256).toBeUndefined();
    expect(unhashed.digest.size).toBe(Buffer.byteLength(lines(300)));
    const predictions = async (options: { secrets: boolean; sha256?: boolean }, precomputed: PrecomputedDigest[]) =>
      (await scanRun(location, relDir, { ...options, precomputed })).files.find((f) => f.rel === 'predictions.jsonl')?.digest;
    // The tapped digest (recognised by a forged secret count) is taken when no hash is wanted ...
    const marked = { ...unhashed, digest: { ...unhashed.digest, secrets: { findings: [], total: 42 } } };
    expect((await predictions({ secrets: true, sha256: false }, [marked]))?.secrets?.total).toBe(42);
    // ... and not when one is: the file is read again and hashed.
    expect((await predictions({ secrets: true }, [marked]))).toMatchObject({ sha256: sha256(lines(300)), secrets: { total: 0 } });
    // A hashed digest serves a scan that wants no hash.
    const hashed = (await tapWhileParsing(path, { secrets: true }))!;
    expect((await predictions({ secrets: true, sha256: false }, [forged(hashed)]))?.sha256).toBe('f'.repeat(64));
  });

  it('does not read a file at all when nothing is wanted from its bytes', async () => {
    const relDir = run('r4', lines(50));
    const scan = await scanRun(location, relDir, { secrets: false, sha256: false });
    expect(scan.files.map((f) => [f.rel, f.digest])).toEqual([
      ['metrics.json', { size: 9 }],
      ['predictions.jsonl', { size: Buffer.byteLength(lines(50)) }],
    ]);
  });
});
