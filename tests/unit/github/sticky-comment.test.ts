// The sticky comment and the pull request lookup against the fake GitHub behind Prism,
// through the real client (retry + throttling): identity from GET /user or the installation
// token, the GraphQL fallback for `minimized`, upserts after lost answers, and races.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../../src/github/client.js';
import { findPullRequestByHead } from '../../../src/github/find-pull-request.js';
import { resolveIdentity, TokenIdentity } from '../../../src/github/identity.js';
import { findOwnComments, upsertStickyComment } from '../../../src/github/sticky-comment.js';
import { createGitHubSession, type GitHubSession } from '../../support/github/control-client.js';

const OWNER = 'octo';
const REPO = 'demo';
let gh: GitHubSession;
beforeAll(async () => {
  gh = await createGitHubSession('sticky comment unit');
});
afterAll(async () => {
  await gh.close();
});
beforeEach(async () => {
  await gh.reset();
});
afterEach(async () => {
  await gh.assertNoViolations();
});

// No write spacing: tests/unit/github/client.test.ts proves the real one.
const client = (token = gh.tokens.write) => createGitHubClient({ token, baseUrl: gh.apiUrl, budgetMs: 20_000, spacing: { writeMs: 0, notificationMs: 0 } });
const always = async () => true;

async function pull(): Promise<number> {
  await gh.seedBranch(OWNER, REPO, 'main', { 'README.md': 'x' });
  await gh.seedBranch(OWNER, REPO, 'feature', { 'a.txt': 'a' }, { from: 'main' });
  return gh.seedPullRequest(OWNER, REPO, { head: 'feature', base: 'main' });
}

describe('identity', () => {
  it('is github-actions[bot] for an installation token, the login for a user token', async () => {
    expect((await resolveIdentity(client())).login).toBe('github-actions[bot]');
    const pat = await gh.addToken({ login: 'release-bot-user', permission: 'write', userEndpoint: 'ok' });
    const identity = await resolveIdentity(client(pat));
    expect([identity.login, identity.source]).toEqual(['release-bot-user', 'GET /user']);
  });

  it('matches only comments of its own author', async () => {
    const number = await pull();
    const pat = await gh.addToken({ login: 'someone', permission: 'write', userEndpoint: 'ok' });
    await gh.seedComment(OWNER, REPO, number, '<!-- promotion-gate:r1 -->\nby github-actions', { author: { login: 'github-actions[bot]', type: 'Bot' } });
    const target = { owner: OWNER, repo: REPO, issueNumber: number, key: 'r1' };
    expect(await findOwnComments(client(pat), target, await resolveIdentity(client(pat)))).toEqual([]);
    expect(await findOwnComments(client(), target, new TokenIdentity('github-actions[bot]', 'installation token'))).toHaveLength(1);
  });
});

describe('upsertStickyComment', () => {
  it('asks GraphQL whether comments are hidden when REST does not say', async () => {
    const number = await pull();
    const { id } = await gh.seedComment(OWNER, REPO, number, '<!-- promotion-gate:r1 -->\nold', { author: { login: 'github-actions[bot]', type: 'Bot' }, minimized: 'outdated' });
    await gh.faults.add({ kind: 'drop-field', field: 'minimized', method: 'GET', pathPattern: /\/comments$/, times: 'always' });
    const identity = await resolveIdentity(client());
    const result = await upsertStickyComment(client(), { owner: OWNER, repo: REPO, issueNumber: number, key: 'r1' }, identity, { body: '<!-- promotion-gate:r1 -->\nnew', mayReplace: always, log: () => undefined });
    expect(result.operation).toBe('created');
    const comments = (await gh.snapshot(OWNER, REPO)).comments;
    expect(comments.find((c) => c.id === id)?.body).toBe('<!-- promotion-gate:r1 -->\nold');
    expect(comments).toHaveLength(2);
    expect((await gh.requests()).some((r) => r.path === '/graphql')).toBe(true);
  });

  it('converges to one comment when several upserts race', async () => {
    const number = await pull();
    const identity = () => new TokenIdentity('github-actions[bot]', 'installation token');
    const target = { owner: OWNER, repo: REPO, issueNumber: number, key: 'r1' };
    const results = await Promise.all(
      [1, 2, 3].map((i) => upsertStickyComment(client(), target, identity(), { body: `<!-- promotion-gate:r1 -->\nrun ${i}`, mayReplace: always, log: () => undefined })),
    );
    const left = (await gh.snapshot(OWNER, REPO)).comments;
    expect(left).toHaveLength(1);
    expect(new Set(results.map((r) => r.url)).size).toBe(1);
  });

  it('leaves the comment alone when the caller says a newer head wrote it', async () => {
    const number = await pull();
    const target = { owner: OWNER, repo: REPO, issueNumber: number, key: 'r1' };
    const identity = new TokenIdentity('github-actions[bot]', 'installation token');
    await upsertStickyComment(client(), target, identity, { body: '<!-- promotion-gate:r1 -->\nnewer', mayReplace: always, log: () => undefined });
    const result = await upsertStickyComment(client(), target, identity, { body: '<!-- promotion-gate:r1 -->\nolder', mayReplace: async () => false, log: () => undefined });
    expect(result.operation).toBe('kept-newer');
    expect((await gh.snapshot(OWNER, REPO)).comments.map((c) => c.body)).toEqual(['<!-- promotion-gate:r1 -->\nnewer']);
  });
});

describe('findPullRequestByHead', () => {
  it('finds a fork PR by head repository and sha, and nothing for another sha', async () => {
    await gh.seedBranch(OWNER, REPO, 'main', { 'README.md': 'x' });
    await gh.createRepo('forker', REPO, { forkOf: `${OWNER}/${REPO}`, ownerType: 'User' });
    const { commit } = await gh.seedBranch('forker', REPO, 'feature', { 'a.txt': 'a' });
    const number = await gh.seedPullRequest(OWNER, REPO, { head: 'forker:feature', base: 'main', author: { login: 'forker' } });
    const query = { headOwner: 'forker', headBranch: 'feature', headRepo: `forker/${REPO}`, headSha: commit };
    expect(((await findPullRequestByHead(client(), { owner: OWNER, repo: REPO }, query)) as { number: number }).number).toBe(number);
    expect(await findPullRequestByHead(client(), { owner: OWNER, repo: REPO }, { ...query, headSha: 'e'.repeat(40) })).toBeUndefined();
    expect(await findPullRequestByHead(client(), { owner: OWNER, repo: REPO }, { ...query, headRepo: `${OWNER}/${REPO}` })).toBeUndefined();
  });
});
