/**
 * Strict UTF-8 decoding. Node's native `isUtf8` (simdutf) validates at memory speed; the
 * hand-written scan below runs only after it said "invalid", to name the first bad byte.
 */
import { isUtf8 } from 'node:buffer';
import { ArtifactError } from '../contract/errors.js';

const BOM = 0xfeff;

/**
 * Offset of the first byte that does not start a well-formed UTF-8 sequence (Unicode
 * table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), or -1.
 */
export function findInvalidUtf8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    // Length of the sequence and the allowed range of its second byte.
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0; // overlong
      if (b === 0xed) high = 0x9f; // UTF-16 surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90; // overlong
      if (b === 0xf4) high = 0x8f; // above U+10FFFF
    } else return i;
    if (i + length > end) return i;
    const second = bytes[i + 1]!;
    if (second < low || second > high) return i;
    for (let k = 2; k < length; k++) {
      const next = bytes[i + k]!;
      if (next < 0x80 || next > 0xbf) return i;
    }
    i += length;
  }
  return -1;
}

/**
 * Decode `bytes` as strict UTF-8. On failure the error names the file, the line (counted
 * from `firstLine` at `bytes[0]`) and the byte offset in the file (`fileOffset` is the
 * offset of `bytes[0]`). A BOM is kept: callers strip it only at the start of a file.
 */
export function decodeStrictUtf8(bytes: Buffer, file: string, fileOffset = 0, firstLine = 1): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  const bad = findInvalidUtf8(bytes);
  // Both validators follow the same table; if they ever disagree, still refuse.
  const at = bad === -1 ? 0 : bad;
  let line = firstLine;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < at; i = bytes.indexOf(0x0a, i + 1)) line++;
  const hex = bytes[at]?.toString(16).toUpperCase().padStart(2, '0') ?? '??';
  throw new ArtifactError(
    { file, line },
    `invalid UTF-8 at byte offset ${fileOffset + at} (byte 0x${hex}): the file must be UTF-8 encoded`,
  );
}

/** Strip a leading byte order mark from decoded text (F8: accepted, not part of the content). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === BOM ? text.slice(1) : text;
}
