/**
 * Text against a reference text, item by item: exact match and token F1 as SQuAD defines them,
 * and ROUGE-L as Google's rouge-score computes it. Pure functions; the tokenisations are the
 * published ones so that our numbers can be checked against theirs.
 *
 * SQuAD (Rajpurkar et al. 2016; the official evaluate-v1.1.py / evaluate-v2.0.py):
 *   normalize(s) = collapse whitespace(remove articles(remove punctuation(lowercase(s))))
 *   - punctuation is Python's string.punctuation (the 32 ASCII characters !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~), deleted;
 *   - articles are the whole words a, an, the, replaced by a space;
 *   exact_match = 1 when normalize(prediction) == normalize(reference), else 0;
 *   token F1: with the multiset intersection C of the two token lists (tokens = normalize(s) split on whitespace),
 *     precision = |C| / |prediction tokens|, recall = |C| / |reference tokens|, F1 = 2PR / (P + R), 0 when |C| = 0;
 *     when either side has no token, F1 = 1 if both have none, else 0 (evaluate-v2.0.py).
 *
 * ROUGE-L (Lin 2004; rouge-score's rouge_scorer._score_lcs, use_stemmer=False, its default):
 *   tokens = lowercase, every run of characters outside [a-z0-9] becomes a space, split on whitespace,
 *   keep tokens matching ^[a-z0-9]+$ (so non-ASCII letters are dropped: "café" gives "caf");
 *   precision = LCS / |prediction tokens|, recall = LCS / |reference tokens|, F = 2PR / (P + R) (0 when P + R = 0);
 *   all three are 0 when either side has no token. No Porter stemming: with rouge-score's
 *   use_stemmer=True scores can be slightly higher.
 */
import { ArtifactError } from '../contract/errors.js';

export interface PrecisionRecall {
  precision: number;
  recall: number;
  f1: number;
}

/** F-measure as rouge-score's scoring.fmeasure: 2PR / (P + R), 0 when both are 0. */
export function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

// ---- SQuAD

const SQUAD_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
// Python's \b is Unicode-aware (word characters are letters, digits and _), and str.split()
// splits on Python's whitespace set; JavaScript's \b and \s differ outside ASCII, so both are spelled out.
const SQUAD_ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;
// eslint-disable-next-line no-control-regex -- Python's whitespace includes these control characters
const PYTHON_WHITESPACE = /[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** SQuAD's normalize_answer. */
export function squadNormalize(text: string): string {
  const lowered = text.toLowerCase().replace(SQUAD_PUNCTUATION, '');
  return lowered.replace(SQUAD_ARTICLES, ' ').split(PYTHON_WHITESPACE).filter((t) => t !== '').join(' ');
}

export function squadTokens(text: string): string[] {
  const normalized = squadNormalize(text);
  return normalized === '' ? [] : normalized.split(' ');
}

export function exactMatch(prediction: string, reference: string): 0 | 1 {
  return squadNormalize(prediction) === squadNormalize(reference) ? 1 : 0;
}

/** Size of the multiset intersection of two token lists. */
function commonCount(a: readonly string[], b: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const token of b) counts.set(token, (counts.get(token) ?? 0) + 1);
  let common = 0;
  for (const token of a) {
    const left = counts.get(token) ?? 0;
    if (left > 0) {
      common++;
      counts.set(token, left - 1);
    }
  }
  return common;
}

export function tokenF1(prediction: string, reference: string): PrecisionRecall {
  const predicted = squadTokens(prediction);
  const expected = squadTokens(reference);
  if (predicted.length === 0 || expected.length === 0) {
    const same = predicted.length === expected.length ? 1 : 0;
    return { precision: same, recall: same, f1: same };
  }
  const common = commonCount(predicted, expected);
  if (common === 0) return { precision: 0, recall: 0, f1: 0 };
  const precision = common / predicted.length;
  const recall = common / expected.length;
  return { precision, recall, f1: fmeasure(precision, recall) };
}

// ---- ROUGE-L

/** rouge-score's tokenize.tokenize without a stemmer. */
export function rougeTokens(text: string): string[] {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').split(/\s+/).filter((t) => /^[a-z0-9]+$/.test(t));
}

/**
 * The LCS table costs |a| * |b| steps: beyond this many cells (about a second) an item is refused
 * rather than stalling the command. Summaries are far below it (2,000 x 2,000 = 4e6).
 */
export const MAX_LCS_CELLS = 400_000_000;

/** Length of the longest common subsequence (the classic DP, two rows of memory). */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  // Index tokens as integers so the inner loop compares numbers.
  const ids = new Map<string, number>();
  const encode = (tokens: readonly string[]): Int32Array => Int32Array.from(tokens, (t) => {
    let id = ids.get(t);
    if (id === undefined) ids.set(t, (id = ids.size));
    return id;
  });
  const x = encode(a);
  const y = encode(b);
  let previous = new Uint32Array(y.length + 1);
  let current = new Uint32Array(y.length + 1);
  for (let i = 1; i <= x.length; i++) {
    const xi = x[i - 1];
    for (let j = 1; j <= y.length; j++) {
      current[j] = xi === y[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    }
    [previous, current] = [current, previous];
  }
  return previous[y.length]!;
}

/** ROUGE-L of `prediction` against `reference` (rouge-score's score(target=reference, prediction)). */
export function rougeL(prediction: string, reference: string, where?: { file: string; id: string }): PrecisionRecall {
  const predicted = rougeTokens(prediction);
  const expected = rougeTokens(reference);
  if (predicted.length === 0 || expected.length === 0) return { precision: 0, recall: 0, f1: 0 };
  if (predicted.length * expected.length > MAX_LCS_CELLS) {
    throw new ArtifactError(
      { file: where?.file ?? 'text' },
      `item ${JSON.stringify(where?.id ?? '?')}: ${predicted.length} x ${expected.length} tokens is too long for ROUGE-L (at most ${MAX_LCS_CELLS} token pairs)`,
      'score.too-long',
    );
  }
  const lcs = lcsLength(expected, predicted);
  const precision = lcs / predicted.length;
  const recall = lcs / expected.length;
  return { precision, recall, f1: fmeasure(precision, recall) };
}
