// Text scores against published examples and hand-computed values.
//
// ROUGE-L: the expected numbers are rouge-score's own tests (google-research/google-research,
// rouge/rouge_scorer_test.py: testRougeLConsecutive, testRougeLNonConsecutive, testRougeEmpty,
// testLcsTable, testRougeLAgainstRouge155), whose "AgainstRouge155" values are from the official
// ROUGE-1.5.5 Perl script on the first two lines of rouge/testdata/{target,prediction}.txt.
// Exact match and token F1: SQuAD's definition (evaluate-v1.1.py normalize_answer and f1_score;
// evaluate-v2.0.py for empty answers), computed by hand below, and the published examples of the
// SQuAD metric card (huggingface/datasets, metrics/squad/README.md, "Examples").
import { describe, expect, it } from 'vitest';
import {
  exactMatch, fmeasure, lcsLength, MAX_LCS_CELLS, rougeL, rougeTokens, squadNormalize, squadTokens, tokenF1,
} from '../../../src/score/text-metrics.js';

// rouge/testdata/target.txt and prediction.txt, lines 1 and 2 (synthetic text, published with the expected scores).
const TARGETS = [
  "ZfbCUIUuePaiLVUlCaUXxkpu XPeWing tUHfPMuZ',-Xd Y BrUgVJing M-HV.-DgdDaY.rFDJCRing Ht-LM EKBDXkME,yz'RBr q'wtion wIojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxer tKM L",
  "KsJdPByEtAor fE-Qg Dpdbring cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMtion psing sbKao Q m qiing LMmer HqqLFXe,XPY,J XsurkMer ,ed nB'wH'bWVHjWFEing tQ.saefZwJtKrTlixYpMMsJing UCAPwNHeYVjDing c T BUySKtion gMPfJpwGw p'NvxAoping eu pBwMBKV'I DNxqelhu,PHPxDEq,mtion SN",
];
const PREDICTIONS = [
  "rFDJCRtion Ht-LM EKtDXkME,yz'RBr q'wer wrojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxi",
  "n cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMer pstion sbKao Q m qier LMmed HqqLFXe,XPY,J XsurkMeo ,ed nB'wH'bWVHjWFEer tQ.saefZwJtKrTlixYpMMNJtion UCAPwNHeYVjD",
];

describe('ROUGE-L as rouge-score computes it', () => {
  it.each([
    // [test name, target (reference), prediction, precision, recall, F]
    ['testRougeLConsecutive', 'testing one two', 'testing one', 1, 2 / 3, 4 / 5],
    ['testRougeLNonConsecutive', 'testing one two', 'testing two', 1, 2 / 3, 4 / 5],
    ['testRougeEmpty', 'testing one two', '', 0, 0, 0],
  ])('%s', (_name, target, prediction, precision, recall, f) => {
    const score = rougeL(prediction, target);
    expect(score.precision).toBeCloseTo(precision, 12);
    expect(score.recall).toBeCloseTo(recall, 12);
    expect(score.f1).toBeCloseTo(f, 12);
  });

  it('matches ROUGE-1.5.5 on the published test data (testRougeLAgainstRouge155, 5 places)', () => {
    const first = rougeL(PREDICTIONS[0]!, TARGETS[0]!);
    expect(first.recall).toBeCloseTo(0.40741, 5);
    expect(first.precision).toBeCloseTo(0.6875, 5);
    expect(first.f1).toBeCloseTo(0.51163, 5);
    const second = rougeL(PREDICTIONS[1]!, TARGETS[1]!);
    expect(second.recall).toBeCloseTo(0.40476, 5);
    expect(second.precision).toBeCloseTo(0.65385, 5);
    expect(second.f1).toBeCloseTo(0.5, 5);
  });

  it('finds the LCS of testLcsTable (3) and none for disjoint lists', () => {
    expect(lcsLength(['1', '2', '3', '4', '5'], ['2', '5', '3', '4'])).toBe(3);
    expect(lcsLength(['1', '2', '3', '4', '5'], ['8', '9'])).toBe(0);
    expect(lcsLength([], ['a'])).toBe(0);
  });

  it('tokenises like rouge-score: lowercase, [a-z0-9] runs only, non-ASCII letters dropped', () => {
    expect(rougeTokens("The quick-brown FOX's 2nd   jump!")).toEqual(['the', 'quick', 'brown', 'fox', 's', '2nd', 'jump']);
    expect(rougeTokens('café naïve')).toEqual(['caf', 'na', 've']);
    expect(rougeTokens(' /// ')).toEqual([]);
  });

  it('hand-computed: LCS "a b d" of "a b c d" against "a x b d" gives P = R = F = 3/4', () => {
    const score = rougeL('a x b d', 'a b c d');
    expect(score).toEqual({ precision: 0.75, recall: 0.75, f1: 0.75 });
  });

  it('refuses a pair of texts too long for the LCS table, naming the item', () => {
    const long = Array.from({ length: Math.ceil(Math.sqrt(MAX_LCS_CELLS)) + 10 }, (_, i) => `w${i}`).join(' ');
    expect(() => rougeL(long, long, { file: 'runs/x/predictions.jsonl', id: 'ep1' })).toThrow(/runs\/x\/predictions.jsonl: item "ep1": .* too long for ROUGE-L/);
  });

  it('F-measure is 2PR/(P+R), 0 when both are 0', () => {
    expect(fmeasure(1, 1 / 3)).toBeCloseTo(0.5, 12);
    expect(fmeasure(0, 0)).toBe(0);
  });
});

describe("exact match and token F1 as SQuAD defines them", () => {
  it('normalises: lowercase, punctuation removed (not spaced), articles removed, whitespace collapsed', () => {
    expect(squadNormalize('  The Cat,  sat!! ')).toBe('cat sat');
    expect(squadNormalize("rock'n'roll, an apple a day")).toBe('rocknroll apple day');
    // "the" inside a word is not an article; Python's \b is Unicode-aware, so "éthe" keeps its "the".
    expect(squadNormalize('theory of athens éthe')).toBe('theory of athens éthe');
    expect(squadTokens('A the an')).toEqual([]);
  });

  it.each([
    ['The Cat', 'cat', 1],
    ['cat.', 'the cat', 1],
    ['cats', 'cat', 0],
    ['', 'a', 1], // both normalise to the empty string
  ])('exact_match(%j, %j) = %i', (prediction, reference, expected) => {
    expect(exactMatch(prediction, reference)).toBe(expected);
  });

  it.each([
    // prediction, reference, precision, recall, F1 (hand-computed)
    // "cat sat on mat" vs "cat sat down": 2 common of 4 and 3 tokens.
    ['the cat sat on the mat', 'a cat sat down', 2 / 4, 2 / 3, 4 / 7],
    // Multiset intersection: "x x y" vs "x z": one x in common.
    ['x x y', 'x z', 1 / 3, 1 / 2, 2 / 5],
    ['Denver Broncos', 'denver broncos!', 1, 1, 1],
    ['nothing alike', 'completely different', 0, 0, 0],
    // evaluate-v2.0.py: an empty side scores 1 only when both are empty.
    ['the', 'a', 1, 1, 1],
    ['', 'something', 0, 0, 0],
  ])('token_f1(%j, %j)', (prediction, reference, precision, recall, f1) => {
    const score = tokenF1(prediction, reference);
    expect(score.precision).toBeCloseTo(precision, 12);
    expect(score.recall).toBeCloseTo(recall, 12);
    expect(score.f1).toBeCloseTo(f1, 12);
  });

  // The metric card's three examples, in percent there, as fractions here.
  it.each([
    ['perfect match', [['1976', '1976']], 1, 1],
    ['no match', [['1999', '1976']], 0, 0],
    // "Beyonce" shares no token with "Beyoncé and Bruno Mars" (no accent folding): 2 of 3.
    ['partial match (2 out of 3)', [['1976', '1976'], ['Beyonce', 'Beyoncé and Bruno Mars'], ['climate change', 'climate change']], 2 / 3, 2 / 3],
  ])('the SQuAD metric card example: %s', (_name, pairs, em, f1) => {
    const list = pairs as [string, string][];
    const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean(list.map(([p, r]) => exactMatch(p, r)))).toBeCloseTo(em, 12);
    expect(mean(list.map(([p, r]) => tokenF1(p, r).f1))).toBeCloseTo(f1, 12);
  });
});
