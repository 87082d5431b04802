/**
 * The streaming secret scan's pre-filter: whether a window of bytes may hold a secret at all,
 * decided several times faster than the combined regex can search it (which tries every
 * pattern at every position: ~0.4-0.5 GB/s, against ~1.5 GB/s here), so that the regex only
 * runs on windows that may. The findings are exactly those of the full scan:
 *
 *   every match of a pattern contains an anchor of that pattern (two bytes, case-sensitive)
 *   inside the part that matches the pattern's hint, and no such hint match is longer than
 *   MAX_HINT_LENGTH (both checked per pattern by tests/unit/provenance/secrets/prefilter.test.ts);
 *
 * so a window without a hint match within MAX_HINT_LENGTH of an anchor holds no match, and the
 * regex would have found nothing in it. Anchors are looked up four bytes at a time in a table
 * of all 65,536 byte pairs (one word read, four lookups), then confirmed with `mayHoldSecret`.
 */
import { endianness } from 'node:os';
import { MAX_HINT_LENGTH, SECRET_ANCHORS, mayHoldSecret } from './patterns.js';

/** 1 at (first byte << 8 | second byte) for every anchor. */
const ANCHOR_PAIRS = new Uint8Array(65536);
for (const anchor of SECRET_ANCHORS) ANCHOR_PAIRS[(anchor.charCodeAt(0) << 8) | anchor.charCodeAt(1)] = 1;

/** Words are read in the machine's byte order; the word loop below assumes little-endian. */
const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * Whether `text` may hold a secret. `text` is a `headLength`-character head (the previous
 * window's tail, carried over) followed by the latin1 decoding of `bytes[start, end)`, one
 * character per byte.
 */
export function windowMayHoldSecret(text: string, headLength: number, bytes: Uint8Array, start: number, end: number): boolean {
  // A hint match starting in the head ends within MAX_HINT_LENGTH characters after it; one
  // starting after the head has its anchor inside `bytes`.
  if (headLength > 0 && mayHoldSecret(text.slice(0, headLength + MAX_HINT_LENGTH))) return true;
  for (let at = findAnchor(bytes, start + 1, end); at !== -1; at = findAnchor(bytes, at + 1, end)) {
    const q = headLength + (at - start); // text index of the anchor's second character
    if (mayHoldSecret(text.slice(Math.max(0, q - MAX_HINT_LENGTH), q + MAX_HINT_LENGTH))) return true;
  }
  return false;
}

/** The smallest j in [from, end) where bytes[j - 1], bytes[j] is an anchor, or -1 (from >= 1). */
export function findAnchor(bytes: Uint8Array, from: number, end: number): number {
  let j = from;
  if (LITTLE_ENDIAN) {
    // Byte by byte up to a word boundary of the underlying buffer, then a word at a time.
    for (; j < end && ((bytes.byteOffset + j) & 3) !== 0; j++) {
      if (ANCHOR_PAIRS[(bytes[j - 1]! << 8) | bytes[j]!] !== 0) return j;
    }
    const count = Math.max(0, end - j) >>> 2;
    if (count > 0) {
      const words = new Uint32Array(bytes.buffer, bytes.byteOffset + j, count);
      let previous = bytes[j - 1]!;
      for (let w = 0; w < count; w++) {
        const word = words[w]!;
        const b0 = word & 0xff;
        const b1 = (word >>> 8) & 0xff;
        const b2 = (word >>> 16) & 0xff;
        const b3 = word >>> 24;
        if ((ANCHOR_PAIRS[(previous << 8) | b0]! | ANCHOR_PAIRS[(b0 << 8) | b1]! | ANCHOR_PAIRS[(b1 << 8) | b2]! | ANCHOR_PAIRS[(b2 << 8) | b3]!) !== 0) {
          const base = j + 4 * w;
          for (let k = base; k < base + 4; k++) if (ANCHOR_PAIRS[(bytes[k - 1]! << 8) | bytes[k]!] !== 0) return k;
        }
        previous = b3;
      }
      j += 4 * count;
    }
  }
  for (; j < end; j++) if (ANCHOR_PAIRS[(bytes[j - 1]! << 8) | bytes[j]!] !== 0) return j;
  return -1;
}
