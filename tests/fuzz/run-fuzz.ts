/**
 * The fuzzing runs (issue 9): store cases and policy cases through the gate, zip cases
 * through the artifact extractor. Each run is seeded, counts its cases and time, and on a
 * finding reports fast-check's shrunk counterexample. Most gate cases run in-process
 * through `runCli` (the CLI's own entry); every `bundleEvery`-th also runs through the
 * bundled CLI, which must agree on the exit code.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { extractZip } from '../../src/action/zip/extract-zip.js';
import { UnsafeArchiveError } from '../../src/action/zip/read-zip.js';
import { buildZip } from '../unit/action/zip-writer.js';
import { findings, gateBundled, gateInProcess, GATE_ARGS, type GateOutcome } from './oracle.js';
import { policyCaseArb, policyText, type PolicyCase } from './policy-cases.js';
import { nameArb, storeCaseArb, writeStore, type StoreCase } from './store-cases.js';

export interface FuzzOptions {
  runs: number;
  seed: number;
  /** Run every n-th gate case through the bundled CLI as well (0: never). */
  bundleEvery: number;
}

export interface FuzzResult {
  name: string;
  cases: number;
  seconds: number;
  casesPerSecond: number;
  bundled: number;
  /** Exit codes seen, for showing the runs are not vacuous. */
  exits: Record<string, number>;
  /** fast-check's report with the shrunk counterexample; undefined when nothing was found. */
  counterexample?: string;
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'pg-fuzz-'));
}

async function judged(dir: string, badInput: boolean, tally: FuzzResult, bundle: boolean): Promise<void> {
  const outcome = await gateInProcess(dir, GATE_ARGS);
  tally.exits[String(outcome.code)] = (tally.exits[String(outcome.code)] ?? 0) + 1;
  const found = findings(outcome, badInput);
  if (bundle) {
    tally.bundled++;
    const bundled: GateOutcome = await gateBundled(dir, GATE_ARGS);
    found.push(...findings(bundled, badInput).map((f) => `bundled CLI: ${f}`));
    if (bundled.code !== outcome.code) found.push(`the bundled CLI exits ${bundled.code}, in-process ${outcome.code}`);
  }
  if (found.length > 0) throw new Error(found.join('\n'));
}

async function run<T>(name: string, arbitrary: fc.Arbitrary<T>, options: FuzzOptions, body: (value: T, tally: FuzzResult, bundle: boolean) => Promise<void>): Promise<FuzzResult> {
  const tally: FuzzResult = { name, cases: 0, seconds: 0, casesPerSecond: 0, bundled: 0, exits: {} };
  const started = process.hrtime.bigint();
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (value) => {
      tally.cases++;
      await body(value, tally, options.bundleEvery > 0 && tally.cases % options.bundleEvery === 0);
    }),
    { numRuns: options.runs, seed: options.seed, endOnFailure: false },
  );
  tally.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  tally.casesPerSecond = tally.cases / tally.seconds;
  if (details.failed) {
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    tally.counterexample = `${fc.defaultReportMessage(details) ?? 'failed'}\nFindings:\n${error}`;
  }
  return tally;
}

/** Store cases: hostile names, ids and files (verdict free) and known-bad mutations (never a pass). */
export function fuzzStores(options: FuzzOptions): Promise<FuzzResult> {
  return run('store', storeCaseArb, options, async (c: StoreCase, tally, bundle) => {
    const dir = scratch();
    try {
      writeStore(c, dir);
      await judged(dir, c.bad.length > 0, tally, bundle);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** Policy cases: valid policies (verdict free) and broken ones (always exit 2, one line). */
export function fuzzPolicies(options: FuzzOptions): Promise<FuzzResult> {
  const sound: StoreCase = { odd: { metricNames: ['score_f1'], itemIds: ['a', 'b', 'c'], task: 'qa', linkInside: false }, scores: [1, 0, 1, 1, 0, 1], deltas: [0, 0, 0, 0], bad: [], variant: 0 };
  return run('policy', policyCaseArb, options, async (c: PolicyCase, tally, bundle) => {
    const dir = scratch();
    try {
      const store = writeStore(sound, dir);
      writeFileSync(join(store, 'policy.yml'), policyText(c));
      const outcome = await gateInProcess(dir, GATE_ARGS);
      tally.exits[String(outcome.code)] = (tally.exits[String(outcome.code)] ?? 0) + 1;
      const found = findings(outcome, c.broken !== undefined);
      if (c.broken !== undefined && outcome.code !== 2) found.push(`broken policy (${c.broken}) not refused: exit ${outcome.code}`);
      if (c.broken === undefined && outcome.code === 2) found.push(`valid policy refused: ${outcome.stderr.trim()}`);
      if (bundle) {
        tally.bundled++;
        const bundled = await gateBundled(dir, GATE_ARGS);
        if (bundled.code !== outcome.code) found.push(`the bundled CLI exits ${bundled.code}, in-process ${outcome.code}`);
        found.push(...findings(bundled, c.broken !== undefined).map((f) => `bundled CLI: ${f}`));
      }
      if (found.length > 0) throw new Error(found.join('\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

interface ZipCaseEntry {
  name: string;
  data: Uint8Array;
  deflate: boolean;
  mode: number | undefined;
  declaredSize: number | undefined;
}

interface ZipCase {
  entries: ZipCaseEntry[];
  /** Point this entry's central record at the first entry's local header (overlap). */
  overlap: number | undefined;
  /** Make this entry a large, extremely compressible one. */
  bomb: number | undefined;
}

const zipNameArb = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[a-z]{1,8}(\/[a-z]{1,8}){0,2}(\.json|\.jsonl|\/)?$/) },
  { weight: 1, arbitrary: fc.constantFrom('../x', '/abs', 'C:/x', 'a\\b', 'a/../../b', './a', 'a//b', `${'n'.repeat(300)}`, 'a\u0000b', 'dup', 'dup/') },
  { weight: 1, arbitrary: nameArb },
);

/** Mostly `value`'s absence: one case in `odds + 1` gets it. */
const rarely = <T>(value: fc.Arbitrary<T>, odds = 6): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: odds, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: value });

// Hostile features are each rare, so that a good share of archives is sound and extracts.
const zipCaseArb: fc.Arbitrary<ZipCase> = fc.record({
  entries: fc.array(
    fc.record({
      name: zipNameArb,
      data: fc.uint8Array({ maxLength: 300 }),
      deflate: fc.boolean(),
      mode: rarely(fc.constantFrom(0o120777, 0o010644, 0o020644, 0o040755)),
      declaredSize: rarely(fc.nat({ max: 400 })),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  overlap: rarely(fc.nat({ max: 4 }), 4),
  bomb: rarely(fc.nat({ max: 4 }), 8),
});

/** Every file below `dir`, with its content. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(join(entry.parentPath, entry.name), readFileSync(join(entry.parentPath, entry.name), 'hex'));
  }
  return files;
}

/** Zip cases: the extractor refuses (UnsafeArchiveError, nothing written) or writes exactly the entries. */
export function fuzzZips(options: FuzzOptions): Promise<FuzzResult> {
  return run('zip', zipCaseArb, options, async (c: ZipCase, tally) => {
    const dir = scratch();
    try {
      const entries = c.entries.map((e, i) => (i === c.bomb ? { ...e, data: new Uint8Array(3 * 1024 * 1024), deflate: true, declaredSize: undefined } : e));
      const bytes = buildZip(entries.map((e) => ({ name: e.name, data: Buffer.from(e.data), deflate: e.deflate, ...(e.mode === undefined ? {} : { mode: e.mode }), ...(e.declaredSize === undefined ? {} : { declaredSize: e.declaredSize }) })));
      if (c.overlap !== undefined && c.overlap > 0 && c.overlap < entries.length) redirectToFirst(bytes, c.overlap);
      const zip = join(dir, 'a.zip');
      writeFileSync(zip, bytes);
      const dest = join(dir, 'x', 'dest');
      mkdirSync(dest, { recursive: true });
      const before = snapshot(dir);
      let written: string[] | undefined;
      try {
        written = await extractZip(zip, dest);
        tally.exits['extracted'] = (tally.exits['extracted'] ?? 0) + 1;
      } catch (error) {
        if (!(error instanceof UnsafeArchiveError)) throw new Error(`not an UnsafeArchiveError: ${(error as Error).stack ?? String(error)}`);
        tally.exits['refused'] = (tally.exits['refused'] ?? 0) + 1;
      }
      const after = snapshot(dir);
      for (const [path, content] of after) {
        if (path.startsWith(`${dest}/`)) continue;
        if (before.get(path) !== content) throw new Error(`wrote outside the destination: ${path}`);
      }
      if (written === undefined) {
        if (readdirSync(dest).length > 0) throw new Error('a refused archive left files behind');
        return;
      }
      // Extracted: exactly the declared files, each with its entry's bytes.
      const expected = new Map(entries.filter((e) => !e.name.endsWith('/')).map((e) => [join(dest, e.name), Buffer.from(e.data).toString('hex')]));
      const got = new Map([...after].filter(([path]) => path.startsWith(`${dest}/`)));
      if (got.size !== expected.size) throw new Error(`extracted ${got.size} files, expected ${expected.size}`);
      for (const [path, content] of expected) if (got.get(path) !== content) throw new Error(`${path}: content differs from its entry`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** Points entry `index`'s central record at the first entry's local header. */
function redirectToFirst(zip: Buffer, index: number): void {
  let at = zip.readUInt32LE(zip.length - 22 + 16);
  for (let i = 0; i < index; i++) at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  zip.writeUInt32LE(0, at + 42);
}
