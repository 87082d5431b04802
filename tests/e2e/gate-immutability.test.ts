// Immutability of promoted directories end to end (RELIABILITY G13) and the shallow-checkout
// error (G14): each way a PR can touch an existing baseline or reference fails the gate and
// names the path; a shallow clone without the merge base is an error, never a pass.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useGitHubSession } from '../support/github/use-session.js';
import { tempDir } from '../support/temp-store.js';
import { ADD_BETTER_RUN, makePrRepo, OWNER, pullRequestEvent, REPO, runAction, STORE, type Change } from './gate-support.js';
import { git } from '../support/git.js';

const gh = useGitHubSession('gate immutability');

const BASELINE = `${STORE}/baselines/baseline_demo_v1`;
const REFERENCE = `${STORE}/references/silver/silver_demo_gpt_v1`;

const WAYS: [string, Record<string, Change>, string[]][] = [
  ['edits', { [`${BASELINE}/metrics.json`]: '{"dataset_id":"demo_support_qa_v1","task":"qa","quality":{"exact_match":0.1}}\n' }, [`${BASELINE}/metrics.json`]],
  ['deletes', { [`${BASELINE}/README.md`]: null }, [`${BASELINE}/README.md`]],
  ['renames', { [`${REFERENCE}/config.yaml`]: null, [`${REFERENCE}/config.old.yaml`]: 'task: qa\n' }, [`${REFERENCE}/config.old.yaml`, `${REFERENCE}/config.yaml`]],
  ['chmods', { [`${BASELINE}/config.yaml`]: { chmod: 0o755 } }, [`${BASELINE}/config.yaml`]],
  ['symlinks', { [`${BASELINE}/baseline.json`]: { symlink: '../../runs/run_new/metrics.json' } }, [`${BASELINE}/baseline.json`]],
  ['adds to', { [`${REFERENCE}/extra.txt`]: 'sneaky\n' }, [`${REFERENCE}/extra.txt`]],
];

describe('a PR that changes an existing baseline or reference (G13)', () => {
  it.each(WAYS)('fails when it %s one, listing each path', async (_way, changes, paths) => {
    const repo = await makePrRepo(gh, { changes: { ...ADD_BETTER_RUN, ...changes } });
    const result = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo) });
    expect(result.code).toBe(1);
    expect(result.outputs['failed-checks']).toContain('compliance.promoted.unchanged');
    const comment = (await gh.snapshot(OWNER, REPO)).comments.find((c) => c.body.includes('<!-- promotion-gate:run_new -->'));
    for (const path of paths) {
      expect(result.summary).toContain(path);
      expect(comment?.body).toContain(path);
      expect(result.annotations.some((a) => a.includes('promoted.unchanged') && a.includes(path))).toBe(true);
    }
  });

  it('fails a PR that changes a baseline without adding any run', async () => {
    const repo = await makePrRepo(gh, { changes: { [`${BASELINE}/metrics.json`]: '{}\n' } });
    const result = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo) });
    expect(result.code).toBe(1);
    expect(result.outputs['failed-checks']).toBe('compliance.promoted.unchanged');
    expect(result.summary).toContain(`${BASELINE}/metrics.json`);
  });

  it('passes a PR that adds a new baseline next to the existing ones', async () => {
    const newBaseline = Object.fromEntries(Object.entries(ADD_BETTER_RUN).map(([p, c]) => [p.replace('/runs/run_new/', '/baselines/baseline_demo_v2/'), c]));
    const repo = await makePrRepo(gh, { changes: newBaseline });
    const result = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo) });
    expect(result.code).toBe(0);
    expect(result.outputs['verdict']).toBe('pass');
  });
});

describe('shallow checkout (G14)', () => {
  it('is an error that says to use fetch-depth: 0', async () => {
    const repo = await makePrRepo(gh);
    const shallow = join(tempDir('pg-shallow-'), 'work');
    git(repo.dir, 'clone', '--quiet', '--depth', '1', '--branch', 'feature', `file://${repo.origin}`, shallow);
    const result = await runAction({ gh, repo: { ...repo, work: shallow }, event: await pullRequestEvent(gh, repo) });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/::error::promotion-gate: the base commit [0-9a-f]{40} is not in the checkout \(this is a shallow clone\): .*fetch-depth: 0/);
    // Nothing was evaluated, yet the report is written (issue 9): one failing check, the error.
    expect(result.outputs['verdict']).toBe('fail');
    expect(readFileSync(result.outputs['report'] ?? '', 'utf8')).toMatch(/"configuration\.valid"[\s\S]*fetch-depth: 0/);
    expect(result.summary).toMatch(/configuration error/);
    expect((await gh.snapshot(OWNER, REPO)).comments).toHaveLength(0);
  });
});
