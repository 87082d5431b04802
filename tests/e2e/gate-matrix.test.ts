// Scale-out end to end (DESIGN.md section 13), as examples/workflows/gate-matrix.yml runs it:
// `command: plan` on a pull request, one `command: gate` per matrix chunk with `comment: false`
// uploading its report through @actions/artifact to the fake's artifact service, then
// `command: aggregate` downloading every promotion-gate-report-* artifact of the workflow run
// and writing one sticky comment and one summary, worst verdict first. Missing and malformed
// reports fail, named. All GitHub calls go through Prism against the OpenAPI description.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { useGitHubSession } from '../support/github/use-session.js';
import { EXAMPLE_STORE } from '../support/temp-store.js';
import { buildZip } from '../unit/action/zip-writer.js';
import { makePrRepo, OWNER, pullRequestEvent, REPO, runAction, STORE, type ActionResult, type Change, type PrRepo } from './gate-support.js';

const gh = useGitHubSession('gate matrix');
const WORKFLOW_RUN = 'workflow-run-7001';

function addRun(id: string, from: 'run_candidate_better' | 'run_candidate_regressed'): Record<string, Change> {
  return Object.fromEntries(['config.yaml', 'fingerprint.json', 'metrics.json', 'predictions.jsonl'].map((f) => [
    `${STORE}/runs/${id}/${f}`, readFileSync(join(EXAMPLE_STORE, 'runs', from, f), 'utf8'),
  ]));
}

interface Entry { chunk: number; runs: string; artifact: string }

async function job(repo: PrRepo, event: Record<string, unknown>, name: string, inputs: Record<string, string>): Promise<ActionResult> {
  return runAction({ gh, repo, event, inputs, env: { ...(await gh.actionsRuntime(WORKFLOW_RUN, name)), GITHUB_JOB: name.replace(/-\d+$/, '') } });
}

async function plan(repo: PrRepo, event: Record<string, unknown>, chunkSize: string): Promise<{ result: ActionResult; include: Entry[] }> {
  const result = await job(repo, event, 'plan', { command: 'plan', 'chunk-size': chunkSize });
  expect(result.code, result.stdout + result.stderr).toBe(0);
  return { result, include: (JSON.parse(result.outputs.matrix ?? '{}') as { include: Entry[] }).include };
}

const gateChunk = (repo: PrRepo, event: Record<string, unknown>, entry: Entry): Promise<ActionResult> =>
  job(repo, event, `gate-${entry.chunk}`, { command: 'gate', run: entry.runs, comment: 'false', 'report-artifact': entry.artifact });

const aggregate = (repo: PrRepo, event: Record<string, unknown>, matrix: string): Promise<ActionResult> =>
  job(repo, event, 'aggregate', { command: 'aggregate', matrix });

/** What a reader sees: the Markdown rendered as GitHub would, tags removed. */
const textOf = (markdown: string): string => micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()] }).replace(/<[^>]+>/g, '');

/** The overview table's rows (one per run), not the per-run reports' tables below it. */
function rows(markdown: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf('| | run | baseline | failing checks | warnings |');
  const out: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    out.push(line);
  }
  return out;
}

describe('three matrix jobs, one comment', () => {
  it('plans three chunks, gates each without commenting, and aggregates into one comment and one summary, worst verdict first', async () => {
    const repo = await makePrRepo(gh, {
      changes: { ...addRun('run_a', 'run_candidate_better'), ...addRun('run_b', 'run_candidate_better'), ...addRun('run_c', 'run_candidate_better'), ...addRun('run_d', 'run_candidate_regressed'), ...addRun('run_e', 'run_candidate_better') },
    });
    const event = await pullRequestEvent(gh, repo);
    const { result: planned, include } = await plan(repo, event, '2');
    expect(include).toEqual([
      { chunk: 1, runs: 'run_a,run_b', artifact: 'promotion-gate-report-chunk-1' },
      { chunk: 2, runs: 'run_c,run_d', artifact: 'promotion-gate-report-chunk-2' },
      { chunk: 3, runs: 'run_e', artifact: 'promotion-gate-report-chunk-3' },
    ]);
    expect(planned.outputs.chunks).toBe('3');

    const gates = [];
    for (const entry of include) gates.push(await gateChunk(repo, event, entry));
    expect(gates.map((g) => g.code)).toEqual([0, 1, 0]);
    expect(gates.map((g) => g.outputs.verdict)).toEqual(['pass', 'fail', 'pass']);
    expect((await gh.snapshot(OWNER, REPO)).comments, 'comment: false writes no comment').toEqual([]);
    const artifacts = await gh.artifacts();
    expect(artifacts.map((a) => [a.name, a.jobBackendId, a.finalized])).toEqual([
      ['promotion-gate-report-chunk-1', 'gate-1', true], ['promotion-gate-report-chunk-2', 'gate-2', true], ['promotion-gate-report-chunk-3', 'gate-3', true],
    ]);

    const result = await aggregate(repo, event, planned.outputs.matrix ?? '');
    expect(result.code).toBe(1);
    expect(result.outputs.verdict).toBe('fail');
    expect(result.outputs['failed-checks']).toContain('performance.metric.quality.exact_match');
    const { comments } = await gh.snapshot(OWNER, REPO);
    expect(comments).toHaveLength(1);
    const body = comments[0]?.body ?? '';
    expect(body.startsWith('<!-- promotion-gate:promotion-gate-matrix -->\n### ❌ promotion-gate: fail\n\n5 runs from 3 report artifacts: 1 failed, 4 passed (worst first)')).toBe(true);
    expect(rows(body).map((r) => r.split('|')[2]?.trim())).toEqual(['`run_d`', '`run_a`', '`run_b`', '`run_c`', '`run_e`']);
    expect(rows(body)[0]).toMatch(/^\| ❌ \| `run_d` \| `baseline_demo_v1` \| [1-9]/);
    // Each run's own report follows, worst first, from the standard renderer.
    const text = textOf(body);
    expect(text.indexOf('❌ promotion-gate · run_d: fail')).toBeGreaterThan(0);
    expect(text.indexOf('❌ promotion-gate · run_d: fail')).toBeLessThan(text.indexOf('✅ promotion-gate · run_a: pass'));
    expect(body).toContain(`for head \`${repo.headSha}\``);
    expect(result.summary).toContain('### ❌ promotion-gate: fail\n\n5 runs from 3 report artifacts: 1 failed, 4 passed (worst first)');
    expect(rows(result.summary)).toEqual(rows(body));
    // One summary from the aggregate job: its own, not the gate jobs'.
    expect(result.summary.match(/5 runs from 3 report artifacts/g)).toHaveLength(1);

    const again = await aggregate(repo, event, planned.outputs.matrix ?? '');
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/comment for promotion-gate-matrix: unchanged/);
    expect((await gh.snapshot(OWNER, REPO)).comments.map((c) => c.id)).toEqual([comments[0]?.id]);
  });

  it('passes when every chunk passed', async () => {
    const repo = await makePrRepo(gh, { changes: { ...addRun('run_a', 'run_candidate_better'), ...addRun('run_b', 'run_candidate_better') } });
    const event = await pullRequestEvent(gh, repo);
    const { result: planned, include } = await plan(repo, event, '1');
    for (const entry of include) expect((await gateChunk(repo, event, entry)).code).toBe(0);
    const result = await aggregate(repo, event, planned.outputs.matrix ?? '');
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs.verdict).toBe('pass');
    const [comment] = (await gh.snapshot(OWNER, REPO)).comments;
    expect(comment?.body).toContain('### ✅ promotion-gate: pass\n\n2 runs from 2 report artifacts: 0 failed, 2 passed');
  });
});

describe('a missing or malformed report is a failure named in the comment, never a pass', () => {
  it('names the chunk whose job never uploaded and the artifact that does not parse, and fails although every report present passed', async () => {
    const repo = await makePrRepo(gh, { changes: { ...addRun('run_a', 'run_candidate_better'), ...addRun('run_b', 'run_candidate_better'), ...addRun('run_c', 'run_candidate_better') } });
    const event = await pullRequestEvent(gh, repo);
    const { result: planned, include } = await plan(repo, event, '1');
    expect(include).toHaveLength(3);
    expect((await gateChunk(repo, event, include[0]!)).code).toBe(0);
    // Chunk 2's job uploaded something that is not a report; chunk 3's job never ran.
    await gh.seedArtifact(WORKFLOW_RUN, 'promotion-gate-report-chunk-2', buildZip([{ name: 'report.json', data: '{"schema": "promotion-gate/report@1", "verdict": "pass"' }]));

    const result = await aggregate(repo, event, planned.outputs.matrix ?? '');
    expect(result.code).toBe(1);
    expect(result.outputs.verdict).toBe('fail');
    expect(result.outputs['failed-checks']).toBe('functional.aggregate.report');
    const [comment] = (await gh.snapshot(OWNER, REPO)).comments;
    const body = comment?.body ?? '';
    expect(body).toContain('#### Missing or malformed reports (2)');
    const text = textOf(body);
    expect(text).toMatch(/❌ report artifact promotion-gate-report-chunk-2 of chunk 2 \(1 run\) is unusable: promotion-gate-report-chunk-2\/report\.json:1:\d+: /);
    expect(text).toMatch(/❌ report artifact promotion-gate-report-chunk-3 of chunk 3 \(1 run\) is missing: its matrix job failed before uploading it, was cancelled, or did not run/);
    expect(rows(body).map((r) => r.split('|').slice(1, 3).map((c) => c.trim()).join(' '))).toEqual([
      '❌ `run_b` (no usable report)', '❌ `run_c` (no usable report)', '✅ `run_a`',
    ]);
    expect(result.stdout).toMatch(/::error::promotion-gate: report artifact promotion-gate-report-chunk-3 of chunk 3 \(1 run\) is missing/);
  });

  it('fails with no artifact at all, and names a bad matrix input', async () => {
    const repo = await makePrRepo(gh, { changes: addRun('run_a', 'run_candidate_better') });
    const event = await pullRequestEvent(gh, repo);
    const none = await aggregate(repo, event, '');
    expect(none.code).toBe(1);
    const body = (await gh.snapshot(OWNER, REPO)).comments[0]?.body ?? '';
    expect(textOf(body)).toMatch(/❌ no report artifact \(promotion-gate-report-\*\) was found in this workflow run/);
    const bad = await aggregate(repo, event, '{"include": 3}');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/::error::promotion-gate: input matrix: not a plan matrix: include: /);
  });
});
