/**
 * Streaming secret scan over raw bytes. Chunks are decoded as latin1 (one byte, one char:
 * the fastest decoding V8 has, and offsets stay byte offsets), scanned with one combined
 * regex, and a tail of MAX_SECRET_LENGTH bytes is carried into the next window so that a
 * secret split across two chunks is still found, exactly once. The regex runs only on the
 * windows the byte-level pre-filter (prefilter.ts) cannot clear: the same findings, most
 * windows of ordinary JSONL skipped. A cleared window is not even decoded: its lines are
 * counted in the bytes and only its tail becomes the next carry (decoding every window made
 * the scan a third of the young garbage of a gate's worker thread at 10^6 items).
 */
import { MAX_SECRET_LENGTH, classifyMatch, combinedSecretRegex, type SecretKind } from './patterns.js';
import { windowMayHoldSecret, windowText } from './prefilter.js';

export interface SecretFinding {
  kind: SecretKind;
  /** 1-based line of the start of the match. */
  line: number;
  /** Masked form: prefix plus the last four characters. Never the secret itself. */
  masked: string;
}

/** Findings kept per file; the rest are only counted. */
const MAX_FINDINGS_KEPT = 50;
/** Characters kept before the first unscanned offset, for the word-boundary test. */
const CONTEXT = 8;
/** Bytes decoded and scanned at a time. */
const WINDOW_BYTES = 64 * 1024;

export class SecretScanner {
  readonly findings: SecretFinding[] = [];
  total = 0;
  private readonly regex = combinedSecretRegex();
  private carry = '';
  /** Absolute offset of carry[0]. */
  private carryStart = 0;
  /** Absolute offset before which every match has been handled. */
  private reportFrom = 0;
  /** Line number at absolute offset `lineAt`. */
  private line = 1;
  private lineAt = 0;

  /** Feeds the next chunk of the file. The buffer may be reused by the caller afterwards. */
  push(chunk: Uint8Array): void {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // Windows of WINDOW_BYTES keep each decoded string young and short-lived: a multi-MB
    // string would be a large object that only a full garbage collection frees.
    for (let start = 0; start < bytes.length; start += WINDOW_BYTES) {
      const end = Math.min(bytes.length, start + WINDOW_BYTES);
      if (windowMayHoldSecret(this.carry, bytes, start, end)) this.scan(this.carry + bytes.toString('latin1', start, end), false);
      else this.skip(bytes, start, end);
    }
  }

  /**
   * What `scan` does to the window carry + latin1(bytes[start, end)) when there is nothing to
   * search in it, without decoding it: the same line count, report offset and carry.
   */
  private skip(bytes: Buffer, start: number, end: number): void {
    const head = this.carry;
    const windowStart = this.carryStart;
    const windowLength = head.length + (end - start);
    const cutoff = windowStart + windowLength - MAX_SECRET_LENGTH;
    if (cutoff <= this.reportFrom) {
      this.carry = head + bytes.toString('latin1', start, end); // a short window: all of it is carried
      return;
    }
    this.reportFrom = cutoff;
    this.advanceLinesInBytes(head, bytes, start, windowStart, cutoff);
    const keepFrom = Math.max(windowStart, cutoff - CONTEXT);
    this.carry = windowText(head, bytes, start, end, keepFrom - windowStart, windowLength);
    this.carryStart = keepFrom;
  }

  /** Scans what is left; call once at the end of the file. */
  end(): void {
    this.scan(this.carry, true);
    this.carry = '';
  }

  /** Searches a window the pre-filter did not clear (`final`: the file's last). */
  private scan(text: string, final: boolean): void {
    const windowStart = this.carryStart;
    const windowEnd = windowStart + text.length;
    // Matches starting at or after the cutoff might continue in the next chunk: they are
    // left for the next window, which still holds them whole (no match is longer).
    const cutoff = final ? windowEnd : windowEnd - MAX_SECRET_LENGTH;
    if (cutoff <= this.reportFrom) {
      this.carry = text;
      return;
    }
    this.search(text, windowStart, cutoff);
    this.reportFrom = Math.max(this.reportFrom, cutoff);
    this.advanceLines(text, windowStart, this.reportFrom);
    const keepFrom = Math.max(windowStart, this.reportFrom - CONTEXT);
    this.carry = text.slice(keepFrom - windowStart);
    this.carryStart = keepFrom;
  }

  /** Records every match starting before `cutoff` (and at or after reportFrom). */
  private search(text: string, windowStart: number, cutoff: number): void {
    const regex = this.regex;
    regex.lastIndex = this.reportFrom - windowStart;
    for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
      const start = windowStart + match.index;
      if (start >= cutoff) break;
      const found = classifyMatch(match, text);
      if (!found) {
        regex.lastIndex = match.index + 1;
        continue;
      }
      this.record(found.kind, found.masked, text, windowStart, start);
      this.reportFrom = Math.max(this.reportFrom, start + match[0].length);
    }
  }

  private record(kind: SecretKind, masked: string, text: string, windowStart: number, start: number): void {
    this.total++;
    if (this.findings.length >= MAX_FINDINGS_KEPT) return;
    this.advanceLines(text, windowStart, start);
    this.findings.push({ kind, line: this.line, masked });
  }

  /** `advanceLines` for the window head + bytes[start, ...) (head starts at `windowStart`). */
  private advanceLinesInBytes(head: string, bytes: Buffer, start: number, windowStart: number, to: number): void {
    const headEnd = windowStart + head.length;
    this.advanceLines(head, windowStart, Math.min(to, headEnd));
    if (to <= this.lineAt) return;
    const shift = start - headEnd; // absolute offset + shift = index in bytes
    for (let i = bytes.indexOf(0x0a, this.lineAt + shift); i !== -1 && i < to + shift; i = bytes.indexOf(0x0a, i + 1)) this.line++;
    this.lineAt = to;
  }

  /** Counts newlines from `lineAt` up to absolute offset `to` (both inside the window). */
  private advanceLines(text: string, windowStart: number, to: number): void {
    if (to <= this.lineAt) return;
    const end = Math.min(to, windowStart + text.length) - windowStart;
    for (let i = text.indexOf('\n', this.lineAt - windowStart); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) this.line++;
    this.lineAt = to;
  }
}

/** Scans a string (small files, tests). */
export function scanText(text: string | Uint8Array): SecretScanner {
  const scanner = new SecretScanner();
  scanner.push(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  scanner.end();
  return scanner;
}
