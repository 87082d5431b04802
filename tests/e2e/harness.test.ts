// Proves the GitHub test harness itself: calls go through Prism and are validated both ways,
// the fake's state and faults behave like GitHub, and violations surface as test failures.
import { Octokit } from '@octokit/core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { GitHubSession } from '../support/github/control-client.js';
import { createGitHubSession } from '../support/github/control-client.js';

const OWNER = 'octo';
const REPO = 'demo';
const repo = { owner: OWNER, repo: REPO };

let gh: GitHubSession;

/** Octokit as the action builds it, minus retries so each call is one request. */
function octokit(token = gh.tokens.write): Octokit {
  return new Octokit({ baseUrl: gh.apiUrl, auth: token });
}

interface HttpFailure {
  status: number;
  response?: { data?: unknown; headers?: Record<string, string | number | undefined> };
  message: string;
}

async function failure(promise: Promise<unknown>): Promise<HttpFailure> {
  try {
    await promise;
  } catch (error) {
    return error as HttpFailure;
  }
  throw new Error('expected the call to fail');
}

async function seedPullRequest(): Promise<number> {
  await gh.seedBranch(OWNER, REPO, 'main', { 'README.md': '# demo\n', 'runs/r1/metrics.json': '{"acc":0.9}\n' });
  await gh.seedBranch(OWNER, REPO, 'feature', { 'runs/r2/metrics.json': '{"acc":0.91}\n' }, { from: 'main' });
  return gh.seedPullRequest(OWNER, REPO, { head: 'feature', base: 'main', title: 'Add r2' });
}

beforeAll(async () => {
  gh = await createGitHubSession('harness.test');
});

afterAll(async () => {
  await gh?.close();
});

beforeEach(async () => {
  await gh.reset();
});

describe('Prism in front of the fake', () => {
  it('started and reports its startup time', () => {
    expect(inject('githubHarnessError')).toBe('');
    expect(inject('githubPrismStartupMs')).toBeGreaterThan(0);
  });

  it('passes valid octokit calls through, with any accept header and the API version header', async () => {
    const number = await seedPullRequest();
    const api = octokit();
    const repository = await api.request('GET /repos/{owner}/{repo}', repo);
    expect(repository.data.default_branch).toBe('main');

    const created = await api.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      ...repo,
      issue_number: number,
      body: 'hello',
      headers: { 'x-github-api-version': '2022-11-28' },
    });
    expect(created.status).toBe(201);
    expect(created.data.user?.login).toBe('github-actions[bot]');
    expect(created.data.html_url).toContain(`/pull/${number}#issuecomment-`);

    await api.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...repo, comment_id: created.data.id, body: 'edited' });
    const fetched = await api.request('GET /repos/{owner}/{repo}/issues/comments/{comment_id}', {
      ...repo,
      comment_id: created.data.id,
      headers: { accept: 'application/vnd.github.full+json' },
    });
    expect(fetched.data.body).toBe('edited');
    await api.request('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...repo, comment_id: created.data.id });

    const pull = await api.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...repo, pull_number: number });
    expect(pull.data.head.ref).toBe('feature');
    expect(pull.data.head.sha).toBe(await gh.getRef(OWNER, REPO, 'feature'));
    const event = await gh.pullRequestEvent(OWNER, REPO, number, 'opened');
    expect(event).toMatchObject({ action: 'opened', number, pull_request: { head: { ref: 'feature', sha: pull.data.head.sha } } });
    const branch = await api.request('GET /repos/{owner}/{repo}/branches/{branch}', { ...repo, branch: 'main' });
    expect(branch.data.commit.sha).toBe(await gh.getRef(OWNER, REPO, 'main'));

    const user = await gh.addToken({ login: 'octocat', permission: 'write' });
    expect((await octokit(user).request('GET /user')).data.login).toBe('octocat');
    expect((await failure(api.request('GET /user'))).status).toBe(403);

    await gh.assertNoViolations();
  });

  it('rejects an invalid request with 422 before it reaches the fake', async () => {
    const number = await seedPullRequest();
    const error = await failure(
      // A plain URL (not a route template) so TypeScript lets the required `body` be left out.
      octokit().request(`POST /repos/${OWNER}/${REPO}/issues/${number}/comments`, { bogus: 'no body' }),
    );
    expect(error.status).toBe(422);
    const violations = await gh.violations();
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ kind: 'request', method: 'POST', tolerated: false });
    expect(violations[0]?.details[0]?.message).toContain("must have required property 'body'");
    expect((await gh.requests()).filter((r) => r.method === 'POST')).toHaveLength(0);
    await expect(gh.assertNoViolations()).rejects.toThrow(/required property 'body'/);
  });

  it('turns a fake answer that breaks the schema into a violation', async () => {
    const number = await seedPullRequest();
    const { id } = await gh.seedComment(OWNER, REPO, number, 'someone said');
    await gh.faults.add({ kind: 'drop-field', field: 'node_id', method: 'GET', pathPattern: /\/issues\/comments\/\d+$/ });
    const error = await failure(octokit().request('GET /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...repo, comment_id: id }));
    expect(error.status).toBe(500);
    const [violation] = await gh.violations();
    expect(violation).toMatchObject({ kind: 'response', tolerated: false });
    expect(violation?.details.map((d) => d.message).join('\n')).toContain("required property 'node_id'");
    await expect(gh.assertNoViolations()).rejects.toThrow(/node_id/);
  });

  it('reports calls to endpoints the fake does not serve', async () => {
    const error = await failure(octokit().request('GET /repos/{owner}/{repo}/contributors', repo));
    expect(error.status).toBe(404);
    expect((await gh.violations())[0]).toMatchObject({ kind: 'route', tolerated: false });
  });
});

describe('issue comments', () => {
  it('paginates 250 comments with a Link header', async () => {
    const number = await seedPullRequest();
    for (let start = 0; start < 250; start += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, i) => gh.seedComment(OWNER, REPO, number, `comment ${start + i}`)));
    }
    const api = octokit();
    const route = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments' as const;

    const first = await api.request(route, { ...repo, issue_number: number });
    expect(first.data).toHaveLength(30);
    expect(first.headers.link).toContain('rel="next"');

    const bodies: string[] = [];
    const pages: string[] = [];
    let url: string | undefined = `${gh.apiUrl}/repos/${OWNER}/${REPO}/issues/${number}/comments?per_page=100`;
    while (url !== undefined) {
      const page: { data: unknown; headers: { link?: string } } = await api.request(`GET ${url}`);
      pages.push(String(page.headers.link));
      bodies.push(...(page.data as Array<{ body: string }>).map((c) => c.body));
      url = /<([^>]+)>; rel="next"/.exec(String(page.headers.link ?? ''))?.[1];
    }
    expect(bodies).toHaveLength(250);
    expect(new Set(bodies).size).toBe(250);
    expect(pages[0]).toMatch(/page=2>; rel="next", <[^>]+page=3>; rel="last"/);
    expect(pages[2]).toContain('rel="prev"');
    expect(pages[2]).not.toContain('rel="next"');
    // The next-page URLs go back through Prism, so they were validated too.
    await gh.assertNoViolations();
  });

  it('keeps minimized state visible in REST and GraphQL', async () => {
    const number = await seedPullRequest();
    const { id, nodeId } = await gh.seedComment(OWNER, REPO, number, '<!-- promotion-gate:r1 --> spoof', { author: { login: 'mallory' } });
    await gh.minimizeComment(OWNER, REPO, id, 'outdated');
    const api = octokit();
    const rest = await api.request('GET /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...repo, comment_id: id });
    expect(rest.data.minimized).toEqual({ reason: 'outdated' });
    expect(rest.data.user?.login).toBe('mallory');

    const graphql = await api.request('POST /graphql', {
      query: 'query($ids: [ID!]!) { nodes(ids: $ids) { ... on IssueComment { isMinimized author { login } } } viewer { login } }',
      variables: { ids: [nodeId] },
    });
    const data = graphql.data as { data: { nodes: Array<{ isMinimized: boolean }> }; errors?: Array<{ message: string }> };
    expect(data.data.nodes[0]?.isMinimized).toBe(true);
    // GITHUB_TOKEN cannot ask who it is.
    expect(data.errors?.[0]?.message).toBe('Resource not accessible by integration');
    await gh.assertNoViolations();
  });
});

describe('pull requests', () => {
  it('answers 422 when the same pull request is created twice, or when there is nothing to merge', async () => {
    await gh.seedBranch(OWNER, REPO, 'main', { 'README.md': 'x' });
    await gh.seedBranch(OWNER, REPO, 'promote/b1', { 'baselines/b1/metrics.json': '{}' }, { from: 'main' });
    const api = octokit();
    const body = { ...repo, head: 'promote/b1', base: 'main', title: 'Promote b1' };
    const created = await api.request('POST /repos/{owner}/{repo}/pulls', body);
    expect(created.status).toBe(201);
    expect(created.data.head.sha).toBe(await gh.getRef(OWNER, REPO, 'promote/b1'));

    const again = await failure(api.request('POST /repos/{owner}/{repo}/pulls', body));
    expect(again.status).toBe(422);
    expect(again.response?.data).toMatchObject({
      message: 'Validation Failed',
      errors: [{ resource: 'PullRequest', code: 'custom', message: 'A pull request already exists for octo:promote/b1.' }],
    });

    const sameRef = await gh.getRef(OWNER, REPO, 'main');
    await api.request('POST /repos/{owner}/{repo}/git/refs', { ...repo, ref: 'refs/heads/at-main', sha: sameRef ?? '' });
    const nothing = await failure(api.request('POST /repos/{owner}/{repo}/pulls', { ...repo, head: 'at-main', base: 'main', title: 'x' }));
    expect(JSON.stringify(nothing.response?.data)).toContain('No commits between main and at-main');

    const found = await api.request('GET /repos/{owner}/{repo}/pulls', { ...repo, head: `${OWNER}:promote/b1`, state: 'open' });
    expect(found.data.map((p) => p.number)).toEqual([created.data.number]);
    const byHead = await api.request('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { ...repo, commit_sha: created.data.head.sha });
    expect(byHead.data.map((p) => p.number)).toEqual([created.data.number]);
    await gh.assertNoViolations();
  });

  it('finds a fork pull request by head owner and branch', async () => {
    await gh.seedBranch(OWNER, REPO, 'main', { 'README.md': 'x' });
    await gh.createRepo('forker', REPO, { forkOf: `${OWNER}/${REPO}`, ownerType: 'User' });
    const { commit } = await gh.seedBranch('forker', REPO, 'patch-1', { 'runs/r9/metrics.json': '{}' });
    const number = await gh.seedPullRequest(OWNER, REPO, { head: 'forker:patch-1', base: 'main', author: { login: 'forker' } });
    const api = octokit(gh.tokens.read);
    const found = await api.request('GET /repos/{owner}/{repo}/pulls', { ...repo, head: 'forker:patch-1' });
    expect(found.data.map((p) => [p.number, p.head.sha, p.head.repo?.full_name])).toEqual([[number, commit, 'forker/demo']]);
    // Without the owner prefix GitHub ignores `head` altogether.
    const unfiltered = await api.request('GET /repos/{owner}/{repo}/pulls', { ...repo, head: 'no-such-branch' });
    expect(unfiltered.data).toHaveLength(1);
    await gh.assertNoViolations();
  });
});

describe('git data', () => {
  it('builds a verified commit from blobs and trees and moves refs like GitHub', async () => {
    const main = await gh.seedBranch(OWNER, REPO, 'main', {
      'runs/r1/metrics.json': '{"acc":0.9}\n',
      'runs/r1/run.sh': { content: '#!/bin/sh\n', mode: '100755' },
      'README.md': 'x',
    });
    const api = octokit();
    const blob = await api.request('POST /repos/{owner}/{repo}/git/blobs', { ...repo, content: Buffer.from([0, 1, 2, 255]).toString('base64'), encoding: 'base64' });
    const tree = await api.request('POST /repos/{owner}/{repo}/git/trees', {
      ...repo,
      base_tree: main.tree,
      tree: [
        { path: 'baselines/b1/metrics.json', mode: '100644', type: 'blob', content: '{"acc":0.9}\n' },
        { path: 'baselines/b1/data.bin', mode: '100644', type: 'blob', sha: blob.data.sha },
        { path: 'runs/r1', mode: '040000', type: 'tree', sha: null },
      ],
    });
    const commit = await api.request('POST /repos/{owner}/{repo}/git/commits', { ...repo, message: 'Promote r1', tree: tree.data.sha, parents: [main.commit] });
    expect(commit.data.verification?.verified).toBe(true);
    await api.request('POST /repos/{owner}/{repo}/git/refs', { ...repo, ref: 'refs/heads/promote/b1', sha: commit.data.sha });

    const files = await gh.readTree(OWNER, REPO, 'promote/b1');
    expect([...files.keys()].sort()).toEqual(['README.md', 'baselines/b1/data.bin', 'baselines/b1/metrics.json']);
    expect(files.get('baselines/b1/data.bin')?.content).toEqual(Buffer.from([0, 1, 2, 255]));

    const recursive = await api.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { ...repo, tree_sha: tree.data.sha, recursive: '1' });
    expect(recursive.data.tree.map((e) => e.path)).toEqual(['README.md', 'baselines', 'baselines/b1', 'baselines/b1/data.bin', 'baselines/b1/metrics.json']);
    const gotBlob = await api.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', { ...repo, file_sha: blob.data.sha });
    expect(Buffer.from(gotBlob.data.content, 'base64')).toEqual(Buffer.from([0, 1, 2, 255]));

    const ref = await api.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { ...repo, ref: 'heads/promote/b1' });
    expect(ref.data.object.sha).toBe(commit.data.sha);
    const exists = await failure(api.request('POST /repos/{owner}/{repo}/git/refs', { ...repo, ref: 'refs/heads/promote/b1', sha: main.commit }));
    expect(exists.response?.data).toMatchObject({ message: 'Reference already exists' });
    const backwards = await failure(api.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', { ...repo, ref: 'heads/promote/b1', sha: main.commit }));
    expect(backwards.response?.data).toMatchObject({ message: 'Update is not a fast forward' });
    await api.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', { ...repo, ref: 'heads/promote/b1', sha: main.commit, force: true });
    await api.request('DELETE /repos/{owner}/{repo}/git/refs/{ref}', { ...repo, ref: 'heads/promote/b1' });
    expect(await gh.getRef(OWNER, REPO, 'promote/b1')).toBeNull();
    await gh.assertNoViolations();
  });
});

describe('fault injection', () => {
  it('fails the nth write, answers 5xx after applying, and resets connections', async () => {
    const number = await seedPullRequest();
    const api = octokit();
    const comment = (body: string): Promise<unknown> =>
      api.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repo, issue_number: number, body });

    await gh.faults.add({ kind: 'status', status: 500, afterNthWrite: 2 });
    await comment('one');
    await comment('two');
    expect((await failure(comment('three'))).status).toBe(500);
    expect((await gh.snapshot(OWNER, REPO)).comments.map((c) => c.body)).toEqual(['one', 'two']);

    await gh.faults.add({ kind: 'apply-then-5xx', method: 'POST', pathPattern: '/comments$' });
    expect((await failure(comment('lost answer'))).status).toBe(502);
    expect((await gh.snapshot(OWNER, REPO)).comments.map((c) => c.body)).toContain('lost answer');

    // A reset reaches the client as a network error (no HTTP answer), not as Prism's 500.
    await gh.faults.add({ kind: 'reset', method: 'POST' });
    expect((await failure(comment('never arrives'))).response).toBeUndefined();
    await gh.faults.add({ kind: 'apply-then-reset', method: 'POST' });
    expect((await failure(comment('arrives, answer lost'))).response).toBeUndefined();
    const bodies = (await gh.snapshot(OWNER, REPO)).comments.map((c) => c.body);
    expect(bodies).not.toContain('never arrives');
    expect(bodies).toContain('arrives, answer lost');

    const log = await gh.requests();
    expect(log.filter((r) => r.write).map((r) => [r.status, r.applied, r.fault])).toEqual([
      [201, true, null],
      [201, true, null],
      [500, false, 'status'],
      [502, true, 'apply-then-5xx'],
      [0, false, 'reset'],
      [0, true, 'apply-then-reset'],
    ]);
    expect(await gh.writeCount()).toBe(6);
    // Undocumented error statuses from faults are tolerated warnings, not violations.
    await gh.assertNoViolations();
  });

  it('simulates rate limits, the Actions PR setting and read-only tokens', async () => {
    const number = await seedPullRequest();
    const api = octokit();
    await gh.faults.add({ kind: 'secondary-rate-limit', retryAfter: 1, method: 'GET' });
    const limited = await failure(api.request('GET /repos/{owner}/{repo}/pulls', repo));
    expect(limited.status).toBe(403);
    expect(limited.response?.headers?.['retry-after']).toBe('1');
    expect(JSON.stringify(limited.response?.data)).toContain('secondary rate limit');

    await gh.faults.add({ kind: 'primary-rate-limit', retryAfter: 2 });
    const primary = await failure(api.request('GET /repos/{owner}/{repo}', repo));
    expect(primary.status).toBe(403);
    expect(primary.response?.headers?.['x-ratelimit-remaining']).toBe('0');

    await gh.faults.add({ kind: 'forbid-pr-creation' });
    await gh.seedBranch(OWNER, REPO, 'promote/x', { 'a.txt': 'a' }, { from: 'main' });
    const forbidden = await failure(api.request('POST /repos/{owner}/{repo}/pulls', { ...repo, head: 'promote/x', base: 'main', title: 't' }));
    expect(forbidden.status).toBe(403);
    expect(JSON.stringify(forbidden.response?.data)).toContain('GitHub Actions is not permitted to create or approve pull requests.');

    const readOnly = await failure(
      octokit(gh.tokens.read).request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repo, issue_number: number, body: 'x' }),
    );
    expect(readOnly.status).toBe(403);
    expect(JSON.stringify(readOnly.response?.data)).toContain('Resource not accessible by integration');
    await gh.assertNoViolations();
  });
});
