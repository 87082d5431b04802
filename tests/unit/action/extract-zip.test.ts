// The guarded extractor for downloaded artifacts (RELIABILITY F4): hostile archives built
// byte by byte are refused before anything is written, and nothing lands outside the
// fresh destination folder.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractZip } from '../../../src/action/zip/extract-zip.js';
import { UnsafeArchiveError } from '../../../src/action/zip/read-zip.js';
import { cleanupTempDirs, tempDir } from '../../support/temp-store.js';
import { buildZip, centralRecord, type ZipSpec } from './zip-writer.js';

afterAll(cleanupTempDirs);

function setup(entries: ZipSpec[]): { zip: string; dest: string; outside: string } {
  const dir = tempDir('pg-zip-');
  const zip = join(dir, 'artifact.zip');
  writeFileSync(zip, buildZip(entries));
  const dest = join(dir, 'a', 'b', 'dest');
  mkdirSync(dest, { recursive: true });
  return { zip, dest, outside: dir };
}

/** Every file under `dir`, relative. */
function listAll(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

describe('extractZip', () => {
  it('extracts a well-formed archive with stored and deflated entries under a prefix', async () => {
    const { zip, dest } = setup([
      { name: 'metrics.json', data: '{"acc":1}\n' },
      { name: 'nested/', mode: 0o040755 },
      { name: 'nested/predictions.jsonl', data: '{"id":"a"}\n'.repeat(100), deflate: true },
    ]);
    const written = await extractZip(zip, dest, { prefix: 'runs/r1' });
    expect(written).toEqual(['runs/r1/metrics.json', 'runs/r1/nested/predictions.jsonl']);
    expect(readFileSync(join(dest, 'runs/r1/nested/predictions.jsonl'), 'utf8')).toHaveLength(1100);
  });

  const hostile: [string, ZipSpec[], RegExp][] = [
    ['zip slip with ..', [{ name: 'ok.txt', data: 'fine' }, { name: '../../escaped.txt', data: 'pwned' }], /climbs out/],
    ['zip slip in the middle of a path', [{ name: 'runs/x/../../../escaped.txt', data: 'pwned' }], /climbs out/],
    ['an absolute path', [{ name: '/tmp/escaped.txt', data: 'pwned' }], /absolute path/],
    ['a drive letter', [{ name: 'C:/escaped.txt', data: 'pwned' }], /absolute path/],
    ['a backslash path', [{ name: '..\\..\\escaped.txt', data: 'pwned' }], /backslash/],
    ['a symbolic link', [{ name: 'metrics.json', data: '/etc/passwd', mode: 0o120777 }], /symbolic links/],
    ['a symbolic link then a file through it', [{ name: 'link', data: '../../..', mode: 0o120777 }, { name: 'link/escaped.txt', data: 'pwned' }], /symbolic links/],
    ['a FIFO', [{ name: 'pipe', mode: 0o010644 }], /not a regular file/],
    ['a duplicate entry', [{ name: 'a.txt', data: '1' }, { name: 'a.txt', data: '2' }], /appears twice/],
    ['a file used as a folder', [{ name: 'a', data: '1' }, { name: 'a/b', data: '2' }], /below the file/],
    ['a NUL in a name', [{ name: 'a\u0000b', data: '1' }], /control character/],
    ['an encrypted entry', [{ name: 'a', data: '1', flags: 1 }], /encrypted/],
    ['an unknown method', [{ name: 'a', data: '1', method: 12 }], /method 12/],
    ['a size that lies (zip bomb)', [{ name: 'bomb', data: 'x'.repeat(100_000), deflate: true, declaredSize: 10 }], /declared size/],
  ];

  it.each(hostile)('refuses %s and writes nothing anywhere', async (_label, entries, message) => {
    const { zip, dest, outside } = setup(entries);
    const before = listAll(outside);
    await expect(extractZip(zip, dest)).rejects.toThrow(UnsafeArchiveError);
    await expect(extractZip(zip, dest)).rejects.toThrow(message);
    expect(readdirSync(dest)).toEqual([]);
    expect(listAll(outside)).toEqual(before);
    expect(existsSync('/tmp/escaped.txt')).toBe(false);
  });

  it('refuses archives over the caps, naming the cap', async () => {
    const { zip, dest } = setup([{ name: 'a', data: 'x'.repeat(2000) }, { name: 'b', data: 'y' }]);
    const limits = { maxArchiveBytes: 1 << 20, maxEntries: 10, maxEntryBytes: 1000, maxTotalBytes: 1 << 20 };
    await expect(extractZip(zip, dest, { limits })).rejects.toThrow(/2000 bytes, over the cap of 1000/);
    await expect(extractZip(zip, dest, { limits: { ...limits, maxEntryBytes: 1 << 20, maxEntries: 1 } })).rejects.toThrow(/2 entries, over the cap of 1/);
  });

  it('refuses a corrupted CRC and something that is not a zip', async () => {
    const bytes = buildZip([{ name: 'a.txt', data: 'hello' }]);
    bytes[30 + 'a.txt'.length] = 'j'.charCodeAt(0);
    const { zip, dest } = setup([]);
    writeFileSync(zip, bytes);
    await expect(extractZip(zip, dest)).rejects.toThrow(/CRC-32 mismatch/);
    writeFileSync(zip, 'not a zip at all');
    await expect(extractZip(zip, dest)).rejects.toThrow(/not a zip archive/);
  });

  it('refuses to extract into a folder that is not empty', async () => {
    const { zip, dest } = setup([{ name: 'a.txt', data: 'x' }]);
    writeFileSync(join(dest, 'existing'), 'x');
    await expect(extractZip(zip, dest)).rejects.toThrow(/not empty/);
  });
});

describe('F28: zip entries sharing one compressed stream, extreme compression ratios', () => {
  it('refuses two entries whose data overlap (one deflate stream named twice), before writing', async () => {
    const data = 'x'.repeat(50_000);
    const bytes = buildZip([{ name: 'a.txt', data, deflate: true }, { name: 'b.txt', data, deflate: true }]);
    // b's central record points at a's local header: both names would inflate the same bytes.
    bytes.writeUInt32LE(0, centralRecord(bytes, 1) + 42);
    const { zip, dest, outside } = setup([]);
    writeFileSync(zip, bytes);
    const before = listAll(outside);
    await expect(extractZip(zip, dest)).rejects.toThrow(/overlap/);
    expect(readdirSync(dest)).toEqual([]);
    expect(listAll(outside)).toEqual(before);
  });

  it('refuses an entry whose data start inside another entry\'s data', async () => {
    const bytes = buildZip([{ name: 'a.txt', data: 'a'.repeat(4000) }, { name: 'b.txt', data: 'b'.repeat(10) }]);
    // Move b's local header offset into the middle of a's stored bytes.
    bytes.writeUInt32LE(1000, centralRecord(bytes, 1) + 42);
    const { zip, dest } = setup([]);
    writeFileSync(zip, bytes);
    await expect(extractZip(zip, dest)).rejects.toThrow(/overlap|local header/);
    expect(readdirSync(dest)).toEqual([]);
  });

  it('refuses an extreme compression ratio before inflating anything', async () => {
    const { zip, dest } = setup([{ name: 'small.txt', data: 'fine' }, { name: 'zeros.bin', data: Buffer.alloc(8 * 1024 * 1024), deflate: true }]);
    await expect(extractZip(zip, dest)).rejects.toThrow(/zeros\.bin.*compression ratio/);
    expect(readdirSync(dest)).toEqual([]);
  });

  it('still extracts ordinary, well-compressed predictions', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ id: `item-${i}`, dataset_id: 'ds1', scores: { exact_match: i % 3 === 0 ? 1 : 0 }, output: `answer ${(i * 7919) % 1000}` }));
    const { zip, dest } = setup([{ name: 'predictions.jsonl', data: `${lines.join('\n')}\n`, deflate: true }]);
    expect(await extractZip(zip, dest)).toEqual(['predictions.jsonl']);
    expect(readFileSync(join(dest, 'predictions.jsonl'), 'utf8').split('\n')).toHaveLength(20_001);
  });

  it('removes what it wrote when a later entry turns out bad while streaming (CRC)', async () => {
    const bytes = buildZip([{ name: 'first.txt', data: 'good' }, { name: 'second.txt', data: 'hello' }]);
    const second = bytes.readUInt32LE(centralRecord(bytes, 1) + 42);
    bytes[second + 30 + 'second.txt'.length] = 'j'.charCodeAt(0);
    const { zip, dest } = setup([]);
    writeFileSync(zip, bytes);
    await expect(extractZip(zip, dest)).rejects.toThrow(/second\.txt: CRC-32 mismatch/);
    expect(readdirSync(dest)).toEqual([]);
  });
});

describe('issue 9 item 6: an entry name over NAME_MAX', () => {
  it('is refused as an unsafe archive, not a raw ENAMETOOLONG', async () => {
    const { zip, dest } = setup([{ name: `${'n'.repeat(300)}.json`, data: '{}' }]);
    await expect(extractZip(zip, dest)).rejects.toThrow(UnsafeArchiveError);
    await expect(extractZip(zip, dest)).rejects.toThrow(/255 bytes/);
  });
});

