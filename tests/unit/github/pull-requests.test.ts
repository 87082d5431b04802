// How the promotion PR upsert reads GitHub's refusals (RELIABILITY G11, G12), with a stub
// client: the end-to-end tests reach these through the fake GitHub; "No commits between"
// cannot be provoked there without contradicting the plan, so it is shown here.
import { describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../../src/github/client.js';
import { upsertPullRequest } from '../../../src/github/pull-requests.js';
import { Refused } from '../../../src/contract/errors.js';

interface Pull {
  number: number;
  html_url: string;
  title: string;
  body: string | null;
}

function httpError(status: number, message: string, detail?: string): Error {
  return Object.assign(new Error(message), { status, response: { data: { message, ...(detail ? { errors: [{ resource: 'PullRequest', code: 'custom', message: detail }] } : {}) } } });
}

function stub(options: { open: Pull[]; openAfterCreate?: Pull[]; createError?: Error }): { client: GitHubClient; updates: unknown[] } {
  let lists = 0;
  const updates: unknown[] = [];
  const list = async (): Promise<{ data: Pull[] }> => ({ data: lists++ === 0 ? options.open : (options.openAfterCreate ?? options.open) });
  const client = {
    paginate: async (fn: () => Promise<{ data: Pull[] }>) => (await fn()).data,
    rest: {
      pulls: {
        list,
        create: async () => {
          if (options.createError) throw options.createError;
          return { data: { number: 7, html_url: 'https://github.com/o/r/pull/7' } };
        },
        update: async (params: { pull_number: number }) => {
          updates.push(params);
          return { data: { number: params.pull_number, html_url: `https://github.com/o/r/pull/${params.pull_number}` } };
        },
      },
    },
  };
  return { client: client as unknown as GitHubClient, updates };
}

const wanted = { base: 'main', branch: 'promote/b2', title: 'Promote run r to baseline b2', body: 'body' };
const repo = { owner: 'o', repo: 'r' };
const existing: Pull = { number: 3, html_url: 'https://github.com/o/r/pull/3', title: wanted.title, body: 'older body' };

describe('upsertPullRequest', () => {
  it('creates when none is open', async () => {
    expect(await upsertPullRequest(stub({ open: [] }).client, repo, wanted)).toEqual({ operation: 'created', url: 'https://github.com/o/r/pull/7', number: 7 });
  });

  it('updates an open one in place, or leaves it when it already says the same', async () => {
    const { client, updates } = stub({ open: [existing] });
    expect((await upsertPullRequest(client, repo, wanted)).operation).toBe('updated');
    expect(updates).toHaveLength(1);
    expect((await upsertPullRequest(stub({ open: [{ ...existing, body: 'body' }] }).client, repo, wanted)).operation).toBe('unchanged');
  });

  it('turns 422 "A pull request already exists" (a race, or a lost answer) into find-and-update', async () => {
    const raced = stub({ open: [], openAfterCreate: [existing], createError: httpError(422, 'Validation Failed', 'A pull request already exists for o:promote/b2.') });
    expect(await upsertPullRequest(raced.client, repo, wanted)).toMatchObject({ operation: 'updated', number: 3 });
  });

  it('reads 422 "No commits between" as already promoted', async () => {
    const merged = stub({ open: [], createError: httpError(422, 'Validation Failed', 'No commits between main and promote/b2') });
    expect(await upsertPullRequest(merged.client, repo, wanted)).toEqual({ operation: 'unchanged', nothingToMerge: true });
  });

  it('names the repository setting on 403 "not permitted to create or approve pull requests"', async () => {
    const forbidden = stub({ open: [], createError: httpError(403, 'GitHub Actions is not permitted to create or approve pull requests.') });
    const error = await upsertPullRequest(forbidden.client, repo, wanted).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Refused);
    expect((error as Error).message).toContain('"Allow GitHub Actions to create and approve pull requests"');
    expect((error as Error).message).toContain('branch promote/b2 is ready');
  });

  it('names the permission on another 403, and passes other errors through', async () => {
    const noScope = stub({ open: [], createError: httpError(403, 'Resource not accessible by integration') });
    await expect(upsertPullRequest(noScope.client, repo, wanted)).rejects.toThrow(/needs `pull-requests: write`/);
    const broken = stub({ open: [], createError: httpError(500, 'Server Error') });
    await expect(upsertPullRequest(broken.client, repo, wanted)).rejects.toThrow('Server Error');
  });
});
