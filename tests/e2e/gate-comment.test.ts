// The sticky PR comment end to end (DESIGN.md section 6; RELIABILITY G4-G7, F17): the
// bundled action against the fake GitHub behind Prism, over a real git repository.
import { describe, expect, it } from 'vitest';
import { useGitHubSession } from '../support/github/use-session.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countMarkers } from '../../src/report/escape.js';
import { EXAMPLE_STORE } from '../support/temp-store.js';
import { ADD_BETTER_RUN, ADD_REGRESSED_RUN, checkout, makePrRepo, OWNER, pullRequestEvent, pushMore, REPO, runAction, STORE } from './gate-support.js';

const gh = useGitHubSession('gate comment');

const MARKER = '<!-- promotion-gate:run_new -->';
const comments = async () => (await gh.snapshot(OWNER, REPO)).comments;

describe('passing pull request', () => {
  it('creates one comment, then updates it in place on the next push, among 40+ other comments', async () => {
    const repo = await makePrRepo(gh);
    for (let i = 0; i < 45; i++) await gh.seedComment(OWNER, REPO, repo.number, `chatter ${i}`);

    const first = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo) });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.outputs['verdict']).toBe('pass');
    expect(first.outputs['failed-checks']).toBe('');
    let mine = (await comments()).filter((c) => c.body.includes(MARKER));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.author).toBe('github-actions[bot]');
    expect(mine[0]?.body).toContain(repo.headSha);
    expect(first.outputs['comment-url']).toContain(`#issuecomment-${mine[0]?.id}`);
    expect(first.summary).toMatch(/promotion\\?-gate: pass/);
    expect(first.summary).not.toContain('<!-- promotion-gate');

    const second = pushMore(repo, { [`${STORE}/runs/run_new/notes.txt`]: 'second push\n' });
    const again = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo) });
    expect(again.code).toBe(0);
    mine = (await comments()).filter((c) => c.body.includes(MARKER));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.body).toContain(second);
    expect(again.stdout).toMatch(/comment for run_new: updated/);
    expect((await comments()).length).toBe(46);
  });
});

describe('several runs, and comments turned off', () => {
  it('gates every changed run, one comment each, with a report set', async () => {
    const repo = await makePrRepo(gh, { changes: { ...ADD_BETTER_RUN, ...ADD_REGRESSED_RUN } });
    const result = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo) });
    expect(result.code).toBe(1);
    const bodies = (await comments()).map((c) => c.body.split('\n')[0]);
    expect(bodies.sort()).toEqual(['<!-- promotion-gate:run_bad -->', '<!-- promotion-gate:run_new -->']);
    expect(result.outputs['comment-url']?.split(',')).toHaveLength(2);
    const set = JSON.parse(readFileSync(result.outputs['report'] ?? '', 'utf8')) as { schema: string; verdict: string; reports: { candidate: { id: string } }[] };
    expect([set.schema, set.verdict, set.reports.map((r) => r.candidate.id)]).toEqual(['promotion-gate/report-set@1', 'fail', ['run_bad', 'run_new']]);
  });

  it('writes no comment with comment: false, and still the summary and outputs', async () => {
    const repo = await makePrRepo(gh);
    const result = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo), inputs: { comment: 'false' } });
    expect(result.code).toBe(0);
    expect(result.outputs['verdict']).toBe('pass');
    expect(result.summary).toContain('run_new');
    expect(await comments()).toHaveLength(0);
  });
});

describe('finding our own comment', () => {
  it('ignores a spoofed marker from another author and a minimized comment of ours (G5, G6)', async () => {
    const repo = await makePrRepo(gh);
    const spoof = await gh.seedComment(OWNER, REPO, repo.number, `${MARKER}\nfake verdict: pass`, { author: { login: 'mallory' } });
    const result = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo) });
    expect(result.code).toBe(0);
    let all = await comments();
    expect(all.find((c) => c.id === spoof.id)?.body).toBe(`${MARKER}\nfake verdict: pass`);
    const ours = all.filter((c) => c.author === 'github-actions[bot]');
    expect(ours).toHaveLength(1);

    // A hidden (minimized) comment of ours is left alone; a fresh one is written.
    await gh.minimizeComment(OWNER, REPO, ours[0]?.id ?? 0, 'outdated');
    pushMore(repo, { [`${STORE}/runs/run_new/notes.txt`]: 'again\n' });
    await runAction({ gh, repo, event: await pullRequestEvent(gh, repo) });
    all = await comments();
    expect(all.filter((c) => c.author === 'github-actions[bot]').map((c) => c.minimized)).toEqual(['outdated', null]);
    expect(all.find((c) => c.id === spoof.id)?.body).toBe(`${MARKER}\nfake verdict: pass`);
  });

  it('never lets a run for an older head overwrite the comment of a newer one (G7)', async () => {
    const repo = await makePrRepo(gh);
    const older = repo.headSha;
    const olderEvent = await pullRequestEvent(gh, repo);
    const newer = pushMore(repo, { [`${STORE}/runs/run_new/notes.txt`]: 'newer\n' });
    const first = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo) });
    expect(first.code).toBe(0);

    // The run for the older push finishes last.
    checkout(repo.work, 'merge', repo.baseSha, older);
    const late = await runAction({ gh, repo, event: olderEvent });
    expect(late.code).toBe(0);
    expect(late.stdout).toMatch(/comment for run_new: kept-newer/);
    const mine = (await comments()).filter((c) => c.body.includes(MARKER));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.body).toContain(newer);
    expect(mine[0]?.body).not.toContain(older);
  });

  it('leaves one comment when two runs race on the same pull request (G7)', async () => {
    const repo = await makePrRepo(gh);
    const event = await pullRequestEvent(gh, repo);
    const results = await Promise.all([runAction({ gh, repo, event }), runAction({ gh, repo, event }), runAction({ gh, repo, event })]);
    expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
    expect((await comments()).filter((c) => c.body.includes(MARKER))).toHaveLength(1);
  });
});

describe('size budget (F17)', () => {
  it('truncates a comment over 60,000 characters deterministically, with one marker', async () => {
    const metrics = JSON.parse(readFileSync(join(EXAMPLE_STORE, 'runs/run_candidate_better/metrics.json'), 'utf8')) as Record<string, unknown>;
    const many: Record<string, number> = {};
    for (let i = 0; i < 3000; i++) many[`metric_with_a_rather_long_descriptive_name_${String(i).padStart(4, '0')}`] = i / 7;
    metrics['extra'] = many;
    const repo = await makePrRepo(gh, { changes: { ...ADD_BETTER_RUN, [`${STORE}/runs/run_new/metrics.json`]: JSON.stringify(metrics) } });
    const result = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo) });
    expect(result.code).toBe(0);
    const [comment] = (await comments()).filter((c) => c.body.includes(MARKER));
    expect(comment?.body.length).toBeGreaterThan(30_000);
    expect(Buffer.byteLength(comment?.body ?? '')).toBeLessThanOrEqual(60_000);
    expect(comment?.body).toMatch(/\d+ more rows in the report artifact/);
    expect(countMarkers(comment?.body ?? '')).toBe(1);
    // The summary has more room: it keeps rows the comment dropped.
    expect(result.summary.length).toBeGreaterThan(comment?.body.length ?? 0);
    const report = JSON.parse(readFileSync(result.outputs['report'] ?? '', 'utf8')) as { metrics: unknown[] };
    expect(report.metrics.length).toBeGreaterThan(3000);
  });
});
