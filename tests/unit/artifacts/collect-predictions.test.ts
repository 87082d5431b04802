/**
 * A side collected to flat arrays (for the worker thread) holds exactly what the record-by-record
 * read gives: ids in file order (repeats included), each score by row with NaN where an item has
 * none, booleans as 1/0, and the same strict-input failures.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArtifactError } from '../../../src/contract/errors.js';
import { collectPredictions } from '../../../src/artifacts/collect-predictions.js';
import { collectIn } from '../../../src/gate/predictions-transport.js';
import { scanPredictions } from '../../../src/artifacts/scan-predictions.js';

const dir = mkdtempSync(join(tmpdir(), 'pg-collect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function store(lines: string[]) {
  const name = `p${n++}.jsonl`;
  writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  return { store: { path: dir, display: 'store' }, relative: name, display: `store/${name}`, idField: 'auto' };
}

const ids = (c: { idText: string; idEnds: Uint32Array }) => [...c.idEnds].map((end, i) => c.idText.slice(i === 0 ? 0 : c.idEnds[i - 1], end));

describe('collectPredictions', () => {
  it('keeps ids in file order and one column per score, NaN where an item has none', async () => {
    const request = store([
      '{"id": "a", "dataset_id": "d1", "scores": {"em": true, "f1": 0.5}}',
      '',
      '{"id": 7, "scores": {"f1": null, "bleu": 12}}',
      '{"id": "a", "scores": {"em": false}}',
      '{"id": "é😀"}',
    ]);
    const collected = await collectPredictions(request);
    expect(ids(collected)).toEqual(['a', '7', 'a', 'é😀']);
    expect(collected.columns.map((c) => [c.name, [...c.values]])).toEqual([
      ['em', [1, NaN, 0, NaN]],
      ['f1', [0.5, NaN, NaN, NaN]],
      ['bleu', [NaN, 12, NaN, NaN]],
    ]);
    const streamed = await scanPredictions(request.store, request.relative, request.display, 'auto', () => {});
    expect(collected.result).toEqual(streamed);
    expect(collected.result).toMatchObject({ items: 4, idField: 'id', idForms: { number: '7', string: 'a' } });
  });

  it('grows past its first capacity without losing a row', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: `q${i}`, scores: i % 2 ? { s: i } : { t: -i } }));
    const collected = await collectPredictions(store(lines));
    expect(ids(collected)).toEqual(Array.from({ length: 3000 }, (_, i) => `q${i}`));
    const [t, s] = collected.columns; // in order of first appearance: row 0 has t
    expect(s?.values[2999]).toBe(2999);
    expect(t?.values[2998]).toBe(-2998);
    expect(Number.isNaN(s?.values[2998])).toBe(true);
  });

  it('says once, while reading, that the ids do not ascend; never for ids in order', async () => {
    const idsIn = (order: number[]) => store(order.map((i) => JSON.stringify({ id: `q${String(i).padStart(5, '0')}` })));
    const ascending = Array.from({ length: 5000 }, (_, i) => i);
    let calls = 0;
    await collectPredictions(idsIn(ascending), undefined, 4096, undefined, () => calls++);
    expect(calls).toBe(0);
    // In order until row 3,000, then one step back: seen at the next sampled row, once.
    const stepBack = ascending.map((i) => (i >= 3000 ? i - 200 : i));
    let seenAt = -1;
    const request = idsIn(stepBack);
    let rows = 0;
    await collectPredictions(request, (items) => (rows = items), 64, undefined, () => {
      calls++;
      seenAt = rows;
    });
    expect(calls).toBe(1);
    expect(seenAt).toBeGreaterThanOrEqual(2944);
    expect(seenAt).toBeLessThanOrEqual(3072);
    // Reversed: at the second sampled row.
    calls = 0;
    await collectPredictions(idsIn([...ascending].reverse()), undefined, 4096, undefined, () => calls++);
    expect(calls).toBe(1);
  });

  it('fails with the record-by-record read\'s error, naming file and line (F7)', async () => {
    const request = store(['{"id": "a"}', '{"id": "b", "id": "c"}']);
    const error = await collectPredictions(request).catch((e: unknown) => e);
    const streamed = await scanPredictions(request.store, request.relative, request.display, 'auto', () => {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArtifactError);
    expect((error as ArtifactError).message).toBe((streamed as ArtifactError).message);
    expect((error as ArtifactError).where).toMatchObject({ file: request.display, line: 2 });
  });
});

describe('collectIn without a worker', () => {
  it('reads nothing until the result is asked for, then reads once', async () => {
    const request = store(['{"id": "a"}']);
    let counted = 0;
    const pending = collectIn(null, request, () => counted++, 1);
    expect(counted).toBe(0);
    const first = await pending.result();
    expect(counted).toBe(1);
    expect(await pending.result()).toBe(first);
  });
});
