// `command: plan` and `command: aggregate` through the action's seam: outputs, the input
// checks that name the input, and an aggregate over artifacts in a folder fake (the real
// artifact service is exercised in tests/e2e/gate-matrix.test.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/action/main.js';
import { gate } from '../../../src/contract/check.js';
import { assembleReport } from '../../../src/gate/verdict.js';
import { cleanupTempDirs, tempDir } from '../../support/temp-store.js';
import { fakeDeps, folderArtifacts } from './fake-deps.js';
import { buildZip } from './zip-writer.js';

afterAll(cleanupTempDirs);

describe('command: plan', () => {
  it('chunks the runs of input run into the matrix output', async () => {
    const { deps, rec } = fakeDeps({ workspace: tempDir('pg-ws-'), inputs: { command: 'plan', run: 'run_c, run_a,run_b', 'chunk-size': '2' } });
    await run(deps);
    expect(rec.failed).toEqual([]);
    expect(JSON.parse(rec.outputs.matrix ?? '')).toEqual({
      include: [
        { chunk: 1, runs: 'run_a,run_b', artifact: 'promotion-gate-report-chunk-1' },
        { chunk: 2, runs: 'run_c', artifact: 'promotion-gate-report-chunk-2' },
      ],
    });
    expect(rec.outputs.chunks).toBe('2');
    expect(rec.summary.join('')).toContain('promotion-gate plan: 3 run(s) in 2 matrix job(s)');
  });

  it.each([
    [{ 'chunk-size': '0' }, /^promotion-gate: input chunk-size: expected a whole number of runs per matrix job/],
    [{ 'chunk-size': '1', run: Array.from({ length: 300 }, (_, i) => `r${i}`).join(',') }, /^promotion-gate: input chunk-size: 300 runs in chunks of 1 make 300 matrix jobs, over GitHub's 256: set chunk-size to at least 2/],
    [{ run: 'ok,../evil' }, /^promotion-gate: run folder "\.\.\/evil" \(from input run\) is not a valid run id/],
    [{ run: '' }, /^promotion-gate: the workspace is not a git checkout/],
  ])('names the input at fault: %j', async (inputs, message) => {
    const { deps, rec } = fakeDeps({ workspace: tempDir('pg-ws-'), inputs: { command: 'plan', run: 'a', ...inputs } });
    await run(deps);
    expect(rec.failed[0]).toMatch(message);
  });
});

describe('gate: report-artifact', () => {
  it('refuses a name aggregate would not find', async () => {
    const { deps, rec } = fakeDeps({ workspace: tempDir('pg-ws-'), inputs: { command: 'gate', run: 'a', 'report-artifact': 'my-report' } });
    await run(deps);
    expect(rec.failed[0]).toMatch(/^promotion-gate: input report-artifact: expected a name starting with promotion-gate-report-/);
  });
});

describe('command: aggregate', () => {
  const report = (id: string, verdict: 'pass' | 'fail') => assembleReport({
    candidate: { id, path: `data/eval/runs/${id}` }, baseline: null, baselineSource: 'none', failOn: 'error',
    gates: [gate('functional', [{ id: 'artifacts.present', status: verdict, message: verdict === 'pass' ? 'ok' : 'missing metrics.json' }])],
    metrics: [], references: [],
  });
  const zip = (content: string): string => {
    const path = join(tempDir('pg-zip-'), 'a.zip');
    writeFileSync(path, buildZip([{ name: 'report.json', data: content }]));
    return path;
  };

  it('fails on the worst verdict and names every missing or unusable report; the passing report is still shown', async () => {
    const zips = {
      'promotion-gate-report-chunk-1': zip(JSON.stringify(report('run_a', 'pass'))),
      'promotion-gate-report-chunk-2': zip('not json'),
      'some-other-artifact': zip('{}'),
    };
    const matrix = JSON.stringify({ include: [1, 2, 3].map((n) => ({ chunk: n, runs: `run_${'abc'[n - 1]}`, artifact: `promotion-gate-report-chunk-${n}` })) });
    const { deps, rec } = fakeDeps({ workspace: tempDir('pg-ws-'), inputs: { command: 'aggregate', matrix }, artifacts: (r) => folderArtifacts(r, zips) });
    await run(deps);
    expect(rec.outputs.verdict).toBe('fail');
    expect(rec.failed[0]).toMatch(/the gate failed/);
    expect(rec.outputs['failed-checks']).toBe('functional.aggregate.report');
    expect(rec.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^promotion-gate: report artifact promotion-gate-report-chunk-2 of chunk 2 \(1 run\) is unusable: promotion-gate-report-chunk-2\/report\.json:1:2: unexpected token/),
      expect.stringMatching(/^promotion-gate: report artifact promotion-gate-report-chunk-3 of chunk 3 \(1 run\) is missing/),
    ]);
    const summary = rec.summary.join('');
    expect(summary).toContain('3 runs from 2 report artifacts: 2 failed, 1 passed (worst first)');
    expect(summary).toMatch(/\| ✅ \| `run_a` \| — \| 0 \| 0 \|/);
    expect(rec.uploads, 'aggregate uploads nothing: a re-run must not find its own output').toEqual([]);
  });

  it('passes when every report passed, and refuses a matrix input that is not a plan', async () => {
    const zips = { 'promotion-gate-report-gate': zip(JSON.stringify(report('run_a', 'pass'))) };
    const ok = fakeDeps({ workspace: tempDir('pg-ws-'), inputs: { command: 'aggregate' }, artifacts: (r) => folderArtifacts(r, zips) });
    await run(ok.deps);
    expect(ok.rec.failed).toEqual([]);
    expect(ok.rec.outputs.verdict).toBe('pass');
    const bad = fakeDeps({ workspace: tempDir('pg-ws-'), inputs: { command: 'aggregate', matrix: '[1]' }, artifacts: (r) => folderArtifacts(r, zips) });
    await run(bad.deps);
    expect(bad.rec.failed[0]).toMatch(/^promotion-gate: input matrix: not a plan matrix: top level: /);
  });
});
