// Entity matching, table by table, against counts worked out by hand.
import { describe, expect, it } from 'vitest';
import { matchSets, matchSpans, normalizeEntityText, precisionRecall, type Entity } from '../../../src/score/entity-metrics.js';

const e = (label: string, start: number, end: number, text?: string): Entity => ({ label, start, end, ...(text === undefined ? {} : { text }) });

describe('exact matching: same label, same [start, end)', () => {
  it.each<[string, Entity[], Entity[], { tp: number; fp: number; fn: number }]>([
    ['one hit, one miss each way', [e('PER', 0, 4), e('PER', 10, 14)], [e('PER', 0, 4), e('PER', 20, 24)], { tp: 1, fp: 1, fn: 1 }],
    ['a shifted span is no match', [e('PER', 1, 5)], [e('PER', 0, 4)], { tp: 0, fp: 1, fn: 1 }],
    ['a wrong label is no match', [e('ORG', 0, 4)], [e('PER', 0, 4)], { tp: 0, fp: 1, fn: 1 }],
    ['duplicates count once each (multiset)', [e('PER', 0, 4), e('PER', 0, 4), e('PER', 0, 4)], [e('PER', 0, 4), e('PER', 0, 4)], { tp: 2, fp: 1, fn: 0 }],
    ['nothing predicted', [], [e('PER', 0, 4)], { tp: 0, fp: 0, fn: 1 }],
  ])('%s', (_name, predicted, reference, counts) => {
    const result = matchSpans(predicted, reference, 'exact');
    expect({ tp: result.tp, fp: result.fp, fn: result.fn }).toEqual(counts);
  });

  it('counts per label', () => {
    const result = matchSpans([e('PER', 0, 4), e('ORG', 5, 9)], [e('PER', 0, 4), e('ORG', 20, 29), e('GPE', 30, 33)], 'exact');
    expect(Object.fromEntries(result.perLabel)).toEqual({
      GPE: { tp: 0, fp: 0, fn: 1 },
      ORG: { tp: 0, fp: 1, fn: 1 },
      PER: { tp: 1, fp: 0, fn: 0 },
    });
  });
});

describe('overlap matching: same label, a shared character, one-to-one, largest matching', () => {
  it.each<[string, Entity[], Entity[], number]>([
    ['touching spans do not overlap ([0,4) and [4,8))', [e('PER', 0, 4)], [e('PER', 4, 8)], 0],
    ['one shared character is enough', [e('PER', 3, 9)], [e('PER', 0, 4)], 1],
    ['containment overlaps', [e('PER', 0, 20)], [e('PER', 5, 6)], 1],
    ['one prediction cannot match two references', [e('PER', 0, 20)], [e('PER', 0, 5), e('PER', 10, 15)], 1],
    // Greedy in input order would pair a with r1 and leave b unmatched; the largest matching is a-r2, b-r1.
    ['the largest matching, whatever the order', [e('PER', 0, 12), e('PER', 0, 3)], [e('PER', 2, 4), e('PER', 10, 14)], 2],
    ['labels still have to agree', [e('ORG', 0, 12)], [e('PER', 2, 4)], 0],
  ])('%s', (_name, predicted, reference, tp) => {
    const result = matchSpans(predicted, reference, 'overlap');
    expect(result.tp).toBe(tp);
    expect(result.fp).toBe(predicted.length - tp);
    expect(result.fn).toBe(reference.length - tp);
  });

  it('finds the largest matching of a crowded chain, against brute force', () => {
    // Chains of overlapping spans in both orders; brute force over all assignments checks the size.
    const predicted = [e('X', 0, 3), e('X', 2, 5), e('X', 4, 7), e('X', 6, 9), e('X', 0, 9)];
    const reference = [e('X', 1, 2), e('X', 3, 4), e('X', 5, 6), e('X', 8, 9)];
    const overlaps = (a: Entity, b: Entity): boolean => a.start! < b.end! && b.start! < a.end!;
    let best = 0;
    const visit = (i: number, used: Set<number>, size: number): void => {
      if (i === predicted.length) {
        best = Math.max(best, size);
        return;
      }
      visit(i + 1, used, size);
      reference.forEach((r, j) => {
        if (!used.has(j) && overlaps(predicted[i]!, r)) visit(i + 1, new Set([...used, j]), size + 1);
      });
    };
    visit(0, new Set(), 0);
    expect(best).toBe(4);
    expect(matchSpans(predicted, reference, 'overlap').tp).toBe(best);
    expect(matchSpans([...predicted].reverse(), [...reference].reverse(), 'overlap').tp).toBe(best);
  });
});

describe('set matching: distinct (label, normalised text) pairs', () => {
  it('normalises text: trimmed, whitespace collapsed, trailing punctuation dropped, lowercased', () => {
    expect(normalizeEntityText('  Maya:  ')).toBe('maya');
    expect(normalizeEntityText('Singletrack\n Sessions.')).toBe('singletrack sessions');
    expect(normalizeEntityText('U.S.A.')).toBe('u.s.a');
  });

  it('counts distinct pairs, ignoring positions and repeats', () => {
    const predicted = [e('PER', 0, 4, 'Maya'), e('PER', 50, 55, 'Maya:'), e('PER', 9, 13, 'Liam'), e('ORG', 0, 3, 'Acme')];
    const reference = [e('PER', 3, 7, 'maya'), e('PER', 70, 74, 'Maya'), e('ORG', 0, 3, 'Acme Inc'), e('PER', 9, 13, 'Zoe')];
    const result = matchSets(predicted, reference);
    // predicted {PER maya, PER liam, ORG acme}; reference {PER maya, PER zoe, ORG acme inc}
    expect({ tp: result.tp, fp: result.fp, fn: result.fn }).toEqual({ tp: 1, fp: 2, fn: 2 });
  });
});

describe('precision, recall and F1 from counts', () => {
  it.each([
    [{ tp: 13, fp: 0, fn: 2 }, 1, 13 / 15, 26 / 28],
    [{ tp: 1, fp: 288, fn: 300 }, 1 / 289, 1 / 301, 2 / 590],
    [{ tp: 0, fp: 0, fn: 5 }, 0, 0, 0],
    [{ tp: 0, fp: 3, fn: 0 }, 0, 0, 0],
    // Nothing to find and nothing found: perfect.
    [{ tp: 0, fp: 0, fn: 0 }, 1, 1, 1],
  ])('%j', (counts, precision, recall, f1) => {
    const score = precisionRecall(counts);
    expect(score.precision).toBeCloseTo(precision, 12);
    expect(score.recall).toBeCloseTo(recall, 12);
    expect(score.f1).toBeCloseTo(f1, 12);
  });
});
