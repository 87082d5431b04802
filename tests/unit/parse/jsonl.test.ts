import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactError } from '../../../src/contract/errors.js';
import {
  DEFAULT_LIMITS,
  forEachJsonl,
  readJsonl,
  type JsonlRecord,
  type ReadLimits,
} from '../../../src/parse/jsonl.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pg-jsonl-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
async function file(content: string | Buffer): Promise<string> {
  const target = path.join(dir, `f${counter++}.jsonl`);
  await writeFile(target, content);
  return target;
}

async function records(target: string, limits: ReadLimits = DEFAULT_LIMITS, chunkBytes?: number): Promise<JsonlRecord[]> {
  const out: JsonlRecord[] = [];
  await forEachJsonl(target, 'p.jsonl', limits, (value, line) => out.push({ value, line }), { chunkBytes });
  return out;
}

async function failure(content: string | Buffer, limits: ReadLimits = DEFAULT_LIMITS, chunkBytes?: number): Promise<ArtifactError> {
  const target = await file(content);
  try {
    await records(target, limits, chunkBytes);
  } catch (error) {
    if (error instanceof ArtifactError) return error;
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

describe('forEachJsonl reads one object per line', () => {
  it('yields each object with its physical line number, skipping blank lines (F10)', async () => {
    const target = await file('{"id": "a"}\n\n   \t\n{"id": "b", "scores": {"f1": 0.5}}\n\n');
    expect(await records(target)).toEqual([
      { value: { id: 'a' }, line: 1 },
      { value: { id: 'b', scores: { f1: 0.5 } }, line: 4 },
    ]);
  });

  it('returns counts of records, physical lines and bytes', async () => {
    const target = await file('{"a":1}\n\n{"a":2}');
    const summary = await forEachJsonl(target, 'p.jsonl', DEFAULT_LIMITS, () => {});
    expect(summary).toEqual({ records: 2, lines: 3, bytes: 16 });
  });

  it('reads an empty file as zero records', async () => {
    expect(await records(await file(''))).toEqual([]);
  });

  it('accepts a last line without a newline when it is complete', async () => {
    expect(await records(await file('{"a":1}\n{"a":2}'))).toEqual([
      { value: { a: 1 }, line: 1 },
      { value: { a: 2 }, line: 2 },
    ]);
  });

  it('gives the same records as the generator form', async () => {
    const target = await file('{"a":1}\n\n{"b":2}\n{"c":3}');
    const fromGenerator: JsonlRecord[] = [];
    for await (const record of readJsonl(target, 'p.jsonl', DEFAULT_LIMITS, { chunkBytes: 5 })) fromGenerator.push(record);
    expect(fromGenerator).toEqual(await records(target));
    expect(fromGenerator.map((r) => r.line)).toEqual([1, 3, 4]);
  });

  it('gives the same result for every chunk size, lines straddling chunk boundaries included', async () => {
    const lines = ['{"id": "é😀", "x": [1, 2]}', '', '{"id": "b", "t": "12:30"}\r', '  ', '{"id": "c"}'];
    const target = await file(`\ufeff${lines.join('\n')}\n`);
    const expected = await records(target);
    expect(expected.map((r) => r.line)).toEqual([1, 3, 5]);
    for (let chunk = 1; chunk <= 40; chunk++) expect(await records(target, DEFAULT_LIMITS, chunk)).toEqual(expected);
  });
});

describe('a chunk is decoded in pieces of 64 KiB, cut after a newline', () => {
  // Lines of 100 bytes with their newline: 5,000 of them span several pieces of one 1 MiB read.
  const line = (i: number) => `{"id": "item-${String(i).padStart(6, '0')}", "pad": "${'p'.repeat(67)}"}`;
  const many = Array.from({ length: 5000 }, (_, i) => line(i));

  it('reads every line once, with its line number, across piece boundaries', async () => {
    expect(line(0)).toHaveLength(99);
    const got = await records(await file(`${many.join('\n')}\n`));
    expect(got).toHaveLength(5000);
    expect(got.every((r, i) => r.line === i + 1 && (r.value as { id: string }).id === `item-${String(i).padStart(6, '0')}`)).toBe(true);
  });

  it('reads a line longer than a piece whole', async () => {
    const long = `{"id": "long", "text": "${'x'.repeat(200_000)}"}`;
    const got = await records(await file(`${many.slice(0, 700).join('\n')}\n${long}\n${many.slice(700, 1400).join('\n')}\n`));
    expect(got).toHaveLength(1401);
    expect(got[700]).toMatchObject({ line: 701, value: { id: 'long' } });
    expect(got[1400]?.line).toBe(1401);
  });

  it('names the line and the file offset of invalid UTF-8 in a later piece', async () => {
    // Line 2001 starts at byte 2000 * 100; the bad byte is 8 bytes into it.
    const content = Buffer.concat([Buffer.from(`${many.slice(0, 2000).join('\n')}\n{"id": "`), Buffer.from([0xc0]), Buffer.from(`"}\n${many.slice(2000).join('\n')}\n`)]);
    const error = await failure(content);
    expect(error.message).toBe('p.jsonl:2001: invalid UTF-8 at byte offset 200008 (byte 0xC0): the file must be UTF-8 encoded');
  });

  it('names line and column of a duplicate key in a later piece', async () => {
    const bad = many.map((l, i) => (i === 3210 ? '{"id": "a", "id": "b"}' : l));
    const error = await failure(`${bad.join('\n')}\n`);
    expect(error.where).toMatchObject({ file: 'p.jsonl', line: 3211 });
    expect(error.message).toContain('duplicate key');
  });

  it('counts the real number of lines past the line cap, from a later piece', async () => {
    const error = await failure(`${many.join('\n')}\n`, { ...DEFAULT_LIMITS, maxLines: 1000 });
    expect(error.message).toBe('p.jsonl: file has 5,000 lines, over the cap of 1,000 lines');
  });
});

describe('BOM and CRLF are accepted (F8)', () => {
  it('strips a UTF-8 BOM at the start of the file', async () => {
    expect(await records(await file('\ufeff{"id": "a"}\n'))).toEqual([{ value: { id: 'a' }, line: 1 }]);
  });

  it('accepts CRLF line ends, with and without a BOM', async () => {
    const expected = [
      { value: { id: 'a' }, line: 1 },
      { value: { id: 'b' }, line: 3 },
    ];
    expect(await records(await file('{"id": "a"}\r\n\r\n{"id": "b"}\r\n'))).toEqual(expected);
    expect(await records(await file('\ufeff{"id": "a"}\r\n\r\n{"id": "b"}\r\n'))).toEqual(expected);
  });

  it('counts columns after the BOM from 1', async () => {
    expect((await failure('\ufeff{"x": NaN}\n')).where).toEqual({ file: 'p.jsonl', line: 1, column: 7 });
  });

  it('refuses a BOM in the middle of the file (two files concatenated)', async () => {
    const error = await failure('{"a":1}\n\ufeff{"a":2}\n');
    expect(error.message).toBe('p.jsonl:2:1: unexpected byte order mark (U+FEFF)');
  });
});

describe('invalid UTF-8 fails naming the byte offset and line (F9)', () => {
  const valid = Buffer.from('{"id": "a"}\n{"id": "b"}\n'); // 24 bytes
  it.each([
    ['a stray 0xFF byte', [0xff], 'FF'],
    ['an overlong slash (C0 AF)', [0xc0, 0xaf], 'C0'],
    ['a UTF-16 surrogate (ED A0 80)', [0xed, 0xa0, 0x80], 'ED'],
    ['a code point above U+10FFFF (F4 90 80 80)', [0xf4, 0x90, 0x80, 0x80], 'F4'],
    ['a sequence cut short (E2 82)', [0xe2, 0x82], 'E2'],
  ])('rejects %s', async (_name, bytes, hex) => {
    // Line 3 is {"id": "<bad>"}: the bad bytes start 8 bytes into it.
    const content = Buffer.concat([valid, Buffer.from('{"id": "'), Buffer.from(bytes), Buffer.from('"}\n{"id": "d"}\n')]);
    for (const chunk of [undefined, 3, 7]) {
      const error = await failure(content, DEFAULT_LIMITS, chunk);
      expect(error.message).toBe(`p.jsonl:3: invalid UTF-8 at byte offset 32 (byte 0x${hex}): the file must be UTF-8 encoded`);
      expect(error.where).toEqual({ file: 'p.jsonl', line: 3 });
    }
  });

  it('rejects invalid bytes in a last line without a newline, counting the BOM in the offset', async () => {
    const content = Buffer.concat([Buffer.from('\ufeff{"a":1}\n{"a":"'), Buffer.from([0x80]), Buffer.from('"}')]);
    expect((await failure(content)).message).toBe(
      'p.jsonl:2: invalid UTF-8 at byte offset 17 (byte 0x80): the file must be UTF-8 encoded',
    );
  });
});

describe('caps fail naming the cap and the actual size (F5)', () => {
  const limits: ReadLimits = { maxFileBytes: 1000, maxLineBytes: 20, maxLines: 3 };

  it('refuses a file over the byte cap before reading it', async () => {
    const error = await failure('{"a":1}\n'.repeat(200), limits);
    expect(error.message).toBe('p.jsonl: file is 1,600 bytes (1.6 KiB), over the 1,000-byte cap');
    expect(error.code).toBe('artifact.too_large');
  });

  it('refuses a line over the line cap, naming the line and its length', async () => {
    const error = await failure(`{"a":1}\n{"a": "${'x'.repeat(30)}"}\n{"a":2}\n`, limits);
    expect(error.message).toBe('p.jsonl:2: line is 39 bytes, over the 20-byte line cap');
  });

  it('measures a line longer than the cap across many chunks without keeping it', async () => {
    for (const chunk of [4, 7, 64]) {
      const error = await failure(`{"a":1}\n{"a": "${'x'.repeat(300)}"}\n`, limits, chunk);
      expect(error.message).toBe('p.jsonl:2: line is 309 bytes, over the 20-byte line cap');
    }
  });

  it('measures an overlong last line that has no newline', async () => {
    const error = await failure(`{"a":1}\n${'x'.repeat(50)}`, limits, 8);
    expect(error.message).toBe('p.jsonl:2: line is 50 bytes, over the 20-byte line cap');
  });

  it('counts the line cap in bytes, not characters', async () => {
    // 13 characters, 23 bytes: over the cap in bytes only.
    const error = await failure('{"a":"€€€€€"}\n', limits);
    expect(error.message).toBe('p.jsonl:1: line is 23 bytes, over the 20-byte line cap');
  });

  it('refuses too many lines, reporting the real line count', async () => {
    for (const chunk of [undefined, 5]) {
      const error = await failure('{"a":1}\n'.repeat(7) + '{"a":1}', limits, chunk);
      expect(error.message).toBe('p.jsonl: file has 8 lines, over the cap of 3 lines');
    }
  });

  it('accepts exactly the cap', async () => {
    expect(await records(await file('{"a":1}\n{"a":2}\n{"a":3}\n'), limits)).toHaveLength(3);
  });

  it('has the documented defaults', () => {
    expect(DEFAULT_LIMITS).toEqual({
      maxFileBytes: 2 * 1024 ** 3,
      maxLineBytes: 16 * 1024 ** 2,
      maxLines: 5_000_000,
      maxJsonBytes: 64 * 1024 ** 2,
    });
  });
});

describe('bad lines fail with file:line:column (F6, F7, F10)', () => {
  it('rejects a truncated last line and says it may be truncated', async () => {
    const error = await failure('{"id": "a"}\n{"id": "b", "output": "cut he');
    expect(error.message).toBe(
      'p.jsonl:2:30: unexpected end of input (unterminated string); the last line has no newline: is the file truncated?',
    );
  });

  it('rejects a trailing comma at the comma', async () => {
    expect((await failure('{"a":1}\n\n{"id": "x", "n": 2,}\n')).message).toBe('p.jsonl:3:19: trailing comma');
  });

  it('rejects comment lines', async () => {
    expect((await failure('// generated by eval.py\n{"a":1}\n')).message).toBe('p.jsonl:1:1: comments are not allowed in JSON');
    expect((await failure('{"a":1} # note\n')).message).toBe("p.jsonl:1:9: unexpected token '#' (after the end of the JSON value)");
  });

  it('rejects NaN in a score', async () => {
    expect((await failure('{"a":1}\n{"id": "x", "scores": {"f1": NaN}}\n')).message).toBe(
      "p.jsonl:2:30: unexpected token 'N' (NaN/Infinity are not JSON: write null or a number)",
    );
  });

  it('rejects a duplicate key naming it and its line', async () => {
    expect((await failure('{"id": "a"}\n{"id": "b", "id": "c"}\n')).message).toBe('p.jsonl:2:13: duplicate key "id"');
  });

  it.each([
    ['[1, 2]', 'an array', 1],
    ['  "text"', 'a string', 3],
    ['42', 'a number', 1],
    ['null', 'null', 1],
  ])('rejects a line that is %s, not an object', async (line, found, column) => {
    const error = await failure(`{"a":1}\n${line}\n`);
    expect(error.message).toBe(`p.jsonl:2:${column}: each line must be a JSON object, found ${found}`);
  });

  it('reports the first bad line, not a later one', async () => {
    expect((await failure('{"a":1}\n{"a":2,}\n{"a":NaN}\n')).where.line).toBe(2);
  });
});

describe('only regular files are read', () => {
  it('refuses a FIFO without blocking on it', async () => {
    const fifo = path.join(dir, 'pipe.jsonl');
    execFileSync('mkfifo', [fifo]);
    await expect(forEachJsonl(fifo, 'pipe.jsonl', DEFAULT_LIMITS, () => {})).rejects.toThrow(
      'pipe.jsonl: is a FIFO (named pipe), not a regular file (refused, not read)',
    );
  });

  it('reports a missing file', async () => {
    const error = await forEachJsonl(path.join(dir, 'nope.jsonl'), 'nope.jsonl', DEFAULT_LIMITS, () => {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArtifactError);
    expect((error as ArtifactError).code).toBe('artifact.missing');
  });
});
