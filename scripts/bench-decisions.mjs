// `npm run bench:decisions`: decision quality of significance-aware rules (issues 6 and 18).
//
// For binary scores and three shapes of continuous per-item deltas (normal, right-skewed,
// many zeros) at n = 10, 30, 100 and 1,000 items, simulates candidate/baseline pairs with no
// true change and with a true drop of 3 standard errors, and counts how often the rule fails.
// Each pair goes through the gate's own code, in process: PairedScores, then `pairedIntervals`
// and `evaluatePerformance` (the same calls src/gate/run-gate.ts makes), once with a
// significance-aware rule and once with the plain point rule at the same tolerance (0). The
// entry scripts/bench-entry.ts is bundled with ncc into a temp folder first. Every cell runs
// --runs times with different seeds; the table shows the median run, with its Wilson 95%
// interval, and all runs' rates.
//
// --coverage prints the table behind the choice of continuous method instead: how often each
// interval method puts a no-change sample's 95% interval entirely below or above 0.
//
//   node scripts/bench-decisions.mjs [--pairs-scale 1] [--runs 3] [--seed 6] [--coverage]
//
// --pairs-scale X   multiply the number of simulated pairs per cell (default 1)
// --runs N          seeded runs per cell (default 3)
// --seed N          base seed of the simulation (default 6); every cell derives its own
// --bundle FILE     use an already built bundle of scripts/bench-entry.ts instead of building one
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));

function parseArgs(argv) {
  const options = { scale: 1, runs: 3, seed: 6, bundle: undefined, coverage: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--pairs-scale') options.scale = Number(value());
    else if (arg === '--runs') options.runs = Number(value());
    else if (arg === '--seed') options.seed = Number(value());
    else if (arg === '--bundle') options.bundle = value();
    else if (arg === '--coverage') options.coverage = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node scripts/bench-decisions.mjs [--pairs-scale X] [--runs N] [--seed N] [--bundle FILE] [--coverage]');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  if (!(options.scale > 0)) throw new Error('--pairs-scale must be positive');
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error('--runs must be a positive integer');
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

const SHAPES = {
  binary: 'binary, 70% pass',
  normal: 'continuous, normal',
  skewed: 'continuous, right-skewed',
  zeros: 'continuous, 70% zeros',
};
const SIZES = [10, 30, 100, 1000];
const DROP_SE = 3;

function bundleEntry(work) {
  process.stdout.write('bundling scripts/bench-entry.ts... ');
  const out = join(work, 'bundle');
  const built = spawnSync(process.execPath, [join(REPO, 'node_modules/@vercel/ncc/dist/ncc/cli.js'), 'build', join(REPO, 'scripts/bench-entry.ts'), '-o', out, '--quiet', '--no-source-map-register', '--target', 'es2022'], { cwd: REPO, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`ncc could not bundle scripts/bench-entry.ts:\n${built.stderr}${built.stdout}`);
  console.log('done');
  return join(out, 'index.js');
}

function runEntry(bundle, mode, config) {
  const run = spawnSync(process.execPath, [bundle, mode, JSON.stringify([config])], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`the simulation failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim());
}

const pct = (k, n) => `${((100 * k) / n).toFixed(1)}%`;
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

function decisions(bundle, options) {
  const pairs = (n) => Math.max(10, Math.round(n * options.scale));
  const rows = [];
  const started = Date.now();
  for (const [shape, label] of Object.entries(SHAPES)) {
    for (const items of SIZES) {
      const cells = [];
      for (const truth of ['none', 'drop']) {
        const count = truth === 'none' ? pairs(items >= 1000 ? 1000 : 2000) : pairs(items >= 1000 ? 300 : 600);
        const runs = [];
        for (let r = 0; r < options.runs; r++) {
          const seed = options.seed * 1_000_003 + r * 7919 + items * 31 + Object.keys(SHAPES).indexOf(shape) * 1009 + (truth === 'drop' ? 17 : 0);
          runs.push(runEntry(bundle, 'decisions', { shape, items, truth, drop: DROP_SE, pairs: count, significance: 0.05, seed }));
        }
        const sorted = [...runs].sort((a, b) => a.significance.fail / a.pairs - b.significance.fail / b.pairs);
        const mid = sorted[sorted.length >> 1];
        const methods = {};
        for (const run of runs) for (const [m, k] of Object.entries(run.methods)) methods[m] = (methods[m] ?? 0) + k;
        cells.push({
          rate: `${pct(mid.significance.fail, mid.pairs)} ${wilson(mid.significance.fail, mid.pairs)}`,
          all: runs.map((run) => pct(run.significance.fail, run.pairs)).join(' / '),
          point: pct(median(runs.map((run) => run.point.fail / run.pairs)) * mid.pairs, mid.pairs),
          pairs: mid.pairs,
          methods,
          seconds: median(runs.map((run) => run.seconds)),
        });
      }
      const [none, drop] = cells;
      process.stdout.write(`  ${label}, n = ${items}: false failures ${none.rate}, detected ${drop.rate}\n`);
      rows.push([
        label, items.toLocaleString('en-US'), `${none.rate}`, none.all, none.point, `${drop.rate}`, drop.all,
        Object.entries(none.methods).map(([m, k]) => `${m} ${k}`).join(', '), `${none.pairs} / ${drop.pairs}`,
      ]);
    }
  }
  console.log('');
  console.log(table(
    ['scores', 'items', 'no change: fails [95% CI]', 'runs', 'point rule fails', `drop of ${DROP_SE} SE: detected [95% CI]`, 'runs', 'method (no-change pairs)', 'pairs/run'],
    rows,
  ));
  console.log(`\nSignificance rule: direction higher, tolerance 0, significance 0.05 (a 95% interval; the rule fails at one-sided 2.5%).`);
  console.log('No change: binary scores are independent 70% passes on both sides; continuous deltas are normal (sd 0.1),');
  console.log('right-skewed 0.05 (Exp(1) - 1) (skewness 2), or 0 for 70% of the items and U - U\' for the rest. Target: at most 5%.');
  console.log(`Drop: the true mean falls by ${DROP_SE} standard errors of the mean delta; an ideal one-sided z test at 2.5% detects 85%.`);
  console.log(`Each cell: ${options.runs} seeded runs; the median run is shown with its Wilson 95% interval, then every run's rate.`);
  console.log(`Machine: ${cpus().length} cpus ${cpus()[0]?.model ?? ''}, node ${process.version}, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

function coverageTable(bundle, options) {
  const rows = [];
  const labels = { ...SHAPES, 'zeros-skewed': 'continuous, 70% zeros, skewed (stress)' };
  for (const shape of ['normal', 'skewed', 'zeros', 'zeros-skewed']) {
    for (const items of [10, 30, 100]) {
      const trials = Math.max(100, Math.round(2000 * options.scale));
      const r = runEntry(bundle, 'coverage', { shape, items, trials, seed: options.seed * 7 + items });
      const cell = (m) => `${pct(r[m].below, trials)} / ${pct(trials - r[m].below - r[m].above, trials)}`;
      rows.push([labels[shape], items, cell('t'), cell('percentile'), cell('studentized'), cell('gate')]);
      process.stdout.write('.');
    }
  }
  console.log('\n');
  console.log(table(['no-change deltas', 'items', 't', 'percentile bootstrap', 'studentized bootstrap', 'gate: hull of t and studentized'], rows));
  console.log('\nEach cell: false failures (95% interval entirely below 0; nominal 2.5%) / two-sided coverage (nominal 95%),');
  console.log(`over ${Math.max(100, Math.round(2000 * options.scale))} seeded no-change samples, 1,000 resamples each.`);
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const work = options.bundle ? undefined : mkdtempSync(join(tmpdir(), 'pg-decisions-'));
  try {
    const bundle = options.bundle ?? bundleEntry(work);
    if (options.coverage) coverageTable(bundle, options);
    else decisions(bundle, options);
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
