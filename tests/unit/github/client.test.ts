// The GitHub client's write spacing, through the real client (retry + throttling) against the
// fake GitHub behind Prism: by default writes are spaced as GitHub asks (DEFAULT_SPACING), and a
// caller can choose another spacing by name. Every other test that talks to the fake chooses 0;
// this one proves the real spacing, so nothing else needs to wait for it.
import { describe, expect, it } from 'vitest';
import { createGitHubClient, DEFAULT_SPACING, type WriteSpacing } from '../../../src/github/client.js';
import { useGitHubSession } from '../../support/github/use-session.js';

const gh = useGitHubSession('client spacing');
const OWNER = 'octo';
const REPO = 'spacing';

const now = (): number => performance.now();

/** Milliseconds from the start of the first call to the end of the last, made one after the other. */
async function elapsed(calls: (() => Promise<unknown>)[]): Promise<number> {
  const start = now();
  for (const call of calls) await call();
  return now() - start;
}

const client = (spacing?: WriteSpacing) => createGitHubClient({ token: gh.tokens.write, baseUrl: gh.apiUrl, budgetMs: 20_000, ...(spacing ? { spacing } : {}) });

describe('write spacing', () => {
  it('defaults to one second between writes and three between writes that notify people', async () => {
    expect(DEFAULT_SPACING).toEqual({ writeMs: 1000, notificationMs: 3000 });
    await gh.seedBranch(OWNER, REPO, 'main', { 'README.md': 'x' });
    await gh.seedBranch(OWNER, REPO, 'feature', { 'a.txt': 'a' }, { from: 'main' });
    const number = await gh.seedPullRequest(OWNER, REPO, { head: 'feature', base: 'main' });
    const spaced = client();
    const blob = (n: number) => () => spaced.rest.git.createBlob({ owner: OWNER, repo: REPO, content: `blob ${n}`, encoding: 'utf-8' });
    // Three writes wait for two gaps; timers never fire early, so this is a floor, not a speed target.
    expect(await elapsed([blob(1), blob(2), blob(3)])).toBeGreaterThanOrEqual(2 * DEFAULT_SPACING.writeMs - 5);
    const comment = (n: number) => () => spaced.rest.issues.createComment({ owner: OWNER, repo: REPO, issue_number: number, body: `comment ${n}` });
    expect(await elapsed([comment(1), comment(2)])).toBeGreaterThanOrEqual(DEFAULT_SPACING.notificationMs - 5);
  });

  it('takes the spacing a caller chooses, and still writes everything once', async () => {
    await gh.seedBranch(OWNER, REPO, 'main', { 'README.md': 'x' });
    const unspaced = client({ writeMs: 0, notificationMs: 0 });
    const shas = [];
    for (const n of [1, 2, 3]) shas.push((await unspaced.rest.git.createBlob({ owner: OWNER, repo: REPO, content: `blob ${n}`, encoding: 'utf-8' })).data.sha);
    expect(new Set(shas).size).toBe(3);
    expect((await gh.requests()).filter((r) => r.method === 'POST' && r.path.endsWith('/git/blobs'))).toHaveLength(3);
  });
});
