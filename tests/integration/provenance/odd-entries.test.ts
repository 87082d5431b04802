// F22 and F23 at the scanner: run files are listed and opened by their bytes, so a name with
// a backslash, a newline or a byte that is not UTF-8 is scanned like any other; entries that
// are not regular files inside the store (links out, FIFOs, hard links) are listed, never read.
import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanRun } from '../../../src/provenance/seal/run-scan.js';
import { entriesCheck, secretsCheck, summarizeSecrets } from '../../../src/provenance/checks/files.js';
import { cleanupTempDirs, tempDir } from '../../support/temp-store.js';

afterAll(cleanupTempDirs);

const TOKEN = 'ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';

function run(): { store: string; dir: string } {
  const store = tempDir();
  const dir = join(store, 'runs/r');
  mkdirSync(join(dir, 'nested'), { recursive: true });
  writeFileSync(join(dir, 'metrics.json'), '{}');
  return { store, dir };
}

describe('scanRun over odd names', () => {
  it('reads and scans files whose names are not plain', async () => {
    const { store, dir } = run();
    const names = [Buffer.from('a\\b.txt'), Buffer.from('new\nline'), Buffer.from([0x62, 0xff, 0xfe]), Buffer.from('nested/c\\d')];
    for (const name of names) writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), name]), `t=${TOKEN}\n`);
    const scan = await scanRun({ root: store, display: 'store' }, 'runs/r', { secrets: true });
    expect(scan.files.filter((f) => f.digest === undefined)).toEqual([]);
    const summary = summarizeSecrets(scan);
    expect(summary.total).toBe(4);
    expect(secretsCheck(summary, 'fail').status).toBe('fail');
    expect(JSON.stringify(scan)).not.toContain(TOKEN.slice(4));
  });

  it('lists links out, FIFOs and hard links without reading them, and the entries check fails them', async () => {
    const { store, dir } = run();
    const outside = join(tempDir(), 'secret.txt');
    writeFileSync(outside, `t=${TOKEN}\n`);
    symlinkSync(outside, join(dir, 'out'));
    symlinkSync('/etc', join(dir, 'etc'));
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    linkSync(outside, join(dir, 'hard'));
    symlinkSync('../../missing', join(dir, 'broken'));
    const scan = await scanRun({ root: store, display: 'store' }, 'runs/r', { secrets: true });
    const kinds = Object.fromEntries(scan.files.map((f) => [f.rel, f.kind]));
    expect(kinds).toEqual({ broken: 'broken-link', etc: 'escaping-link', hard: 'hard-link', 'metrics.json': 'file', out: 'escaping-link', pipe: 'fifo' });
    expect(summarizeSecrets(scan).total).toBe(0);
    const check = entriesCheck('store/runs/r', scan, 'fail');
    expect(check.status).toBe('fail');
    expect(check.message).toMatch(/^5 entries of the run folder are not a regular file: store\/runs\/r\/broken: /);
    expect(entriesCheck('store/runs/r', scan, 'warn').status).toBe('warn');
    // The secret behind the links and the hard link was never read, so it is not "found" either.
    expect(secretsCheck(summarizeSecrets(scan), 'fail').status).toBe('pass');
  });
});

describe('a regular file that cannot be scanned (F22)', () => {
  it('fails the secrets check instead of passing with a note', () => {
    const scan = { bytes: 0, seconds: 0, files: [{ rel: 'x', storeRel: 'runs/r/x', display: 'store/runs/r/x', kind: 'file' as const, symlinked: false, problem: 'cannot be read (EACCES)' }] };
    const check = secretsCheck(summarizeSecrets(scan), 'fail');
    expect(check.status).toBe('fail');
    expect(check.message).toBe('1 file(s) could not be scanned for secrets: store/runs/r/x (cannot be read (EACCES)) (0 file(s), 0.0 MB scanned)');
    expect(secretsCheck(summarizeSecrets(scan), 'warn').status).toBe('warn');
  });
});
