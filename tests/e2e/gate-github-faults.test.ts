// The action against GitHub failures and restricted tokens (RELIABILITY G1, G3, G4, G15),
// and a regressing PR: the verdict never depends on whether the comment could be written.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useGitHubSession } from '../support/github/use-session.js';
import { ADD_REGRESSED_RUN, makePrRepo, OWNER, pullRequestEvent, REPO, runAction } from './gate-support.js';

const gh = useGitHubSession('gate faults');

const marked = async (run = 'run_new') => (await gh.snapshot(OWNER, REPO)).comments.filter((c) => c.body.includes(`<!-- promotion-gate:${run} -->`));
const commentPosts = async () => (await gh.requests()).filter((r) => r.method === 'POST' && /\/issues\/\d+\/comments$/.test(r.path));

describe('regressing pull request', () => {
  it('fails the job, annotates the failing checks at file and line, and still comments', async () => {
    const repo = await makePrRepo(gh, { changes: { ...ADD_REGRESSED_RUN, 'data/eval/runs/run_bad/predictions.jsonl': '{"id": "q1", "answer": 1}\n{"id": "q1", oops\n' } });
    const result = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo) });
    expect(result.code).toBe(1);
    expect(result.outputs['verdict']).toBe('fail');
    expect(result.outputs['failed-checks']).toMatch(/functional\.predictions\.valid/);
    expect(result.stdout).toMatch(/^::error::promotion-gate: the gate failed/m);
    const annotation = result.annotations.find((a) => a.includes('predictions.valid'));
    expect(annotation).toMatch(/^::error title=promotion-gate functional\.predictions\.valid \(run_bad\),file=data\/eval\/runs\/run_bad\/predictions\.jsonl,line=2,col=\d+::/);
    expect(await marked('run_bad')).toHaveLength(1);
    expect(result.summary).toMatch(/❌ promotion\\?-gate: fail/);
  });

  it('fails on a metric regression with an annotation naming the metric', async () => {
    const repo = await makePrRepo(gh, { changes: ADD_REGRESSED_RUN });
    const result = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo) });
    expect(result.code).toBe(1);
    expect(result.outputs['failed-checks']).toMatch(/performance\.metric\.quality\.exact_match/);
    expect(result.annotations.some((a) => a.startsWith('::error') && a.includes('quality.exact_match'))).toBe(true);
    expect((await marked('run_bad'))[0]?.body).toContain('quality.exact_match');
  });
});

describe('fork pull request with a read-only token (G1)', () => {
  it('keeps the verdict, writes summary and report, and warns naming the permission and the two-workflow pattern', async () => {
    const repo = await makePrRepo(gh, { changes: ADD_REGRESSED_RUN, forkOwner: 'forker' });
    const result = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo), token: gh.tokens.read });
    expect(result.code).toBe(1);
    expect(result.outputs['verdict']).toBe('fail');
    expect(result.summary).toMatch(/promotion\\?-gate: fail/);
    expect(existsSync(result.outputs['report'] ?? '')).toBe(true);
    const warning = result.stdout.split('\n').find((l) => l.startsWith('::warning::promotion-gate: could not write the comment'));
    expect(warning).toMatch(/403/);
    expect(warning).toMatch(/pull-requests: write/);
    expect(warning).toMatch(/two-workflow pattern/);
    expect(await marked('run_bad')).toHaveLength(0);
    expect((await commentPosts()).map((r) => r.status)).toEqual([403]);
  });
});

describe('rate limits (G3)', () => {
  it('waits out a secondary rate limit, then comments once', async () => {
    const repo = await makePrRepo(gh);
    await gh.faults.add({ kind: 'secondary-rate-limit', retryAfter: 1, method: 'POST', pathPattern: /\/comments$/ });
    const result = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo) });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/secondary rate limit .*retrying in 1 s/);
    expect(await marked()).toHaveLength(1);
    expect((await commentPosts()).map((r) => r.status)).toEqual([403, 201]);
  });

  it('waits for a primary rate limit to reset, then comments once', async () => {
    const repo = await makePrRepo(gh);
    await gh.faults.add({ kind: 'primary-rate-limit', retryAfter: 1, method: 'GET', pathPattern: /\/comments$/ });
    const result = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo) });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/primary rate limit .*retrying in/);
    expect(await marked()).toHaveLength(1);
  });

  it('gives up within the budget on a persistent limit with a clear warning; the verdict stands', async () => {
    const repo = await makePrRepo(gh);
    await gh.faults.add({ kind: 'secondary-rate-limit', retryAfter: 1, status: 429, method: 'POST', pathPattern: /\/comments$/, times: 'always' });
    const result = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo) });
    expect(result.code).toBe(0);
    expect(result.outputs['verdict']).toBe('pass');
    expect(result.stdout).toMatch(/giving up after 3 retries/);
    expect(result.stdout).toMatch(/::warning::promotion-gate: could not write the comment for run run_new .*429/);
    expect(await marked()).toHaveLength(0);
  });
});

describe('lost answers to a create (G4)', () => {
  it.each(['apply-then-5xx', 'apply-then-reset'] as const)('re-finds the comment after %s instead of posting a duplicate', async (kind) => {
    const repo = await makePrRepo(gh);
    await gh.faults.add({ kind, method: 'POST', pathPattern: /\/issues\/\d+\/comments$/ });
    const result = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo) });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/looking for it before trying again/);
    expect(await marked()).toHaveLength(1);
    expect(await commentPosts()).toHaveLength(1);
    expect(result.outputs['comment-url']).toMatch(/#issuecomment-\d+$/);
  });
});

describe('inputs with shell metacharacters (G15)', () => {
  it('treats them as data: an invalid run id is an error naming the input, nothing runs', async () => {
    const repo = await makePrRepo(gh);
    const result = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo), inputs: { run: 'x; touch pwned; $(touch pwned2)' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/::error::promotion-gate: input run/);
    expect(existsSync(join(repo.work, 'pwned'))).toBe(false);
    expect(existsSync(join(repo.work, 'pwned2'))).toBe(false);
    expect(await marked()).toHaveLength(0);
  });

  it('names an invalid input value', async () => {
    const repo = await makePrRepo(gh);
    const result = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo), inputs: { 'fail-on': 'sometimes' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/::error::promotion-gate: input fail-on: expected one of error, warning, got "sometimes"/);
  });
});
