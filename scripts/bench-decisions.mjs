// `npm run bench:decisions`: decision quality of significance-aware rules (issue 6).
//
// Simulates candidate/baseline pairs with independent per-item outcomes, either with no true
// change or with a known true drop, and counts how often the rule fails. Each pair goes through
// the gate's own code, in process: PairedScores, then `pairedIntervals` and `evaluatePerformance`
// (the same calls src/gate/run-gate.ts makes), once with a significance-aware rule and once with
// the plain point-threshold rule at the same tolerance. The entry scripts/bench-entry.ts is
// bundled with ncc into a temp folder first (the CLI would spend most of the time starting up).
//
//   node scripts/bench-decisions.mjs [--pairs-scale 1] [--seed 6] [--keep-bundle DIR]
//
// --pairs-scale X   multiply the number of simulated pairs per scenario (default 1)
// --seed N          base seed of the simulation (default 6); every scenario derives its own
// --bundle FILE     use an already built bundle of scripts/bench-entry.ts instead of building one
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));

function parseArgs(argv) {
  const options = { scale: 1, seed: 6, bundle: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--pairs-scale') options.scale = Number(value());
    else if (arg === '--seed') options.seed = Number(value());
    else if (arg === '--bundle') options.bundle = value();
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node scripts/bench-decisions.mjs [--pairs-scale X] [--seed N] [--bundle FILE]');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  if (!(options.scale > 0)) throw new Error('--pairs-scale must be positive');
  if (!Number.isSafeInteger(options.seed)) throw new Error('--seed must be an integer');
  return options;
}

/** Wilson 95% interval of a proportion, as "[a%, b%]". */
function wilson(k, n) {
  const z = 1.959964;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  const pct = (x) => `${(100 * x).toFixed(1)}%`;
  return `[${pct(Math.max(0, centre - half))}, ${pct(Math.min(1, centre + half))}]`;
}

function table(header, rows) {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells) => `| ${cells.map((cell, c) => String(cell).padEnd(widths[c])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const pairs = (n) => Math.max(10, Math.round(n * options.scale));
  // The targets are the first two rows; the continuous rows exercise the bootstrap.
  const scenarios = [
    { name: 'no change, binary 70%', truth: 'none', kind: 'binary', items: 500, baseline: 0.7, candidate: 0.7, pairs: pairs(10000), tolerance: 0, significance: 0.05 },
    { name: 'true drop 70% -> 67%, binary', truth: 'drop', kind: 'binary', items: 5000, baseline: 0.7, candidate: 0.67, pairs: pairs(2000), tolerance: 0, significance: 0.05 },
    // The same two with `confidence: 0.9` (a 90% interval: one-sided at 5%), for comparison.
    { name: 'no change, binary 70%, confidence 0.9', truth: 'none', kind: 'binary', items: 500, baseline: 0.7, candidate: 0.7, pairs: pairs(10000), tolerance: 0, significance: 0.05, confidence: 0.9 },
    { name: 'true drop 70% -> 67%, binary, confidence 0.9', truth: 'drop', kind: 'binary', items: 5000, baseline: 0.7, candidate: 0.67, pairs: pairs(2000), tolerance: 0, significance: 0.05, confidence: 0.9 },
    { name: 'no change, continuous mean 0.6', truth: 'none', kind: 'continuous', items: 500, baseline: 0.6, candidate: 0.6, pairs: pairs(1000), tolerance: 0, significance: 0.05 },
    { name: 'true drop 0.60 -> 0.58, continuous', truth: 'drop', kind: 'continuous', items: 5000, baseline: 0.6, candidate: 0.58, pairs: pairs(300), tolerance: 0, significance: 0.05 },
  ].map((s, i) => ({ ...s, seed: options.seed * 1000 + i }));

  const work = options.bundle ? undefined : mkdtempSync(join(tmpdir(), 'pg-decisions-'));
  try {
    let bundle = options.bundle;
    if (!bundle) {
      process.stdout.write('bundling scripts/bench-entry.ts... ');
      const out = join(work, 'bundle');
      const built = spawnSync(process.execPath, [join(REPO, 'node_modules/@vercel/ncc/dist/ncc/cli.js'), 'build', join(REPO, 'scripts/bench-entry.ts'), '-o', out, '--quiet', '--no-source-map-register', '--target', 'es2022'], { cwd: REPO, encoding: 'utf8' });
      if (built.status !== 0) throw new Error(`ncc could not bundle scripts/bench-entry.ts:\n${built.stderr}${built.stdout}`);
      bundle = join(out, 'index.js');
      console.log('done');
    }
    const rows = [];
    for (const s of scenarios) {
      process.stdout.write(`simulating ${s.pairs} pairs: ${s.name}... `);
      const started = Date.now();
      const run = spawnSync(process.execPath, [bundle, 'decisions', JSON.stringify([s])], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (run.status !== 0) throw new Error(`the simulation failed:\n${run.stderr}`);
      const r = JSON.parse(run.stdout.trim());
      console.log(`${((Date.now() - started) / 1000).toFixed(1)} s`);
      const rate = (k) => `${((100 * k) / r.pairs).toFixed(1)}% ${wilson(k, r.pairs)}`;
      const what = s.truth === 'none' ? 'false failures' : 'detected (fail)';
      rows.push([
        s.name, s.items.toLocaleString('en-US'), r.pairs, what,
        rate(r.significance.fail), `${((100 * r.significance.warn) / r.pairs).toFixed(1)}%`, rate(r.point.fail),
        Object.entries(r.methods).map(([m, k]) => `${m} ${k}`).join(', ') || 'none',
      ]);
    }
    console.log('');
    console.log(table(
      ['scenario (independent outcomes)', 'items/side', 'pairs', 'counted', 'significance rule: fail [95% CI]', 'its warnings', 'point rule: fail [95% CI]', 'interval method'],
      rows,
    ));
    console.log('\nBoth rules: direction higher, tolerance 0. Significance rule: significance 0.05, i.e. a 95% two-sided');
    console.log('interval and a one-sided test at 2.5% (see src/gate/paired-intervals.ts), unless the row sets confidence.');
    console.log('A significance rule that does not fail a worse candidate warns ("not statistically significant").');
    console.log('Each scenario simulates independent outcomes per item and side, seeded (--seed); 95% CIs are Wilson intervals.');
  } finally {
    if (work) rmSync(work, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
