/**
 * The CLI as a person meets it, through the bundle: suggestions for misspelt commands,
 * flags, run and baseline ids and policy keys; parser errors in the tool's own words; `-`
 * meaning stdout; help wrapped to the terminal (100 columns off one); NO_COLOR and
 * FORCE_COLOR; progress on stderr (live on a pseudo-terminal, one line per phase otherwise,
 * never mixed into `--json -`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, runBundledCli, runBundledCliInPty } from '../support/cli.js';
import { cleanupTempDirs, simpleStore, writeRun } from '../support/temp-store.js';

afterAll(cleanupTempDirs);

const ESC = '\x1b[';
const gateExample = (run: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) =>
  runBundledCli(['gate', '--store', 'examples/eval', '--run', run, ...extra], { env });

describe('did you mean', () => {
  it.each([
    [['gat'], 'promotion-gate: error: unknown command "gat" (did you mean "gate"?); commands: gate, promote,'],
    [['promte'], '(did you mean "promote"?)'],
    [['gate', '--runn', 'x'], 'promotion-gate gate: error: unknown flag --runn (did you mean --run?)'],
    [['gate', '--basline', 'x'], 'unknown flag --basline (did you mean --baseline?)'],
    [['gate', '--store', 'examples/eval', '--run', 'run_candidate_regresed'],
      '--run: no run directory at examples/eval/runs/run_candidate_regresed (did you mean "run_candidate_regressed"?)'],
    [['gate', '--store', 'examples/eval', '--run', 'run_candidate_better', '--baseline', 'baseline_demo_v2'],
      'baseline "baseline_demo_v2" not found at examples/eval/baselines/baseline_demo_v2 (did you mean "baseline_demo_v1"?)'],
    [['run', 'creat', '--dataset-id', 'd'], 'unknown subcommand "creat" (did you mean "create"?)'],
    [['archive', '--store', 'examples/eval', 'baseline_demo_v2', '--reason', 'x'], 'ID "baseline_demo_v2": no such entry in the store (did you mean "baseline_demo_v1"?)'],
  ])('%j suggests the nearest name, exit 2', async (args, message) => {
    const result = await runBundledCli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('suggests nothing when nothing is close', async () => {
    const result = await runBundledCli(['gate', '--store', 'examples/eval', '--run', 'zzz_unrelated']);
    expect(result.stderr).toContain('no run directory at examples/eval/runs/zzz_unrelated\n');
    expect(result.stderr).not.toContain('did you mean');
  });

  it('suggests the policy key allowed at that place', async () => {
    const store = simpleStore();
    writeFileSync(join(store, 'policy.yml'), 'version: 1\nrules:\n  - metric: exact_match\n    tolerence: 0.01\nfail_onn: warning\n');
    const result = await runBundledCli(['gate', '--store', store, '--run', 'cand']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/policy\.yml:4:5: rules\[0\]\.tolerence: unknown field \(did you mean "tolerance"\?\)/);
  });
});

describe("parser errors in the tool's own words", () => {
  it.each([
    [['gate', '--run'], 'promotion-gate gate: error: --run needs a value: --run ID'],
    [['gate', '--run', '--json', 'x.json'], '--run needs a value, but the next argument is the flag --json (write --run=--json if that is the value)'],
    [['gate', '--no-color=yes'], '--no-color takes no value (write --no-color alone)'],
    [['gate', 'run_x'], 'unexpected argument "run_x" (gate takes flags only: see gate --help)'],
    [['gate', '--run', 'a', '--run', 'b'], '--run is given twice'],
    [['--run', 'x'], 'unknown command "--run" (a command comes first: promotion-gate <command> --run; see promotion-gate --help)'],
  ])('%j', async (args, message) => {
    const result = await runBundledCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/Unknown option|argument missing|ambiguous|Unexpected argument|ERR_PARSE_ARGS/);
  });
});

describe('- means stdout', () => {
  it('--json - prints the JSON report alone on stdout, and writes no file named -', async () => {
    const result = await gateExample('run_candidate_regressed', ['--json', '-']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { schema: string; verdict: string };
    expect(report).toMatchObject({ schema: 'promotion-gate/report@1', verdict: 'fail' });
  });

  it('--markdown - prints the comment alone on stdout', async () => {
    const result = await gateExample('run_candidate_better', ['--markdown', '-']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^### /);
    expect(result.stdout).not.toContain('candidate run_candidate_better vs baseline');
  });

  it('refuses both at once', async () => {
    const result = await gateExample('run_candidate_better', ['--json', '-', '--markdown', '-']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--json - and --markdown -: only one report can go to stdout');
  });
});

describe('help fits the terminal', () => {
  const widths = (text: string) => text.replace(/\r/g, '').split('\n').map((l) => [...l].length);

  it('wraps to 100 columns when stdout is not a terminal, keeping hanging indents', async () => {
    for (const args of [['--help'], ['gate', '--help'], ['promote', '--help'], ['run', '--help']]) {
      const result = await runBundledCli(args);
      expect(result.code).toBe(0);
      expect(Math.max(...widths(result.stdout)), args.join(' ')).toBeLessThanOrEqual(100);
    }
    const gate = (await runBundledCli(['gate', '--help'])).stdout;
    // Wrapped at 100, not at a smaller default: some lines use most of the width.
    expect(Math.max(...widths(gate))).toBeGreaterThan(90);
    // A flag's description continues under the description column.
    expect(gate).toMatch(/\n {2}--json FILE {8}write the JSON report[^\n]*\n {21}\S/);
    // The usage line breaks between [...] groups, never inside one.
    for (const line of gate.split('\n').filter((l) => l.startsWith('Usage:') || /^ {27}\[/.test(l))) {
      expect(line.split('[').length, line).toBe(line.split(']').length);
    }
  });

  it('wraps to the width of a pseudo-terminal', async () => {
    const result = await runBundledCliInPty(['gate', '--help'], { columns: 60 });
    expect(result.code).toBe(0);
    const lines = widths(result.output);
    expect(Math.max(...lines)).toBeLessThanOrEqual(60);
    expect(Math.max(...lines)).toBeGreaterThan(50);
  });
});

describe('colour follows the terminal, NO_COLOR and FORCE_COLOR', () => {
  it('is off in a pipe and on at a terminal', async () => {
    expect((await gateExample('run_candidate_regressed')).stdout).not.toContain(ESC);
    expect((await runBundledCliInPty(['gate', '--store', 'examples/eval', '--run', 'run_candidate_regressed'])).output).toContain(`${ESC}31mFAIL`);
  });

  it.each([
    ['NO_COLOR=1 at a terminal', { NO_COLOR: '1' }, true, false],
    ['NO_COLOR= (empty) at a terminal', { NO_COLOR: '' }, true, true],
    ['FORCE_COLOR=1 in a pipe', { FORCE_COLOR: '1', NO_COLOR: '' }, false, true],
    ['FORCE_COLOR=1 over NO_COLOR=1', { FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
    ['FORCE_COLOR=0 at a terminal', { FORCE_COLOR: '0' }, true, false],
    ['FORCE_COLOR=false at a terminal', { FORCE_COLOR: 'false' }, true, false],
  ])('%s', async (_name, env, tty, coloured) => {
    const args = ['gate', '--store', 'examples/eval', '--run', 'run_candidate_regressed'];
    const text = tty ? (await runBundledCliInPty(args, { env })).output : (await runBundledCli(args, { env })).stdout;
    expect(text).toContain('FAIL');
    expect(text.includes(ESC)).toBe(coloured);
  });

  it('--no-color wins over FORCE_COLOR', async () => {
    const result = await runBundledCli(['gate', '--store', 'examples/eval', '--run', 'run_candidate_regressed', '--no-color'], { env: { FORCE_COLOR: '1' } });
    expect(result.stdout).not.toContain(ESC);
  });
});

describe('progress on stderr', () => {
  const ITEMS = 40_000;
  let store = '';

  beforeAll(() => {
    const predictions = (shift: number) => Array.from({ length: ITEMS }, (_, i) => JSON.stringify({ id: `i${i}`, dataset_id: 'ds1', scores: { exact_match: (i + shift) % 3 === 0 ? 0 : 1 } })).join('\n') + '\n';
    store = simpleStore();
    writeRun(store, 'baselines/base_v1', { predictions: predictions(0), metrics: { dataset_id: 'ds1', task: 'qa', exact_match: 0.6667 } });
    writeRun(store, 'runs/cand', { predictions: predictions(1), metrics: { dataset_id: 'ds1', task: 'qa', exact_match: 0.6667 } });
  });

  const PHASES = ['loading the runs', 'reading baseline predictions', 'reading candidate predictions', 'comparing metrics', 'checking provenance (hashes, secrets)'];

  it('on a pseudo-terminal: one live line with the items read per side and their rate, cleared before the report', async () => {
    const result = await runBundledCliInPty(['gate', '--store', store, '--run', 'cand'], { env: { PROMOTION_GATE_PROGRESS: 'always' } });
    expect(result.code).toBe(0);
    const { output } = result;
    expect(output).toContain('\r\x1b[Kpromotion-gate: reading baseline predictions');
    const all = ITEMS.toLocaleString('en-US');
    expect(output).toMatch(new RegExp(`reading baseline predictions · ${all} items \\([\\d,]+/s\\)`));
    expect(output).toMatch(new RegExp(`reading candidate predictions · ${all} items \\([\\d,]+/s\\)`));
    expect(output).toContain(`${(2 * ITEMS).toLocaleString('en-US')} items read`);
    // The live line never ends in a newline, and it is cleared before the report starts.
    const lastClear = output.lastIndexOf('\r\x1b[K');
    expect(output.slice(lastClear + 4).replaceAll(ESC, '<CSI>')).toMatch(/^(<CSI>1m)?promotion-gate(<CSI>0m)?: (<CSI>32m)?PASS/);
    expect(output.slice(0, lastClear)).not.toMatch(/\n/);
  });

  it('in a pipe: one line per phase, with time and items', async () => {
    const result = await runBundledCli(['gate', '--store', store, '--run', 'cand'], { env: { PROMOTION_GATE_PROGRESS: 'always' } });
    expect(result.code).toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(result.stderr).not.toContain('\r');
    for (const phase of PHASES) {
      expect(lines.filter((l) => l.startsWith(`promotion-gate: ${phase} took `)), phase).toHaveLength(1);
    }
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^promotion-gate: reading baseline predictions took [\\d.]+ s: ${ITEMS.toLocaleString('en-US')} items, [\\d,]+/s$`)));
    expect(result.stdout).toMatch(/^promotion-gate: PASS/);
  });

  it('never in --json - output, and not at all with --no-progress', async () => {
    const json = await runBundledCli(['gate', '--store', store, '--run', 'cand', '--json', '-'], { env: { PROMOTION_GATE_PROGRESS: 'always' } });
    expect((JSON.parse(json.stdout) as { verdict: string }).verdict).toBe('pass');
    expect(json.stderr).toContain('reading candidate predictions took');
    const quiet = await runBundledCli(['gate', '--store', store, '--run', 'cand', '--no-progress'], { env: { PROMOTION_GATE_PROGRESS: 'always' } });
    expect(quiet.stderr).toBe('');
  });

  it('stays silent for a gate quicker than a second by default', async () => {
    const result = await runBundledCli(['gate', '--store', 'examples/eval', '--run', 'run_candidate_better'], { env: { PROMOTION_GATE_PROGRESS: 'auto' } });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });
});

describe('a reader that stops early', () => {
  // `promotion-gate gate ... | head -c 0`: the pipe closes before the report is printed. The
  // command must not crash on EPIPE: it finishes, writes its JSON report and exits with the
  // verdict's code.
  it('drops the rest of stdout quietly, still writes the report and exits with the verdict', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-epipe-'));
    const report = join(dir, 'report.json');
    const script = `"${process.execPath}" "${CLI}" gate --store examples/eval --run run_candidate_regressed --no-progress --json "${report}" | head -c 0; echo "exit=\${PIPESTATUS[0]}" >&2`;
    const result = spawnSync('bash', ['-c', script], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(result.stderr).not.toContain('EPIPE');
    expect(result.stderr).not.toContain('internal error');
    expect(result.stderr.trim().split('\n').at(-1)).toBe('exit=1');
    expect(JSON.parse(readFileSync(report, 'utf8'))).toMatchObject({ verdict: 'fail' });
    rmSync(dir, { recursive: true, force: true });
  });
});
