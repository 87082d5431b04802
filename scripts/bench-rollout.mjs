// `npm run bench:rollout`: decision quality and speed of staged rollouts (issue 15).
//
// 1. Decision quality: whole rollouts (the seed's stages 10/25/50/100% held 3/5/7 days, its
//    guardrails and limits) simulated with one look a day through the real decision code (the
//    entry scripts/bench-rollout-entry.ts, bundled with ncc into a temp folder):
//      - identical arms: share wrongly rolled back over all stages and looks (target ≤ 5%);
//      - a challenger 10% worse on acceptance: share rolled back (≥ 90%), and in the first stage;
//      - a challenger 1% better: share promoted within the minimum schedule (15 days) + 50% (≥ 80%);
//      - SRM: 10/90 planned, 14/86 observed on 20,000 units (→ hold).
//    Every share is printed with its Wilson 95% interval.
// 2. Speed: the bundled CLI's `rollout decide` on 10^7 unit rows (JSONL, then CSV, with ids), wall time
//    and peak RSS (targets: under 60 s and 300 MB), median of --repeat runs.
//
//   node scripts/bench-rollout.mjs [--rollouts 1000] [--per-day 100000] [--rows 10000000] [--repeat 3]
//                                  [--formats jsonl,csv] [--skip-speed] [--skip-quality]
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));

function parseArgs(argv) {
  const o = { rollouts: 1000, perDay: 100_000, rows: 10_000_000, repeat: 3, speed: true, quality: true, seed: 15, formats: ['jsonl', 'csv'] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => Number(argv[++i]);
    if (a === '--rollouts') o.rollouts = v();
    else if (a === '--per-day') o.perDay = v();
    else if (a === '--rows') o.rows = v();
    else if (a === '--repeat') o.repeat = v();
    else if (a === '--seed') o.seed = v();
    else if (a === '--skip-speed') o.speed = false;
    else if (a === '--skip-quality') o.quality = false;
    else if (a === '--formats') o.formats = argv[++i].split(',');
    else if (a === '--help' || a === '-h') {
      console.log('usage: node scripts/bench-rollout.mjs [--rollouts N] [--per-day N] [--rows N] [--repeat N] [--seed N] [--formats jsonl,csv] [--skip-speed] [--skip-quality]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

function wilson(k, n) {
  const z = 1.959964;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return `${(100 * p).toFixed(1)}% [${(100 * Math.max(0, c - h)).toFixed(1)}, ${(100 * Math.min(1, c + h)).toFixed(1)}]`;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function bundleEntry(work) {
  const out = join(work, 'entry');
  const r = spawnSync(process.execPath, ['node_modules/@vercel/ncc/dist/ncc/cli.js', 'build', 'scripts/bench-rollout-entry.ts', '-o', out, '--quiet', '--target', 'es2022'], { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('could not bundle scripts/bench-rollout-entry.ts');
  return join(out, 'index.js');
}

function runEntry(entry, args) {
  const r = spawnSync(process.execPath, [entry, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`bench entry failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Runs the simulation in two processes (the machine has 2 cores), then joins the outcomes. */
async function simulate(entry, config) {
  const halves = [Math.ceil(config.rollouts / 2), Math.floor(config.rollouts / 2)];
  const parts = await Promise.all(halves.map((rollouts, i) => new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, 'simulate', JSON.stringify({ ...config, rollouts, seed: config.seed * 2 + i })], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(err))));
  })));
  return parts.flat();
}

async function qualityAt(entry, options, perDay) {
  const base = { perDay, maxDays: 60, seed: options.seed };
  const started = Date.now();
  const aa = await simulate(entry, { ...base, name: 'identical', rollouts: options.rollouts, challenger: {} });
  const worse = await simulate(entry, { ...base, name: 'worse', rollouts: options.rollouts, challenger: { acceptance: 0.45 }, seed: options.seed + 1 });
  const worseValidator = await simulate(entry, { ...base, name: 'worse-validator', rollouts: options.rollouts, challenger: { validator: 0.22 }, seed: options.seed + 3 });
  const better = await simulate(entry, { ...base, name: 'better', rollouts: options.rollouts, challenger: { acceptance: 0.505 }, seed: options.seed + 2 });
  const n = options.rollouts;
  const count = (xs, f) => xs.filter(f).length;
  const deadline = 15 * 1.5;
  const days = (xs, outcome) => {
    const d = xs.filter((r) => r.outcome === outcome).map((r) => r.day);
    return d.length ? median(d) : '—';
  };
  console.log(`\n### ${perDay.toLocaleString('en-US')} units a day (${n} rollouts per scenario, one look a day; ${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  console.log('| scenario | figure | result [Wilson 95%] | target |');
  console.log('| --- | --- | --- | --- |');
  console.log(`| identical arms | wrongly rolled back, any stage or look | ${wilson(count(aa, (r) => r.outcome === 'rollback'), n)} | ≤ 5% |`);
  console.log(`| identical arms | promoted within ${deadline} days (median day ${days(aa, 'promote')}) | ${wilson(count(aa, (r) => r.outcome === 'promote' && r.day <= deadline), n)} | (info) |`);
  for (const [label, xs] of [['acceptance 10% worse', worse], ['validator interventions 10% worse', worseValidator]]) {
    console.log(`| ${label} | rolled back (median day ${days(xs, 'rollback')}) | ${wilson(count(xs, (r) => r.outcome === 'rollback'), n)} | ≥ 90% |`);
    console.log(`| ${label} | rolled back within the first stage (10%) | ${wilson(count(xs, (r) => r.outcome === 'rollback' && r.stage === 0), n)} | most |`);
  }
  console.log(`| acceptance 1% better | promoted within 15 d + 50% (${deadline} d; median day ${days(better, 'promote')}) | ${wilson(count(better, (r) => r.outcome === 'promote' && r.day <= deadline), n)} | ≥ 80% |`);
  console.log(`| acceptance 1% better | wrongly rolled back | ${wilson(count(better, (r) => r.outcome === 'rollback'), n)} | |`);
}

async function quality(options, work) {
  const entry = bundleEntry(work);
  console.log('\n## Decision quality');
  console.log('Seed rollout: stages 10/25/50/100% held 3/5/7 days, min_samples 1000; guardrails acceptance 0.5 (5%), edits Poisson(2) (10%),');
  console.log('validator interventions 0.2 (5%), p50 latency log-normal(800 ms, σ 0.35) (20%); limits p99 ≤ 2000 ms, cost +10%; 95% always-valid');
  console.log('intervals; a look every day; a rollout that neither promotes nor rolls back within 60 days counts as neither.');
  for (const perDay of [options.perDay, Math.round(options.perDay / 5)]) await qualityAt(entry, options, perDay);
  const srm = runEntry(entry, ['srm']);
  console.log(`\nSRM: 10/90 planned, 14/86 observed on 20,000 units (arms otherwise identical) → **${srm.decision}** (χ² ${srm.srm.chi2}, p = ${srm.srm.p_value.toExponential(2)} < 0.001); target: hold.`);
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function measure(args, cwd) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(TIME ?? process.execPath, TIME ? ['-v', process.execPath, ...args] : args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let polled = 0;
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const poll = TIME ? undefined : setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) polled = Math.max(polled, Number(m[1]));
      } catch { /* exited */ }
    }, 20);
    child.on('error', reject);
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      const timed = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
      const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
      const cpu = user && system ? Number(user[1]) + Number(system[1]) : NaN;
      resolve({ code, seconds: Number(process.hrtime.bigint() - started) / 1e9, cpu, rssMb: (timed ? Number(timed[1]) : polled) / 1024, stdout, stderr });
    });
  });
}

async function writeRows(path, rows, format = 'jsonl') {
  const out = createWriteStream(path);
  if (format === 'csv') out.write('id,arm,at,acceptance_rate,edits,validator_intervention,latency_ms,cost_usd\n');
  const start = Date.parse('2026-01-01T00:00:00Z');
  const span = 3 * 86_400_000;
  let state = 12345;
  const rand = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const arm = rand() < 0.1 ? 'challenger' : 'champion';
    const at = new Date(start + Math.floor((i / rows) * span)).toISOString();
    const v = [rand() < 0.5 ? 1 : 0, Math.floor(rand() * 5), rand() < 0.2 ? 1 : 0, Math.round(800 * Math.exp(0.35 * (rand() + rand() + rand() - 1.5) * 2)), (0.015 + rand() * 0.01).toFixed(4)];
    chunk += format === 'csv'
      ? `u${i},${arm},${at},${v.join(',')}\n`
      : `{"id":"u${i}","arm":"${arm}","at":"${at}","acceptance_rate":${v[0]},"edits":${v[1]},"validator_intervention":${v[2]},"latency_ms":${v[3]},"cost_usd":${v[4]}}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      chunk = '';
    }
  }
  out.write(chunk);
  await new Promise((r) => out.end(r));
}

async function speed(options, work) {
  const cli = join(REPO, 'dist/cli/index.js');
  if (!existsSync(cli)) throw new Error('dist/cli/index.js is missing: run `npm run bundle` first');
  const store = join(work, 'store');
  mkdirSync(join(store, 'rollouts'), { recursive: true });
  for (const id of ['champion_v3', 'challenger_v4']) {
    mkdirSync(join(store, 'baselines', id), { recursive: true });
    writeFileSync(join(store, 'baselines', id, 'metrics.json'), '{}');
  }
  const entrySource = readFileSync(join(REPO, 'scripts/bench-rollout-entry.ts'), 'utf8');
  writeFileSync(join(store, 'rollouts', 'bench.yml'), /ROLLOUT_TEXT = `([\s\S]*?)`;/.exec(entrySource)[1]);
  console.log('');
  const table = [];
  for (const format of options.formats) {
    const telemetry = join(work, `telemetry.${format}`);
    const started = Date.now();
    await writeRows(telemetry, options.rows, format);
    const bytes = statSync(telemetry).size;
    console.log(`## Speed: \`rollout decide\` on ${options.rows.toLocaleString('en-US')} unit rows (${(bytes / 1024 / 1024).toFixed(0)} MiB ${format === 'csv' ? 'CSV' : 'JSONL'} with ids; written in ${((Date.now() - started) / 1000).toFixed(0)} s)`);
    const runs = [];
    for (let i = 0; i < options.repeat; i++) {
      const r = await measure([cli, 'rollout', 'decide', '--store', store, '--rollout', 'bench', '--telemetry', telemetry, '--now', '2026-01-04T00:00:00Z', '--json', join(work, 'decision.json')], work);
      if (r.code !== 0) throw new Error(`decide failed: ${r.stderr}`);
      runs.push(r);
      console.log(`  run ${i + 1}: ${r.seconds.toFixed(1)} s (CPU ${r.cpu.toFixed(1)} s, load average ${loadavg()[0].toFixed(1)}), peak RSS ${r.rssMb.toFixed(0)} MB; ${r.stdout.split('\n')[0]}`);
    }
    rmSync(telemetry, { force: true });
    const decision = JSON.parse(readFileSync(join(work, 'decision.json'), 'utf8'));
    const s = median(runs.map((r) => r.seconds));
    table.push(`| ${options.rows.toLocaleString('en-US')} | ${format === 'csv' ? 'CSV' : 'JSONL'}, ${(bytes / 1024 / 1024).toFixed(0)} MiB | ${s.toFixed(1)} s | ${median(runs.map((r) => r.cpu)).toFixed(1)} s | ${Math.round(options.rows / s).toLocaleString('en-US')} | ${median(runs.map((r) => r.rssMb)).toFixed(0)} MB | < 60 s, < 300 MB | ${decision.decision} (${decision.telemetry.rows.toLocaleString('en-US')} rows read) |`);
  }
  console.log('');
  console.log('| rows | file | wall time (median) | CPU time (median) | rows/s | peak RSS (median) | target | decision |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of table) console.log(row);
}

const options = parseArgs(process.argv.slice(2));
const work = mkdtempSync(join(tmpdir(), 'pg-bench-rollout-'));
console.log(`# bench:rollout — node ${process.version}, ${cpus().length} cpus (${cpus()[0]?.model.trim()}), load average ${loadavg()[0].toFixed(2)} at start`);
try {
  if (options.quality) await quality(options, work);
  if (options.speed) await speed(options, work);
} finally {
  rmSync(work, { recursive: true, force: true });
}
