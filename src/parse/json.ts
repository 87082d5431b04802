/**
 * Strict JSON: exactly what JSON.parse accepts, minus duplicate object keys, with errors
 * that name file, line and column.
 *
 * Speed matters (10^6 JSONL lines per gate), so native JSON.parse is the fast path. The
 * hand-written scanner in this file runs only to explain a failure or to name a duplicate
 * key; the duplicate test itself is a count (see `duplicateCheck`).
 */
import { ArtifactError } from '../contract/errors.js';

/** Deeper nesting is refused, so that recursive consumers downstream cannot blow the stack. */
export const MAX_DEPTH = 512;

export function parseStrictJson(text: string, file: string, firstLine = 1): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Never reuse JSON.parse's message: it quotes the input, which may hold secrets.
    throw problemError(scan(text) ?? { index: 0, reason: 'invalid JSON' }, text, file, firstLine);
  }
  const check = duplicateCheck(text, value);
  if (check !== 'none') {
    const problem = scan(text);
    if (problem !== undefined) throw problemError(problem, text, file, firstLine);
    // Only a count mismatch proves a duplicate; the scanner must then have found it.
    if (check === 'counted') throw problemError({ index: 0, reason: 'duplicate key' }, text, file, firstLine);
  }
  return value;
}

/**
 * Dot path of the first non-finite number in `value` (JSON.parse turns `1e400` into
 * Infinity), `'(root)'` when `value` itself is one, or undefined when all are finite.
 */
export function findNonFinite(value: unknown): string | undefined {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'number') {
      if (!Number.isFinite(current)) return path === '' ? '(root)' : path;
    } else if (typeof current === 'object' && current !== null) {
      const entries = Object.entries(current);
      // Pushed in reverse so that the first one in document order is checked first.
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        stack.push([child, path === '' ? key : `${path}.${key}`]);
      }
    }
  }
  return undefined;
}

/** A string for an error message: quoted, control and bidi characters escaped, bounded. */
export function quoteForMessage(value: string, max = 64): string {
  const shown = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(shown).replace(/\p{C}/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

// ---------------------------------------------------------------------------------------
// Duplicate keys by counting.
//
// Every key in the source is followed by exactly one colon outside strings, so
//   structural colons = keys written in the source,
// while JSON.parse keeps one property per distinct key. Outside `\u003a` escapes, a colon
// inside a string is a colon in the parsed string and the other way round, hence
//   keys written = (colons in the text) - (colons in parsed keys and strings),
// and the text repeats a key exactly when that exceeds the parsed key count.

let keyCount = 0;
let stringColons = 0;

/**
 * 'none': proven free of duplicate keys; 'counted': the count proves a duplicate (or the
 * value is too deep); 'escaped': a `\u003a` escape makes the count unusable, scan exactly.
 */
function duplicateCheck(text: string, value: unknown): 'none' | 'counted' | 'escaped' {
  keyCount = 0;
  if (!countKeys(value, 0)) return 'counted'; // too deep: the scanner reports where
  if (colonsAfterQuotes(text) === keyCount) return 'none';
  keyCount = 0;
  stringColons = 0;
  if (!walk(value, 0)) return 'counted';
  if (text.includes('\\u') && /\\u003a/i.test(text)) return 'escaped';
  let colons = 0;
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) colons++;
  return colons === keyCount + stringColons ? 'none' : 'counted';
}

// The fast path needs no look at the strings. A structural colon follows its key's closing
// quote, with at most whitespace in between. When no colon of the text follows whitespace,
// every structural colon directly follows a `"`, so
//   keys written <= colons directly after a `"` (the others of these are inside strings),
// and when that count equals the parsed key count no key can repeat. Otherwise (a `\":` in a
// string, e.g. JSON inside a string, or `"a" : 1`) the exact count above decides.

/** Counts the keys of every object; false when nesting exceeds MAX_DEPTH. */
function countKeys(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object' && item !== null && !countKeys(item, depth + 1)) return false;
    }
    return true;
  }
  const record = value as Record<string, unknown>;
  let keys = 0;
  // for-in, not Object.keys: no array per object. JSON.parse gives plain objects whose
  // prototype chain has no enumerable properties, so for-in visits exactly the own keys.
  for (const key in record) {
    keys++;
    const item = record[key];
    if (typeof item === 'object' && item !== null && !countKeys(item, depth + 1)) return false;
  }
  keyCount += keys;
  return true;
}

/** Colons directly after a `"`, or -1 when some colon follows whitespace. */
function colonsAfterQuotes(text: string): number {
  let count = 0;
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) {
    const before = text.charCodeAt(i - 1);
    if (before === 0x22) count++;
    else if (before === 0x20 || before === 0x09 || before === 0x0a || before === 0x0d) return -1;
  }
  return count;
}

/** Counts keys and colons inside strings; false when nesting exceeds MAX_DEPTH. */
function walk(value: unknown, depth: number): boolean {
  if (typeof value === 'string') {
    countColons(value);
    return true;
  }
  if (typeof value !== 'object' || value === null) return true;
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) if (!walk(item, depth + 1)) return false;
    return true;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  keyCount += keys.length;
  for (const key of keys) {
    countColons(key);
    if (!walk(record[key], depth + 1)) return false;
  }
  return true;
}

function countColons(s: string): void {
  for (let i = s.indexOf(':'); i !== -1; i = s.indexOf(':', i + 1)) stringColons++;
}

// ---------------------------------------------------------------------------------------
// The exact scanner: an iterative (stack-safe) JSON grammar check that reports the first
// problem with its position, and detects duplicate keys and excessive nesting.

interface Problem {
  index: number;
  reason: string;
}

class Fail {
  constructor(readonly problem: Problem) {}
}

interface Frame {
  keys: Set<string> | undefined; // undefined for arrays
}

/** What the scanner expects next. */
type State = 'value' | 'key' | 'after';

function scan(text: string): Problem | undefined {
  try {
    scanOrThrow(text);
    return undefined;
  } catch (error) {
    if (error instanceof Fail) return error.problem;
    throw error;
  }
}

function scanOrThrow(text: string): void {
  const s = new Cursor(text);
  const stack: Frame[] = [];
  let state: State = 'value';
  for (;;) {
    if (state === 'value') {
      const c = s.peekNonSpace('a value');
      if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
        if (stack.length >= MAX_DEPTH) s.fail(`nesting deeper than ${MAX_DEPTH} levels`);
        const isObject = c === 0x7b;
        stack.push({ keys: isObject ? new Set() : undefined });
        s.pos++;
        const close = isObject ? 0x7d : 0x5d;
        if (s.peekNonSpace(isObject ? 'a key' : 'a value') === close) {
          s.pos++;
          stack.pop();
          state = 'after';
        } else state = isObject ? 'key' : 'value';
      } else {
        s.scalar();
        state = 'after';
      }
    } else if (state === 'key') {
      const c = s.peekNonSpace('a key');
      if (c !== 0x22) s.fail(unexpected(text, s.pos, 'object keys must be double-quoted strings'));
      const start = s.pos;
      const key = s.string();
      const keys = stack[stack.length - 1]!.keys!;
      if (keys.has(key)) s.failAt(start, `duplicate key ${quoteForMessage(key)}`);
      keys.add(key);
      if (s.peekNonSpace("':'") !== 0x3a) s.fail(unexpected(text, s.pos, `expected ':' after key ${quoteForMessage(key)}`));
      s.pos++;
      state = 'value';
    } else {
      const frame = stack[stack.length - 1];
      if (frame === undefined) {
        s.skipSpace();
        if (s.pos < text.length) s.fail(unexpected(text, s.pos, 'after the end of the JSON value'));
        return;
      }
      const close = frame.keys ? 0x7d : 0x5d;
      const wanted = frame.keys ? "',' or '}'" : "',' or ']'";
      const c = s.peekNonSpace(wanted);
      if (c === close) {
        s.pos++;
        stack.pop();
      } else if (c === 0x2c /* , */) {
        const comma = s.pos;
        s.pos++;
        const next = s.peekNonSpace(frame.keys ? 'a key' : 'a value');
        if (next === close) s.failAt(comma, 'trailing comma');
        state = frame.keys ? 'key' : 'value';
      } else s.fail(unexpected(text, s.pos, `expected ${wanted}`));
    }
  }
}

const LITERALS: Record<number, string> = { 0x74: 'true', 0x66: 'false', 0x6e: 'null' };

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}

  fail(reason: string): never {
    throw new Fail({ index: this.pos, reason });
  }

  failAt(index: number, reason: string): never {
    throw new Fail({ index, reason });
  }

  skipSpace(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.pos++;
    }
  }

  /** The next non-space character code; end of input here is always an error. */
  peekNonSpace(expected: string): number {
    this.skipSpace();
    if (this.pos >= this.text.length) this.fail(`unexpected end of input (expected ${expected})`);
    return this.text.charCodeAt(this.pos);
  }

  /** A string, number or literal at `pos`. */
  scalar(): void {
    const c = this.text.charCodeAt(this.pos);
    if (c === 0x22) this.string();
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) this.number();
    else if (LITERALS[c] !== undefined) this.literal(LITERALS[c]);
    else this.fail(unexpected(this.text, this.pos, 'expected a value'));
  }

  literal(word: string): void {
    for (let k = 0; k < word.length; k++, this.pos++) {
      if (this.pos >= this.text.length) this.fail('unexpected end of input');
      if (this.text.charCodeAt(this.pos) !== word.charCodeAt(k)) this.fail(unexpected(this.text, this.pos, `expected '${word}'`));
    }
  }

  number(): void {
    if (this.text.charCodeAt(this.pos) === 0x2d) this.pos++;
    if (this.text.charCodeAt(this.pos) === 0x30) {
      this.pos++;
      if (isDigit(this.text.charCodeAt(this.pos))) this.fail(unexpected(this.text, this.pos, 'numbers cannot have leading zeros'));
    } else this.digits('expected a digit');
    if (this.text.charCodeAt(this.pos) === 0x2e /* . */) {
      this.pos++;
      this.digits("expected a digit after '.'");
    }
    const e = this.text.charCodeAt(this.pos);
    if (e === 0x65 || e === 0x45) {
      this.pos++;
      const sign = this.text.charCodeAt(this.pos);
      if (sign === 0x2b || sign === 0x2d) this.pos++;
      this.digits('expected a digit in the exponent');
    }
  }

  digits(expected: string): void {
    if (this.pos >= this.text.length) this.fail('unexpected end of input');
    if (!isDigit(this.text.charCodeAt(this.pos))) this.fail(unexpected(this.text, this.pos, expected));
    while (isDigit(this.text.charCodeAt(this.pos))) this.pos++;
  }

  /** Scans a string token at `pos` and returns its decoded value. */
  string(): string {
    const t = this.text;
    const start = this.pos;
    let escaped = false;
    this.pos++;
    for (;;) {
      if (this.pos >= t.length) this.fail('unexpected end of input (unterminated string)');
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) break;
      if (c < 0x20) this.fail(`control character ${codePoint(c)} in a string (write it as an escape such as \\n or \\t)`);
      if (c === 0x5c /* \ */) {
        escaped = true;
        this.escape();
      } else this.pos++;
    }
    this.pos++;
    // The token is valid now, so JSON.parse decodes its escapes exactly.
    return escaped ? (JSON.parse(t.slice(start, this.pos)) as string) : t.slice(start + 1, this.pos - 1);
  }

  escape(): void {
    const t = this.text;
    const at = this.pos;
    if (at + 1 >= t.length) this.failAt(at + 1, 'unexpected end of input (unterminated string)');
    const c = t.charCodeAt(at + 1);
    if (c === 0x75 /* u */) {
      for (let k = 2; k < 6; k++) {
        if (at + k >= t.length) this.failAt(at + k, 'unexpected end of input (unterminated string)');
        if (!isHex(t.charCodeAt(at + k))) this.failAt(at, 'invalid \\u escape: expected 4 hexadecimal digits');
      }
      this.pos = at + 6;
    } else if ('"\\/bfnrt'.includes(t[at + 1]!)) this.pos = at + 2;
    else this.failAt(at, `invalid escape ${token(t, at + 1)} in a string`);
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function codePoint(c: number): string {
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** One character of the input, shown safely: printable ASCII quoted, anything else as U+XXXX. */
function token(text: string, index: number): string {
  const c = text.codePointAt(index)!;
  if (c === 0x27) return `"'"`;
  return c > 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : codePoint(c);
}

/** "unexpected token" with a hint for the mistakes people (and Python) actually make. */
function unexpected(text: string, index: number, context: string): string {
  const rest = text.slice(index, index + 8);
  if (rest.startsWith('//') || rest.startsWith('/*')) return 'comments are not allowed in JSON';
  if (text.charCodeAt(index) === 0xfeff) return 'unexpected byte order mark (U+FEFF)';
  let hint = context;
  if (rest.startsWith('NaN') || rest.startsWith('Infinity')) hint = 'NaN/Infinity are not JSON: write null or a number';
  else if (rest.startsWith("'")) hint = 'JSON strings use double quotes';
  else if (rest.startsWith('True') || rest.startsWith('False')) hint = 'JSON literals are lowercase: true, false';
  else if (rest.startsWith('None')) hint = 'write null';
  return `unexpected token ${token(text, index)} (${hint})`;
}

/** Turns a scanner problem into an ArtifactError at its line and column (in code points). */
function problemError(problem: Problem, text: string, file: string, firstLine: number): ArtifactError {
  let line = firstLine;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < problem.index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  let column = 1;
  for (let i = lineStart; i < problem.index; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) column++; // a low surrogate belongs to the previous character
  }
  return new ArtifactError({ file, line, column }, problem.reason);
}
