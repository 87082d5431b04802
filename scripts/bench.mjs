// `npm run bench`: the gate, `compare` and `site` at scale (issues 6, 13 and 17). For each size it generates a deterministic
// candidate/baseline pair in a temp folder (JSONL of about 360 bytes per line, a binary and a
// continuous per-item score, a policy with significance-aware rules on both), runs the bundled
// CLI gate on it and prints wall time, items per second, the child's peak RSS, and the ratio to
// a floor measured in the same run: a bare Node script that only reads both files and
// JSON.parses each line. It also prints the CLI's start-up time on a 10-item run, and (unless
// --no-stats) the in-process cost of the paired statistics at each size. Then (unless
// --no-compare) `compare bench_base bench_cand` on the same pair: wall time, its ratio to the
// gate's (target: within 1.5x at 10^6 items per side) and peak RSS (target: under 500 MB). Then
// (unless --no-site) the dashboard: scripts/bench-site.mjs (targets: build < 60 s, overview < 1 s, < 50 MB).
//
//   node scripts/bench.mjs [--sizes 1e4,1e5,1e6] [--repeat 3] [--cli dist/cli/index.js]
//                          [--shuffle] [--secrets-off] [--sealed] [--no-stats] [--no-compare] [--no-site] [--keep]
//
// --repeat N   median of N runs per measurement (default 3)
// --cli FILE   the bundle to run (default $PROMOTION_GATE_CLI, else dist/cli/index.js)
// --shuffle    write the candidate's items in another order than the baseline's (a fixed
//              permutation), which defeats the same-order fast path of the pairing
// --secrets-off  set `compliance.secrets: off` in the generated policy: the secret scan of the
//              compliance gate reads the candidate's files a second time; this isolates the rest
// --sealed     give both runs a manifest.json (sha256 and size of each file, as `run create` and a
//              promotion write it): the gate then hashes both predictions files to verify them,
//              which it skips for runs without one (the default here)
// --no-stats   skip the in-process statistics timing (it bundles a small entry with ncc)
// --no-compare skip the `compare` measurement
// --no-site    skip the dashboard's measurement (scripts/bench-site.mjs, also `npm run bench:site`):
//              1,000 entries of 10^4 items, site build time, output size, overview load in Chromium
// --keep       keep the generated data and print where it is
//
// Peak RSS comes from /usr/bin/time -v when present, else from polling VmHWM in
// /proc/<pid>/status. Generated data lives under os.tmpdir() and is removed at the end.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));

// ---------------------------------------------------------------------------------------------
// The floor: read both files in 1 MiB chunks, decode whole lines, JSON.parse each line.

async function floor(files) {
  let records = 0;
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  for (const file of files) {
    const handle = await open(file, 'r');
    let carry = '';
    try {
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        const last = buffer.lastIndexOf(0x0a, bytesRead - 1);
        if (last < 0) {
          carry += buffer.toString('utf8', 0, bytesRead);
          continue;
        }
        const text = carry + buffer.toString('utf8', 0, last + 1);
        carry = buffer.toString('utf8', last + 1, bytesRead);
        for (let pos = 0; pos < text.length; ) {
          const nl = text.indexOf('\n', pos);
          if (nl > pos) {
            JSON.parse(text.slice(pos, nl));
            records++;
          }
          pos = nl + 1;
        }
      }
      if (carry.trim() !== '') {
        JSON.parse(carry);
        records++;
      }
    } finally {
      await handle.close();
    }
  }
  return records;
}

if (process.argv[2] === '--floor') {
  const records = await floor(process.argv.slice(3));
  process.stdout.write(`${records}\n`);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Arguments.

function parseArgs(argv) {
  const options = { sizes: [1e4, 1e5, 1e6], repeat: 3, cli: process.env.PROMOTION_GATE_CLI ?? 'dist/cli/index.js', shuffle: false, secrets: true, sealed: false, stats: true, compare: true, site: true, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--sizes') {
      options.sizes = value().split(',').map((s) => {
        const n = Number(s.trim());
        if (!Number.isSafeInteger(n) || n < 10) throw new Error(`--sizes: ${JSON.stringify(s)} is not an integer >= 10`);
        return n;
      });
    } else if (arg === '--repeat') {
      options.repeat = Number(value());
      if (!Number.isSafeInteger(options.repeat) || options.repeat < 1) throw new Error('--repeat must be a positive integer');
    } else if (arg === '--cli') options.cli = value();
    else if (arg === '--shuffle') options.shuffle = true;
    else if (arg === '--secrets-off') options.secrets = false;
    else if (arg === '--sealed') options.sealed = true;
    else if (arg === '--no-stats') options.stats = false;
    else if (arg === '--no-compare') options.compare = false;
    else if (arg === '--no-site') options.site = false;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node scripts/bench.mjs [--sizes 1e4,1e5,1e6] [--repeat N] [--cli FILE] [--shuffle] [--secrets-off] [--sealed] [--no-stats] [--no-compare] [--no-site] [--keep]');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  options.cli = resolve(REPO, options.cli);
  return options;
}

// ---------------------------------------------------------------------------------------------
// Deterministic data. Every value of item i comes from a hash of (i, draw), so items can be
// written in any order and the two sides stay consistent.

function fmix32(h) {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A uniform in [0, 1) for item i and draw k. */
const u = (i, k) => fmix32(Math.imul(i + 1, 0x9e3779b1) ^ fmix32(k + 0x1234567)) / 4294967296;

const WORDS = ('the of and to in is that for it as with was on be by this are or from at an which have not has but were ' +
  'episode podcast summary guest host topic market model data policy season interview story listener question answer ' +
  'energy climate history science music sport health travel budget city court vote study report launch review').split(' ');

function words(i, k, count) {
  const out = [];
  for (let j = 0; j < count; j++) out.push(WORDS[Math.floor(u(i, k + j) * WORDS.length)]);
  return out.join(' ');
}

const DATASET = 'bench_synthetic_v1';
const SHA = '0123456789abcdef0123456789abcdef01234567';

/** Baseline and candidate records of item i (same id), and their scores. */
function item(i) {
  const id = `item-${String(i).padStart(7, '0')}`;
  const base = u(i, 1) < 0.7 ? 1 : 0;
  // The candidate mostly agrees with the baseline, and is slightly worse on the rest.
  const cand = u(i, 2) < 0.9 ? base : u(i, 3) < 0.68 ? 1 : 0;
  const rBase = base ? 0.75 + 0.25 * u(i, 4) : 0.15 + 0.55 * u(i, 5);
  const rCand = Math.min(1, Math.max(0, rBase + 0.1 * (u(i, 6) - 0.5) - 0.002));
  const rb = Math.round(rBase * 1e4) / 1e4;
  const rc = Math.round(rCand * 1e4) / 1e4;
  const target = 330 + Math.floor(u(i, 7) * 60);
  const line = (em, rouge, k) => {
    const head = `{"id":"${id}","dataset_id":"${DATASET}","input":"Summarise: `;
    const tail = `","output":"${words(i, 100 + k, 8)}","reference":"${words(i, 200, 6)}","latency_ms":${200 + Math.floor(u(i, 8 + k) * 900)},"scores":{"exact_match":${em},"rougeL_f1":${rouge}}}`;
    let body = words(i, 300, 4);
    for (let j = 0; head.length + body.length + tail.length < target; j++) body += ` ${WORDS[Math.floor(u(i, 400 + j) * WORDS.length)]}`;
    return `${head}${body}${tail}\n`;
  };
  return { baseline: line(base, rb, 0), candidate: line(cand, rc, 1), base, cand, rb, rc };
}

/** manifest.json for a run folder, in the shape `run create` writes (DESIGN section 1). */
async function seal(dir) {
  const files = {};
  for (const name of ['fingerprint.json', 'metrics.json', 'predictions.jsonl']) {
    const hash = createHash('sha256');
    const handle = await open(join(dir, name), 'r');
    const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
    let size = 0;
    for (let read; (read = (await handle.read(buffer, 0, buffer.length, size)).bytesRead) > 0; size += read) hash.update(buffer.subarray(0, read));
    await handle.close();
    files[name] = { sha256: hash.digest('hex'), size };
  }
  const manifest = { manifest_version: 1, algorithm: 'sha256', created_at: new Date().toISOString(), created_by: { name: 'promotion-gate-bench', version: '0' }, files };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Step of the fixed permutation used by --shuffle: coprime with every 2^a 5^b size. */
const STRIDE = 7919 * 104729;

async function writeStore(root, n, { shuffle = false, secrets = true, sealed = false } = {}) {
  mkdirSync(join(root, 'baselines/bench_base'), { recursive: true });
  mkdirSync(join(root, 'runs/bench_cand'), { recursive: true });
  const files = { baseline: join(root, 'baselines/bench_base/predictions.jsonl'), candidate: join(root, 'runs/bench_cand/predictions.jsonl') };
  const handles = { baseline: await open(files.baseline, 'w'), candidate: await open(files.candidate, 'w') };
  const sums = { base: 0, cand: 0, rb: 0, rc: 0 };
  const chunk = { baseline: [], candidate: [] };
  let pending = 0;
  const flush = async () => {
    for (const side of ['baseline', 'candidate']) {
      await handles[side].write(chunk[side].join(''));
      chunk[side] = [];
    }
    pending = 0;
  };
  for (let j = 0; j < n; j++) {
    const b = item(j);
    sums.base += b.base;
    sums.rb += b.rb;
    chunk.baseline.push(b.baseline);
    const c = shuffle ? item(Number((BigInt(j) * BigInt(STRIDE)) % BigInt(n))) : b;
    sums.cand += c.cand;
    sums.rc += c.rc;
    chunk.candidate.push(c.candidate);
    if (++pending === 20_000) await flush();
  }
  await flush();
  await handles.baseline.close();
  await handles.candidate.close();

  const metrics = (em, rouge) => `${JSON.stringify({ dataset_id: DATASET, task: 'summarization', item_count: n, quality: { exact_match: em / n, rougeL_f1: rouge / n } }, null, 2)}\n`;
  const fingerprint = `${JSON.stringify({ git: { commit: SHA, dirty: false }, dataset: { id: DATASET } })}\n`;
  writeFileSync(join(root, 'baselines/bench_base/metrics.json'), metrics(sums.base, sums.rb));
  writeFileSync(join(root, 'runs/bench_cand/metrics.json'), metrics(sums.cand, sums.rc));
  writeFileSync(join(root, 'baselines/bench_base/fingerprint.json'), fingerprint);
  writeFileSync(join(root, 'runs/bench_cand/fingerprint.json'), fingerprint);
  if (sealed) for (const dir of ['baselines/bench_base', 'runs/bench_cand']) await seal(join(root, dir));
  writeFileSync(join(root, 'policy.yml'), [
    'version: 1',
    'pins:',
    '  - baseline: bench_base',
    `    dataset: ${DATASET}`,
    'predictions:',
    '  id_field: auto',
    '  coverage: exact',
    'rules:',
    '  - metric: quality.exact_match',
    '    direction: higher',
    '    tolerance: 0.001',
    '    significance: 0.05',
    '  - metric: quality.rougeL_f1',
    '    direction: higher',
    '    tolerance: 0.001',
    '    significance: 0.05',
    'compliance:',
    '  require_commit: false',
    ...(secrets ? [] : ['  secrets: off']),
    'references:',
    '  show: false',
    '',
  ].join('\n'));
  return files;
}

// ---------------------------------------------------------------------------------------------
// Measuring a child process: wall time and peak RSS.

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function measure(args, { cwd = REPO } = {}) {
  return new Promise((resolvePromise, reject) => {
    const command = TIME ? TIME : process.execPath;
    const argv = TIME ? ['-v', process.execPath, ...args] : args;
    const started = process.hrtime.bigint();
    const child = spawn(command, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    let polledKb = 0;
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const poll = TIME ? undefined : setInterval(() => {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (match) polledKb = Math.max(polledKb, Number(match[1]));
      } catch {
        // the process has exited
      }
    }, 10);
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (poll) clearInterval(poll);
      const timed = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const rssMb = (timed ? Number(timed[1]) : polledKb) / 1024;
      // CPU time (user + system) is less sensitive than wall time to other load on the machine.
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
      const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
      const cpuSeconds = user && system ? Number(user[1]) + Number(system[1]) : NaN;
      resolvePromise({ code, seconds, cpuSeconds, rssMb, stdout, stderr });
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function gateOnce(cli, root) {
  const result = await measure([cli, 'gate', '--store', root, '--run', 'bench_cand', '--json', join(root, 'report.json')]);
  if (result.code !== 0 && result.code !== 1) {
    throw new Error(`the gate exited with ${result.code}:\n${result.stderr.slice(-4000)}`);
  }
  return result;
}

async function compareOnce(cli, root) {
  const result = await measure([cli, 'compare', '--store', root, 'bench_base', 'bench_cand', '--json', join(root, 'comparison.json')]);
  if (result.code !== 0) throw new Error(`compare exited with ${result.code}:\n${result.stderr.slice(-4000)}`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// In-process statistics timing: a tiny entry bundled with ncc, calling the gate's own code.

function buildStatsBundle(dir) {
  const out = join(dir, 'stats-bundle');
  const run = spawnSync(process.execPath, [join(REPO, 'node_modules/@vercel/ncc/dist/ncc/cli.js'), 'build', join(REPO, 'scripts/bench-entry.ts'), '-o', out, '--quiet', '--no-source-map-register', '--target', 'es2022'], { cwd: REPO, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`ncc could not bundle scripts/bench-entry.ts:\n${run.stderr}${run.stdout}`);
  return join(out, 'index.js');
}

// ---------------------------------------------------------------------------------------------

const fmtS = (s) => (s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);
const fmtN = (n) => n.toLocaleString('en-US');

function table(header, rows) {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells) => `| ${cells.map((cell, c) => String(cell).padEnd(widths[c])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(options.cli)) {
    throw new Error(`no CLI bundle at ${options.cli}: run \`npm run bundle\`, or pass --cli / PROMOTION_GATE_CLI`);
  }
  const work = mkdtempSync(join(tmpdir(), 'pg-bench-'));
  const cleanup = () => {
    if (!options.keep) rmSync(work, { recursive: true, force: true });
  };
  process.on('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  const cpu = /model name\s*:\s*(.*)/.exec(existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '')?.[1] ?? cpus()[0]?.model ?? 'unknown';
  console.log(`promotion-gate bench: node ${process.version}, ${cpus().length} cpus (${cpu}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${platform()} ${release()}, cli ${options.cli}`);
  console.log(`median of ${options.repeat} run(s); peak RSS from ${TIME ? '/usr/bin/time -v' : '/proc/<pid>/status VmHWM'}; data in ${work}`);
  console.log(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')} (other work on the machine inflates wall times)\n`);

  try {
    // Start-up: the whole CLI on a 10-item store.
    const tiny = join(work, 'startup');
    await writeStore(tiny, 10, { secrets: options.secrets, sealed: options.sealed });
    await gateOnce(options.cli, tiny); // warm the file cache
    const startupRuns = Math.max(5, options.repeat);
    const startup = [];
    const nodeOnly = [];
    for (let r = 0; r < startupRuns; r++) {
      startup.push((await gateOnce(options.cli, tiny)).seconds);
      nodeOnly.push((await measure(['-e', '0'])).seconds);
    }

    let statsBundle;
    if (options.stats) {
      process.stdout.write('bundling scripts/bench-entry.ts for the statistics timing... ');
      statsBundle = buildStatsBundle(work);
      console.log('done\n');
    }

    const rows = [];
    /** Per size: the medians the targets are checked against. */
    const figures = [];
    const compareRows = [];
    for (const n of options.sizes) {
      const root = join(work, `n${n}`);
      process.stdout.write(`${fmtN(n)} items per side: generating... `);
      const files = await writeStore(root, n, options);
      const bytes = statSync(files.baseline).size + statSync(files.candidate).size;
      process.stdout.write(`${(bytes / 1e6).toFixed(0)} MB; measuring`);
      const floorRuns = [];
      const gateRuns = [];
      const compareRuns = [];
      let verdict = '';
      for (let r = 0; r < options.repeat; r++) {
        const f = await measure([fileURLToPath(import.meta.url), '--floor', files.baseline, files.candidate]);
        if (f.code !== 0 || Number(f.stdout) !== 2 * n) throw new Error(`the floor script failed:\n${f.stderr}`);
        floorRuns.push(f);
        const g = await gateOnce(options.cli, root);
        verdict = g.code === 0 ? 'pass' : 'fail';
        gateRuns.push(g);
        // Interleaved with the gate, so both see the same machine load.
        if (options.compare) compareRuns.push(await compareOnce(options.cli, root));
        process.stdout.write('.');
      }
      if (options.compare) {
        const joined = JSON.parse(readFileSync(join(root, 'comparison.json'), 'utf8')).items?.joined;
        if (joined !== n) throw new Error(`compare joined ${joined} items, expected ${n}`);
        const compareS = median(compareRuns.map((x) => x.seconds));
        const cpu = median(compareRuns.map((x) => x.cpuSeconds)) / median(gateRuns.map((x) => x.cpuSeconds));
        compareRows.push([
          fmtN(n), fmtS(median(gateRuns.map((x) => x.seconds))), fmtS(compareS), `${(compareS / median(gateRuns.map((x) => x.seconds))).toFixed(2)}x`,
          Number.isNaN(cpu) ? '-' : `${cpu.toFixed(2)}x`,
          `${(compareS / median(floorRuns.map((x) => x.seconds))).toFixed(2)}x`, fmtN(Math.round(n / compareS)),
          `${median(compareRuns.map((x) => x.rssMb)).toFixed(0)} MB`, `${Math.max(...compareRuns.map((x) => x.rssMb)).toFixed(0)} MB`,
        ]);
      }
      let stats;
      if (statsBundle) {
        const s = await measure([statsBundle, 'stats', String(n), String(options.repeat)]);
        if (s.code !== 0) throw new Error(`the statistics timing failed:\n${s.stderr}`);
        stats = JSON.parse(s.stdout.trim().split('\n').at(-1));
      }
      console.log(' done');
      const floorS = median(floorRuns.map((x) => x.seconds));
      const gateS = median(gateRuns.map((x) => x.seconds));
      const cpuRatio = median(gateRuns.map((x) => x.cpuSeconds)) / median(floorRuns.map((x) => x.cpuSeconds));
      figures.push({ n, ratio: gateS / floorS, rssMb: median(gateRuns.map((x) => x.rssMb)), floorS, gateS });
      rows.push([
        fmtN(n), `${(bytes / 1e6).toFixed(0)} MB`, fmtS(floorS), fmtS(gateS), `${(gateS / floorS).toFixed(2)}x`,
        Number.isNaN(cpuRatio) ? '-' : `${cpuRatio.toFixed(2)}x`,
        fmtN(Math.round(n / gateS)), `${median(gateRuns.map((x) => x.rssMb)).toFixed(0)} MB`, `${median(floorRuns.map((x) => x.rssMb)).toFixed(0)} MB`,
        stats ? fmtS(stats.pairSeconds) : '-', stats ? fmtS(stats.statsSeconds) : '-', verdict,
      ]);
      if (!options.keep) rmSync(root, { recursive: true, force: true });
    }

    console.log('');
    console.log(table(
      ['items/side', 'JSONL total', 'floor', 'gate', 'gate/floor', 'CPU gate/floor', 'items/s', 'gate peak RSS', 'floor peak RSS', 'pairing*', 'stats*', 'verdict'],
      rows,
    ));
    if (compareRows.length > 0) {
      console.log('');
      console.log(table(['items/side', 'gate', 'compare', 'compare/gate', 'CPU compare/gate', 'compare/floor', 'items/s', 'compare peak RSS', 'max peak RSS'], compareRows));
      console.log('compare: `compare bench_base bench_cand --json` on the same pair (two scores, outputs for divergence);');
      console.log('targets at 10^6 items per side: compare/gate <= 1.5x, peak RSS < 500 MB.');
      console.log('The gate hashes and secret-scans the run files on a second thread while compare uses one: on an idle');
      console.log('machine the gate gains that thread, so the wall-time ratio is above the CPU ratio; on a busy one they meet.');
    }
    console.log(`\nCLI start-up (gate on 10 items, median of ${startupRuns}): ${fmtS(median(startup))}  (bare \`node -e 0\`: ${fmtS(median(nodeOnly))})`);
    console.log(`load average at the end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    // The targets of issue 16 item 6, each beside the figure of this run.
    const check = (ok) => (ok ? 'met' : 'NOT met');
    const startupS = median(startup);
    console.log('\ntargets (issue 16.6), from this run:');
    if (!figures.some((f) => f.n === 1e6)) console.log('  (the speed and memory targets are for 10^6 items per side: --sizes 1e6)');
    for (const f of figures.filter((x) => x.n === 1e6)) {
      console.log(`  ${fmtN(f.n)} items/side: gate ${fmtS(f.gateS)} vs single-thread floor ${fmtS(f.floorS)} = ${f.ratio.toFixed(2)}x (target <= 1.00x: ${check(f.ratio <= 1)}); peak RSS ${f.rssMb.toFixed(0)} MB (target <= 300 MB: ${check(f.rssMb <= 300)})`);
    }
    console.log(`  CLI start-up on 10 items: ${fmtS(startupS)}, median of ${startupRuns} (target <= 150 ms: ${check(startupS <= 0.15)})`);
    console.log('items/s: items per side divided by the gate\'s wall time (both files are read).');
    console.log('CPU gate/floor: ratio of the medians of user + system CPU time (from /usr/bin/time).');
    if (statsBundle) {
      console.log('* in process, median of the repeats: pairing = filling PairedScores with both sides (ids, two scores);');
      console.log('  stats = pairedIntervals for the two significance rules (coverage, deltas, exact McNemar or');
      console.log('  bootstrap/t interval, flips), i.e. what the tests add on top of reading the files.');
    }
    if (options.shuffle) console.log('candidate items were written in a permuted order (--shuffle).');
    if (!options.secrets) console.log('the policy sets compliance.secrets: off (--secrets-off): no secret scan of the run\'s files.');
    if (options.sealed) console.log('both runs have a manifest.json (--sealed): the gate hashes both predictions files to verify them.');
    if (options.keep) console.log(`data kept in ${work}`);
  } finally {
    cleanup();
  }
  if (options.site) {
    // The dashboard (issue 17) in its own script, after the gate's data is gone: same bundle, same repeats.
    console.log('\nsite: 1,000 entries of 10^4 items each (scripts/bench-site.mjs)');
    const site = spawnSync(process.execPath, [join(REPO, 'scripts/bench-site.mjs'), '--repeat', String(options.repeat)], { cwd: REPO, stdio: 'inherit', env: { ...process.env, PROMOTION_GATE_CLI: options.cli } });
    if (site.status !== 0) throw new Error(`scripts/bench-site.mjs exited with ${site.status}`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
