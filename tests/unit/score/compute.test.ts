// A run's standing against a reference, from contents: items, misses, scope and aggregates.
import { describe, expect, it } from 'vitest';
import type { Content } from '../../../src/score/content.js';
import { readContent } from '../../../src/score/content.js';
import { scoreAgainstReference, type EntityAggregate, type TextScores } from '../../../src/score/compute.js';
import { scoresMetrics } from '../../../src/score/scores-file.js';

const text = (value: string): Content => ({ kind: 'text', text: value });
const ents = (...list: [string, number, number, string?][]): Content => ({
  kind: 'entities',
  entities: list.map(([label, start, end, t]) => ({ label, start, end, ...(t === undefined ? {} : { text: t }) })),
});

describe('text items', () => {
  it('averages over the reference items, a missing prediction scoring 0, extra run items not scored', () => {
    const result = scoreAgainstReference({
      reference: new Map([['a', text('the cat sat')], ['b', text('dogs bark')], ['c', text('x')]]),
      run: new Map([['a', text('The cat sat.')], ['b', text('dogs')], ['z', text('extra')]]),
      runFile: 'runs/r/predictions.jsonl',
    }, 'text');
    const aggregate = result.aggregate as TextScores;
    // a: exact 1, token F1 1, ROUGE-L 1; b: exact 0, token F1 2*1*0.5/1.5 = 2/3, ROUGE-L P 1 R 1/2 F 2/3; c: missing, 0.
    expect(aggregate.exact_match).toBeCloseTo(1 / 3, 12);
    expect(aggregate.token_f1).toBeCloseTo((1 + 2 / 3) / 3, 12);
    expect(aggregate.rougeL_f1).toBeCloseTo((1 + 2 / 3) / 3, 12);
    expect(aggregate.rougeL_recall).toBeCloseTo((1 + 1 / 2) / 3, 12);
    expect(result.items).toEqual({ reference: 3, scored: 2, missing: 1, missing_ids: ['c'], unreferenced: 1 });
    expect(result.per_item.map((i) => i.id)).toEqual(['a', 'b', 'c']);
    expect(result.per_item[2]).toMatchObject({ id: 'c', missing: true });
    expect(result.notes.join('\n')).toMatch(/1 reference item\(s\) have no prediction.*\n1 run item\(s\) have no reference item/);
  });
});

describe('entity items', () => {
  it('micro-averages exact, overlap and set matching, with per-label counts', () => {
    const result = scoreAgainstReference({
      reference: new Map([
        ['e1', ents(['PER', 0, 4, 'Maya'], ['ORG', 10, 20, 'Acme Sessions'])],
        ['e2', ents(['PER', 5, 9, 'Liam'])],
      ]),
      run: new Map([
        ['e1', ents(['PER', 0, 4, 'Maya'], ['ORG', 12, 20, 'Sessions'])],
        ['e2', ents(['PER', 6, 9, 'iam'], ['PER', 30, 34, 'Liam'])],
      ]),
      runFile: 'p',
    }, 'entities');
    const aggregate = result.aggregate as EntityAggregate;
    expect(aggregate.exact).toMatchObject({ tp: 1, fp: 3, fn: 2 });
    expect(aggregate.overlap).toMatchObject({ tp: 3, fp: 1, fn: 0 });
    // set: e1 {PER maya, ORG sessions} vs {PER maya, ORG acme sessions}; e2 {PER iam, PER liam} vs {PER liam}.
    expect(aggregate.set).toMatchObject({ tp: 2, fp: 2, fn: 1 });
    expect(aggregate.overlap?.precision).toBeCloseTo(3 / 4, 12);
    expect(aggregate.overlap?.per_label).toEqual({
      ORG: { tp: 1, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1 },
      PER: { tp: 2, fp: 1, fn: 0, precision: 2 / 3, recall: 1, f1: 0.8 },
    });
    expect(aggregate).toMatchObject({ ignored: 0, entities_predicted: 4, entities_reference: 3 });
  });

  it('ignores predicted labels outside the reference scope, the item scope winning over the index', () => {
    const scoped: Content = { ...ents(['PER', 0, 4]), labelsInScope: ['PER'] } as Content;
    const result = scoreAgainstReference({
      reference: new Map([['e1', scoped], ['e2', ents(['PER', 0, 4])]]),
      run: new Map([['e1', ents(['PER', 0, 4], ['DATE', 5, 9])], ['e2', ents(['PER', 0, 4], ['DATE', 5, 9], ['ORG', 10, 12])]]),
      labelsInScope: ['PER', 'ORG'],
      runFile: 'p',
    }, 'entities');
    const aggregate = result.aggregate as EntityAggregate;
    expect(aggregate.ignored).toBe(2); // DATE twice; ORG is in the index's scope for e2
    expect(aggregate.exact).toMatchObject({ tp: 2, fp: 1, fn: 0 });
    expect(result.per_item.map((i) => i.entities?.ignored)).toEqual([1, 1]);
  });

  it('counts every reference entity of a missing item as a false negative', () => {
    const result = scoreAgainstReference({
      reference: new Map([['e1', ents(['PER', 0, 4], ['PER', 9, 12])]]),
      run: new Map(),
      runFile: 'p',
    }, 'entities');
    expect((result.aggregate as EntityAggregate).exact).toMatchObject({ tp: 0, fp: 0, fn: 2, recall: 0, f1: 0 });
    expect(result.per_item[0]).toMatchObject({ id: 'e1', missing: true });
  });

  it('leaves out a matching the entities cannot support, and says why', () => {
    const noText = scoreAgainstReference({ reference: new Map([['e', ents(['PER', 0, 4])]]), run: new Map([['e', ents(['PER', 0, 4])]]), runFile: 'p' }, 'entities');
    expect((noText.aggregate as EntityAggregate).set).toBeNull();
    expect(noText.notes).toContain('set matching left out: some entities have no text');
    const noOffsets = scoreAgainstReference({
      reference: new Map([['e', { kind: 'entities', entities: [{ label: 'PER', text: 'Maya' }] } as Content]]),
      run: new Map([['e', { kind: 'entities', entities: [{ label: 'PER', text: 'maya' }] } as Content]]),
      runFile: 'p',
    }, 'entities');
    const aggregate = noOffsets.aggregate as EntityAggregate;
    expect(aggregate.exact).toBeNull();
    expect(aggregate.overlap).toBeNull();
    expect(aggregate.set).toMatchObject({ tp: 1, f1: 1 });
  });
});

describe('reading an item\'s content', () => {
  const where = { file: 'f.jsonl', line: 3 };
  it.each([
    [{ output: 'plain' }, undefined, { kind: 'text', text: 'plain' }],
    [{ output: { summary_final: 'S', other: 'x' } }, undefined, { kind: 'text', text: 'S' }],
    [{ text: 'top' }, undefined, { kind: 'text', text: 'top' }],
    [{ output: { a: { b: 'deep' } } }, 'output.a.b', { kind: 'text', text: 'deep' }],
    [{ entities: [{ label: 'PER', start: 0, end: 2 }], labels_in_scope: ['PER'] }, undefined, { kind: 'entities', entities: [{ label: 'PER', start: 0, end: 2 }], labelsInScope: ['PER'] }],
  ])('%j (--field %s)', (record, field, expected) => {
    expect(readContent(record, field, where)).toEqual(expected);
  });

  it.each([
    [{ output: { n: 1 } }, undefined, /f.jsonl:3: no output.entities, entities, output text or one of/],
    [{ output: 'x' }, 'output.missing', /f.jsonl:3: no "output.missing" \(--field\)/],
    [{ entities: [{ label: 'PER', start: 4, end: 2 }] }, undefined, /f.jsonl:3: entities\[0\]: empty or reversed span \[4, 2\)/],
    [{ entities: [{ label: '', start: 0, end: 2 }] }, undefined, /entities\[0\]: label must be a non-empty string/],
    [{ output: { entities: [{ label: 'PER', start: 0 }] } }, undefined, /output.entities\[0\]: start and end must both be integers/],
    [{ entities: [{ label: 'PER' }] }, undefined, /needs start and end, or text/],
  ])('refuses %j naming the file, line and place', (record, field, message) => {
    expect(() => readContent(record, field, where)).toThrow(message);
  });
});

describe('scores as reference metrics (what the gate reads)', () => {
  it('flattens text aggregates and each entity matching\'s precision, recall and F1', () => {
    expect([...scoresMetrics({ schema: 'promotion-gate/scores@1', reference: { id: 'r' }, kind: 'text', aggregate: { exact_match: 0.5, token_f1: 0.6, rougeL_precision: 1, rougeL_recall: 0.5, rougeL_f1: 2 / 3 } }, 'r')])
      .toEqual([['exact_match', 0.5], ['token_f1', 0.6], ['rougeL_precision', 1], ['rougeL_recall', 0.5], ['rougeL_f1', 2 / 3]]);
    const entity = scoresMetrics({
      schema: 'promotion-gate/scores@1', reference: { id: 'g' }, kind: 'entities',
      aggregate: { exact: { tp: 1, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1, per_label: {} }, overlap: null, set: null, ignored: 0 },
    }, 'g');
    expect([...entity.keys()]).toEqual(['exact.precision', 'exact.recall', 'exact.f1']);
  });

  it('refuses a file of another schema or another reference', () => {
    expect(() => scoresMetrics({ schema: 'x' }, 'r')).toThrow(/not a promotion-gate\/scores@1 file/);
    expect(() => scoresMetrics({ schema: 'promotion-gate/scores@1', reference: { id: 'other' }, kind: 'text', aggregate: { exact_match: 0, token_f1: 0, rougeL_precision: 0, rougeL_recall: 0, rougeL_f1: 0 } }, 'r'))
      .toThrow(/scores reference "other", not "r"/);
  });
});
