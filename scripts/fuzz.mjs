// `npm run fuzz`: the long hostile-input fuzzing run (issue 9). Runs tests/fuzz with
// FUZZ_LONG=1 (20,000 store cases, 3,000 policy cases, 2,000 zip cases; seed FUZZ_SEED,
// default 9), then prints, per kind, the cases, the time, cases per second, how many ran
// through the bundled CLI too, the exit codes seen, and any shrunk counterexample.
// Build the bundle first (`npm run bundle`): a sample of the cases runs through it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'pg-fuzz-run-'));
const out = join(dir, 'fuzz.json');
const started = Date.now();
const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'tests/fuzz', '--reporter=dot'], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_LONG: '1', FUZZ_OUT: out },
});
let report;
try {
  report = JSON.parse(readFileSync(out, 'utf8'));
} catch {
  console.error('fuzz: no results were written (see the output above)');
  process.exit(run.status || 2);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`\nfuzz (seed ${report.seed}) on ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
let findings = 0;
for (const r of report.results) {
  const exits = Object.entries(r.exits).map(([k, v]) => `${k}: ${v}`).join(', ');
  console.log(`  ${r.name.padEnd(7)} ${String(r.cases).padStart(6)} cases in ${r.seconds.toFixed(1)} s = ${r.casesPerSecond.toFixed(1)} cases/s; ${r.bundled} also through the bundled CLI; outcomes ${exits}`);
  if (r.counterexample) {
    findings++;
    console.log(`\n  FINDING in ${r.name} cases (shrunk):\n${r.counterexample.replace(/^/gm, '    ')}\n`);
  }
}
console.log(findings === 0 ? '  findings: 0' : `  findings: ${findings}`);
process.exit(findings === 0 && run.status === 0 ? 0 : 1);
