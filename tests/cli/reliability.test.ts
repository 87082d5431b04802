/**
 * RELIABILITY.md F1-F17 through the bundled CLI: hostile or broken input ends in a clear
 * error or a failing gate naming the cause, never in a pass.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBundledCli } from '../support/cli.js';
import { cleanupTempDirs, simpleStore, tempDir, writeRun } from '../support/temp-store.js';
import type { Report } from '../../src/contract/report.js';
import { outsideCodeSpans } from '../unit/report/fixtures.js';

afterAll(cleanupTempDirs);

async function gate(store: string, extra: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string; report: Report | null }> {
  const json = join(store, 'report.json');
  const result = await runBundledCli(['gate', '--store', store, '--run', 'cand', '--json', json, ...extra]);
  let report: Report | null = null;
  try {
    report = JSON.parse(readFileSync(json, 'utf8')) as Report;
  } catch {
    report = null;
  }
  return { ...result, report };
}

const check = (report: Report | null, id: string) => report?.gates.flatMap((g) => g.checks).find((c) => c.id === id);
const failing = (report: Report | null) => report?.gates.flatMap((g) => g.checks).filter((c) => c.status === 'fail') ?? [];

describe('a sound store passes', () => {
  it('passes when the candidate equals its pinned baseline', async () => {
    const { code, report, stderr } = await gate(simpleStore());
    expect(stderr).toBe('');
    expect(failing(report)).toEqual([]);
    expect(code).toBe(0);
    expect(report?.verdict).toBe('pass');
    expect(report?.baseline_source).toBe('pin');
  });
});

describe('F1: ids are single path segments, checked before any file access', () => {
  it.each(['../x', 'a/b', '/etc', '.', '..', 'x.', 'x ', 'a'.repeat(129), '-rf', 'a\\b'])('rejects --run %j with exit 2', async (id) => {
    const store = simpleStore();
    const { code, stderr, report } = await runBundledCli(['gate', '--store', store, '--run', id]).then((r) => ({ ...r, report: null }));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--run/);
    expect(report).toBeNull();
  });

  it('rejects a bad --baseline the same way', async () => {
    const { code, stderr } = await gate(simpleStore(), ['--baseline', '../../etc']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--baseline/);
  });

  it('rejects a bad id that comes from config.yaml, naming the file', async () => {
    const { code, stderr } = await gate(simpleStore({ config: 'baseline: ../secrets\n' }));
    expect(code).toBe(2);
    expect(stderr).toContain('config.yaml');
  });
});

describe('F2: symlinks that leave the store, FIFOs and devices are never read', () => {
  it('fails a metrics.json that links to /etc/passwd without echoing it', async () => {
    const store = simpleStore();
    const metrics = join(store, 'runs/cand/metrics.json');
    execFileSync('rm', [metrics]);
    symlinkSync('/etc/passwd', metrics);
    const { code, stdout, report } = await gate(store);
    expect(code).toBe(1);
    expect(JSON.stringify(report)).not.toContain('root:');
    expect(stdout).not.toContain('root:');
    expect(failing(report).map((c) => c.message).join('\n')).toMatch(/metrics\.json/);
  });

  it('fails a run folder that is a symlink to a folder outside the store', async () => {
    const store = simpleStore();
    const outside = tempDir();
    writeRun(outside, 'evil');
    execFileSync('rm', ['-r', join(store, 'runs/cand')]);
    symlinkSync(join(outside, 'evil'), join(store, 'runs/cand'));
    const { code, report, stderr } = await gate(store);
    // A failed gate with a report, never a crash (issue 9: it used to be an internal error).
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(report?.verdict).toBe('fail');
    expect(failing(report).map((c) => c.message).join('\n')).toMatch(/runs\/cand.*outside the store/);
  });

  it('fails a predictions.jsonl that is a FIFO, without blocking on it', async () => {
    const store = simpleStore();
    const predictions = join(store, 'runs/cand/predictions.jsonl');
    execFileSync('rm', [predictions]);
    execFileSync('mkfifo', [predictions]);
    const { code, report } = await gate(store);
    expect(code).toBe(1);
    expect(failing(report).some((c) => c.message.includes('predictions.jsonl'))).toBe(true);
  });

  it('fails a link to a device', async () => {
    const store = simpleStore();
    const predictions = join(store, 'runs/cand/predictions.jsonl');
    execFileSync('rm', [predictions]);
    symlinkSync('/dev/zero', predictions);
    const { code } = await gate(store);
    expect(code).toBe(1);
  });
});

describe('F3: a symlink that stays inside the store is followed and reported', () => {
  it('follows runs/cand/predictions.jsonl -> the baseline copy', async () => {
    const store = simpleStore();
    const predictions = join(store, 'runs/cand/predictions.jsonl');
    execFileSync('rm', [predictions]);
    symlinkSync('../../baselines/base_v1/predictions.jsonl', predictions);
    const { code, report } = await gate(store);
    expect(code).toBe(0);
    expect(JSON.stringify(report?.gates)).toMatch(/symbolic link/);
  });
});

describe('F5: caps on size, line length and line count', () => {
  it('fails a predictions line longer than the line cap, naming the cap and the size', async () => {
    const long = JSON.stringify({ id: 'a', text: 'x'.repeat(17 * 1024 * 1024) });
    const { code, report } = await gate(simpleStore({ predictions: `${long}\n` }));
    expect(code).toBe(1);
    const message = failing(report).map((c) => c.message).join('\n');
    expect(message).toMatch(/line/);
    expect(message).toMatch(/16777216|16 MiB/);
  });
});

describe('F6: non-finite metrics never compare their way to a pass', () => {
  it.each([
    ['NaN', '{"dataset_id": "ds1", "exact_match": NaN}'],
    ['Infinity', '{"dataset_id": "ds1", "exact_match": Infinity}'],
    ['-Infinity', '{"dataset_id": "ds1", "exact_match": -Infinity}'],
    ['1e400', '{"dataset_id": "ds1", "exact_match": 1e400}'],
  ])('fails %s as a non-finite metric', async (_name, metrics) => {
    const { code, report } = await gate(simpleStore({ metrics }));
    expect(code).toBe(1);
    expect(failing(report).map((c) => c.message).join('\n')).toMatch(/non-finite metric/);
  });

  it('fails a NaN on the baseline side too', async () => {
    const { code } = await gate(simpleStore({}, { metrics: '{"dataset_id": "ds1", "exact_match": NaN}' }));
    expect(code).toBe(1);
  });
});

describe('F7: duplicate JSON keys', () => {
  it('fails naming the key and the line', async () => {
    const { code, report } = await gate(simpleStore({ metrics: '{\n  "dataset_id": "ds1",\n  "exact_match": 0.9,\n  "exact_match": 0.1\n}' }));
    expect(code).toBe(1);
    const message = failing(report).map((c) => c.message).join('\n');
    expect(message).toContain('"exact_match"');
    expect(message).toMatch(/metrics\.json:4:/);
  });

  it('fails a duplicate key inside a predictions line', async () => {
    const { code, report } = await gate(simpleStore({ predictions: '{"id": "a", "id": "b"}\n' }));
    expect(code).toBe(1);
    expect(failing(report).map((c) => c.message).join('\n')).toMatch(/predictions\.jsonl:1:\d+: .*"id"/);
  });
});

describe('F8: a UTF-8 BOM and CRLF line ends are accepted', () => {
  it('passes a BOM+CRLF copy of the baseline', async () => {
    const lines = ['{"id": "a", "dataset_id": "ds1", "scores": {"exact_match": 1}}', '{"id": "b", "dataset_id": "ds1", "scores": {"exact_match": 0}}', '{"id": "c", "dataset_id": "ds1", "scores": {"exact_match": 1}}'];
    const store = simpleStore({ predictions: `\uFEFF${lines.join('\r\n')}\r\n`, metrics: '\uFEFF{"dataset_id": "ds1", "task": "qa",\r\n "exact_match": 0.66}\r\n' });
    const { code, report } = await gate(store);
    expect(failing(report)).toEqual([]);
    expect(code).toBe(0);
  });
});

describe('F9: invalid UTF-8', () => {
  it('fails naming the byte offset', async () => {
    const bytes = Buffer.concat([Buffer.from('{"id": "a", "text": "caf'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]);
    const { code, report } = await gate(simpleStore({ predictions: bytes }));
    expect(code).toBe(1);
    expect(failing(report).map((c) => c.message).join('\n')).toMatch(/invalid UTF-8 at byte offset 24/);
  });
});

describe('F10: JSONL that is not quite JSONL', () => {
  const ok = (id: string) => `{"id": "${id}", "dataset_id": "ds1", "scores": {"exact_match": 1}}`;

  it('skips blank lines', async () => {
    const store = simpleStore({ predictions: `${ok('a')}\n\n   \n${ok('b')}\n${ok('c')}\n` }, { predictions: `${ok('a')}\n${ok('b')}\n${ok('c')}\n` });
    const { code, report } = await gate(store, ['--policy', writePolicy({})]);
    expect(failing(report)).toEqual([]);
    expect(code).toBe(0);
  });

  it.each([
    ['a truncated last line', `${ok('a')}\n{"id": "b", "sco`, /predictions\.jsonl:2:\d+/],
    ['a trailing comma', `${ok('a')}\n{"id": "b",}\n`, /predictions\.jsonl:2:11/],
    ['a comment line', `# produced by eval.py\n${ok('a')}\n`, /predictions\.jsonl:1:1/],
    ['a line that is not an object', `${ok('a')}\n[1, 2]\n`, /predictions\.jsonl:2/],
  ])('fails %s with file:line:column', async (_name, predictions, where) => {
    const { code, report } = await gate(simpleStore({ predictions }));
    expect(code).toBe(1);
    expect(failing(report).map((c) => c.message).join('\n')).toMatch(where);
  });
});

function writePolicy(extra: Record<string, string>): string {
  const dir = tempDir();
  const text = ['version: 1', 'pins:', '  - baseline: base_v1', 'compliance:', '  require_commit: false', ...Object.entries(extra).map(([k, v]) => `${k}: ${v}`)].join('\n');
  writeFileSync(join(dir, 'policy.yml'), `${text}\n`);
  return join(dir, 'policy.yml');
}

describe('F11: hostile YAML', () => {
  it('fails a config.yaml alias bomb, bounded', async () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)].join('\n');
    const { code, report } = await gate(simpleStore({ config: bomb }));
    expect(code).toBe(1);
    expect(failing(report).map((c) => c.message).join('\n')).toMatch(/config\.yaml.*invalid YAML/);
  });

  it('fails custom tags and duplicate keys in config.yaml', async () => {
    for (const config of ['model: !!python/object/apply:os.system ["id"]\n', 'model: a\nmodel: b\n']) {
      const { code, report } = await gate(simpleStore({ config }));
      expect(code).toBe(1);
      expect(failing(report).map((c) => c.message).join('\n')).toMatch(/config\.yaml:\d+:\d+: invalid YAML/);
    }
  });

  it('exits 2 on a hostile policy, naming it', async () => {
    const store = simpleStore({}, {}, 'version: 1\nversion: 1\n');
    const { code, stderr } = await gate(store);
    expect(code).toBe(2);
    expect(stderr).toMatch(/policy\.yml:2:1: invalid YAML/);
  });
});

describe('F12: metrics missing, new, or of another type', () => {
  it('fails a metric the candidate lacks and reports a new one as info', async () => {
    const { code, report } = await gate(simpleStore({ metrics: { dataset_id: 'ds1', task: 'qa', f1: 0.5 } }, { metrics: { dataset_id: 'ds1', task: 'qa', exact_match: 0.66 } }));
    expect(code).toBe(1);
    expect(report?.metrics.find((m) => m.name === 'exact_match')?.status).toBe('fail');
    expect(report?.metrics.find((m) => m.name === 'f1')?.status).toBe('info');
  });

  it('fails a metric that changed type', async () => {
    const { code, report } = await gate(simpleStore({ metrics: { dataset_id: 'ds1', task: 'qa', exact_match: '0.66' } }));
    expect(code).toBe(1);
    expect(report?.metrics.find((m) => m.name === 'exact_match')?.message).toMatch(/changed type/);
  });
});

describe('F13: item coverage and dataset identity', () => {
  const item = (id: string, dataset = 'ds1') => ({ id, dataset_id: dataset, scores: { exact_match: 1 } });

  it('fails duplicate item ids, naming them', async () => {
    const { code, report } = await gate(simpleStore({ predictions: [item('a'), item('b'), item('c'), item('b')] }));
    expect(code).toBe(1);
    expect(check(report, 'predictions.unique-ids')?.message).toMatch(/1 duplicate item id\(s\) in the candidate's predictions: "b"/);
  });

  it('fails missing items', async () => {
    const { code, report } = await gate(simpleStore({ predictions: [item('a'), item('b')] }));
    expect(code).toBe(1);
    expect(check(report, 'predictions.coverage')).toMatchObject({ status: 'fail' });
    expect(check(report, 'predictions.coverage')?.message).toContain('"c"');
  });

  it('warns about extra items', async () => {
    const { code, report } = await gate(simpleStore({ predictions: [item('a'), item('b'), item('c'), item('d')] }));
    expect(code).toBe(0);
    expect(check(report, 'predictions.extra-items')).toMatchObject({ status: 'warn' });
  });

  it('fails when the dataset ids disagree', async () => {
    const { code, report } = await gate(simpleStore({ predictions: [item('a', 'ds2'), item('b', 'ds2'), item('c', 'ds2')] }));
    expect(code).toBe(1);
    expect(check(report, 'dataset.agree')?.message).toMatch(/disagree|not comparable/);
  });
});

describe('F15: nothing to evaluate', () => {
  it('fails an empty predictions file', async () => {
    const { code, report } = await gate(simpleStore({ predictions: '' }));
    expect(code).toBe(1);
    expect(failing(report).map((c) => c.message).join('\n')).toMatch(/nothing to evaluate/);
  });

  it('fails an empty metrics object', async () => {
    const { code, report } = await gate(simpleStore({ metrics: '{}' }));
    expect(code).toBe(1);
    expect(failing(report).map((c) => c.message).join('\n')).toMatch(/nothing to evaluate/);
  });
});

describe('F16: Markdown in names and messages is rendered inert', () => {
  it('escapes hostile metric names in the Markdown report', async () => {
    const hostile = { dataset_id: 'ds1', task: 'qa', exact_match: 0.66, '@team <img src=x onerror=alert(1)> </details> | <!-- promotion-gate:x -->': 1 };
    const store = simpleStore({ metrics: hostile }, { metrics: hostile });
    const markdown = join(store, 'report.md');
    const { code } = await gate(store, ['--markdown', markdown]);
    expect(code).toBe(0);
    const text = readFileSync(markdown, 'utf8');
    const prose = outsideCodeSpans(text);
    expect(text).toContain('@team'); // shown, but only inside a code span: no mention
    expect(prose).not.toContain('<img');
    expect(prose).not.toContain('@team');
    expect(prose).not.toContain('</details> |');
    expect(text.split('<!-- promotion-gate:').length - 1).toBeLessThanOrEqual(1);
  });
});

describe('baseline resolution', () => {
  it('fails with no pin, naming the dataset', async () => {
    const store = simpleStore({}, {}, 'version: 1\n');
    const { code, report } = await gate(store);
    expect(code).toBe(1);
    expect(check(report, 'baseline.resolved')?.message).toMatch(/no baseline pinned for dataset "ds1"/);
  });

  it('applies only bounds at a cold start, and says so', async () => {
    const store = simpleStore({}, {}, 'version: 1\ncold_start: absolute\nrules:\n  - metric: exact_match\n    direction: higher\n    min: 0.9\n');
    const { code, report } = await gate(store);
    expect(code).toBe(1);
    expect(check(report, 'baseline.resolved')?.message).toMatch(/cold start/);
    expect(report?.metrics.find((m) => m.name === 'exact_match')?.message).toMatch(/below the floor 0.9/);
  });

  it('prefers config.yaml over a pin, and the flag over both', async () => {
    const store = simpleStore({ config: 'baseline: base_v2\n' });
    writeRun(store, 'baselines/base_v2');
    writeRun(store, 'baselines/base_v3');
    expect((await gate(store)).report?.baseline?.id).toBe('base_v2');
    expect((await gate(store, ['--baseline', 'base_v3'])).report?.baseline?.id).toBe('base_v3');
  });

  it('refuses an archived baseline or a reference as the comparison point', async () => {
    const store = simpleStore();
    writeRun(store, 'baselines/_archived/old_v0');
    writeRun(store, 'references/silver/silver_v1');
    const archived = await gate(store, ['--baseline', 'old_v0']);
    expect(archived.code).toBe(2);
    expect(archived.stderr).toMatch(/archived/);
    const reference = await gate(store, ['--baseline', 'silver_v1']);
    expect(reference.code).toBe(2);
    expect(reference.stderr).toMatch(/reference/);
  });
});

describe('usage', () => {
  it('prints help for every command', async () => {
    const main = await runBundledCli(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(/gate/);
    const gateHelp = await runBundledCli(['gate', '--help']);
    expect(gateHelp.stdout).toMatch(/--store DIR/);
  });

  it('exits 2 on an unknown flag or a missing --run', async () => {
    expect((await runBundledCli(['gate', '--bogus'])).code).toBe(2);
    const missing = await runBundledCli(['gate']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--run is required/);
  });

  it('exits 2 when the run does not exist', async () => {
    const store = simpleStore();
    mkdirSync(join(store, 'runs/other'), { recursive: true });
    const result = await runBundledCli(['gate', '--store', store, '--run', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no run directory/);
  });

  it('fails on warnings with --fail-on warning', async () => {
    const item = (id: string) => ({ id, dataset_id: 'ds1', scores: { exact_match: 1 } });
    const store = simpleStore({ predictions: [item('a'), item('b'), item('c'), item('d')] });
    expect((await gate(store)).code).toBe(0);
    expect((await gate(store, ['--fail-on', 'warning'])).code).toBe(1);
  });
});

