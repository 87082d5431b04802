/**
 * The artifact archive's two size caps are inputs (artifact-max-bytes, artifact-max-total-bytes):
 * validated with the input named, enforced before anything is extracted, and named in the
 * failing check so raising one is one step away. Also: a failing check's id, which embeds a
 * metric name from the repository, reaches the `failed-checks` output only in a safe charset.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/action/main.js';
import { readSettings } from '../../../src/action/settings.js';
import { DEFAULT_LIMITS } from '../../../src/action/zip/extract-zip.js';
import { cleanupTempDirs, copyDir, EXAMPLE_STORE, tempDir } from '../../support/temp-store.js';
import { fakeDeps, folderArtifacts } from './fake-deps.js';
import { buildZip } from './zip-writer.js';

afterAll(cleanupTempDirs);

function workspace(): string {
  const dir = tempDir('pg-ws-');
  copyDir(EXAMPLE_STORE, join(dir, 'data/eval'));
  return dir;
}

/** The better example run as an artifact zip, stored uncompressed so sizes are predictable. */
function runZip(): { path: string; size: number; expanded: number } {
  const files = ['config.yaml', 'fingerprint.json', 'metrics.json', 'predictions.jsonl'];
  const data = files.map((f) => readFileSync(join(EXAMPLE_STORE, 'runs/run_candidate_better', f)));
  const zip = buildZip(files.map((name, i) => ({ name, data: data[i] ?? Buffer.alloc(0) })));
  const path = join(tempDir('pg-zip-'), 'a.zip');
  writeFileSync(path, zip);
  return { path, size: zip.length, expanded: data.reduce((n, d) => n + d.length, 0) };
}

describe('the archive size inputs', () => {
  const read = (inputs: Record<string, string>) => readSettings((name) => inputs[name] ?? '');

  it('default to 512 MiB and 1 GiB', () => {
    const settings = read({});
    expect(settings.artifactMaxBytes).toBe(512 * 1024 * 1024);
    expect(settings.artifactMaxTotalBytes).toBe(1024 * 1024 * 1024);
    expect(DEFAULT_LIMITS).toMatchObject({ maxArchiveBytes: settings.artifactMaxBytes, maxTotalBytes: settings.artifactMaxTotalBytes, maxEntries: 20_000 });
  });

  it.each([
    ['artifact-max-bytes', 'abc'], ['artifact-max-bytes', '0'], ['artifact-max-bytes', '-5'],
    ['artifact-max-bytes', '1.5'], ['artifact-max-bytes', '3000000000'], ['artifact-max-total-bytes', '1e9'],
  ])('%s: %j is refused, naming the input', (input, value) => {
    expect(() => read({ [input]: value })).toThrow(new RegExp(`^input ${input}: expected a size in bytes from 1 to \\d+, got "${value.replace('.', '\\.')}"`));
  });

  it('enforces artifact-max-bytes on the archive before extracting, naming the inputs', async () => {
    const zip = runZip();
    const tight = fakeDeps({ workspace: workspace(), inputs: { artifact: 'eval-run', 'artifact-max-bytes': String(zip.size - 1) }, artifacts: (r) => folderArtifacts(r, { 'eval-run': zip.path }) });
    await run(tight.deps);
    expect(tight.rec.outputs['verdict']).toBe('fail');
    expect(tight.rec.outputs['failed-checks']).toBe('functional.artifact.safe');
    expect(tight.rec.errors.map((e) => e.message).join('\n')).toMatch(new RegExp(`the archive is ${zip.size} bytes, over the cap of ${zip.size - 1}.*inputs artifact-max-bytes`));

    const enough = fakeDeps({ workspace: workspace(), inputs: { artifact: 'eval-run', 'artifact-max-bytes': String(zip.size) }, artifacts: (r) => folderArtifacts(r, { 'eval-run': zip.path }) });
    await run(enough.deps);
    expect(enough.rec.outputs['verdict']).toBe('pass');
  });

  it('enforces artifact-max-total-bytes on what the archive expands to', async () => {
    const zip = runZip();
    const tight = fakeDeps({ workspace: workspace(), inputs: { artifact: 'eval-run', 'artifact-max-total-bytes': String(zip.expanded - 1) }, artifacts: (r) => folderArtifacts(r, { 'eval-run': zip.path }) });
    await run(tight.deps);
    expect(tight.rec.outputs['verdict']).toBe('fail');
    expect(tight.rec.errors.map((e) => e.message).join('\n')).toMatch(/artifact-max-total-bytes/);

    const enough = fakeDeps({ workspace: workspace(), inputs: { artifact: 'eval-run', 'artifact-max-total-bytes': String(zip.expanded) }, artifacts: (r) => folderArtifacts(r, { 'eval-run': zip.path }) });
    await run(enough.deps);
    expect(enough.rec.outputs['verdict']).toBe('pass');
  });
});

describe('the failed-checks output', () => {
  it('carries a hostile metric name only in the safe charset', async () => {
    const ws = workspace();
    const metrics = join(ws, 'data/eval/baselines/baseline_demo_v1/metrics.json');
    const parsed = JSON.parse(readFileSync(metrics, 'utf8')) as Record<string, unknown>;
    // The baseline has a gated metric (an `accuracy` segment: higher is better) the candidate
    // lacks: the missing metric fails, named in the check id.
    parsed['accuracy.x$(touch pwned)`id`;"q"'] = 1;
    writeFileSync(metrics, JSON.stringify(parsed));
    const zip = runZip();
    const { deps, rec } = fakeDeps({ workspace: ws, inputs: { artifact: 'eval-run' }, artifacts: (r) => folderArtifacts(r, { 'eval-run': zip.path }) });
    await run(deps);
    expect(rec.outputs['verdict']).toBe('fail');
    const output = rec.outputs['failed-checks'] ?? '';
    expect(output).toContain('performance.metric.accuracy.x__touch_pwned__id___q_');
    expect(output).toMatch(/^[A-Za-z0-9._:/@+,-]+$/);
  });
});
