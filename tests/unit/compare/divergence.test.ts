/**
 * Output divergence measures: whitespace normalisation, how an output value becomes text,
 * token F1 (checked on hand-computed cases), and the tally's exact share and bins.
 */
import { describe, expect, it } from 'vitest';
import { DivergenceTally, normalizeWhitespace, outputText, tokenF1 } from '../../../src/compare/divergence.js';

describe('token F1 (SQuAD v1.1 bag-of-tokens F1)', () => {
  it.each([
    ['the cat sat', 'the cat sat', 1],
    ['the cat sat', 'the cat', 0.8], // P = 2/2, R = 2/3
    ['a a b', 'a b b', 2 / 3], // shared counted with multiplicity: a once, b once
    ['Hello, World!', 'hello world', 1], // case and punctuation are not tokens
    ['x y z', 'p q r', 0],
    ['', '', 1],
    ['...', 'word', 0],
    ['Straße über', 'strasse über', 0.5], // Unicode letters are tokens
    ['item 1 alpha', 'item 1 beta', 2 / 3],
  ])('%j vs %j = %d', (a, b, expected) => {
    expect(tokenF1(a, b)).toBeCloseTo(expected, 12);
    expect(tokenF1(b, a)).toBeCloseTo(expected, 12);
  });
});

describe('output text', () => {
  it('normalises whitespace runs and ends', () => {
    expect(normalizeWhitespace('  a \n\t b\r\n c  ')).toBe('a b c');
    expect(normalizeWhitespace('\u00a0a\u2003b')).toBe('a b');
    for (const [text, normal] of [['', ''], [' ', ''], ['a', 'a'], ['a b', 'a b'], ['a  b', 'a b'], [' a', 'a'], ['a ', 'a'], ['a\nb', 'a b'], ['a\u2028b', 'a b'], ['é è', 'é è']]) {
      expect(normalizeWhitespace(text as string)).toBe(normal);
      expect(normalizeWhitespace(text as string)).toBe((text as string).replace(/\s+/g, ' ').trim());
    }
  });

  it('reads strings as they are, a one-string object as its string, anything else as key-sorted JSON', () => {
    expect(outputText('x')).toBe('x');
    expect(outputText({ summary_final: 'text' })).toBe('text');
    expect(outputText({ b: 1, a: [{ y: 2, x: 1 }] })).toBe(outputText({ a: [{ x: 1, y: 2 }], b: 1 }));
    expect(outputText({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(outputText(null)).toBeUndefined();
    expect(outputText(undefined)).toBeUndefined();
    expect(outputText(3)).toBe('3');
  });
});

describe('DivergenceTally', () => {
  it('reports the share exactly, and F1 in fixed bins with exact 1 apart', () => {
    const tally = new DivergenceTally();
    for (let i = 0; i < 63; i++) tally.add(true, 1);
    for (let i = 0; i < 37; i++) tally.add(false, 0.9);
    tally.missing('b');
    const s = tally.summary();
    expect(s).toMatchObject({ items: 100, differing: 37, share: 0.37, without_output: { a: 0, b: 1 } });
    expect(s.similarity.identical_tokens).toBe(63);
    expect(s.similarity.bins.map((b) => b.count)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 37]);
    expect(s.similarity.quantiles).toEqual({ p10: 0.9, p25: 0.9, p50: 1, p75: 1, p90: 1 });
    expect(s.similarity.note).toBeUndefined();
  });

  it('reports no token F1 at all rather than a biased subset once it was dropped', () => {
    const tally = new DivergenceTally();
    tally.add(false, 0.5);
    tally.dropSimilarity('not computed: reason');
    tally.add(true, undefined);
    const s = tally.summary();
    expect(s).toMatchObject({ items: 2, differing: 1, share: 0.5 });
    expect(s.similarity).toMatchObject({ items: 0, mean: null, quantiles: null, note: 'not computed: reason' });
  });
});
