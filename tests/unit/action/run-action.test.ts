// The action's orchestration through its seam (ActionDeps): a run downloaded from an
// artifact (F4), upload failures that never change the verdict, invalid inputs, and the
// single place that fails the step.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/action/main.js';
import { cleanupTempDirs, copyDir, EXAMPLE_STORE, tempDir } from '../../support/temp-store.js';
import { fakeDeps, folderArtifacts } from './fake-deps.js';
import { buildZip, centralRecord, type ZipSpec } from './zip-writer.js';

afterAll(cleanupTempDirs);

/** A workspace with the example store minus its runs (the candidates come from artifacts). */
function workspace(): string {
  const dir = tempDir('pg-ws-');
  copyDir(EXAMPLE_STORE, join(dir, 'data/eval'));
  return dir;
}

function runZip(run: string, prefix = ''): string {
  const files = ['config.yaml', 'fingerprint.json', 'metrics.json', 'predictions.jsonl'];
  const entries: ZipSpec[] = files.map((f) => ({ name: `${prefix}${f}`, data: readFileSync(join(EXAMPLE_STORE, 'runs', run, f)), deflate: true }));
  const path = join(tempDir('pg-zip-'), 'a.zip');
  writeFileSync(path, buildZip(entries));
  return path;
}

describe('a run from a workflow artifact', () => {
  it('downloads, extracts into a fresh folder, gates, and uploads the report', async () => {
    const zips = { 'eval-run': runZip('run_candidate_better') };
    const { deps, rec } = fakeDeps({ workspace: workspace(), inputs: { artifact: 'eval-run', run: 'run_from_ci' }, artifacts: (r) => folderArtifacts(r, zips) });
    await run(deps);
    expect(rec.failed).toEqual([]);
    expect(rec.outputs['verdict']).toBe('pass');
    const report = JSON.parse(readFileSync(rec.outputs['report'] ?? '', 'utf8')) as { candidate: { id: string; path: string } };
    expect(report.candidate).toEqual({ id: 'run_from_ci', path: 'data/eval/runs/run_from_ci' });
    expect(rec.uploads.map((u) => u.name)).toEqual(['promotion-gate-report-gate']);
    expect(rec.summary.join('')).toContain('run_from_ci');
  });

  it('takes run ids from a runs/<id>/ layout', async () => {
    const zips = { runs: runZip('run_candidate_regressed', 'runs/run_x/') };
    const { deps, rec } = fakeDeps({ workspace: workspace(), inputs: { artifact: 'runs' }, artifacts: (r) => folderArtifacts(r, zips) });
    await run(deps);
    expect(rec.outputs['verdict']).toBe('fail');
    expect(rec.failed).toEqual(['promotion-gate: the gate failed (see the job summary and the annotations)']);
  });

  it('fails the gate on a zip-slip archive, writing nothing outside a fresh folder', async () => {
    const path = join(tempDir('pg-zip-'), 'evil.zip');
    writeFileSync(path, buildZip([{ name: 'metrics.json', data: '{}' }, { name: '../../../../evil.txt', data: 'x' }]));
    const ws = workspace();
    const { deps, rec } = fakeDeps({ workspace: ws, inputs: { artifact: 'evil' }, artifacts: (r) => folderArtifacts(r, { evil: path }) });
    await run(deps);
    expect(rec.outputs['verdict']).toBe('fail');
    expect(rec.outputs['failed-checks']).toBe('functional.artifact.safe');
    expect(rec.errors.map((e) => e.message).join('\n')).toMatch(/climbs out with \.\./);
    expect(rec.failed).toHaveLength(1);
  });

  it('names the input when the artifact cannot be found', async () => {
    const { deps, rec } = fakeDeps({ workspace: workspace(), inputs: { artifact: 'missing' } });
    await run(deps);
    expect(rec.failed[0]).toMatch(/^promotion-gate: input artifact: cannot download "missing": Artifact not found/);
    expect(rec.summary.join('')).toMatch(/configuration error/);
  });
});

describe('publishing never changes the verdict', () => {
  it('turns an artifact upload failure into a warning', async () => {
    const zips = { 'eval-run': runZip('run_candidate_better') };
    const { deps, rec } = fakeDeps({
      workspace: workspace(),
      inputs: { artifact: 'eval-run' },
      artifacts: (r) => folderArtifacts(r, zips, new Error('Unable to get the ACTIONS_RUNTIME_TOKEN env variable')),
    });
    await run(deps);
    expect(rec.outputs['verdict']).toBe('pass');
    expect(rec.failed).toEqual([]);
    expect(rec.warnings.join('\n')).toMatch(/could not upload the report artifact promotion-gate-report-gate \(Unable to get the ACTIONS_RUNTIME_TOKEN/);
  });

  it('turns a summary write failure into a warning', async () => {
    const zips = { 'eval-run': runZip('run_candidate_better') };
    const { deps, rec } = fakeDeps({ workspace: workspace(), inputs: { artifact: 'eval-run' }, artifacts: (r) => folderArtifacts(r, zips) });
    deps.core.writeSummary = async () => {
      throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY');
    };
    await run(deps);
    expect(rec.outputs['verdict']).toBe('pass');
    expect(rec.warnings.join('\n')).toMatch(/could not write the job summary/);
  });
});

describe('inputs and events', () => {
  it('fails naming the input when a value is invalid', async () => {
    const { deps, rec } = fakeDeps({ workspace: workspace(), inputs: { comment: 'maybe' } });
    await run(deps);
    expect(rec.failed).toEqual(['promotion-gate: input comment: expected true or false, got "maybe"']);
  });

  it('needs a run outside pull requests', async () => {
    const { deps, rec } = fakeDeps({ workspace: workspace() });
    await run(deps);
    expect(rec.failed[0]).toMatch(/input run: required on workflow_dispatch/);
  });

  it('gates a named run in the workspace outside pull requests, without commenting', async () => {
    const ws = workspace();
    copyDir(join(EXAMPLE_STORE, 'runs/run_candidate_regressed'), join(ws, 'data/eval/runs/run_r'));
    const { deps, rec } = fakeDeps({ workspace: ws, inputs: { run: 'run_r', 'fail-on': 'warning' } });
    await run(deps);
    expect(rec.outputs['verdict']).toBe('fail');
    expect(rec.outputs['comment-url']).toBeUndefined();
    expect(rec.errors.map((e) => e.title)).toContain('promotion-gate performance.metric.quality.exact_match (run_r)');
  });

  it('refuses a pull_request payload without a pull request', async () => {
    const { deps, rec } = fakeDeps({ workspace: workspace(), eventName: 'pull_request', payload: { action: 'opened' } });
    await run(deps);
    expect(rec.failed[0]).toMatch(/pull_request event payload has no usable pull_request/);
  });
});

describe('issue 9 item 6: the report is always written', () => {
  it('refuses an artifact entry name over NAME_MAX as an unsafe archive, with a report', async () => {
    const path = join(tempDir('pg-zip-'), 'long.zip');
    writeFileSync(path, buildZip([{ name: 'metrics.json', data: '{}' }, { name: `${'n'.repeat(300)}.jsonl`, data: '{}\n' }]));
    const { deps, rec } = fakeDeps({ workspace: workspace(), inputs: { artifact: 'long' }, artifacts: (r) => folderArtifacts(r, { long: path }) });
    await run(deps);
    expect(rec.outputs['verdict']).toBe('fail');
    expect(rec.outputs['failed-checks']).toBe('functional.artifact.safe');
    expect(rec.errors.map((e) => e.message).join('\n')).toMatch(/longer than 255 bytes \(NAME_MAX\)/);
    expect(JSON.parse(readFileSync(rec.outputs['report'] ?? '', 'utf8'))).toMatchObject({ verdict: 'fail' });
    expect(rec.failed).toHaveLength(1);
  });

  it('writes a report for a configuration error too, naming the input', async () => {
    const { deps, rec } = fakeDeps({ workspace: workspace(), inputs: { comment: 'maybe' } });
    await run(deps);
    const report = JSON.parse(readFileSync(rec.outputs['report'] ?? '', 'utf8')) as { verdict: string; gates: { checks: { id: string; message: string }[] }[] };
    expect(report.verdict).toBe('fail');
    expect(report.gates[0]?.checks[0]).toMatchObject({ id: 'configuration.valid', message: 'input comment: expected true or false, got "maybe"' });
    expect(rec.outputs['failed-checks']).toBe('functional.configuration.valid');
    expect(rec.uploads).toHaveLength(1);
  });
});

describe('F28: an artifact whose entries share one compressed stream', () => {
  it('fails the gate before extracting anything, naming both entries, with a report', async () => {
    const bytes = buildZip([{ name: 'metrics.json', data: 'x'.repeat(5000), deflate: true }, { name: 'predictions.jsonl', data: 'x'.repeat(5000), deflate: true }]);
    // The second central record points at the first entry's local header and data.
    bytes.writeUInt32LE(0, centralRecord(bytes, 1) + 42);
    const path = join(tempDir('pg-zip-'), 'bomb.zip');
    writeFileSync(path, bytes);
    const { deps, rec } = fakeDeps({ workspace: workspace(), inputs: { artifact: 'bomb' }, artifacts: (r) => folderArtifacts(r, { bomb: path }) });
    await run(deps);
    expect(rec.outputs['verdict']).toBe('fail');
    expect(rec.outputs['failed-checks']).toBe('functional.artifact.safe');
    expect(rec.errors.map((e) => e.message).join('\n')).toMatch(/"metrics\.json" and "predictions\.jsonl" overlap/);
    expect(JSON.parse(readFileSync(rec.outputs['report'] ?? '', 'utf8'))).toMatchObject({ verdict: 'fail' });
  });
});
