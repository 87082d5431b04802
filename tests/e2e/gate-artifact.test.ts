// A candidate run delivered as a workflow artifact (inputs `artifact`, `artifact-max-bytes`),
// end to end: the bundled action downloads the zip through @actions/artifact from the fake's
// artifact service (Twirp + blob storage) and extracts it with the guarded extractor.
// RELIABILITY F4 and F28 through the bundle, and issue 9 item 6 (an entry name over NAME_MAX).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useGitHubSession } from '../support/github/use-session.js';
import { EXAMPLE_STORE } from '../support/temp-store.js';
import { buildZip, centralRecord, type ZipSpec } from '../unit/action/zip-writer.js';
import { makePrRepo, pullRequestEvent, runAction, type ActionResult } from './gate-support.js';

const gh = useGitHubSession('gate artifact');
const WORKFLOW_RUN = 'workflow-run-8101';

/** The files of one of the example store's candidate runs, as zip entries. */
function runEntries(from: 'run_candidate_better' | 'run_candidate_regressed'): ZipSpec[] {
  return ['config.yaml', 'fingerprint.json', 'metrics.json', 'predictions.jsonl'].map((name) => ({ name, data: readFileSync(join(EXAMPLE_STORE, 'runs', from, name)), deflate: true }));
}

async function gateArtifact(zip: Buffer, inputs: Record<string, string> = {}): Promise<ActionResult> {
  const repo = await makePrRepo(gh, { changes: { 'data/eval/notes.txt': 'a PR whose run comes as an artifact\n' } });
  await gh.seedArtifact(WORKFLOW_RUN, 'eval-run', zip);
  return runAction({ gh, repo, event: await pullRequestEvent(gh, repo), inputs: { artifact: 'eval-run', run: 'run_from_ci', comment: 'false', ...inputs }, env: await gh.actionsRuntime(WORKFLOW_RUN, 'gate') });
}

const reportOf = (result: ActionResult): { verdict: string } => JSON.parse(readFileSync(result.outputs['report'] ?? '', 'utf8')) as { verdict: string };

describe('a run delivered as an artifact', () => {
  it('is downloaded, extracted and gated: the better run passes', async () => {
    const better = await gateArtifact(buildZip(runEntries('run_candidate_better')));
    expect(better.stderr).toBe('');
    expect(better.code).toBe(0);
    expect(better.outputs['verdict']).toBe('pass');
    expect(better.stdout).toMatch(/run_from_ci/);
  });

  it('is downloaded, extracted and gated: the regressed run fails', async () => {
    const regressed = await gateArtifact(buildZip(runEntries('run_candidate_regressed')));
    expect(regressed.code).toBe(1);
    expect(regressed.outputs['verdict']).toBe('fail');
    expect(regressed.outputs['failed-checks']).toContain('performance.metric.');
  });

  it('F28: entries sharing one compressed stream fail the gate, naming both, with a report (nothing extracted: unit test)', async () => {
    const bytes = buildZip(runEntries('run_candidate_better'));
    // The predictions' central record points at metrics.json's local header and data.
    bytes.writeUInt32LE(bytes.readUInt32LE(centralRecord(bytes, 2) + 42), centralRecord(bytes, 3) + 42);
    const result = await gateArtifact(bytes);
    expect(result.code).toBe(1);
    expect(result.outputs['verdict']).toBe('fail');
    expect(result.outputs['failed-checks']).toBe('functional.artifact.safe');
    expect(result.stdout).toMatch(/"metrics\.json" and "predictions\.jsonl" overlap/);
    expect(reportOf(result).verdict).toBe('fail');
  });

  it('F28: an extreme compression ratio is refused before inflating', async () => {
    const result = await gateArtifact(buildZip([...runEntries('run_candidate_better'), { name: 'zeros.bin', data: Buffer.alloc(8 * 1024 * 1024), deflate: true }]));
    expect(result.code).toBe(1);
    expect(result.outputs['failed-checks']).toBe('functional.artifact.safe');
    expect(result.stdout).toMatch(/zeros\.bin.*compression ratio/);
  });

  it('an entry name over NAME_MAX is an unsafe archive, not a crash', async () => {
    const result = await gateArtifact(buildZip([...runEntries('run_candidate_better'), { name: `${'n'.repeat(300)}.json`, data: '{}' }]));
    expect(result.code).toBe(1);
    expect(result.outputs['failed-checks']).toBe('functional.artifact.safe');
    expect(result.stdout).toMatch(/255 bytes/);
    expect(result.stderr).not.toMatch(/ENAMETOOLONG|at .*index\.js/);
  });

  it('artifact-max-bytes below the archive size fails, naming the input', async () => {
    const zip = buildZip(runEntries('run_candidate_better'));
    const result = await gateArtifact(zip, { 'artifact-max-bytes': String(zip.length - 1) });
    expect(result.code).toBe(1);
    expect(result.outputs['verdict']).toBe('fail');
    expect(result.stdout).toMatch(/artifact-max-bytes/);
  });
});
