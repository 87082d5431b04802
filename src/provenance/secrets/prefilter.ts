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
 * regex would have found nothing in it. Anchors are looked up eight bytes at a time in a table
 * of all 65,536 byte pairs indexed by their little-endian 16-bit value, so that each pair of a
 * word is one shift or mask of it (two word reads, eight lookups: ~2.3 GB/s against ~1.6 GB/s
 * one word at a time, ~0.75 GB/s byte by byte), then confirmed with `mayHoldSecret`.
 */
import { endianness } from 'node:os';
import { MAX_HINT_LENGTH, SECRET_ANCHORS, mayHoldSecret } from './patterns.js';

/** 1 at (first byte | second byte << 8) for every anchor: two bytes read as a little-endian 16-bit value. */
const ANCHOR_PAIRS = new Uint8Array(65536);
for (const anchor of SECRET_ANCHORS) ANCHOR_PAIRS[anchor.charCodeAt(0) | (anchor.charCodeAt(1) << 8)] = 1;

const isAnchor = (bytes: Uint8Array, j: number): boolean => ANCHOR_PAIRS[bytes[j - 1]! | (bytes[j]! << 8)] !== 0;

/** Words are read in the machine's byte order; the word loop below assumes little-endian. */
const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * Whether a window may hold a secret. The window's text is `head` (the previous window's tail,
 * carried over) followed by the latin1 decoding of `bytes[start, end)`, one character per
 * byte; only the few characters around an anchor are ever decoded here, so a window cleared by
 * this test is never decoded at all.
 */
export function windowMayHoldSecret(head: string, bytes: Buffer, start: number, end: number): boolean {
  const headLength = head.length;
  // A hint match starting in the head ends within MAX_HINT_LENGTH characters after it; one
  // starting after the head has its anchor inside `bytes`.
  if (headLength > 0 && mayHoldSecret(windowText(head, bytes, start, end, 0, headLength + MAX_HINT_LENGTH))) return true;
  for (let at = findAnchor(bytes, start + 1, end); at !== -1; at = findAnchor(bytes, at + 1, end)) {
    const q = headLength + (at - start); // window index of the anchor's second character
    if (mayHoldSecret(windowText(head, bytes, start, end, q - MAX_HINT_LENGTH, q + MAX_HINT_LENGTH))) return true;
  }
  return false;
}

/**
 * Characters [from, to) of the window `head` + latin1(bytes[start, end)) (clamped to it),
 * decoding only the bytes they cover.
 */
export function windowText(head: string, bytes: Buffer, start: number, end: number, from: number, to: number): string {
  const headLength = head.length;
  const first = Math.max(0, from);
  const last = Math.min(headLength + (end - start), to);
  if (last <= first) return '';
  if (last <= headLength) return head.slice(first, last);
  const decoded = bytes.toString('latin1', start + Math.max(0, first - headLength), start + (last - headLength));
  return first < headLength ? head.slice(first) + decoded : decoded;
}

/** The smallest j in [from, end) where bytes[j - 1], bytes[j] is an anchor, or -1 (from >= 1). */
export function findAnchor(bytes: Uint8Array, from: number, end: number): number {
  let j = from;
  if (LITTLE_ENDIAN) {
    // Byte by byte up to a word boundary of the underlying buffer, then two words at a time.
    for (; j < end && ((bytes.byteOffset + j) & 3) !== 0; j++) if (isAnchor(bytes, j)) return j;
    const count = (Math.max(0, end - j) >>> 3) << 1;
    if (count > 0) {
      const words = new Uint32Array(bytes.buffer, bytes.byteOffset + j, count);
      // The pair of the byte before the next word and that word's first byte.
      let previous = bytes[j - 1]!;
      for (let w = 0; w < count; w += 2) {
        const w0 = words[w]!;
        const w1 = words[w + 1]!;
        const hit =
          ANCHOR_PAIRS[previous | ((w0 & 0xff) << 8)]! |
          ANCHOR_PAIRS[w0 & 0xffff]! |
          ANCHOR_PAIRS[(w0 >>> 8) & 0xffff]! |
          ANCHOR_PAIRS[w0 >>> 16]! |
          ANCHOR_PAIRS[(w0 >>> 24) | ((w1 & 0xff) << 8)]! |
          ANCHOR_PAIRS[w1 & 0xffff]! |
          ANCHOR_PAIRS[(w1 >>> 8) & 0xffff]! |
          ANCHOR_PAIRS[w1 >>> 16]!;
        if (hit !== 0) {
          const base = j + 4 * w;
          for (let k = base; k < base + 8; k++) if (isAnchor(bytes, k)) return k;
        }
        previous = w1 >>> 24;
      }
      j += 4 * count;
    }
  }
  for (; j < end; j++) if (isAnchor(bytes, j)) return j;
  return -1;
}
