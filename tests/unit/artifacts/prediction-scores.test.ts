/**
 * Per-item scores as the streaming readers (gate pairing, dataset fingerprint) see them:
 * the parsed object is used as it is unless nulls must be dropped, and is checked either way.
 */
import { describe, expect, it } from 'vitest';
import { interpretRecord } from '../../../src/artifacts/predictions.js';

const read = (line: string) => interpretRecord(JSON.parse(line) as Record<string, unknown>, 'id', 'p.jsonl', 3).scores;

describe('per-item scores', () => {
  it('are the parsed object itself when every score is a number', () => {
    const record = JSON.parse('{"id":"a","scores":{"em":1,"f1":0.5}}') as Record<string, unknown>;
    expect(interpretRecord(record, 'id', 'p.jsonl', 1).scores).toBe(record.scores);
  });

  it('drop scores that are null, keeping the order of the others', () => {
    const scores = read('{"id":"a","scores":{"em":null,"f1":0.5,"bleu":2}}');
    expect(scores).toEqual({ f1: 0.5, bleu: 2 });
    expect(Object.keys(scores ?? {})).toEqual(['f1', 'bleu']);
  });

  it('keep a score named __proto__ as a plain key', () => {
    const scores = read('{"id":"a","scores":{"__proto__":1,"em":null}}');
    expect(Object.keys(scores ?? {})).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(scores)).toBe(Object.prototype);
  });

  it('read true/false as 1/0 (a pass/fail score), as the pairing documents', () => {
    expect(read('{"id":"a","scores":{"em":true,"f1":0.5,"ok":false}}')).toEqual({ em: 1, f1: 0.5, ok: 0 });
  });

  it('tell a numeric id from a string one (both pair by their text)', () => {
    const item = (line: string) => interpretRecord(JSON.parse(line) as Record<string, unknown>, 'id', 'p.jsonl', 1);
    expect(item('{"id":7}')).toMatchObject({ id: '7', idIsNumber: true });
    expect(item('{"id":"7"}')).toMatchObject({ id: '7', idIsNumber: false });
  });

  it('refuse anything but finite numbers, booleans and null, naming the first bad score', () => {
    expect(() => read('{"id":"a","scores":{"em":null,"f1":"high"}}')).toThrow('p.jsonl:3: scores.f1 must be a finite number, a boolean or null');
    expect(() => read('{"id":"a","scores":{"em":1e999}}')).toThrow('scores.em must be a finite number');
    expect(() => read('{"id":"a","scores":[1]}')).toThrow('"scores" must be an object of {name: number}');
    expect(read('{"id":"a"}')).toBeUndefined();
    expect(read('{"id":"a","scores":null}')).toBeUndefined();
  });
});
