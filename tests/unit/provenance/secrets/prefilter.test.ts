/**
 * The secret scan's byte-level pre-filter must never change a finding. Three things make that
 * so, each checked here: every pattern's matches carry one of its anchors inside a short hint
 * match; the word-at-a-time anchor search finds what a byte-by-byte one finds; and the
 * streaming scan (pre-filter on) reports exactly what a plain whole-text regex scan, written
 * independently below, reports, on texts built to hit anchors, hints and window boundaries.
 * Token-shaped strings are generated at run time from the patterns themselves.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_HINT_LENGTH, SECRET_ANCHORS, SECRET_PATTERNS, classifyMatch, combinedSecretRegex } from '../../../../src/provenance/secrets/patterns.js';
import { findAnchor } from '../../../../src/provenance/secrets/prefilter.js';
import { SecretScanner, type SecretFinding } from '../../../../src/provenance/secrets/scanner.js';

/** A pattern's language without its negative lookaheads (a superset: fast-check cannot generate those). */
const generatorFor = (source: string) => fc.stringMatching(new RegExp(`^(?:${source.replace(/\(\?![^()]*(?:\([^()]*\)[^()]*)*\)/g, '')})$`));

/** Start and end of every match of `hint` (case-insensitive) in `text`, overlapping ones included. */
function hintMatches(hint: string, text: string): Array<[number, number]> {
  const regex = new RegExp(hint, 'gi');
  const out: Array<[number, number]> = [];
  for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
    out.push([m.index, m.index + m[0].length]);
    regex.lastIndex = m.index + 1;
  }
  return out;
}

describe('secret pattern anchors', () => {
  it.each(SECRET_PATTERNS.map((p) => [p.kind, p] as const))('every %s match has an anchor inside a hint match of at most MAX_HINT_LENGTH', (_kind, pattern) => {
    fc.assert(
      fc.property(generatorFor(pattern.source), (match) => {
        const covered = hintMatches(pattern.hint, match).some(([start, end]) =>
          end - start <= MAX_HINT_LENGTH && pattern.anchors.some((anchor) => {
            for (let at = match.indexOf(anchor, start); at !== -1 && at + 2 <= end; at = match.indexOf(anchor, at + 1)) return true;
            return false;
          }));
        expect(covered, match.slice(0, 24)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('are all two characters, one byte each', () => {
    for (const anchor of SECRET_ANCHORS) expect(anchor).toMatch(/^[\x21-\x7e]{2}$/);
  });
});

describe('findAnchor', () => {
  const naive = (bytes: Uint8Array, from: number, end: number): number => {
    const pairs = new Set(SECRET_ANCHORS);
    for (let j = from; j < end; j++) if (pairs.has(String.fromCharCode(bytes[j - 1]!, bytes[j]!))) return j;
    return -1;
  };
  const piece = fc.oneof(fc.constantFrom(...SECRET_ANCHORS), fc.constantFrom('a', 'b', '_', '-', 'k', 'I', 'A', ' ', '\n', 'é'), fc.string({ maxLength: 6 }));

  it('finds the first anchor a byte-by-byte search finds, at any alignment', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.nat(7), fc.nat(), fc.nat(), (pieces, shift, a, b) => {
        const text = Buffer.from(pieces.join(''));
        // Copied at an offset so that the words read are misaligned in every way.
        const backing = new Uint8Array(text.length + shift);
        backing.set(text, shift);
        const bytes = backing.subarray(shift);
        if (bytes.length < 2) return;
        const from = 1 + (a % (bytes.length - 1));
        const end = from + (b % (bytes.length - from + 1));
        expect(findAnchor(bytes, from, end)).toBe(naive(bytes, from, end));
      }),
      { numRuns: 2000 },
    );
  });
});

/** The independent reference: one regex over the whole text, no windows, no pre-filter. */
function wholeTextScan(bytes: Buffer): { findings: SecretFinding[]; total: number } {
  const text = bytes.toString('latin1');
  const regex = combinedSecretRegex();
  const findings: SecretFinding[] = [];
  let total = 0;
  for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
    const found = classifyMatch(m, text);
    if (!found) {
      regex.lastIndex = m.index + 1;
      continue;
    }
    total++;
    if (findings.length < 50) findings.push({ kind: found.kind, line: text.slice(0, m.index).split('\n').length, masked: found.masked });
  }
  return { findings, total };
}

function streamingScan(bytes: Buffer, chunk: number): { findings: SecretFinding[]; total: number } {
  const scanner = new SecretScanner();
  for (let i = 0; i < bytes.length; i += chunk) scanner.push(bytes.subarray(i, i + chunk));
  scanner.end();
  return { findings: scanner.findings, total: scanner.total };
}

describe('the streaming scan with its pre-filter', () => {
  const secret = fc.oneof(...SECRET_PATTERNS.map((p) => generatorFor(p.source)));
  const near = fc.constantFrom('secret', 'SeCrEt', 'aws_secret_access_key=', 'AccountKey=', 'wandb', 'WANDB_API_KEY=', 'api.wandb.ai', 'hooks.slack.com/services/', '-----BEGIN', 'AKIA', 'xoxb-', 'Q~', 'sk-', 'npm_', 'user_id', 'book.', 'ghp_');
  const filler = fc.oneof(
    fc.constantFrom(' ', '\n', '\r\n', '"', '":"', ',', '{"id":"x-1","output":"', 'the model ', 'feedback ', 'héllo ', '\u2028'),
    fc.constantFrom(...SECRET_ANCHORS),
    fc.string({ maxLength: 8 }),
  );
  const text = fc.array(fc.oneof({ weight: 1, arbitrary: secret }, { weight: 3, arbitrary: near }, { weight: 8, arbitrary: filler }), { maxLength: 40 }).map((parts) => parts.join(''));

  it('finds one secret alone in clean text (anchors without hints around it), any chunk size', () => {
    // Nothing else in the text can make the pre-filter search a window: the secret's own anchor must.
    const pad = '{"id":"a","output":"the user_id of the book. feedback"}\n'.repeat(8);
    fc.assert(
      fc.property(secret, fc.constantFrom(' ', '"', '\n', '='), fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.constant(1 << 20)), (key, around, chunk) => {
        // 20 spaces: no anchor of the padding is near enough for its check to see the secret's hint.
        const bytes = Buffer.from(`${pad}${' '.repeat(20)}${around}${key}${around}${' '.repeat(20)}${pad}`);
        const expected = wholeTextScan(bytes);
        expect(streamingScan(bytes, chunk)).toEqual(expected);
      }),
      { numRuns: 1500 },
    );
  });

  it('finds exactly what a whole-text regex scan finds (small texts, any chunk size)', () => {
    // Padded: the last MAX_SECRET_LENGTH bytes of a file are searched at its end, without the pre-filter.
    const pad = '{"id":"a","output":"the user_id of the book."}\n'.repeat(8);
    fc.assert(
      fc.property(text, fc.oneof(fc.integer({ min: 1, max: 400 }), fc.constant(1 << 20)), (t, chunk) => {
        const bytes = Buffer.from(pad + t + pad);
        expect(streamingScan(bytes, chunk)).toEqual(wholeTextScan(bytes));
      }),
      { numRuns: 1500 },
    );
  });

  it('finds exactly what a whole-text regex scan finds across 64 KiB windows', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(200_000), text), { minLength: 1, maxLength: 6 }), fc.constantFrom(65_536, 100_000, 1 << 22), (inserts, chunk) => {
        // 200 KB of JSONL-like filler (anchors and look-alikes included), with texts inserted
        // at random offsets, some of them next to window boundaries.
        const line = '{"id":"item-0000001","dataset_id":"ds_v1","output":"the user_id of the book. feedback","scores":{"exact_match":1}}\n';
        let body = line.repeat(Math.ceil(200_000 / line.length));
        for (const [at, t] of inserts.sort((x, y) => y[0] - x[0])) {
          const where = at % 3 === 0 ? 65_536 * (1 + (at % 2)) - (at % 40) : at;
          body = body.slice(0, where) + t + body.slice(where);
        }
        const bytes = Buffer.from(body);
        expect(streamingScan(bytes, chunk)).toEqual(wholeTextScan(bytes));
      }),
      { numRuns: 40 },
    );
  });
});
