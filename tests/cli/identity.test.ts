/**
 * RELIABILITY F20 through the bundled CLI: a candidate that names no dataset or task anywhere
 * while the baseline declares them is not "in agreement". It fails `dataset.agree` and
 * `task.agree` (a policy may make that a warning), and no output prints the baseline's
 * dataset or task as the candidate's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBundledCli } from '../support/cli.js';
import { cleanupTempDirs, SIMPLE_POLICY, simpleStore } from '../support/temp-store.js';
import type { Report } from '../../src/contract/report.js';

afterAll(cleanupTempDirs);

/** A candidate with no dataset or task in any artifact; the baseline names ds1 and qa. */
const anonymous = {
  metrics: { exact_match: 0.66 },
  predictions: [{ id: 'a', scores: { exact_match: 1 } }, { id: 'b', scores: { exact_match: 0 } }, { id: 'c', scores: { exact_match: 1 } }],
  fingerprint: { git: { commit: '0123456789abcdef0123456789abcdef01234567', dirty: false } },
};

async function gate(store: string): Promise<{ code: number | null; stdout: string; report: Report; markdown: string }> {
  const json = join(store, 'report.json');
  const md = join(store, 'report.md');
  const result = await runBundledCli(['gate', '--store', store, '--run', 'cand', '--baseline', 'base_v1', '--json', json, '--markdown', md]);
  return { ...result, report: JSON.parse(readFileSync(json, 'utf8')) as Report, markdown: readFileSync(md, 'utf8') };
}

const check = (report: Report, id: string) => report.gates.flatMap((g) => g.checks).find((c) => c.id === id);

describe('F20: a candidate that names no dataset or task while the baseline does', () => {
  it('fails dataset.agree and task.agree, exit 1', async () => {
    const { code, report } = await gate(simpleStore(anonymous));
    expect(code).toBe(1);
    expect(check(report, 'dataset.agree')).toMatchObject({ status: 'fail' });
    expect(check(report, 'task.agree')).toMatchObject({ status: 'fail' });
    expect(check(report, 'dataset.agree')?.message).toMatch(/candidate names no dataset/);
    expect(check(report, 'dataset.agree')?.message).toContain('identity.missing');
  });

  it('never prints the baseline\'s dataset or task as the candidate\'s', async () => {
    const { stdout, report, markdown } = await gate(simpleStore(anonymous));
    expect(report.dataset).toBeUndefined();
    expect(report.task).toBeUndefined();
    expect(report.identity).toEqual({ candidate: {}, baseline: { dataset: 'ds1', task: 'qa' } });
    const scope = stdout.split('\n').find((line) => line.startsWith('candidate cand'));
    expect(scope).not.toMatch(/ on ds1/);
    expect(scope).toMatch(/names no dataset/);
    const heading = markdown.split('\n').find((line) => line.startsWith('Candidate '));
    expect(heading).not.toMatch(/dataset `ds1`/);
    expect(heading).toContain('baseline: `ds1`');
  });

  it('is a warning with identity.missing: warn', async () => {
    const store = simpleStore(anonymous, {}, `${SIMPLE_POLICY}identity:\n  missing: warn\n`);
    const { code, report } = await gate(store);
    expect(check(report, 'dataset.agree')).toMatchObject({ status: 'warn' });
    expect(check(report, 'task.agree')).toMatchObject({ status: 'warn' });
    expect(code).toBe(0);
  });

  it('refuses an unknown value of identity.missing (exit 2 naming the field)', async () => {
    const store = simpleStore(anonymous, {}, `${SIMPLE_POLICY}identity:\n  missing: maybe\n`);
    const result = await runBundledCli(['gate', '--store', store, '--run', 'cand']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('identity.missing');
  });
});
