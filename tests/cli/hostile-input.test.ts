/**
 * RELIABILITY.md F19 and F22-F29 (issue 9, "hold under attack") through the bundled CLI:
 * each hole a hostile-input campaign found, shown closed. A row's test fails the gate (or
 * the command) with one clear line, never passes, and never echoes what it must not.
 */
import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBundledCli, type CliResult } from '../support/cli.js';
import { cleanupTempDirs, simpleStore, SIMPLE_POLICY, tempDir, writeRun } from '../support/temp-store.js';
import type { Report } from '../../src/contract/report.js';

afterAll(cleanupTempDirs);

interface Gated extends CliResult {
  report: Report | null;
  markdown: string;
}

async function gate(store: string, extra: string[] = []): Promise<Gated> {
  const json = join(store, '..', `${store.split('/').at(-1)}-report.json`);
  const markdown = join(store, '..', `${store.split('/').at(-1)}-report.md`);
  rmSync(json, { force: true });
  rmSync(markdown, { force: true });
  const result = await runBundledCli(['gate', '--store', store, '--run', 'cand', '--json', json, '--markdown', markdown, ...extra]);
  const read = (path: string): string => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  };
  const text = read(json);
  return { ...result, report: text ? (JSON.parse(text) as Report) : null, markdown: read(markdown) };
}

const checks = (report: Report | null) => report?.gates.flatMap((g) => g.checks) ?? [];
const failing = (report: Report | null) => checks(report).filter((c) => c.status === 'fail');
const failText = (report: Report | null) => failing(report).map((c) => `${c.id}: ${c.message}`).join('\n');

/** A GitHub token shape the secret patterns know (36 characters after `ghp_`, with digits). */
const TOKEN = 'ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';

/** Every line the runner would read as a workflow command: `::` after leading spaces, `##[` anywhere. */
function commandLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((line) => /^\s*::/.test(line) || line.includes('##['));
}

describe('F19: two metric leaves that flatten to one name', () => {
  const base = { dataset_id: 'ds1', task: 'qa', exact_match: 0.66, quality: { f1: 0.9 } };

  it('fails naming both leaves; the later one never wins', async () => {
    const { code, report } = await gate(simpleStore({ metrics: { ...base, quality: { f1: 0.69 }, 'quality.f1': 0.9 } }, { metrics: base }));
    expect(code).toBe(1);
    const check = checks(report).find((c) => c.id === 'metrics.unique-names');
    expect(check?.status).toBe('fail');
    expect(check?.message).toContain('"quality.f1"');
    expect(check?.message).toMatch(/"quality" › "f1"/);
  });

  it('fails the same collision on the baseline side', async () => {
    const { code, report } = await gate(simpleStore({ metrics: base }, { metrics: { ...base, 'quality.f1': 0.9 } }));
    expect(code).toBe(1);
    expect(failText(report)).toMatch(/metrics\.unique-names: .*baselines\/base_v1\/metrics\.json/);
  });
});

describe('F22: run files with odd names are scanned like any other', () => {
  const names: [string, string | Buffer][] = [
    ['a backslash', 'notes\\secret.txt'],
    ['a newline', 'notes\nsecret.txt'],
    ['a control character', 'notes\u0007secret.txt'],
    ['a non-UTF-8 byte', Buffer.from([0x6e, 0x6f, 0x74, 0x65, 0xff, 0x2e, 0x74, 0x78, 0x74])],
  ];
  it.each(names)('finds a secret in a file whose name holds %s', async (_what, name) => {
    const store = simpleStore();
    const dir = Buffer.from(join(store, 'runs/cand/'));
    writeFileSync(Buffer.concat([dir, Buffer.isBuffer(name) ? name : Buffer.from(name)]), `token=${TOKEN}\n`);
    const { code, report, stdout } = await gate(store);
    expect(code).toBe(1);
    const secrets = checks(report).find((c) => c.id === 'artifacts.secrets');
    expect(secrets?.status).toBe('fail');
    expect(secrets?.message).toMatch(/1 possible secret/);
    expect(stdout + JSON.stringify(report)).not.toContain(TOKEN);
  });
});

describe('F23: extra run entries that are not regular files', () => {
  const cases: [string, (run: string, outside: string) => void][] = [
    ['a symbolic link to /etc/passwd', (run) => symlinkSync('/etc/passwd', join(run, 'run.log'))],
    ['a FIFO', (run) => execFileSync('mkfifo', [join(run, 'pipe')])],
    ['a link to a folder outside', (run) => symlinkSync('/etc', join(run, 'extra'))],
    ['a hard link to a file outside the store', (run, outside) => linkSync(outside, join(run, 'copied.txt'))],
  ];

  it.each(cases)('fails %s, never reading it', async (_what, make) => {
    const store = simpleStore();
    const outside = join(tempDir(), 'private.txt');
    writeFileSync(outside, 'root:x:0:0:private\n');
    make(join(store, 'runs/cand'), outside);
    const { code, report, stdout } = await gate(store);
    expect(code).toBe(1);
    const entries = checks(report).find((c) => c.id === 'artifacts.entries');
    expect(entries?.status).toBe('fail');
    expect(entries?.message).toMatch(/runs\/cand\//);
    expect(stdout + JSON.stringify(report)).not.toContain('root:x');
  });

  it('is only a warning when the policy relaxes it', async () => {
    const store = simpleStore({}, {}, `${SIMPLE_POLICY}  non_regular_entries: warn\n`);
    symlinkSync('/etc/passwd', join(store, 'runs/cand/run.log'));
    const { code, report } = await gate(store);
    expect(checks(report).find((c) => c.id === 'artifacts.entries')?.status).toBe('warn');
    expect(code).toBe(0);
  });
});

describe('F24: a secret used as a name is masked in every output', () => {
  const cases: [string, () => string][] = [
    ['a metric name', () => simpleStore({ metrics: { dataset_id: 'ds1', task: 'qa', exact_match: 0.66, [TOKEN]: 0.5 } })],
    ['a dataset id', () => simpleStore({ metrics: { dataset_id: TOKEN, task: 'qa', exact_match: 0.66 } })],
    ['a task', () => simpleStore({ metrics: { dataset_id: 'ds1', task: TOKEN, exact_match: 0.66 } })],
    ['an item id', () => simpleStore({ predictions: [{ id: TOKEN, dataset_id: 'ds1', scores: { exact_match: 1 } }, { id: 'b', dataset_id: 'ds1' }] })],
    ['a duplicate key', () => simpleStore({ metrics: `{"dataset_id": "ds1", "${TOKEN}": 1, "${TOKEN}": 2}` })],
    ['a file name', () => {
      const store = simpleStore();
      symlinkSync('/etc/hostname', join(store, 'runs/cand', TOKEN));
      return store;
    }],
  ];

  it.each(cases)('masks %s in the terminal, the JSON report and the Markdown', async (_what, make) => {
    const { code, stdout, stderr, report, markdown } = await gate(make());
    expect(code).toBe(1);
    expect(report).not.toBeNull();
    for (const text of [stdout, stderr, JSON.stringify(report), markdown]) expect(text).not.toContain(TOKEN.slice(4, 30));
    expect(stdout).toContain('ghp_…');
  });
});

describe('F25: untrusted text never starts a workflow command on stdout', () => {
  it('escapes a reference metric named like a workflow command', async () => {
    const names = { '::warning title=X::y': 0.5, '::add-mask::z': 0.4, '##[error]legacy': 0.3, ' ::stop-commands::tok': 0.2 };
    const metrics = { dataset_id: 'ds1', task: 'qa', exact_match: 0.66, vs_reference: { ref1: names }, '::error::top': 0.1 };
    const store = simpleStore({ metrics }, { metrics });
    writeRun(store, 'references/silver/ref1', { metrics: { dataset_id: 'ds1', task: 'qa', exact_match: 1 } });
    const { code, stdout, stderr } = await gate(store);
    expect(code).toBe(0);
    expect(stdout).toContain('warning title=X');
    expect(commandLines(stdout)).toEqual([]);
    expect(commandLines(stderr)).toEqual([]);
  });

  it('escapes one in an error line on stderr', async () => {
    const { code, stderr } = await runBundledCli(['gate', '--store', simpleStore(), '--run', 'cand', '--fail-on', '::error::x\n##[warning]y']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(commandLines(stderr)).toEqual([]);
  });
});

describe('F27: the store\'s policy.yml is read like any other store file', () => {
  const permissive = 'version: 1\ndefaults: none\npins:\n  - baseline: base_v1\ncompliance:\n  require_commit: false\n';

  it('refuses a policy.yml that links out of the store, naming it', async () => {
    const store = simpleStore({ metrics: { dataset_id: 'ds1', task: 'qa', exact_match: 0.1 } });
    const elsewhere = join(tempDir(), 'policy.yml');
    writeFileSync(elsewhere, permissive);
    rmSync(join(store, 'policy.yml'));
    symlinkSync(elsewhere, join(store, 'policy.yml'));
    const { code, stderr } = await gate(store);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/policy\.yml.*outside the store/);
  });

  it('never opens /proc/self/environ through a policy.yml link', async () => {
    const store = simpleStore();
    rmSync(join(store, 'policy.yml'));
    symlinkSync('/proc/self/environ', join(store, 'policy.yml'));
    const { code, stderr } = await gate(store);
    expect(code).toBe(2);
    expect(stderr).toMatch(/policy\.yml.*outside the store/);
    expect(stderr).not.toMatch(/PATH=|HOME=/);
  });

  it('still reads an explicit --policy path anywhere', async () => {
    const elsewhere = join(tempDir(), 'policy.yml');
    writeFileSync(elsewhere, SIMPLE_POLICY);
    const { code } = await gate(simpleStore(), ['--policy', elsewhere]);
    expect(code).toBe(0);
  });

  it('refuses a run artifact that is a hard link (nlink > 1)', async () => {
    const store = simpleStore();
    const outside = join(tempDir(), 'metrics.json');
    writeFileSync(outside, JSON.stringify({ dataset_id: 'ds1', task: 'qa', exact_match: 0.66 }));
    rmSync(join(store, 'runs/cand/metrics.json'));
    linkSync(outside, join(store, 'runs/cand/metrics.json'));
    const { code, report } = await gate(store);
    expect(code).toBe(1);
    expect(failText(report)).toMatch(/runs\/cand\/metrics\.json.*hard link/);
  });
});

describe('F29: YAML 1.1 tags fail like any tag', () => {
  const tagged: [string, string][] = [
    ['!!binary', '!!binary ZXJyb3I='],
    ['!!set', '!!set {a, b}'],
    ['!!omap', '!!omap [a: 1, b: 2]'],
    ['!!timestamp', '!!timestamp 2001-12-14'],
  ];

  it.each(tagged)('fails %s in config.yaml, naming file:line:column', async (_tag, value) => {
    const { code, report } = await gate(simpleStore({ config: `model: ${value}\n` }));
    expect(code).toBe(1);
    expect(failText(report)).toMatch(/config\.valid: .*config\.yaml:1:\d+: invalid YAML: .*tag/);
  });

  it.each(tagged)('exits 2 on %s in policy.yml', async (_tag, value) => {
    const { code, stderr } = await gate(simpleStore({}, {}, `${SIMPLE_POLICY}fail_on: ${value}\n`));
    expect(code).toBe(2);
    expect(stderr).toMatch(/policy\.yml:\d+:\d+: invalid YAML: .*tag/);
  });
});

describe('issue 9 item 6: crashes become one clear line with the right exit code', () => {
  const oneLine = (text: string): void => {
    expect(text).not.toMatch(/internal error|\n\s+at /);
    expect(text.trim().split('\n')).toHaveLength(1);
  };

  it('fails a run folder that is a symlink out of the store (exit 1, a report)', async () => {
    const store = simpleStore();
    const outside = tempDir();
    writeRun(outside, 'evil');
    rmSync(join(store, 'runs/cand'), { recursive: true });
    symlinkSync(join(outside, 'evil'), join(store, 'runs/cand'));
    const { code, stderr, report } = await gate(store);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(failText(report)).toMatch(/runs\/cand.*outside the store/);
  });

  it('fails a runs/ folder that is a symlink out of the store (exit 1, a report)', async () => {
    const store = simpleStore();
    const outside = tempDir();
    writeRun(outside, 'runs/cand');
    rmSync(join(store, 'runs'), { recursive: true });
    symlinkSync(join(outside, 'runs'), join(store, 'runs'));
    const { code, stderr, report } = await gate(store);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(failText(report)).toMatch(/runs.*outside the store/);
  });

  it('exits 2 on a baseline folder that is a symlink out of the store, in one line', async () => {
    const store = simpleStore();
    const outside = tempDir();
    writeRun(outside, 'evil');
    rmSync(join(store, 'baselines/base_v1'), { recursive: true });
    symlinkSync(join(outside, 'evil'), join(store, 'baselines/base_v1'));
    const { code, stderr } = await gate(store);
    expect(code).toBe(2);
    oneLine(stderr);
    expect(stderr).toMatch(/baselines\/base_v1.*outside the store/);
  });

  it('exits 2 on a rule pattern over 65,536 characters, naming the field', async () => {
    const store = simpleStore({}, {}, `${SIMPLE_POLICY}rules:\n  - metric: "${'a'.repeat(70_000)}"\n`);
    const { code, stderr } = await gate(store);
    expect(code).toBe(2);
    oneLine(stderr);
    expect(stderr).toMatch(/policy\.yml:\d+:\d+: rules\[0\]\.metric/);
  });

  it('prints one line for --run -rf', async () => {
    const { code, stderr } = await runBundledCli(['gate', '--store', simpleStore(), '--run', '-rf']);
    expect(code).toBe(2);
    oneLine(stderr);
    expect(stderr).toMatch(/--run/);
  });

  it('keeps a report on disk for an unsafe run (nothing passes)', async () => {
    const store = simpleStore();
    rmSync(join(store, 'runs/cand'), { recursive: true });
    mkdirSync(join(store, 'runs'), { recursive: true });
    symlinkSync('/etc', join(store, 'runs/cand'));
    const { code, report } = await gate(store);
    expect(code).toBe(1);
    expect(report?.verdict).toBe('fail');
  });
});
