import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactError } from '../../../src/contract/errors.js';
import { DEFAULT_LIMITS, type JsonlRecord } from '../../../src/parse/jsonl.js';
import { findNonFinite } from '../../../src/parse/json.js';
import {
  forEachJsonlInStore,
  isDirectoryInStore,
  listDirInStore,
  readJsonFileInStore,
  readJsonInStore,
  readJsonlInStore,
  readTextFileInStore,
  readTextInStore,
  resolveInStore,
} from '../../../src/store/read.js';
import { storeRoot, type StoreRoot } from '../../../src/store/safe-path.js';

import { runFiles, storePaths } from '../../../src/store/layout.js';
let tmp: string;
let store: StoreRoot;
let socketServer: net.Server;

async function put(relative: string, content: string | Buffer): Promise<void> {
  const target = path.join(store.path, relative);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, content);
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'pg-read-'));
  store = storeRoot(path.join(tmp, 'data/eval'), 'data/eval');
  await mkdir(path.join(tmp, 'outside'));
  await writeFile(path.join(tmp, 'outside/secret.json'), '{"token": "TOP-SECRET"}');
  await put('runs/r/metrics.json', '\ufeff{\r\n  "rougeL_f1": 0.41,\r\n  "n": 3\r\n}\r\n');
  await put('runs/r/predictions.jsonl', '{"id": "a"}\n{"id": "b"}\n');
  await put('runs/r/nan.json', '{\n  "intrinsic": {\n    "f1": NaN\n  }\n}\n');
  await put('runs/r/dup.json', '{\n  "dataset_id": "x",\n  "dataset_id": "y"\n}\n');
  await put('runs/r/huge.json', `{"x": "${'a'.repeat(200)}"}`);
  await put('runs/r/latin1.json', Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d])); // {"n":"é"} in Latin-1
  await put('runs/r/inf.json', '{"a": {"b": 1e999}}');
  await symlink('../../../../outside/secret.json', path.join(store.path, 'runs/r/escape.json'));
  await symlink('predictions.jsonl', path.join(store.path, 'runs/r/linked.jsonl'));
  await symlink('nowhere', path.join(store.path, 'runs/r/dangling'));
  await symlink('loop2', path.join(store.path, 'runs/r/loop1'));
  await symlink('loop1', path.join(store.path, 'runs/r/loop2'));
  await symlink('../../../outside', path.join(store.path, 'runs/out'));
  await mkdir(path.join(store.path, 'runs/r/sub'));
  await symlink('sub', path.join(store.path, 'runs/r/sub-link'));
  execFileSync('mkfifo', [path.join(store.path, 'runs/r/fifo.jsonl')]);
  socketServer = net.createServer();
  await new Promise<void>((resolve) => socketServer.listen(path.join(store.path, 'runs/r/sock'), resolve));
});

afterAll(async () => {
  await new Promise((resolve) => socketServer.close(resolve));
  await rm(tmp, { recursive: true, force: true });
});

async function artifactError(promise: Promise<unknown>): Promise<ArtifactError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof ArtifactError) return error;
  throw new Error(`expected an ArtifactError, got ${String(error)}`);
}

describe('readTextInStore', () => {
  it('returns the text without its BOM', async () => {
    expect(await readTextInStore(store, 'runs/r/metrics.json', 1024)).toBe('{\r\n  "rougeL_f1": 0.41,\r\n  "n": 3\r\n}\r\n');
  });

  it('tells, in its file form, the display path, size and whether a link led there', async () => {
    const file = await readTextFileInStore(store, 'runs/r/metrics.json', 1024);
    expect(file).toMatchObject({ display: 'data/eval/runs/r/metrics.json', symlinked: false, bytes: 41 });
    expect(file.path).toBe(path.join(await realpath(store.path), 'runs/r/metrics.json'));
    expect((await readTextFileInStore(store, 'runs/r/linked.jsonl', 1024)).symlinked).toBe(true);
  });

  it('accepts the root as a path plus a display prefix', async () => {
    const error = await artifactError(readTextInStore(store.path, 'runs/r/huge.json', 100, 'repo/data/eval'));
    expect(error.where.file).toBe('repo/data/eval/runs/r/huge.json');
  });

  it('checks the size cap before reading, naming cap and size (F5)', async () => {
    const error = await artifactError(readTextInStore(store, 'runs/r/huge.json', 100));
    expect(error.message).toBe('data/eval/runs/r/huge.json: file is 209 bytes, over the 100-byte cap');
    expect(error.code).toBe('artifact.too_large');
  });

  it('refuses invalid UTF-8 naming the byte offset and line (F9)', async () => {
    expect((await artifactError(readTextInStore(store, 'runs/r/latin1.json', 100))).message).toBe(
      'data/eval/runs/r/latin1.json:1: invalid UTF-8 at byte offset 6 (byte 0xE9): the file must be UTF-8 encoded',
    );
  });

  it('refuses a link out of the store without reading it (F2)', async () => {
    const error = await artifactError(readTextInStore(store, 'runs/r/escape.json', 100));
    expect(error.message).toBe('data/eval/runs/r/escape.json: is a symbolic link that points outside the store (refused, not read)');
    expect(error.message).not.toContain('TOP-SECRET');
  });

  it('refuses a FIFO without blocking (F2)', async () => {
    const error = await artifactError(readTextInStore(store, 'runs/r/fifo.jsonl', 100));
    expect(error.reason).toBe('is a FIFO (named pipe), not a regular file (refused, not read)');
  });
});

describe('readJsonInStore parses strictly with file:line:column', () => {
  it('accepts BOM and CRLF (F8)', async () => {
    expect(await readJsonInStore(store, 'runs/r/metrics.json', 1024)).toEqual({ rougeL_f1: 0.41, n: 3 });
    expect((await readJsonFileInStore(store.path, 'runs/r/metrics.json', 1024, 'x')).display).toBe('x/runs/r/metrics.json');
  });

  it('names NaN with its line and column (F6)', async () => {
    expect((await artifactError(readJsonInStore(store, 'runs/r/nan.json', 1024))).message).toBe(
      "data/eval/runs/r/nan.json:3:11: unexpected token 'N' (NaN/Infinity are not JSON: write null or a number)",
    );
  });

  it('leaves 1e999 to the finite check, which names the metric path (F6)', async () => {
    expect(findNonFinite(await readJsonInStore(store, 'runs/r/inf.json', 1024))).toBe('a.b');
  });

  it('names a duplicate key with its line and column (F7)', async () => {
    expect((await artifactError(readJsonInStore(store, 'runs/r/dup.json', 1024))).message).toBe(
      'data/eval/runs/r/dup.json:3:3: duplicate key "dataset_id"',
    );
  });
});

describe('JSONL in the store', () => {
  it('streams records, following a link that stays inside (F3)', async () => {
    const seen: number[] = [];
    const summary = await forEachJsonlInStore(store, 'runs/r/linked.jsonl', DEFAULT_LIMITS, (_value, line) => seen.push(line));
    expect(seen).toEqual([1, 2]);
    expect(summary).toMatchObject({ records: 2, display: 'data/eval/runs/r/linked.jsonl', symlinked: true });
  });

  it('offers the same records as a generator', async () => {
    const records: JsonlRecord[] = [];
    for await (const record of readJsonlInStore(store, 'runs/r/predictions.jsonl', DEFAULT_LIMITS)) records.push(record);
    expect(records).toEqual([
      { value: { id: 'a' }, line: 1 },
      { value: { id: 'b' }, line: 2 },
    ]);
  });

  it('refuses a FIFO predictions file without blocking (F2)', async () => {
    const error = await artifactError(forEachJsonlInStore(store, 'runs/r/fifo.jsonl', DEFAULT_LIMITS, () => {}));
    expect(error.message).toBe('data/eval/runs/r/fifo.jsonl: is a FIFO (named pipe), not a regular file (refused, not read)');
  });

  it('enforces the file cap before reading (F5)', async () => {
    const error = await artifactError(
      forEachJsonlInStore(store, 'runs/r/predictions.jsonl', { ...DEFAULT_LIMITS, maxFileBytes: 10 }, () => {}),
    );
    expect(error.message).toBe('data/eval/runs/r/predictions.jsonl: file is 24 bytes, over the 10-byte cap');
  });
});

describe('listDirInStore', () => {
  it('lists entries sorted, with their kind, classifying links without following escaping ones', async () => {
    expect(await listDirInStore(store, 'runs/r')).toEqual([
      { name: 'dangling', kind: 'broken-link', symlinked: true },
      { name: 'dup.json', kind: 'file', symlinked: false },
      { name: 'escape.json', kind: 'escaping-link', symlinked: true },
      { name: 'fifo.jsonl', kind: 'fifo', symlinked: false },
      { name: 'huge.json', kind: 'file', symlinked: false },
      { name: 'inf.json', kind: 'file', symlinked: false },
      { name: 'latin1.json', kind: 'file', symlinked: false },
      { name: 'linked.jsonl', kind: 'file', symlinked: true },
      { name: 'loop1', kind: 'link-loop', symlinked: true },
      { name: 'loop2', kind: 'link-loop', symlinked: true },
      { name: 'metrics.json', kind: 'file', symlinked: false },
      { name: 'nan.json', kind: 'file', symlinked: false },
      { name: 'predictions.jsonl', kind: 'file', symlinked: false },
      { name: 'sock', kind: 'socket', symlinked: false },
      { name: 'sub', kind: 'directory', symlinked: false },
      { name: 'sub-link', kind: 'directory', symlinked: true },
    ]);
  });

  it('lists the store root', async () => {
    expect(await listDirInStore(store, '')).toEqual([{ name: 'runs', kind: 'directory', symlinked: false }]);
    expect((await listDirInStore(store.path, '', 'shown'))[0]?.name).toBe('runs');
  });

  it('refuses to list a folder that links out of the store', async () => {
    const error = await artifactError(listDirInStore(store, 'runs/out'));
    expect(error.message).toBe('data/eval/runs/out: is a symbolic link that points outside the store (refused, not read)');
  });

  it('refuses to list a file', async () => {
    const error = await artifactError(listDirInStore(store, 'runs/r/dup.json'));
    expect(error.reason).toBe('is a regular file, not a folder (refused, not read)');
  });
});

describe('isDirectoryInStore', () => {
  it('is true for a folder, also through a link inside the store', async () => {
    expect(await isDirectoryInStore(store, 'runs/r')).toBe(true);
    expect(await isDirectoryInStore(store.path, 'runs/r/sub-link', 'data/eval')).toBe(true);
  });

  it('is false for a missing path or a file', async () => {
    expect(await isDirectoryInStore(store, 'runs/nope')).toBe(false);
    expect(await isDirectoryInStore(store, 'runs/r/dup.json')).toBe(false);
  });

  it('throws, rather than saying "absent", for a link out of the store', async () => {
    expect((await artifactError(isDirectoryInStore(store, 'runs/out'))).code).toBe('artifact.unsafe');
  });
});

describe('resolveInStore from the readers module', () => {
  it('takes a root path with a display prefix, or a StoreRoot with the expected kind', async () => {
    expect((await resolveInStore(store.path, 'runs/r/linked.jsonl', 'shown')).display).toBe('shown/runs/r/linked.jsonl');
    expect((await resolveInStore(store, 'runs/r', 'dir')).stats.isDirectory()).toBe(true);
    await expect(resolveInStore(store.path, 'runs/r', 'shown')).rejects.toThrow('shown/runs/r: is a folder, not a regular file');
  });
});

const corpus = path.resolve('../shared/corpus/podcast_scraper/data/eval');

describe.skipIf(!existsSync(corpus))('the real podcast_scraper store reads strictly as it is', () => {
  const real = storeRoot(corpus, 'data/eval');

  it('parses every baseline metrics.json and predictions.jsonl with finite metrics', async () => {
    const baselines = (await listDirInStore(real, storePaths.baselines)).filter((e) => e.kind === 'directory' && e.name !== '_archived');
    expect(baselines.length).toBeGreaterThan(50);
    let records = 0;
    for (const { name } of baselines) {
      const run = storePaths.baseline(name);
      const names = new Set((await readdir(path.join(corpus, run))).values());
      if (names.has(runFiles.metrics)) {
        const metrics = await readJsonInStore(real, `${run}/${runFiles.metrics}`, DEFAULT_LIMITS.maxJsonBytes);
        expect(findNonFinite(metrics), run).toBeUndefined();
      }
      if (names.has(runFiles.predictions)) {
        const summary = await forEachJsonlInStore(real, `${run}/${runFiles.predictions}`, DEFAULT_LIMITS, () => {});
        records += summary.records;
      }
    }
    expect(records).toBeGreaterThan(100);
  });

  it('reads the gold NER references (one JSON per item)', async () => {
    const folder = 'references/gold/ner_entities/ner_entities_smoke_gold_v1';
    const files = (await listDirInStore(real, folder)).filter((e) => e.name.endsWith('.json'));
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) expect(await readJsonInStore(real, `${folder}/${file.name}`, DEFAULT_LIMITS.maxJsonBytes)).toBeTruthy();
  });
});
