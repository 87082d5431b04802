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
/* harmony import */ var _cli_standby_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(0);
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

/***/ 0:
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
;// CONCATENATED MODULE: external "node:v8"
const external_node_v8_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:v8");
;// CONCATENATED MODULE: external "node:url"
const external_node_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");
;// CONCATENATED MODULE: ./src/parse/bundled-worker.ts
/**
 * Where a bundled worker thread is. Each worker (scan-worker, predictions-worker,
 * telemetry-worker) is its own bundle, dist/<name>/index.js, beside the bundles that start it
 * (dist/cli/, dist/action/), so it is found from the running bundle's URL. Running from source
 * there is none (null), and the callers do the work in-thread.
 */


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

;// CONCATENATED MODULE: ./src/parse/young-generation.ts
/**
 * Keeps V8's young generation at its initial size in this process. Reading 10^6-line JSONL
 * makes garbage at several hundred MB/s; V8 answers by growing the semi-spaces (up to 16 MB
 * each on Node 22, more on Node 24), and that memory stays resident: measured on the gate at
 * 10^6 items per side, Node 24 peaked at ~400 MB with growth and ~290 MB without, Node 22
 * ~230 MB -> ~170 MB on one side's read, at the same CPU time (a scavenge of a small
 * young generation is cheap: little of this garbage survives). Worker threads set their own
 * cap through `resourceLimits` (src/gate/predictions-transport.ts).
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
    setFlagsFromString(WORKER_SEMI_SPACE_FLAG);
}

;// CONCATENATED MODULE: ./src/gate/predictions-worker-limits.ts
/**
 * When and how the gate's predictions worker runs: in a module of its own, small, because the
 * CLI's loader (src/cli.ts) reads it too, to start that worker on standby (parse/standby-worker.ts).
 */
/** Below this size of a predictions file, starting a thread costs more than it saves. */
const WORKER_MIN_BYTES = 8 * 1024 * 1024;
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
    if (typeof run !== 'string' || run === '' || run === '.' || run === '..' || /[/\\]/.test(run))
        return false;
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
    (0,external_node_v8_namespaceObject.setFlagsFromString)(WORKER_SEMI_SPACE_FLAG);
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
