import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ // The require scope
/******/ var __nccwpck_require__ = {};
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: ./src/contract/errors.ts
/**
 * Errors that end a command before anything was evaluated (exit code 2).
 *
 * Every message names what is at fault (an input, a flag, a file with line and column),
 * because the user reads exactly one line on stderr.
 */
class UsageError extends Error {
    name = 'UsageError';
}
/**
 * A change that was understood but refused (exit code 1, like a failing gate): a destination
 * that exists and differs, a gate that failed, a branch holding commits we did not make, a
 * repository setting that forbids the write. Bad input stays a UsageError (exit code 2).
 */
class Refused extends (/* unused pure expression or super */ null && (Error)) {
    name = 'Refused';
}
function formatLocation(where) {
    if (where.line === undefined)
        return where.file;
    return where.column === undefined ? `${where.file}:${where.line}` : `${where.file}:${where.line}:${where.column}`;
}
/**
 * A run artifact is unreadable or invalid. The functional gate turns this into a failing
 * check (exit 1); a bad policy or config turns it into a configuration error (exit 2).
 */
class errors_ArtifactError extends Error {
    where;
    reason;
    code;
    name = 'ArtifactError';
    constructor(where, reason, code = 'artifact.invalid') {
        super(`${formatLocation(where)}: ${reason}`);
        this.where = where;
        this.reason = reason;
        this.code = code;
    }
}

;// CONCATENATED MODULE: ./src/artifacts/predictions.ts
/**
 * predictions.jsonl records: one JSON object per item with an id field and optional per-item
 * `scores`. Records are interpreted one at a time while streaming; nothing keeps them.
 */

/** Id fields tried in order when the policy says `id_field: auto`. */
const ID_FIELD_CANDIDATES = ['id', 'example_id', 'item_id', 'episode_id', 'sample_id', 'question_id', 'doc_id', 'uid'];
function detectIdField(record, file, line) {
    const found = ID_FIELD_CANDIDATES.find((field) => isIdValue(record[field]));
    if (!found) {
        throw new errors_ArtifactError({ file, line }, `no item id field: expected one of ${ID_FIELD_CANDIDATES.join(', ')} (or set predictions.id_field in the policy)`, 'predictions.id');
    }
    return found;
}
function isIdValue(value) {
    return (typeof value === 'string' && value.length > 0) || (typeof value === 'number' && Number.isSafeInteger(value));
}
function interpretRecord(record, idField, file, line) {
    const rawId = record[idField];
    if (!isIdValue(rawId)) {
        throw new errors_ArtifactError({ file, line }, rawId === undefined ? `item has no "${idField}" field` : `item id "${idField}" must be a non-empty string or an integer`, 'predictions.id');
    }
    const dataset = typeof record.dataset_id === 'string' ? record.dataset_id : undefined;
    return { id: String(rawId), scores: readScores(record.scores, file, line), dataset, idIsNumber: typeof rawId === 'number' };
}
function readScores(value, file, line) {
    if (value === undefined || value === null)
        return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
        throw new errors_ArtifactError({ file, line }, '"scores" must be an object of {name: number}', 'predictions.scores');
    }
    // One pass that allocates nothing (10^6 records per side): the parsed object is returned as
    // it is when every score is a finite number, and copied otherwise: without its nulls, with
    // true/false as 1/0 (a pass/fail score). for-in visits exactly the own keys of a JSON.parse
    // result (its prototype has no enumerable keys).
    const record = value;
    let copy = false;
    for (const name in record) {
        const score = record[name];
        if (score === null || typeof score === 'boolean')
            copy = true; // null: a score not computed for this item
        else if (typeof score !== 'number' || !Number.isFinite(score)) {
            throw new errors_ArtifactError({ file, line }, `scores.${name} must be a finite number, a boolean or null`, 'predictions.scores');
        }
    }
    if (!copy)
        return record;
    const scores = {};
    for (const name in record) {
        const score = record[name];
        const number = typeof score === 'boolean' ? Number(score) : score;
        // defineProperty: a key named __proto__ stays a key (assignment would set the prototype).
        if (typeof number === 'number')
            Object.defineProperty(scores, name, { value: number, enumerable: true, writable: true, configurable: true });
    }
    return scores;
}

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: ./src/parse/json.ts
/**
 * Strict JSON: exactly what JSON.parse accepts, minus duplicate object keys, with errors
 * that name file, line and column.
 *
 * Speed matters (10^6 JSONL lines per gate), so native JSON.parse is the fast path. The
 * hand-written scanner in this file runs only to explain a failure or to name a duplicate
 * key; the duplicate test itself is a count (see `duplicateCheck`).
 */

/** Deeper nesting is refused, so that recursive consumers downstream cannot blow the stack. */
const MAX_DEPTH = 512;
function json_parseStrictJson(text, file, firstLine = 1) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        // Never reuse JSON.parse's message: it quotes the input, which may hold secrets.
        throw problemError(scan(text) ?? { index: 0, reason: 'invalid JSON' }, text, file, firstLine);
    }
    const check = duplicateCheck(text, value);
    if (check !== 'none') {
        const problem = scan(text);
        if (problem !== undefined)
            throw problemError(problem, text, file, firstLine);
        // Only a count mismatch proves a duplicate; the scanner must then have found it.
        if (check === 'counted')
            throw problemError({ index: 0, reason: 'duplicate key' }, text, file, firstLine);
    }
    return value;
}
/**
 * Dot path of the first non-finite number in `value` (JSON.parse turns `1e400` into
 * Infinity), `'(root)'` when `value` itself is one, or undefined when all are finite.
 */
function findNonFinite(value) {
    const stack = [[value, '']];
    while (stack.length > 0) {
        const [current, path] = stack.pop();
        if (typeof current === 'number') {
            if (!Number.isFinite(current))
                return path === '' ? '(root)' : path;
        }
        else if (typeof current === 'object' && current !== null) {
            const entries = Object.entries(current);
            // Pushed in reverse so that the first one in document order is checked first.
            for (let i = entries.length - 1; i >= 0; i--) {
                const [key, child] = entries[i];
                stack.push([child, path === '' ? key : `${path}.${key}`]);
            }
        }
    }
    return undefined;
}
/** A string for an error message: quoted, control and bidi characters escaped, bounded. */
function quoteForMessage(value, max = 64) {
    const shown = value.length > max ? `${value.slice(0, max)}…` : value;
    return JSON.stringify(shown).replace(/\p{C}/gu, (c) => `\\u${c.codePointAt(0).toString(16).padStart(4, '0')}`);
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
function duplicateCheck(text, value) {
    keyCount = 0;
    if (!countKeys(value, 0))
        return 'counted'; // too deep: the scanner reports where
    if (colonsAfterQuotes(text) === keyCount)
        return 'none';
    keyCount = 0;
    stringColons = 0;
    if (!walk(value, 0))
        return 'counted';
    if (text.includes('\\u') && /\\u003a/i.test(text))
        return 'escaped';
    let colons = 0;
    for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1))
        colons++;
    return colons === keyCount + stringColons ? 'none' : 'counted';
}
// The fast path needs no look at the strings. A structural colon follows its key's closing
// quote, with at most whitespace in between. When no colon of the text follows whitespace,
// every structural colon directly follows a `"`, so
//   keys written <= colons directly after a `"` (the others of these are inside strings),
// and when that count equals the parsed key count no key can repeat. Otherwise (a `\":` in a
// string, e.g. JSON inside a string, or `"a" : 1`) the exact count above decides.
/** Counts the keys of every object; false when nesting exceeds MAX_DEPTH. */
function countKeys(value, depth) {
    if (typeof value !== 'object' || value === null)
        return true;
    if (depth >= MAX_DEPTH)
        return false;
    if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
            const item = value[i];
            if (typeof item === 'object' && item !== null && !countKeys(item, depth + 1))
                return false;
        }
        return true;
    }
    const record = value;
    let keys = 0;
    // for-in, not Object.keys: no array per object. JSON.parse gives plain objects whose
    // prototype chain has no enumerable properties, so for-in visits exactly the own keys.
    for (const key in record) {
        keys++;
        const item = record[key];
        if (typeof item === 'object' && item !== null && !countKeys(item, depth + 1))
            return false;
    }
    keyCount += keys;
    return true;
}
/** Colons directly after a `"`, or -1 when some colon follows whitespace. */
function colonsAfterQuotes(text) {
    let count = 0;
    for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) {
        const before = text.charCodeAt(i - 1);
        if (before === 0x22)
            count++;
        else if (before === 0x20 || before === 0x09 || before === 0x0a || before === 0x0d)
            return -1;
    }
    return count;
}
/** Counts keys and colons inside strings; false when nesting exceeds MAX_DEPTH. */
function walk(value, depth) {
    if (typeof value === 'string') {
        countColons(value);
        return true;
    }
    if (typeof value !== 'object' || value === null)
        return true;
    if (depth >= MAX_DEPTH)
        return false;
    if (Array.isArray(value)) {
        for (const item of value)
            if (!walk(item, depth + 1))
                return false;
        return true;
    }
    const record = value;
    const keys = Object.keys(record);
    keyCount += keys.length;
    for (const key of keys) {
        countColons(key);
        if (!walk(record[key], depth + 1))
            return false;
    }
    return true;
}
function countColons(s) {
    for (let i = s.indexOf(':'); i !== -1; i = s.indexOf(':', i + 1))
        stringColons++;
}
class Fail {
    problem;
    constructor(problem) {
        this.problem = problem;
    }
}
function scan(text) {
    try {
        scanOrThrow(text);
        return undefined;
    }
    catch (error) {
        if (error instanceof Fail)
            return error.problem;
        throw error;
    }
}
function scanOrThrow(text) {
    const s = new Cursor(text);
    const stack = [];
    let state = 'value';
    for (;;) {
        if (state === 'value') {
            const c = s.peekNonSpace('a value');
            if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
                if (stack.length >= MAX_DEPTH)
                    s.fail(`nesting deeper than ${MAX_DEPTH} levels`);
                const isObject = c === 0x7b;
                stack.push({ keys: isObject ? new Set() : undefined });
                s.pos++;
                const close = isObject ? 0x7d : 0x5d;
                if (s.peekNonSpace(isObject ? 'a key' : 'a value') === close) {
                    s.pos++;
                    stack.pop();
                    state = 'after';
                }
                else
                    state = isObject ? 'key' : 'value';
            }
            else {
                s.scalar();
                state = 'after';
            }
        }
        else if (state === 'key') {
            const c = s.peekNonSpace('a key');
            if (c !== 0x22)
                s.fail(unexpected(text, s.pos, 'object keys must be double-quoted strings'));
            const start = s.pos;
            const key = s.string();
            const keys = stack[stack.length - 1].keys;
            if (keys.has(key))
                s.failAt(start, `duplicate key ${quoteForMessage(key)}`);
            keys.add(key);
            if (s.peekNonSpace("':'") !== 0x3a)
                s.fail(unexpected(text, s.pos, `expected ':' after key ${quoteForMessage(key)}`));
            s.pos++;
            state = 'value';
        }
        else {
            const frame = stack[stack.length - 1];
            if (frame === undefined) {
                s.skipSpace();
                if (s.pos < text.length)
                    s.fail(unexpected(text, s.pos, 'after the end of the JSON value'));
                return;
            }
            const close = frame.keys ? 0x7d : 0x5d;
            const wanted = frame.keys ? "',' or '}'" : "',' or ']'";
            const c = s.peekNonSpace(wanted);
            if (c === close) {
                s.pos++;
                stack.pop();
            }
            else if (c === 0x2c /* , */) {
                const comma = s.pos;
                s.pos++;
                const next = s.peekNonSpace(frame.keys ? 'a key' : 'a value');
                if (next === close)
                    s.failAt(comma, 'trailing comma');
                state = frame.keys ? 'key' : 'value';
            }
            else
                s.fail(unexpected(text, s.pos, `expected ${wanted}`));
        }
    }
}
const LITERALS = { 0x74: 'true', 0x66: 'false', 0x6e: 'null' };
class Cursor {
    text;
    pos = 0;
    constructor(text) {
        this.text = text;
    }
    fail(reason) {
        throw new Fail({ index: this.pos, reason });
    }
    failAt(index, reason) {
        throw new Fail({ index, reason });
    }
    skipSpace() {
        const t = this.text;
        for (;;) {
            const c = t.charCodeAt(this.pos);
            if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09)
                return;
            this.pos++;
        }
    }
    /** The next non-space character code; end of input here is always an error. */
    peekNonSpace(expected) {
        this.skipSpace();
        if (this.pos >= this.text.length)
            this.fail(`unexpected end of input (expected ${expected})`);
        return this.text.charCodeAt(this.pos);
    }
    /** A string, number or literal at `pos`. */
    scalar() {
        const c = this.text.charCodeAt(this.pos);
        if (c === 0x22)
            this.string();
        else if (c === 0x2d || (c >= 0x30 && c <= 0x39))
            this.number();
        else if (LITERALS[c] !== undefined)
            this.literal(LITERALS[c]);
        else
            this.fail(unexpected(this.text, this.pos, 'expected a value'));
    }
    literal(word) {
        for (let k = 0; k < word.length; k++, this.pos++) {
            if (this.pos >= this.text.length)
                this.fail('unexpected end of input');
            if (this.text.charCodeAt(this.pos) !== word.charCodeAt(k))
                this.fail(unexpected(this.text, this.pos, `expected '${word}'`));
        }
    }
    number() {
        if (this.text.charCodeAt(this.pos) === 0x2d)
            this.pos++;
        if (this.text.charCodeAt(this.pos) === 0x30) {
            this.pos++;
            if (isDigit(this.text.charCodeAt(this.pos)))
                this.fail(unexpected(this.text, this.pos, 'numbers cannot have leading zeros'));
        }
        else
            this.digits('expected a digit');
        if (this.text.charCodeAt(this.pos) === 0x2e /* . */) {
            this.pos++;
            this.digits("expected a digit after '.'");
        }
        const e = this.text.charCodeAt(this.pos);
        if (e === 0x65 || e === 0x45) {
            this.pos++;
            const sign = this.text.charCodeAt(this.pos);
            if (sign === 0x2b || sign === 0x2d)
                this.pos++;
            this.digits('expected a digit in the exponent');
        }
    }
    digits(expected) {
        if (this.pos >= this.text.length)
            this.fail('unexpected end of input');
        if (!isDigit(this.text.charCodeAt(this.pos)))
            this.fail(unexpected(this.text, this.pos, expected));
        while (isDigit(this.text.charCodeAt(this.pos)))
            this.pos++;
    }
    /** Scans a string token at `pos` and returns its decoded value. */
    string() {
        const t = this.text;
        const start = this.pos;
        let escaped = false;
        this.pos++;
        for (;;) {
            if (this.pos >= t.length)
                this.fail('unexpected end of input (unterminated string)');
            const c = t.charCodeAt(this.pos);
            if (c === 0x22)
                break;
            if (c < 0x20)
                this.fail(`control character ${codePoint(c)} in a string (write it as an escape such as \\n or \\t)`);
            if (c === 0x5c /* \ */) {
                escaped = true;
                this.escape();
            }
            else
                this.pos++;
        }
        this.pos++;
        // The token is valid now, so JSON.parse decodes its escapes exactly.
        return escaped ? JSON.parse(t.slice(start, this.pos)) : t.slice(start + 1, this.pos - 1);
    }
    escape() {
        const t = this.text;
        const at = this.pos;
        if (at + 1 >= t.length)
            this.failAt(at + 1, 'unexpected end of input (unterminated string)');
        const c = t.charCodeAt(at + 1);
        if (c === 0x75 /* u */) {
            for (let k = 2; k < 6; k++) {
                if (at + k >= t.length)
                    this.failAt(at + k, 'unexpected end of input (unterminated string)');
                if (!isHex(t.charCodeAt(at + k)))
                    this.failAt(at, 'invalid \\u escape: expected 4 hexadecimal digits');
            }
            this.pos = at + 6;
        }
        else if ('"\\/bfnrt'.includes(t[at + 1]))
            this.pos = at + 2;
        else
            this.failAt(at, `invalid escape ${token(t, at + 1)} in a string`);
    }
}
function isDigit(c) {
    return c >= 0x30 && c <= 0x39;
}
function isHex(c) {
    return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
function codePoint(c) {
    return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}
/** One character of the input, shown safely: printable ASCII quoted, anything else as U+XXXX. */
function token(text, index) {
    const c = text.codePointAt(index);
    if (c === 0x27)
        return `"'"`;
    return c > 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : codePoint(c);
}
/** "unexpected token" with a hint for the mistakes people (and Python) actually make. */
function unexpected(text, index, context) {
    const rest = text.slice(index, index + 8);
    if (rest.startsWith('//') || rest.startsWith('/*'))
        return 'comments are not allowed in JSON';
    if (text.charCodeAt(index) === 0xfeff)
        return 'unexpected byte order mark (U+FEFF)';
    let hint = context;
    if (rest.startsWith('NaN') || rest.startsWith('Infinity'))
        hint = 'NaN/Infinity are not JSON: write null or a number';
    else if (rest.startsWith("'"))
        hint = 'JSON strings use double quotes';
    else if (rest.startsWith('True') || rest.startsWith('False'))
        hint = 'JSON literals are lowercase: true, false';
    else if (rest.startsWith('None'))
        hint = 'write null';
    return `unexpected token ${token(text, index)} (${hint})`;
}
/** Turns a scanner problem into an ArtifactError at its line and column (in code points). */
function problemError(problem, text, file, firstLine) {
    let line = firstLine;
    let lineStart = 0;
    for (let i = text.indexOf('\n'); i !== -1 && i < problem.index; i = text.indexOf('\n', i + 1)) {
        line++;
        lineStart = i + 1;
    }
    let column = 1;
    for (let i = lineStart; i < problem.index; i++) {
        const c = text.charCodeAt(i);
        if (c < 0xdc00 || c > 0xdfff)
            column++; // a low surrogate belongs to the previous character
    }
    return new errors_ArtifactError({ file, line, column }, problem.reason);
}

;// CONCATENATED MODULE: external "node:buffer"
const external_node_buffer_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");
;// CONCATENATED MODULE: ./src/parse/utf8.ts
/**
 * Strict UTF-8 decoding. Node's native `isUtf8` (simdutf) validates at memory speed; the
 * hand-written scan below runs only after it said "invalid", to name the first bad byte.
 */


const BOM = 0xfeff;
/**
 * Offset of the first byte that does not start a well-formed UTF-8 sequence (Unicode
 * table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), or -1.
 */
function findInvalidUtf8(bytes, start = 0, end = bytes.length) {
    let i = start;
    while (i < end) {
        const b = bytes[i];
        if (b < 0x80) {
            i++;
            continue;
        }
        // Length of the sequence and the allowed range of its second byte.
        let length;
        let low = 0x80;
        let high = 0xbf;
        if (b >= 0xc2 && b <= 0xdf)
            length = 2;
        else if (b >= 0xe0 && b <= 0xef) {
            length = 3;
            if (b === 0xe0)
                low = 0xa0; // overlong
            if (b === 0xed)
                high = 0x9f; // UTF-16 surrogates
        }
        else if (b >= 0xf0 && b <= 0xf4) {
            length = 4;
            if (b === 0xf0)
                low = 0x90; // overlong
            if (b === 0xf4)
                high = 0x8f; // above U+10FFFF
        }
        else
            return i;
        if (i + length > end)
            return i;
        const second = bytes[i + 1];
        if (second < low || second > high)
            return i;
        for (let k = 2; k < length; k++) {
            const next = bytes[i + k];
            if (next < 0x80 || next > 0xbf)
                return i;
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
function utf8_decodeStrictUtf8(bytes, file, fileOffset = 0, firstLine = 1) {
    if ((0,external_node_buffer_namespaceObject.isUtf8)(bytes))
        return bytes.toString('utf8');
    const bad = findInvalidUtf8(bytes);
    // Both validators follow the same table; if they ever disagree, still refuse.
    const at = bad === -1 ? 0 : bad;
    let line = firstLine;
    for (let i = bytes.indexOf(0x0a); i !== -1 && i < at; i = bytes.indexOf(0x0a, i + 1))
        line++;
    const hex = bytes[at]?.toString(16).toUpperCase().padStart(2, '0') ?? '??';
    throw new errors_ArtifactError({ file, line }, `invalid UTF-8 at byte offset ${fileOffset + at} (byte 0x${hex}): the file must be UTF-8 encoded`);
}
/** Strip a leading byte order mark from decoded text (F8: accepted, not part of the content). */
function utf8_stripBom(text) {
    return text.charCodeAt(0) === BOM ? text.slice(1) : text;
}

;// CONCATENATED MODULE: ./src/parse/jsonl.ts
/**
 * Streaming JSONL: one strict JSON object per line, read in large chunks.
 *
 * Each chunk is cut at its last newline; the complete lines are validated as UTF-8 and
 * decoded in one native call (0x0A never occurs inside a multi-byte sequence, so cutting
 * there is safe), then split as a string. Only the partial line at a chunk's end is
 * copied. Errors carry file:line:column (or file:line and the byte offset for UTF-8).
 */





const MiB = 1024 * 1024;
const DEFAULT_LIMITS = Object.freeze({
    maxFileBytes: 2048 * MiB,
    maxLineBytes: 16 * MiB,
    maxLines: 5_000_000,
    maxJsonBytes: 64 * MiB,
});
const DEFAULT_CHUNK = 1 * MiB;
/** Lines are decoded in pieces of about this size (strings under V8's large-object size). */
const DECODE_BYTES = 64 * 1024;
/**
 * Calls `onRecord` for each non-blank line, in order. `source` is a path or a handle the
 * caller opened (and still owns); the store reader passes an already verified handle.
 */
async function forEachJsonl(source, display, limits, onRecord, options = {}) {
    const splitter = new LineSplitter(display, limits, onRecord);
    for await (const [chunk, offset] of chunks(source, display, limits, options))
        splitter.push(chunk, offset);
    return splitter.end();
}
/** The same records as an async generator; records are produced a chunk at a time. */
async function* jsonl_readJsonl(source, display, limits, options = {}) {
    let batch = [];
    const splitter = new LineSplitter(display, limits, (value, line) => batch.push({ value, line }));
    for await (const [chunk, offset] of chunks(source, display, limits, options)) {
        splitter.push(chunk, offset);
        const ready = batch;
        batch = [];
        yield* ready;
    }
    const summary = splitter.end();
    yield* batch;
    return summary;
}
/** The file's bytes in chunks of two reused buffers: each chunk is valid until the next. */
async function* chunks(source, display, limits, options) {
    const handle = typeof source === 'string' ? await openRegularFile(source, display) : source;
    try {
        const stats = await handle.stat();
        jsonl_checkFileSize(stats, display, limits.maxFileBytes);
        const tap = options.tap;
        tap?.start(stats);
        // Two buffers: the next read runs (in libuv's thread pool) while the caller parses the
        // chunk just yielded, so reading overlaps parsing. A chunk stays valid until the next one
        // is yielded: only then does a read into its buffer start again.
        const size = options.chunkBytes ?? DEFAULT_CHUNK;
        const buffers = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)];
        const readInto = (buffer, offset) => {
            const pending = handle.read(buffer, 0, size, offset);
            // Awaited below; this only keeps a read left in flight by an early exit (a parse error)
            // from becoming an unhandled rejection. close() waits for it.
            pending.catch(() => undefined);
            return pending;
        };
        let next = readInto(buffers[0], 0);
        for (let index = 0, offset = 0;; index++) {
            const { bytesRead, buffer } = await next;
            if (bytesRead === 0) {
                tap?.end(await handle.stat());
                return;
            }
            next = readInto(buffers[(index + 1) & 1], offset + bytesRead);
            const chunk = buffer.subarray(0, bytesRead);
            tap?.bytes(chunk);
            yield [chunk, offset];
            offset += bytesRead;
        }
    }
    finally {
        if (handle !== source)
            await handle.close();
    }
}
/**
 * Opens a path that must be a regular file. O_NONBLOCK keeps a FIFO from blocking the open;
 * the fstat check then refuses it before a single byte is read.
 */
async function openRegularFile(path, display) {
    let handle;
    try {
        handle = await (0,promises_namespaceObject.open)(path, external_node_fs_namespaceObject.constants.O_RDONLY | (external_node_fs_namespaceObject.constants.O_NONBLOCK ?? 0));
    }
    catch (error) {
        if (jsonl_isErrno(error, 'ENOENT'))
            throw new errors_ArtifactError({ file: display }, 'file not found', 'artifact.missing');
        throw error;
    }
    const stats = await handle.stat();
    if (!stats.isFile()) {
        await handle.close();
        throw new errors_ArtifactError({ file: display }, `is ${describeKind(stats)}, not a regular file (refused, not read)`, 'artifact.unsafe');
    }
    return handle;
}
function jsonl_checkFileSize(stats, display, maxBytes) {
    if (stats.size > maxBytes) {
        throw new errors_ArtifactError({ file: display }, `file is ${formatBytes(stats.size)}, over the ${formatCap(maxBytes)} cap`, 'artifact.too_large');
    }
}
/** Splits chunks into lines, parses them and enforces the caps. */
class LineSplitter {
    display;
    limits;
    onRecord;
    line = 0;
    records = 0;
    bytes = 0;
    /** The incomplete line at the end of the previous chunk (a copy). */
    carry;
    carryOffset = 0;
    /** Bytes of a line already known to exceed the cap, still being measured. */
    overlong = 0;
    tooManyLines = false;
    /** Over the line cap, whether the bytes counted so far end inside a line. */
    tailOpen = false;
    constructor(display, limits, onRecord) {
        this.display = display;
        this.limits = limits;
        this.onRecord = onRecord;
    }
    push(chunk, offset) {
        this.bytes += chunk.length;
        if (this.bytes > this.limits.maxFileBytes) {
            // The file grew after its size was checked.
            throw new errors_ArtifactError({ file: this.display }, `file is over the ${formatCap(this.limits.maxFileBytes)} cap (it grew while being read)`, 'artifact.too_large');
        }
        if (this.tooManyLines)
            return this.countRest(chunk, 0);
        const firstNewline = chunk.indexOf(0x0a);
        if (this.overlong > 0) {
            // Measure the rest of an overlong line without keeping it, then report its real size.
            if (firstNewline === -1) {
                this.overlong += chunk.length;
                return;
            }
            this.failOverlong(this.line + 1, this.overlong + firstNewline);
        }
        if (firstNewline === -1)
            return this.appendCarry(chunk, offset);
        let blockStart = 0;
        if (this.carry !== undefined) {
            // The line that straddles the previous chunk and this one.
            const joined = Buffer.concat([this.carry, chunk.subarray(0, firstNewline + 1)]);
            const joinedOffset = this.carryOffset;
            this.carry = undefined;
            this.block(joined, joinedOffset);
            blockStart = firstNewline + 1;
            if (this.tooManyLines)
                return this.countRest(chunk, blockStart);
        }
        const lastNewline = chunk.lastIndexOf(0x0a);
        if (lastNewline >= blockStart) {
            this.block(chunk.subarray(blockStart, lastNewline + 1), offset + blockStart);
            if (this.tooManyLines)
                return this.countRest(chunk, lastNewline + 1);
        }
        if (lastNewline + 1 < chunk.length)
            this.appendCarry(chunk.subarray(lastNewline + 1), offset + lastNewline + 1);
    }
    end() {
        if (this.overlong > 0)
            this.failOverlong(this.line + 1, this.overlong);
        if (this.carry !== undefined) {
            // The last line has no newline: parse it like any other (a truncated one fails).
            const text = utf8_decodeStrictUtf8(this.carry, this.display, this.carryOffset, this.line + 1);
            this.carry = undefined;
            this.handleLine(text, false);
        }
        else if (this.tailOpen)
            this.line++;
        if (this.tooManyLines) {
            throw new errors_ArtifactError({ file: this.display }, `file has ${this.line.toLocaleString('en-US')} lines, over the cap of ${this.limits.maxLines.toLocaleString('en-US')} lines`, 'artifact.too_large');
        }
        return { records: this.records, lines: this.line, bytes: this.bytes };
    }
    /** Over the line cap: only count the remaining lines, to report the real number. */
    countRest(chunk, from) {
        for (let i = chunk.indexOf(0x0a, from); i !== -1; i = chunk.indexOf(0x0a, i + 1))
            this.line++;
        if (chunk.length > from)
            this.tailOpen = chunk[chunk.length - 1] !== 0x0a;
    }
    appendCarry(bytes, offset) {
        if (this.carry === undefined) {
            this.carry = Buffer.from(bytes); // copy: the read buffer is reused
            this.carryOffset = offset;
        }
        else
            this.carry = Buffer.concat([this.carry, bytes]);
        if (this.carry.length > this.limits.maxLineBytes) {
            this.overlong = this.carry.length;
            this.carry = undefined;
        }
    }
    failOverlong(line, bytes) {
        throw new errors_ArtifactError({ file: this.display, line }, `line is ${formatBytes(bytes)}, over the ${formatCap(this.limits.maxLineBytes)} line cap`, 'artifact.too_large');
    }
    /**
     * Complete lines, each ending with a newline: decoded a piece of about DECODE_BYTES at a
     * time (cut after a newline), so the decoded text is a young, short-lived string and not a
     * large object that only a full garbage collection frees (memory at 10^6 lines).
     */
    block(bytes, offset) {
        for (let start = 0; start < bytes.length;) {
            let end = bytes.length;
            if (end - start > DECODE_BYTES) {
                const cut = bytes.lastIndexOf(0x0a, start + DECODE_BYTES - 1);
                end = cut >= start ? cut + 1 : bytes.indexOf(0x0a, start + DECODE_BYTES) + 1; // a line longer than a piece
            }
            this.piece(bytes.subarray(start, end), offset + start);
            if (this.tooManyLines) {
                for (let i = bytes.indexOf(0x0a, end); i !== -1; i = bytes.indexOf(0x0a, i + 1))
                    this.line++;
                return;
            }
            start = end;
        }
    }
    piece(bytes, offset) {
        const text = utf8_decodeStrictUtf8(bytes, this.display, offset, this.line + 1);
        for (let pos = 0; pos < text.length;) {
            const newline = text.indexOf('\n', pos);
            this.handleLine(text.slice(pos, newline), true);
            if (this.tooManyLines) {
                for (let i = text.indexOf('\n', newline + 1); i !== -1; i = text.indexOf('\n', i + 1))
                    this.line++;
                return;
            }
            pos = newline + 1;
        }
    }
    handleLine(raw, terminated) {
        const line = ++this.line;
        if (line > this.limits.maxLines) {
            this.tooManyLines = true;
            return;
        }
        const max = this.limits.maxLineBytes;
        // A UTF-16 unit is 1 to 3 bytes: measure bytes only when the length is ambiguous.
        if (raw.length * 3 > max && Buffer.byteLength(raw) > max)
            this.failOverlong(line, Buffer.byteLength(raw));
        let text = raw.charCodeAt(raw.length - 1) === 0x0d ? raw.slice(0, -1) : raw; // CRLF (F8)
        // A BOM is accepted at the start of the file only (F8). Stripped after decoding, so a
        // BOM split across reads is still recognised and byte offsets stay file offsets.
        if (line === 1 && text.charCodeAt(0) === 0xfeff)
            text = text.slice(1);
        const first = firstNonSpace(text);
        if (first === -1)
            return; // blank line (F10)
        let value;
        try {
            value = json_parseStrictJson(text, this.display, line);
        }
        catch (error) {
            if (!terminated && error instanceof errors_ArtifactError && error.reason.startsWith('unexpected end of input')) {
                throw new errors_ArtifactError(error.where, `${error.reason}; the last line has no newline: is the file truncated?`, error.code);
            }
            throw error;
        }
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
            throw new errors_ArtifactError({ file: this.display, line, column: first + 1 }, `each line must be a JSON object, found ${describeJsonType(value)}`);
        }
        this.records++;
        this.onRecord(value, line);
    }
}
function firstNonSpace(text) {
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c !== 0x20 && c !== 0x09 && c !== 0x0d)
            return i;
    }
    return -1;
}
function describeJsonType(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'an array';
    return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}
function describeKind(stats) {
    if (stats.isDirectory())
        return 'a folder';
    if (stats.isFIFO())
        return 'a FIFO (named pipe)';
    if (stats.isSocket())
        return 'a socket';
    if (stats.isCharacterDevice())
        return 'a character device';
    if (stats.isBlockDevice())
        return 'a block device';
    if (stats.isSymbolicLink())
        return 'a symbolic link';
    return stats.isFile() ? 'a regular file' : 'not a regular file';
}
/** `73,614,336 bytes (70.2 MiB)`: exact, plus a readable unit for large sizes. */
function formatBytes(bytes) {
    const exact = `${bytes.toLocaleString('en-US')} bytes`;
    if (bytes < 1024)
        return exact;
    const units = ['KiB', 'MiB', 'GiB', 'TiB'];
    let size = bytes / 1024;
    let unit = 0;
    while (size >= 1024 && unit < units.length - 1) {
        size /= 1024;
        unit++;
    }
    return `${exact} (${size.toFixed(1)} ${units[unit]})`;
}
/** A cap as people set it: `16 MiB` when round, else exact bytes. */
function formatCap(bytes) {
    for (const [unit, size] of [['GiB', 1024 ** 3], ['MiB', MiB], ['KiB', 1024]]) {
        if (bytes >= size && bytes % size === 0)
            return `${bytes / size} ${unit}`;
    }
    return `${bytes.toLocaleString('en-US')}-byte`;
}
function jsonl_isErrno(error, code) {
    return error instanceof Error && error.code === code;
}

;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_namespaceObject);
;// CONCATENATED MODULE: ./src/store/safe-path.ts
/**
 * Safe access inside a store root (F2, F3).
 *
 * A path is walked one component at a time with lstat, so nothing is opened before its
 * type is known. A symbolic link is followed only when its real target stays inside the
 * real store root (real stores link references to each other); FIFOs, sockets, devices
 * and links leading out are refused without being opened. Files are then opened with
 * O_NOFOLLOW | O_NONBLOCK and the opened descriptor must be the inode that was checked,
 * so swapping a component between the check and the open is refused too. A regular file
 * with more than one name (a hard link, nlink > 1) is refused as well: its other name may be
 * outside the store, and nothing tells where (F23, F27).
 */





/** A store root; `display` defaults to the path relative to the working directory. */
function storeRoot(rootPath, display) {
    return { path: external_node_path_default().resolve(rootPath), display: display ?? defaultDisplay(rootPath) };
}
function defaultDisplay(rootPath) {
    const relative = external_node_path_default().relative(process.cwd(), external_node_path_default().resolve(rootPath));
    if (relative === '')
        return '.';
    if (relative.startsWith('..') || external_node_path_default().isAbsolute(relative))
        return rootPath.split((external_node_path_default()).sep).join('/');
    return relative.split((external_node_path_default()).sep).join('/');
}
/** A StoreRoot from a root path (plus an optional display prefix) or an existing one. */
function safe_path_asStoreRoot(root, display) {
    if (typeof root === 'string')
        return storeRoot(root, display);
    return display === undefined ? root : { path: root.path, display };
}
/** `data/eval` + `runs/x` -> `data/eval/runs/x`. */
function displayOf(root, relative) {
    const base = safe_path_asStoreRoot(root).display;
    if (relative === '')
        return base;
    return base === '.' ? relative : `${base.replace(/\/+$/, '')}/${relative}`;
}
function safe_path_resolveInStore(root, relative, third, fourth) {
    if (typeof root === 'string')
        return resolve(storeRoot(root, third), relative, fourth ?? 'file');
    if (third !== undefined && third !== 'file' && third !== 'dir' && third !== 'any') {
        throw new TypeError(`resolveInStore: expected 'file', 'dir' or 'any', got ${JSON.stringify(third)}`);
    }
    return resolve(root, relative, third ?? 'file');
}
async function resolve(store, relative, expect) {
    const display = displayOf(store, relative);
    const parts = splitRelative(relative, display);
    const realRoot = await safe_path_realStoreRoot(store);
    let current = realRoot;
    let stats = await (0,promises_namespaceObject.lstat)(realRoot);
    let symlinked = false;
    for (let i = 0; i < parts.length; i++) {
        const here = displayOf(store, parts.slice(0, i + 1).join('/'));
        const isLast = i === parts.length - 1;
        const candidate = external_node_path_default().join(current, parts[i]);
        try {
            stats = await (0,promises_namespaceObject.lstat)(candidate);
        }
        catch (error) {
            if (jsonl_isErrno(error, 'ENOENT')) {
                throw new errors_ArtifactError({ file: display }, isLast ? 'not found' : `not found (no folder ${here})`, 'artifact.missing');
            }
            throw unreadable(display, error);
        }
        current = candidate;
        if (stats.isSymbolicLink()) {
            current = await followLink(candidate, realRoot, display, isLast ? undefined : here);
            stats = await (0,promises_namespaceObject.lstat)(current);
            symlinked = true;
        }
        if (!isLast && !stats.isDirectory()) {
            throw new errors_ArtifactError({ file: display }, `${here} is ${describeKind(stats)}, not a folder (refused)`, 'artifact.unsafe');
        }
    }
    checkKind(stats, expect, display);
    return { path: current, display, symlinked, stats };
}
/**
 * Opens a resolved regular file for reading. O_NONBLOCK keeps a FIFO swapped in after the
 * check from blocking; the inode comparison refuses it (or any other swap) before reading.
 */
async function safe_path_openResolved(resolved) {
    const flags = external_node_fs_namespaceObject.constants.O_RDONLY | (external_node_fs_namespaceObject.constants.O_NOFOLLOW ?? 0) | (external_node_fs_namespaceObject.constants.O_NONBLOCK ?? 0);
    let handle;
    try {
        handle = await (0,promises_namespaceObject.open)(resolved.path, flags);
    }
    catch (error) {
        if (jsonl_isErrno(error, 'ENOENT'))
            throw new errors_ArtifactError({ file: resolved.display }, 'not found', 'artifact.missing');
        if (jsonl_isErrno(error, 'ELOOP'))
            throw changed(resolved.display);
        throw unreadable(resolved.display, error);
    }
    const opened = await handle.stat();
    if (!opened.isFile() || opened.ino !== resolved.stats.ino || opened.dev !== resolved.stats.dev || opened.nlink > 1) {
        await handle.close();
        throw changed(resolved.display);
    }
    return handle;
}
async function openInStore(root, relative) {
    const resolved = await resolve(safe_path_asStoreRoot(root), relative, 'file');
    return { handle: await safe_path_openResolved(resolved), resolved };
}
/** Real path of the store root; a missing root is a usage error (nothing to evaluate). */
async function safe_path_realStoreRoot(store) {
    let real;
    try {
        real = await (0,promises_namespaceObject.realpath)(store.path);
    }
    catch (error) {
        if (jsonl_isErrno(error, 'ENOENT'))
            throw new UsageError(`store ${store.display}: folder not found`);
        throw error;
    }
    if (!(await (0,promises_namespaceObject.lstat)(real)).isDirectory())
        throw new UsageError(`store ${store.display}: not a folder`);
    return real;
}
/** True when `target` (a real path) is `realRoot` or below it. */
function safe_path_isInside(realRoot, target) {
    const prefix = realRoot.endsWith((external_node_path_default()).sep) ? realRoot : realRoot + (external_node_path_default()).sep;
    return target === realRoot || target.startsWith(prefix);
}
/** Real target of a link that must stay inside the store. `folder` names a parent link. */
async function followLink(link, realRoot, display, folder) {
    const what = folder === undefined ? 'is a symbolic link' : `parent folder ${folder} is a symbolic link`;
    let target;
    try {
        target = await (0,promises_namespaceObject.realpath)(link);
    }
    catch (error) {
        if (jsonl_isErrno(error, 'ENOENT'))
            throw new errors_ArtifactError({ file: display }, `${what} to a missing target`, 'artifact.missing');
        if (jsonl_isErrno(error, 'ELOOP'))
            throw new errors_ArtifactError({ file: display }, `${what} in a loop (refused)`, 'artifact.unsafe');
        throw unreadable(display, error);
    }
    // The target is not named: it may be a private path of the machine.
    if (!safe_path_isInside(realRoot, target)) {
        throw new errors_ArtifactError({ file: display }, `${what} that points outside the store (refused, not read)`, 'artifact.unsafe');
    }
    return target;
}
function checkKind(stats, expect, display) {
    if (expect === 'any')
        return;
    const ok = expect === 'file' ? stats.isFile() : stats.isDirectory();
    if (!ok) {
        const wanted = expect === 'file' ? 'a regular file' : 'a folder';
        throw new errors_ArtifactError({ file: display }, `is ${describeKind(stats)}, not ${wanted} (refused, not read)`, 'artifact.unsafe');
    }
    if (expect === 'file')
        checkSingleName(stats, display);
}
/** A regular file must have one name: a hard link's other name may lie outside the store. */
function checkSingleName(stats, display) {
    if (stats.isFile() && stats.nlink > 1) {
        throw new errors_ArtifactError({ file: display }, `is a hard link (${stats.nlink} names for one file; refused, not read)`, 'artifact.unsafe');
    }
}
/** "/"-separated plain components only: ids are validated earlier, this is the backstop. */
function splitRelative(relative, display) {
    if (relative === '')
        return [];
    const parts = relative.split('/');
    for (const part of parts) {
        if (part === '' || part === '.' || part === '..' || part.includes('\\') || part.includes('\0')) {
            throw new errors_ArtifactError({ file: display }, 'not a plain relative path inside the store (refused)', 'artifact.unsafe');
        }
    }
    return parts;
}
function changed(display) {
    return new errors_ArtifactError({ file: display }, 'changed while being opened (refused, not read)', 'artifact.unsafe');
}
function unreadable(display, error) {
    const code = error.code ?? 'unknown error';
    return new errors_ArtifactError({ file: display }, `cannot be read (${code})`, 'artifact.unreadable');
}

;// CONCATENATED MODULE: ./src/store/read.ts
/**
 * Reading store files: every read goes through resolveInStore/openResolved (safe-path.ts),
 * checks the size cap before reading, and decodes strict UTF-8 (F2, F5, F8, F9).
 */







// The gate imports the resolver with the readers.

/**
 * A text file's content (strict UTF-8, BOM removed), its size capped before reading.
 * `display` overrides the store's display prefix (e.g. `data/eval`) in messages.
 */
async function readTextInStore(root, relative, maxBytes, display) {
    return (await readTextFileInStore(root, relative, maxBytes, display)).text;
}
/** A strict JSON file's value (no NaN, no duplicate keys; errors name file:line:column). */
async function readJsonInStore(root, relative, maxBytes, display) {
    return (await readJsonFileInStore(root, relative, maxBytes, display)).value;
}
/** readTextInStore, also telling where the file really is and whether a link led there (F3). */
async function readTextFileInStore(root, relative, maxBytes, display) {
    const resolved = await resolveInStore(asStoreRoot(root, display), relative, 'file');
    checkFileSize(resolved.stats, resolved.display, maxBytes);
    const handle = await openResolved(resolved);
    try {
        // One byte more than expected: if it fills, the file grew after the check.
        const buffer = Buffer.allocUnsafe(resolved.stats.size + 1);
        let length = 0;
        for (;;) {
            const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
            if (bytesRead === 0)
                break;
            length += bytesRead;
            if (length === buffer.length) {
                throw new ArtifactError({ file: resolved.display }, 'changed while being read (refused)', 'artifact.unsafe');
            }
        }
        const text = stripBom(decodeStrictUtf8(buffer.subarray(0, length), resolved.display));
        return { text, display: resolved.display, path: resolved.path, symlinked: resolved.symlinked, bytes: length };
    }
    finally {
        await handle.close();
    }
}
/** readJsonInStore, also telling where the file really is and whether a link led there (F3). */
async function readJsonFileInStore(root, relative, maxBytes, display) {
    const { text, ...file } = await readTextFileInStore(root, relative, maxBytes, display);
    return { value: parseStrictJson(text, file.display), ...file };
}
/**
 * Whether `relative` is a folder of the store (reached through links that stay inside).
 * Missing means false; an unsafe path (a link out of the store) throws, it is not "absent".
 */
async function isDirectoryInStore(root, relative, display) {
    try {
        return (await resolveInStore(asStoreRoot(root, display), relative, 'any')).stats.isDirectory();
    }
    catch (error) {
        if (error instanceof ArtifactError && error.code === 'artifact.missing')
            return false;
        throw error;
    }
}
/** Streams a JSONL file of the store; see forEachJsonl. */
async function forEachJsonlInStore(root, relative, limits, onRecord, options = {}) {
    const resolved = await safe_path_resolveInStore(safe_path_asStoreRoot(root), relative, 'file');
    const handle = await safe_path_openResolved(resolved);
    try {
        const summary = await forEachJsonl(handle, resolved.display, limits, onRecord, options);
        return { ...summary, display: resolved.display, symlinked: resolved.symlinked };
    }
    finally {
        await handle.close();
    }
}
/** Generator form of forEachJsonlInStore. */
async function* readJsonlInStore(root, relative, limits, options = {}) {
    const resolved = await resolveInStore(asStoreRoot(root), relative, 'file');
    const handle = await openResolved(resolved);
    try {
        return yield* readJsonl(handle, resolved.display, limits, options);
    }
    finally {
        await handle.close();
    }
}
/** Entries of a store folder, sorted by name; links are classified, never read through. */
async function listDirInStore(root, relative, display) {
    const store = asStoreRoot(root, display);
    const folder = await resolveInStore(store, relative, 'dir');
    const realRoot = await realStoreRoot(store);
    let dirents;
    try {
        dirents = await readdir(folder.path, { withFileTypes: true });
    }
    catch (error) {
        throw new ArtifactError({ file: folder.display }, `cannot be listed (${errnoCode(error)})`, 'artifact.unreadable');
    }
    const entries = [];
    for (const dirent of dirents) {
        if (!dirent.isSymbolicLink()) {
            entries.push({ name: dirent.name, kind: kindOf(dirent), symlinked: false });
            continue;
        }
        entries.push({ name: dirent.name, kind: await linkKind(path.join(folder.path, dirent.name), realRoot), symlinked: true });
    }
    // Code-unit order, not locale order: the same on every machine.
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
async function linkKind(link, realRoot) {
    let target;
    try {
        target = await realpath(link);
    }
    catch (error) {
        if (isErrno(error, 'ELOOP'))
            return 'link-loop';
        return 'broken-link';
    }
    if (!isInside(realRoot, target))
        return 'escaping-link';
    return kindOf(await lstat(target));
}
function kindOf(info) {
    if (info.isFile())
        return 'file';
    if (info.isDirectory())
        return 'directory';
    if (info.isFIFO())
        return 'fifo';
    if (info.isSocket())
        return 'socket';
    if (info.isCharacterDevice() || info.isBlockDevice())
        return 'device';
    return 'other';
}
function errnoCode(error) {
    return error.code ?? 'unknown error';
}

;// CONCATENATED MODULE: ./src/artifacts/scan-predictions.ts
/**
 * Streams one predictions.jsonl, interpreting each record and handing the item to a sink
 * (the pairing structure). Records are never kept: only what the sink chooses to store.
 */




/**
 * Reads through the store's checked file handle (the file opened is the one whose path was
 * checked, so a link swapped in after the check is refused). `tap` sees the bytes read.
 */
async function scanPredictions(store, relative, display, idFieldSetting, onItem, tap) {
    let idField = idFieldSetting === 'auto' ? undefined : idFieldSetting;
    let items = 0;
    const datasets = new Map();
    let lastDataset;
    const idForms = {};
    await forEachJsonlInStore(store, relative, DEFAULT_LIMITS, (value, line) => {
        const record = value;
        idField ??= detectIdField(record, display, line);
        const item = interpretRecord(record, idField, display, line);
        // Records repeat one dataset id: an equal string skips the map lookup (and hashing it).
        if (item.dataset !== undefined && item.dataset !== lastDataset) {
            if (!datasets.has(item.dataset))
                datasets.set(item.dataset, line);
            lastDataset = item.dataset;
        }
        if (item.idIsNumber)
            idForms.number ??= item.id;
        else
            idForms.string ??= item.id;
        items++;
        onItem(item, line);
    }, tap ? { tap } : {});
    if (items === 0) {
        throw new errors_ArtifactError({ file: display }, 'nothing to evaluate: the predictions file has no items', 'predictions.empty');
    }
    return { items, idField, datasets, idForms };
}

;// CONCATENATED MODULE: ./src/artifacts/collect-predictions.ts
/**
 * One side's predictions.jsonl reduced to what the pairing needs, as flat data: the item ids in
 * file order (one string of them all, and where each ends) and, per score name, a Float64Array
 * of that score (NaN where an item has none). Being a few strings and typed arrays, a side
 * collected in a worker thread is handed over whole, its arrays transferred, not copied; so
 * the two sides are parsed on two cores at once. The reading itself is `scanPredictions`, with
 * every strict-input rule of the in-thread path.
 */

function grownFloats(values, capacity) {
    const next = new Float64Array(capacity).fill(NaN);
    next.set(values);
    return next;
}
/** Ids are joined a block at a time: few live strings, one short join each. */
const ID_BLOCK = 4096;
/** Every this many rows an id is compared with the last one compared (see `onUnordered`). */
const ORDER_SAMPLE = 64;
/**
 * Reads the file; `onCount(items)` is called every `every` items (a power of two); `tap` sees its
 * bytes. `onUnordered` is called once, as soon as the ids are seen not to ascend (one in every
 * ORDER_SAMPLE rows is compared, by UTF-16 code units as the pairing's index orders them): the
 * pairing can then prepare its lookups before this side arrives (PairedScores.prepareLookups).
 */
async function collectPredictions(request, onCount, every = 4096, tap, onUnordered) {
    let sampled;
    let watchingOrder = onUnordered !== undefined;
    const blocks = [];
    let block = [];
    let idEnds = new Uint32Array(1024);
    let textLength = 0;
    const columns = [];
    const byName = new Map();
    let items = 0;
    const result = await scanPredictions(request.store, request.relative, request.display, request.idField, (item) => {
        const row = items++;
        if (row === idEnds.length) {
            const ends = new Uint32Array(2 * idEnds.length);
            ends.set(idEnds);
            idEnds = ends;
            for (const column of columns)
                column.values = grownFloats(column.values, ends.length);
        }
        textLength += item.id.length;
        idEnds[row] = textLength;
        block.push(item.id);
        if (watchingOrder && row % ORDER_SAMPLE === 0) {
            if (sampled !== undefined && !(item.id > sampled)) {
                watchingOrder = false;
                onUnordered?.();
            }
            sampled = item.id;
        }
        if (block.length === ID_BLOCK) {
            blocks.push(block.join(''));
            block = [];
        }
        const scores = item.scores;
        if (scores !== undefined) {
            // interpretRecord left only finite numbers here (booleans read as 1/0, nulls dropped).
            for (const name in scores) {
                let column = byName.get(name);
                if (column === undefined) {
                    column = { name, values: new Float64Array(idEnds.length).fill(NaN) };
                    byName.set(name, column);
                    columns.push(column);
                }
                column.values[row] = scores[name];
            }
        }
        if (onCount !== undefined && (items & (every - 1)) === 0)
            onCount(items);
    }, tap);
    blocks.push(block.join(''));
    return {
        result,
        idText: blocks.join(''),
        idEnds: idEnds.subarray(0, items),
        columns: columns.map(({ name, values }) => ({ name, values: values.subarray(0, items) })),
    };
}
/** The buffers to transfer (not copy) when posting a collected side to another thread. */
function transferList(collected) {
    return [collected.idEnds.buffer, ...collected.columns.map((c) => c.values.buffer)];
}

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: ./src/git/blob-id.ts
/**
 * Git's object id of a file's content (`git hash-object`): sha1 over "blob <size>\0" and the
 * bytes. The plan names every file by it, so a tree on GitHub or in a local repository can be
 * compared with the plan without downloading anything, and moved files reuse their blobs.
 */

function gitBlobHasher(size) {
    return (0,external_node_crypto_namespaceObject.createHash)('sha1').update(`blob ${size}\0`);
}
function gitBlobSha(content) {
    return gitBlobHasher(content.length).update(content).digest('hex');
}

;// CONCATENATED MODULE: ./src/provenance/secrets/patterns.ts
/**
 * Credential patterns (RELIABILITY F18) and how a finding is shown: only a masked form,
 * the recognisable prefix plus the last four characters (`ghp_…a1B2`), ever leaves this
 * module. Every quantifier is bounded so that a match can never be longer than
 * MAX_SECRET_LENGTH: the streaming scanner relies on that to carry a fixed overlap.
 */
/** Case-insensitive spelling of a word, for use inside an otherwise case-sensitive regex. */
function anyCase(word) {
    return [...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join('');
}
/** Every upper/lower-case spelling of a two-letter string (anchors of case-insensitive names). */
function casings(pair) {
    const [a, b] = [...pair.toLowerCase()];
    return [a + b, a + b.toUpperCase(), a.toUpperCase() + b, (a + b).toUpperCase()];
}
const hasDigit = (text) => /[0-9]/.test(text);
const awsKeyName = `(?:${anyCase('aws')}_?)?${anyCase('secret')}_?${anyCase('access')}_?${anyCase('key')}`;
const wandbKeyName = `${anyCase('wandb')}[_-]?${anyCase('api')}[_-]?${anyCase('key')}`;
/** `name = value`, `name: value`, `"name": "value"` (also JSON escaped inside JSONL). */
const assigned = `\\\\?["']?\\s{0,4}[:=]\\s{0,4}\\\\?["']?`;
const PATTERNS = [
    {
        kind: 'github-token',
        group: 'github',
        source: 'gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,244}',
        hint: 'gh[pousr]_|github_pat_',
        anchors: ['p_', 'o_', 'u_', 's_', 'r_', 'b_'],
        bounded: true,
        prefix: (t) => (t.startsWith('github_pat_') ? 'github_pat_' : t.slice(0, 4)),
    },
    {
        kind: 'anthropic-key',
        group: 'anthropic',
        source: 'sk-ant-[A-Za-z0-9_-]{32,248}',
        hint: 'sk-[a-z0-9_-]{13}',
        anchors: ['k-'],
        bounded: true,
        prefix: () => 'sk-ant-',
    },
    {
        kind: 'openai-key',
        group: 'openai',
        source: 'sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{32,240}|sk-[A-Za-z0-9]{32,250}',
        hint: 'sk-[a-z0-9_-]{13}',
        anchors: ['k-'],
        bounded: true,
        plausible: hasDigit,
        prefix: (t) => /^sk-(?:proj|svcacct|admin)-/.exec(t)?.[0] ?? 'sk-',
    },
    {
        kind: 'aws-access-key-id',
        group: 'awsid',
        source: '(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}',
        hint: 'AKIA|ASIA|ABIA|ACCA',
        anchors: ['IA', 'CA'],
        bounded: true,
        prefix: (t) => t.slice(0, 4),
    },
    {
        kind: 'aws-secret-access-key',
        group: 'awssecret',
        // The key name, an optional closing quote (JSON, or JSON escaped inside JSONL), `=` or
        // `:`, then 40 base64 characters: a bare 40-character string is too common to flag.
        source: `${awsKeyName}\\\\?["']?\\s{0,4}[:=]\\s{0,4}\\\\?["']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])`,
        hint: 'secret_?access',
        anchors: casings('cr'),
        bounded: false,
        prefix: (t) => `${/^[A-Za-z_]+/.exec(t)?.[0] ?? 'secret_access_key'}=`,
    },
    {
        kind: 'huggingface-token',
        group: 'huggingface',
        source: 'hf_[A-Za-z0-9]{34,40}',
        hint: 'hf_',
        anchors: ['hf'],
        bounded: true,
        plausible: hasDigit,
        prefix: () => 'hf_',
    },
    {
        kind: 'huggingface-token',
        group: 'huggingfaceorg',
        source: 'api_org_[A-Za-z0-9]{34}',
        hint: 'api_org_',
        anchors: ['g_'],
        bounded: true,
        plausible: hasDigit,
        prefix: () => 'api_org_',
    },
    {
        kind: 'google-api-key',
        group: 'google',
        source: 'AIza[0-9A-Za-z_-]{35}',
        hint: 'AIza',
        anchors: ['Iz'],
        bounded: true,
        prefix: () => 'AIza',
    },
    {
        kind: 'slack-token',
        group: 'slack',
        // Bot, user, app-level, refresh and configuration tokens: xoxb-, xoxp-, xoxa-, xoxe-,
        // xoxr-, xoxs-, xoxo- and xapp-: a prefix, a numeric id, then the secret part.
        source: 'xox[abeoprs]-[0-9]{1,16}-[A-Za-z0-9-]{10,200}|xapp-[0-9]-[A-Z0-9]{6,20}-[0-9]{6,20}-[a-f0-9]{32,80}',
        hint: 'xox|xapp-',
        anchors: ['ox', 'p-'],
        bounded: true,
        prefix: (t) => t.slice(0, 5),
    },
    {
        kind: 'slack-webhook',
        group: 'slackhook',
        source: 'hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/+-]{30,160}',
        hint: 'hooks\\.slack\\.com',
        anchors: ['k.'],
        bounded: false,
        prefix: (t) => /^hooks\.slack\.com\/[a-z]+\//.exec(t)?.[0] ?? 'hooks.slack.com/',
    },
    {
        kind: 'stripe-key',
        group: 'stripe',
        // Secret and restricted keys (publishable pk_ keys are meant to be public).
        source: '(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{24,247}',
        hint: '[sr]k_(?:live|test)_',
        anchors: ['k_'],
        bounded: true,
        plausible: hasDigit,
        prefix: (t) => t.slice(0, t.indexOf('_', 3) + 1),
    },
    {
        kind: 'azure-storage-key',
        group: 'azurestorage',
        // A storage or Cosmos DB account key inside a connection string: 64 bytes in base64.
        source: `${anyCase('accountkey')}=[A-Za-z0-9+/]{86}==`,
        hint: 'accountkey',
        anchors: casings('tk'),
        bounded: false,
        prefix: (t) => t.slice(0, 11),
    },
    {
        kind: 'azure-client-secret',
        group: 'azuread',
        // Microsoft Entra ID (Azure AD) client secrets: three characters, a digit, "Q~", then 31-34.
        source: '[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}',
        hint: 'Q~',
        anchors: ['Q~'],
        bounded: true,
        plausible: (t) => /[0-9]/.test(t.slice(6)) && /[A-Za-z]/.test(t.slice(6)),
        prefix: (t) => t.slice(3, 6),
    },
    {
        kind: 'npm-token',
        group: 'npm',
        source: 'npm_[A-Za-z0-9]{36}',
        hint: 'npm_',
        anchors: ['m_'],
        bounded: true,
        plausible: hasDigit,
        prefix: () => 'npm_',
    },
    {
        kind: 'wandb-api-key',
        group: 'wandb',
        // Weights & Biases keys are 40 hex digits (`local-` on W&B Server): too common to flag
        // alone, so only next to their variable name or in a .netrc entry for api.wandb.ai.
        source: `${wandbKeyName}${assigned}(?:local-)?[0-9a-f]{40}(?![0-9a-f])|api\\.wandb\\.ai\\s{1,8}login\\s{1,8}[^\\s]{1,64}\\s{1,8}password\\s{1,8}(?:local-)?[0-9a-f]{40}(?![0-9a-f])`,
        hint: 'wandb',
        anchors: casings('db'),
        bounded: false,
        prefix: (t) => (t.startsWith('api.wandb.ai') ? 'api.wandb.ai password ' : `${/^[A-Za-z_-]+/.exec(t)?.[0] ?? 'WANDB_API_KEY'}=`),
    },
    {
        kind: 'private-key',
        group: 'privatekey',
        source: '-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----',
        hint: '-----BEGIN',
        anchors: ['GI'],
        bounded: false,
        prefix: (t) => t,
    },
];
/** The anchors of every pattern, for the streaming scan's pre-filter. */
const SECRET_ANCHORS = [...new Set(PATTERNS.flatMap((p) => p.anchors))];
/** No match of a pattern's `hint` inside a match of its `source` is longer than this. */
const MAX_HINT_LENGTH = 16;
/** The patterns as data (tests check each one's hint and anchors against its matches). */
const SECRET_PATTERNS = (/* unused pure expression or super */ null && (PATTERNS));
/** No match is longer than this (every quantifier above is bounded). */
const MAX_SECRET_LENGTH = 320;
/**
 * Whether `text` may hold a credential: a test of every pattern's hint, far cheaper than the
 * patterns themselves. Most strings of a report hold none and skip the full scan.
 */
const SECRET_HINT = new RegExp(PATTERNS.map((p) => p.hint).join('|'), 'i');
function mayHoldSecret(text) {
    return SECRET_HINT.test(text);
}
/** One regex for all patterns: the scanner makes a single pass over each chunk. */
function combinedSecretRegex() {
    return new RegExp(PATTERNS.map((p) => `(?<${p.group}>${p.source})`).join('|'), 'g');
}
const WORD = /[A-Za-z0-9_]/;
/**
 * Classifies a regex match found at `index` of `text`, or returns undefined when it is not
 * plausible (glued to neighbouring word characters, or failing the pattern's sanity test).
 */
function classifyMatch(match, text) {
    const pattern = PATTERNS.find((p) => match.groups?.[p.group] !== undefined);
    if (!pattern)
        return undefined;
    const value = match[0];
    if (pattern.bounded) {
        const before = text[match.index - 1];
        const after = text[match.index + value.length];
        if ((before !== undefined && WORD.test(before)) || (after !== undefined && WORD.test(after)))
            return undefined;
    }
    if (pattern.plausible && !pattern.plausible(value))
        return undefined;
    return { kind: pattern.kind, masked: maskSecret(pattern, value) };
}
function maskSecret(pattern, value) {
    if (pattern.kind === 'private-key')
        return value;
    return `${pattern.prefix(value)}…${value.slice(-4)}`;
}
const REDACT_REGEX = combinedSecretRegex();
/**
 * Replaces every secret in `text` with its masked form. Used on any repository text that
 * goes into a report (prompt and config diffs), never only on artifacts.
 */
function redactSecrets(text) {
    // Compiled once: every loop below runs `exec` until it returns null, which leaves
    // lastIndex at 0 for the next call.
    const regex = REDACT_REGEX;
    let out = '';
    let last = 0;
    for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
        const found = classifyMatch(match, text);
        if (!found) {
            regex.lastIndex = match.index + 1;
            continue;
        }
        out += text.slice(last, match.index) + found.masked;
        last = match.index + match[0].length;
        if (found.kind === 'private-key') {
            // Only the header is matched; the key body that follows is the secret.
            const end = /-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
            end.lastIndex = last;
            const closing = end.exec(text);
            out += '…(key body removed)';
            last = closing ? closing.index + closing[0].length : text.length;
            regex.lastIndex = last;
        }
    }
    return out + text.slice(last);
}

;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: ./src/provenance/secrets/prefilter.ts
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


/** 1 at (first byte | second byte << 8) for every anchor: two bytes read as a little-endian 16-bit value. */
const ANCHOR_PAIRS = new Uint8Array(65536);
for (const anchor of SECRET_ANCHORS)
    ANCHOR_PAIRS[anchor.charCodeAt(0) | (anchor.charCodeAt(1) << 8)] = 1;
const isAnchor = (bytes, j) => ANCHOR_PAIRS[bytes[j - 1] | (bytes[j] << 8)] !== 0;
/** Words are read in the machine's byte order; the word loop below assumes little-endian. */
const LITTLE_ENDIAN = (0,external_node_os_namespaceObject.endianness)() === 'LE';
/**
 * Whether a window may hold a secret. The window's text is `head` (the previous window's tail,
 * carried over) followed by the latin1 decoding of `bytes[start, end)`, one character per
 * byte; only the few characters around an anchor are ever decoded here, so a window cleared by
 * this test is never decoded at all.
 */
function windowMayHoldSecret(head, bytes, start, end) {
    const headLength = head.length;
    // A hint match starting in the head ends within MAX_HINT_LENGTH characters after it; one
    // starting after the head has its anchor inside `bytes`.
    if (headLength > 0 && mayHoldSecret(windowText(head, bytes, start, end, 0, headLength + MAX_HINT_LENGTH)))
        return true;
    for (let at = findAnchor(bytes, start + 1, end); at !== -1; at = findAnchor(bytes, at + 1, end)) {
        const q = headLength + (at - start); // window index of the anchor's second character
        if (mayHoldSecret(windowText(head, bytes, start, end, q - MAX_HINT_LENGTH, q + MAX_HINT_LENGTH)))
            return true;
    }
    return false;
}
/**
 * Characters [from, to) of the window `head` + latin1(bytes[start, end)) (clamped to it),
 * decoding only the bytes they cover.
 */
function windowText(head, bytes, start, end, from, to) {
    const headLength = head.length;
    const first = Math.max(0, from);
    const last = Math.min(headLength + (end - start), to);
    if (last <= first)
        return '';
    if (last <= headLength)
        return head.slice(first, last);
    const decoded = bytes.toString('latin1', start + Math.max(0, first - headLength), start + (last - headLength));
    return first < headLength ? head.slice(first) + decoded : decoded;
}
/** The smallest j in [from, end) where bytes[j - 1], bytes[j] is an anchor, or -1 (from >= 1). */
function findAnchor(bytes, from, end) {
    let j = from;
    if (LITTLE_ENDIAN) {
        // Byte by byte up to a word boundary of the underlying buffer, then two words at a time.
        for (; j < end && ((bytes.byteOffset + j) & 3) !== 0; j++)
            if (isAnchor(bytes, j))
                return j;
        const count = (Math.max(0, end - j) >>> 3) << 1;
        if (count > 0) {
            const words = new Uint32Array(bytes.buffer, bytes.byteOffset + j, count);
            // The pair of the byte before the next word and that word's first byte.
            let previous = bytes[j - 1];
            for (let w = 0; w < count; w += 2) {
                const w0 = words[w];
                const w1 = words[w + 1];
                const hit = ANCHOR_PAIRS[previous | ((w0 & 0xff) << 8)] |
                    ANCHOR_PAIRS[w0 & 0xffff] |
                    ANCHOR_PAIRS[(w0 >>> 8) & 0xffff] |
                    ANCHOR_PAIRS[w0 >>> 16] |
                    ANCHOR_PAIRS[(w0 >>> 24) | ((w1 & 0xff) << 8)] |
                    ANCHOR_PAIRS[w1 & 0xffff] |
                    ANCHOR_PAIRS[(w1 >>> 8) & 0xffff] |
                    ANCHOR_PAIRS[w1 >>> 16];
                if (hit !== 0) {
                    const base = j + 4 * w;
                    for (let k = base; k < base + 8; k++)
                        if (isAnchor(bytes, k))
                            return k;
                }
                previous = w1 >>> 24;
            }
            j += 4 * count;
        }
    }
    for (; j < end; j++)
        if (isAnchor(bytes, j))
            return j;
    return -1;
}

;// CONCATENATED MODULE: ./src/provenance/secrets/scanner.ts
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


/** Findings kept per file; the rest are only counted. */
const MAX_FINDINGS_KEPT = 50;
/** Characters kept before the first unscanned offset, for the word-boundary test. */
const CONTEXT = 8;
/** Bytes decoded and scanned at a time. */
const WINDOW_BYTES = 64 * 1024;
class SecretScanner {
    findings = [];
    total = 0;
    regex = combinedSecretRegex();
    carry = '';
    /** Absolute offset of carry[0]. */
    carryStart = 0;
    /** Absolute offset before which every match has been handled. */
    reportFrom = 0;
    /** Line number at absolute offset `lineAt`. */
    line = 1;
    lineAt = 0;
    /** Feeds the next chunk of the file. The buffer may be reused by the caller afterwards. */
    push(chunk) {
        const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        // Windows of WINDOW_BYTES keep each decoded string young and short-lived: a multi-MB
        // string would be a large object that only a full garbage collection frees.
        for (let start = 0; start < bytes.length; start += WINDOW_BYTES) {
            const end = Math.min(bytes.length, start + WINDOW_BYTES);
            if (windowMayHoldSecret(this.carry, bytes, start, end))
                this.scan(this.carry + bytes.toString('latin1', start, end), false);
            else
                this.skip(bytes, start, end);
        }
    }
    /**
     * What `scan` does to the window carry + latin1(bytes[start, end)) when there is nothing to
     * search in it, without decoding it: the same line count, report offset and carry.
     */
    skip(bytes, start, end) {
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
    end() {
        this.scan(this.carry, true);
        this.carry = '';
    }
    /** Searches a window the pre-filter did not clear (`final`: the file's last). */
    scan(text, final) {
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
    search(text, windowStart, cutoff) {
        const regex = this.regex;
        regex.lastIndex = this.reportFrom - windowStart;
        for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
            const start = windowStart + match.index;
            if (start >= cutoff)
                break;
            const found = classifyMatch(match, text);
            if (!found) {
                regex.lastIndex = match.index + 1;
                continue;
            }
            this.record(found.kind, found.masked, text, windowStart, start);
            this.reportFrom = Math.max(this.reportFrom, start + match[0].length);
        }
    }
    record(kind, masked, text, windowStart, start) {
        this.total++;
        if (this.findings.length >= MAX_FINDINGS_KEPT)
            return;
        this.advanceLines(text, windowStart, start);
        this.findings.push({ kind, line: this.line, masked });
    }
    /** `advanceLines` for the window head + bytes[start, ...) (head starts at `windowStart`). */
    advanceLinesInBytes(head, bytes, start, windowStart, to) {
        const headEnd = windowStart + head.length;
        this.advanceLines(head, windowStart, Math.min(to, headEnd));
        if (to <= this.lineAt)
            return;
        const shift = start - headEnd; // absolute offset + shift = index in bytes
        for (let i = bytes.indexOf(0x0a, this.lineAt + shift); i !== -1 && i < to + shift; i = bytes.indexOf(0x0a, i + 1))
            this.line++;
        this.lineAt = to;
    }
    /** Counts newlines from `lineAt` up to absolute offset `to` (both inside the window). */
    advanceLines(text, windowStart, to) {
        if (to <= this.lineAt)
            return;
        const end = Math.min(to, windowStart + text.length) - windowStart;
        for (let i = text.indexOf('\n', this.lineAt - windowStart); i !== -1 && i < end; i = text.indexOf('\n', i + 1))
            this.line++;
        this.lineAt = to;
    }
}
/** Scans a string (small files, tests). */
function scanText(text) {
    const scanner = new SecretScanner();
    scanner.push(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
    scanner.end();
    return scanner;
}

;// CONCATENATED MODULE: ./src/provenance/seal/file-digest.ts
/**
 * One pass over a file's bytes computing what provenance needs from it: its sha256 and
 * size (for the manifest) and, optionally, the secrets it contains and its git blob id (for a
 * promotion, which names every file by it). Large predictions files are read once, in big
 * chunks, never held in memory. The bytes can also come from someone else's read: the gate's
 * predictions readers feed a `DigestTap` with the chunks they parse, and the scan of the run
 * folder then takes that digest instead of reading the file again, when it is the same file,
 * unchanged (same device, inode, size, modification and change times before and after).
 */



const CHUNK_BYTES = (/* unused pure expression or super */ null && (4 * 1024 * 1024));
const wantsSha256 = (options) => options.sha256 !== false;
const identityOf = (stats) => ({ dev: stats.dev, ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs });
const sameIdentity = (a, b) => a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
/** The precomputed digest of the file whose handle reports `stats`, computed with `options`, if any. */
function findPrecomputed(digests, stats, options) {
    if (!digests)
        return undefined;
    const identity = identityOf(stats);
    // A digest with a hash serves a request without one; never the other way round.
    const found = digests.find((d) => sameIdentity(d.identity, identity) &&
        d.options.secrets === options.secrets &&
        (d.options.gitBlob === true) === (options.gitBlob === true) &&
        (wantsSha256(d.options) || !wantsSha256(options)));
    return found?.digest;
}
/** Digest state fed chunk by chunk, in file order. */
class FileDigester {
    stats;
    hash;
    scanner;
    blob;
    size = 0;
    /** `stats` (size and mode before reading) is needed for a git blob id. */
    constructor(options, stats) {
        this.stats = stats;
        this.hash = wantsSha256(options) ? (0,external_node_crypto_namespaceObject.createHash)('sha256') : undefined;
        this.scanner = options.secrets ? new SecretScanner() : undefined;
        // The blob id's header holds the size, so it is taken from the file before reading.
        this.blob = options.gitBlob && stats ? gitBlobHasher(stats.size) : undefined;
    }
    push(chunk) {
        this.hash?.update(chunk);
        this.blob?.update(chunk);
        this.scanner?.push(chunk);
        this.size += chunk.byteLength;
    }
    finish() {
        const { scanner, blob, stats, size } = this;
        scanner?.end();
        return {
            ...(this.hash ? { sha256: this.hash.digest('hex') } : {}),
            size,
            ...(scanner ? { secrets: { findings: scanner.findings, total: scanner.total } } : {}),
            ...(blob && stats ? { git: { ...(size === stats.size ? { sha: blob.digest('hex') } : {}), executable: (stats.mode & 0o111) !== 0 } } : {}),
        };
    }
}
/** Whether a digest with these options needs the file's bytes at all (else its size is all it holds). */
const readsBytes = (options) => wantsSha256(options) || options.secrets || options.gitBlob === true;
async function digestHandle(handle, options) {
    if (!readsBytes(options))
        return { size: (await handle.stat()).size };
    const digester = new FileDigester(options, options.gitBlob ? await handle.stat() : undefined);
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let size = 0;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, size);
        if (bytesRead === 0)
            break;
        digester.push(buffer.subarray(0, bytesRead));
        size += bytesRead;
    }
    return digester.finish();
}
/**
 * Computes a file's digest from a reader's pass over it (a `ByteTap` of the JSONL reader):
 * `result()` is the digest only when the reader went through the whole file and the file was
 * the same before and after (else undefined: the scan reads the file itself).
 */
class DigestTap {
    options;
    digester;
    before;
    outcome;
    constructor(options) {
        this.options = options;
    }
    start(stats) {
        this.before = identityOf(stats);
        this.digester = new FileDigester(this.options, stats);
    }
    bytes(chunk) {
        this.digester?.push(chunk);
    }
    end(stats) {
        const { digester, before } = this;
        if (!digester || !before)
            return;
        const digest = digester.finish();
        const after = identityOf(stats);
        if (sameIdentity(before, after) && digest.size === after.size)
            this.outcome = { identity: after, options: this.options, digest };
    }
    result() {
        return this.outcome;
    }
}

;// CONCATENATED MODULE: ./src/parse/standby-worker.ts
/**
 * A worker thread started before the code that will use it has loaded. A new thread spends
 * ~100 ms in Node's own bootstrap (compiling its internal modules) before it runs a line of
 * ours, and the gate paid that on its critical path: it created the predictions worker ~90 ms
 * after start-up (the time to load the CLI and read the policy), and the worker began parsing
 * ~115 ms later, while the main thread was already parsing the baseline. The CLI's loader
 * (src/cli.ts) starts that worker on standby instead, while the CLI itself loads; the gate hands
 * it its task, one message, when it knows it (the worker's entry waits for that message when
 * its `workerData` says `standby`). A standby worker that nobody claims is unref'd: it never
 * holds the process open, and it ends with it.
 *
 * The loader and the CLI are separate bundles, each with its own copy of this module: the
 * workers are kept on `globalThis`, under a registry symbol both copies name.
 */

const REGISTRY = Symbol.for('promotion-gate.standby-workers');
function registry() {
    const holder = globalThis;
    return (holder[REGISTRY] ??= new Map());
}
const isStandby = (data) => typeof data === 'object' && data !== null && data.standby === true;
/** Starts `url` on standby under `name` (a failure to start only means the user starts its own). */
function startStandby(name, url, resourceLimits) {
    let worker;
    try {
        worker = new Worker(url, { workerData: { standby: true }, resourceLimits });
    }
    catch {
        return;
    }
    worker.unref();
    const entry = { worker, alive: true };
    const died = () => {
        entry.alive = false;
    };
    // Also keeps the failure of a worker nobody claimed from being thrown on this thread.
    worker.on('error', died);
    worker.once('exit', died);
    registry().set(name, entry);
}
/**
 * The standby worker `name`, taken (a second claim gets none), or undefined when there is none
 * or it died. Events are delivered on later turns of the event loop, so a caller that attaches
 * its listeners in the same turn misses none of them.
 */
function standby_worker_claimStandby(name) {
    const entry = registry().get(name);
    registry().delete(name);
    return entry?.alive ? entry.worker : undefined;
}

;// CONCATENATED MODULE: ./src/gate/predictions-worker-limits.ts
/**
 * The heap of the gate's predictions worker: in a module of its own, small, because the CLI's
 * loader (src/cli.ts) reads it too, to start that worker on standby (parse/standby-worker.ts).
 */
/**
 * Parsing makes short-lived garbage: a young generation of 12 MB (4 MB semi-spaces, the size the
 * main thread's reaches; see parse/young-generation.ts) rather than V8's default for a thread,
 * several times larger, keeps the process's peak RSS down; 6 MB (2 MB semi-spaces) cost the
 * worker ~75 ms more in scavenges at 10^6 items, on the gate's critical path.
 */
const predictions_worker_limits_WORKER_LIMITS = Object.freeze({ maxYoungGenerationSizeMb: 12 });

;// CONCATENATED MODULE: ./src/gate/predictions-transport.ts
/**
 * Where a side's predictions are collected: in the bundled worker thread
 * (dist/predictions-worker/index.js, found beside the running bundle) when the file is big
 * enough for a second core to pay, else in-thread. The gate collects the candidate in a worker
 * while the main thread streams the baseline, so the two files are parsed at once. Errors
 * are the in-thread ones: a strict-input failure comes back as the same ArtifactError, and any
 * other worker failure (cannot start, crashed) repeats the side in-thread. With `digest`, the
 * same read also hashes (and secret-scans) the file for the provenance checks (DigestTap), so
 * the run folder's scan does not read it again.
 */






/** The whole task, in whichever thread runs it (the worker entry calls this too). */
async function collectSide(task, onCount, onUnordered) {
    const tap = task.digest ? new DigestTap(task.digest) : undefined;
    const collected = await collectPredictions(task.request, onCount, task.every, tap, onUnordered);
    const digest = tap?.result();
    return digest ? { ...collected, digest } : collected;
}
/**
 * Starts collecting now in the worker at `workerUrl` when given; else in-thread, lazily, when
 * the result is first asked for. Until then the worker does not keep the process alive, so a
 * gate that ends early on an error exits at once. `onUnordered`: the worker saw this side's ids
 * not ascend (sent while it still reads; never called in-thread, where the side is paired only
 * once read anyway).
 */
function collectIn(workerUrl, request, onCount, every = 4096, digest, onUnordered) {
    const task = { request, every, ...(digest ? { digest } : {}) };
    const inThread = () => collectSide(task, onCount);
    if (!workerUrl) {
        let pending;
        return { result: () => (pending ??= inThread()) };
    }
    let worker;
    const outcome = new Promise((resolve, reject) => {
        try {
            const workerData = { ...task, counts: onCount !== undefined };
            // The one the CLI's loader started on standby when there is one (already past its bootstrap).
            const standby = claimStandby('predictions-worker');
            if (standby)
                standby.postMessage(workerData);
            worker = standby ?? new Worker(workerUrl, { workerData, resourceLimits: WORKER_LIMITS });
            worker.unref();
        }
        catch {
            resolve(undefined);
            return;
        }
        const started = worker;
        let settled = false;
        const settle = (value, error) => {
            if (settled)
                return;
            settled = true;
            void started.terminate();
            if (error)
                reject(error);
            else
                resolve(value);
        };
        started.on('message', (message) => {
            if (message.type === 'count')
                onCount?.(message.items);
            else if (message.type === 'unordered')
                onUnordered?.();
            else if (message.type === 'done')
                settle(message.digest ? { ...message.collected, digest: message.digest } : message.collected);
            else if (message.type === 'invalid')
                settle(undefined, new ArtifactError(message.where, message.reason, message.code));
            else
                settle(undefined);
        });
        started.once('error', () => settle(undefined));
        started.once('exit', () => settle(undefined));
    });
    outcome.catch(() => undefined); // asked for through result(); never an unhandled rejection meanwhile
    let pending;
    return {
        result: () => {
            worker?.ref();
            return (pending ??= outcome.then((collected) => collected ?? inThread()));
        },
    };
}

;// CONCATENATED MODULE: ./src/gate/predictions-worker.ts
/**
 * Worker entry (bundled to dist/predictions-worker/index.js): collects one side's
 * predictions.jsonl (and, when asked, its file digest from the same read) and posts it, its
 * arrays transferred, with a running item count on the way. A strict-input failure
 * (ArtifactError) is posted as data and rethrown as the same error by the main thread;
 * anything else makes the main thread repeat the side in-thread (predictions-transport.ts).
 * Started on standby by the CLI's loader, it waits for its task as the first message.
 */





/** Collects the side and posts the outcome. */
function run(post, task) {
    const onCount = task.counts ? (items) => post({ type: 'count', items }) : undefined;
    collectSide(task, onCount, () => post({ type: 'unordered' })).then(({ digest, ...collected }) => post({ type: 'done', collected, ...(digest ? { digest } : {}) }, transferList(collected)), (error) => {
        if (error instanceof errors_ArtifactError)
            post({ type: 'invalid', where: error.where, reason: error.reason, code: error.code });
        else
            post({ type: 'failed' });
    });
}
if (external_node_worker_threads_namespaceObject.parentPort) {
    const port = external_node_worker_threads_namespaceObject.parentPort;
    const post = (message, transfer = []) => port.postMessage(message, transfer);
    // Started on standby (parse/standby-worker.ts): the task is the first message.
    if (isStandby(external_node_worker_threads_namespaceObject.workerData))
        port.once('message', (task) => run(post, task));
    else
        run(post, external_node_worker_threads_namespaceObject.workerData);
}

