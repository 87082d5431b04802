#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 581:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(995);
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_module__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _cli_standby_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(745);
/**
 * CLI entry (bundled to dist/cli/index.js, a few lines). It turns on Node's compile cache
 * (module.enableCompileCache: V8's compiled code of a module kept on disk and checked against
 * the module's source), then loads the CLI itself, bundled beside it as dist/cli/main.js (from
 * src/cli/entry.ts), so that its 2.6 MB are compiled through the cache: on a gate's ~140 ms
 * start-up that was ~25 ms of parsing and compiling on every run.
 *
 * The cache lives in the user's own cache folder ($XDG_CACHE_HOME or ~/.cache, then
 * promotion-gate/compile-cache), not in the shared temp folder where another local user could
 * plant compiled code; NODE_COMPILE_CACHE names another folder, NODE_DISABLE_COMPILE_CACHE=1
 * turns it off.
 *
 * For a gate on a big candidate, it first starts the predictions worker on standby, so that the
 * thread's own start (~100 ms) runs while the CLI loads (cli/standby.ts).
 */




const cacheHome = process.env.XDG_CACHE_HOME || (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_os__WEBPACK_IMPORTED_MODULE_1__.homedir)(), '.cache');
// Absent before Node 22.1; a folder that cannot be used (read-only) is only skipped.
node_module__WEBPACK_IMPORTED_MODULE_0___default().enableCompileCache?.(process.env.NODE_COMPILE_CACHE || (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(cacheHome, 'promotion-gate', 'compile-cache'));
if (process.argv[2] === 'gate')
    (0,_cli_standby_js__WEBPACK_IMPORTED_MODULE_3__/* .standbyForGate */ .m)(process.argv.slice(3));
// Left to run time (main.js is its own bundle, not a module of this one): a variable for the
// type checker, webpackIgnore for ncc.
const MAIN = './main.js';
await import(/* webpackIgnore: true */ MAIN);

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 745:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  m: () => (/* binding */ standbyForGate)
});

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(760);
;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
;// CONCATENATED MODULE: external "node:url"
const external_node_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");
;// CONCATENATED MODULE: ./src/parse/bundled-worker.ts
/**
 * Where a bundled worker thread is. Each worker (scan-worker, predictions-worker,
 * telemetry-worker) is its own bundle, dist/<name>/index.js, beside the bundles that start it
 * (dist/cli/, dist/action/), so it is found from the running bundle's URL. Running from source
 * there is none (null), and the callers do the work in-thread.
 */


/** Below this size of the file a worker would read, starting a thread costs more than it saves. */
const WORKER_MIN_BYTES = 8 * 1024 * 1024;
/** dist/<name>/index.js beside the running bundle (`base`), or null when there is none. */
function bundledWorkerUrl(name, base = import.meta.url) {
    // Built from variables: ncc turns a literal path next to import.meta.url into a bundled asset.
    const file = 'index.js';
    const url = new URL(`../${name}/${file}`, base);
    return url.protocol === 'file:' && (0,external_node_fs_namespaceObject.existsSync)((0,external_node_url_namespaceObject.fileURLToPath)(url)) ? url : null;
}

;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
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
        worker = new external_node_worker_threads_namespaceObject.Worker(url, { workerData: { standby: true }, resourceLimits });
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
function claimStandby(name) {
    const entry = registry().get(name);
    registry().delete(name);
    return entry?.alive ? entry.worker : undefined;
}

;// CONCATENATED MODULE: external "node:v8"
const external_node_v8_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:v8");
;// CONCATENATED MODULE: ./src/parse/young-generation.ts
/**
 * Keeps V8's young generation at its initial size in this process. Reading 10^6-line JSONL
 * makes garbage at several hundred MB/s; V8 answers by growing the semi-spaces (up to 16 MB
 * each on Node 22, more on Node 24), and that memory stays resident: measured on the gate at
 * 10^6 items per side, Node 24 peaked at ~400 MB with growth and ~290 MB without, Node 22
 * ~230 MB -> ~170 MB on one side's read, at the same CPU time (a scavenge of a small
 * young generation is cheap: little of this garbage survives). Worker threads set their own
 * cap through `resourceLimits` (src/gate/predictions-worker-limits.ts).
 *
 * `--max-semi-space-size` is read only when the heap is created, so it cannot be set from
 * inside; the growth factor is read at each scavenge, so setting it at start-up takes effect.
 * Called once by each entry point (the CLI and the action), never by library code.
 *
 * A worker thread's heap is created later, and so reads the semi-space size flags: without
 * growth its young generation would stay at V8's 1 MB minimum (this thread's grew to 4 MB
 * during start-up), and the gate's predictions worker then spent twice the main thread's time
 * in scavenges (1,108 against 283 at 10^6 items, each copying the same few survivors).
 * WORKER_SEMI_SPACE_FLAG starts the workers' semi-spaces at 4 MB, each still capped by its
 * `resourceLimits.maxYoungGenerationSizeMb` (a third of which is one semi-space).
 */

/** The V8 flags set (exported for the test that checks this V8 still knows and reads them). */
const YOUNG_GENERATION_FLAG = '--semi-space-growth-factor=1';
const WORKER_SEMI_SPACE_FLAG = '--min-semi-space-size=4';
function keepYoungGenerationSmall() {
    setFlagsFromString(YOUNG_GENERATION_FLAG);
    sizeWorkerSemiSpaces();
}
/** Only the workers' flag: for a worker started before `keepYoungGenerationSmall` runs (cli/standby.ts). */
function sizeWorkerSemiSpaces() {
    (0,external_node_v8_namespaceObject.setFlagsFromString)(WORKER_SEMI_SPACE_FLAG);
}

;// CONCATENATED MODULE: ./src/contract/errors.ts
/**
 * Errors that end a command before anything was evaluated (exit code 2).
 *
 * Every message names what is at fault (an input, a flag, a file with line and column),
 * because the user reads exactly one line on stderr.
 */
class errors_UsageError extends (/* unused pure expression or super */ null && (Error)) {
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
function parseStrictJson(text, file, firstLine = 1) {
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
function json_quoteForMessage(value, max = 64) {
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
                s.failAt(start, `duplicate key ${json_quoteForMessage(key)}`);
            keys.add(key);
            if (s.peekNonSpace("':'") !== 0x3a)
                s.fail(unexpected(text, s.pos, `expected ':' after key ${json_quoteForMessage(key)}`));
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
    return new ArtifactError({ file, line, column }, problem.reason);
}

;// CONCATENATED MODULE: ./src/store/ids.ts
/**
 * Ids name folders in the store, so each must be one harmless path segment (F1). They are
 * checked before any file is touched, and the error names the input that supplied them.
 */


const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const MAX_LENGTH = 128;
/** Returns `value` when it is a valid id; otherwise throws a UsageError naming `source`. */
function validateId(kind, value, source) {
    const problem = idProblem(value);
    if (problem !== undefined) {
        throw new UsageError(`${source} ${quoteForMessage(value)}: ${problem} (a ${kind} id matches ${ID_PATTERN.source})`);
    }
    return value;
}
function isValidId(value) {
    return idProblem(value) === undefined;
}
/** Why `value` is not an id, most specific reason first; undefined when it is one. */
function idProblem(value) {
    if (value.length === 0)
        return 'an id cannot be empty';
    if (value.includes('\0'))
        return 'an id cannot contain a NUL character';
    if (value === '.' || value === '..')
        return `"${value}" is not an id: an id is a single path segment naming a folder`;
    if (/^(?:[/\\]|[A-Za-z]:)/.test(value))
        return 'an id is a single path segment, not an absolute path';
    if (/[/\\]/.test(value))
        return 'an id is a single path segment: it cannot contain "/" or "\\"';
    if (value.length > MAX_LENGTH)
        return `an id is at most ${MAX_LENGTH} characters, this one has ${value.length}`;
    if (/[. ]$/.test(value))
        return 'an id cannot end with "." or a space';
    if (!/^[A-Za-z0-9]/.test(value))
        return 'an id starts with an ASCII letter or digit';
    const bad = /[^A-Za-z0-9._-]/u.exec(value);
    if (bad)
        return `character ${json_quoteForMessage(bad[0])} is not allowed: use ASCII letters, digits, ".", "_" and "-"`;
    return undefined;
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
const WORKER_LIMITS = Object.freeze({ maxYoungGenerationSizeMb: 12 });

;// CONCATENATED MODULE: ./src/cli/standby.ts
/**
 * The CLI loader's guess at whether this process is a gate that will parse the candidate's
 * predictions in a worker thread, so that the loader starts that worker on standby while the
 * CLI loads (parse/standby-worker.ts). Only `--store` and `--run` are read, the way the gate
 * reads them (the store relative to the working folder, data/eval by default), and only a size
 * is asked of the file system. A wrong guess costs nothing but the head start: the gate still
 * checks everything itself and starts its own worker when none is waiting, and a standby
 * worker it does not claim ends with the process.
 */








const DEFAULT_STORE = 'data/eval';
const RUNS = 'runs';
const PREDICTIONS = 'predictions.jsonl';
/** `args`: the command line after the command name. */
function standbyForGate(args, cwd = process.cwd()) {
    let values;
    try {
        ({ values } = (0,external_node_util_namespaceObject.parseArgs)({ args, options: { store: { type: 'string' }, run: { type: 'string' } }, strict: false, allowPositionals: true }));
    }
    catch {
        return false;
    }
    const { store, run } = values;
    if (typeof run !== 'string' || !isValidId(run))
        return false; // the gate refuses it anyway
    // Segments from variables: ncc turns literal file names given to path.resolve into bundled assets.
    const segments = [typeof store === 'string' ? store : DEFAULT_STORE, RUNS, run, PREDICTIONS];
    let size;
    try {
        size = (0,external_node_fs_namespaceObject.statSync)((0,external_node_path_.resolve)(cwd, ...segments)).size;
    }
    catch {
        return false;
    }
    const url = size >= WORKER_MIN_BYTES ? bundledWorkerUrl('predictions-worker', import.meta.url) : null;
    if (!url)
        return false;
    // Read when the worker's heap is made, so set before it is (the CLI sets it again).
    sizeWorkerSemiSpaces();
    startStandby('predictions-worker', url, WORKER_LIMITS);
    return true;
}


/***/ }),

/***/ 995:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");

/***/ }),

/***/ 161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
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
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(581);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
