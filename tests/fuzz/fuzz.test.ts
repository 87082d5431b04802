// Property-based fuzzing of hostile input (issue 9, "keep it closed"), with fast-check:
// generated stores, policies and zip archives against the oracle of tests/fuzz/oracle.ts.
// In `npm test` a short seeded run (a few hundred cases); `npm run fuzz` sets FUZZ_LONG=1
// for 20,000 store cases and 3,000 policy cases and prints the rates (scripts/fuzz.mjs).
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fuzzPolicies, fuzzStores, fuzzZips, type FuzzResult } from './run-fuzz.js';

const LONG = process.env.FUZZ_LONG === '1';
const SEED = Number(process.env.FUZZ_SEED ?? 9);
const COUNTS = LONG ? { store: 20_000, policy: 3_000, zip: 2_000, bundleEvery: 100 } : { store: 200, policy: 100, zip: 150, bundleEvery: 40 };
const results: FuzzResult[] = [];

function record(result: FuzzResult): FuzzResult {
  results.push(result);
  if (process.env.FUZZ_OUT) writeFileSync(process.env.FUZZ_OUT, `${JSON.stringify({ seed: SEED, results }, null, 2)}\n`);
  return result;
}

const HOURS = 3 * 60 * 60 * 1000;

describe('hostile-input fuzzing', () => {
  it(`store cases (${COUNTS.store}): bad input never passes, nothing crashes, leaks or injects`, async () => {
    const result = record(await fuzzStores({ runs: COUNTS.store, seed: SEED, bundleEvery: COUNTS.bundleEvery }));
    expect(result.counterexample).toBeUndefined();
    expect(result.cases).toBe(COUNTS.store);
    // Not vacuous: the runs reach passes, failed gates and refusals alike.
    expect(Object.keys(result.exits).sort()).toEqual(['0', '1', '2']);
  }, HOURS);

  it(`policy cases (${COUNTS.policy}): a broken policy is always refused in one line`, async () => {
    const result = record(await fuzzPolicies({ runs: COUNTS.policy, seed: SEED, bundleEvery: COUNTS.bundleEvery }));
    expect(result.counterexample).toBeUndefined();
    expect(result.cases).toBe(COUNTS.policy);
  }, HOURS);

  it(`zip cases (${COUNTS.zip}): refused whole, or extracted exactly, never outside`, async () => {
    const result = record(await fuzzZips({ runs: COUNTS.zip, seed: SEED, bundleEvery: 0 }));
    expect(result.counterexample).toBeUndefined();
    expect(Object.keys(result.exits).sort()).toEqual(['extracted', 'refused']);
  }, HOURS);
});
