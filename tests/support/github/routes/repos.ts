// Repository metadata (default branch), branches, and the authenticated user.
import { branch, publicUser, repository } from '../factories.js';
import type { Route } from '../http.js';
import { forbidden, notFound } from '../http.js';
import { repoFrom } from './common.js';

export const repoRoutes: Route[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}',
    handle(ctx) {
      const repo = repoFrom(ctx, '/repos/repos#get-a-repository');
      const [owner = '', name = ''] = (repo.forkOf ?? '').split('/');
      const parent = repo.forkOf ? ctx.session.repo(owner, name) : undefined;
      return { status: 200, body: repository(repo, ctx.urls, parent) };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/branches/{branch}',
    handle(ctx) {
      const repo = repoFrom(ctx, '/branches/branches#get-a-branch');
      const name = ctx.params['branch'] ?? '';
      const sha = repo.refs.get(`refs/heads/${name}`);
      const commit = sha ? repo.git.commit(sha) : undefined;
      if (!sha || !commit) throw notFound('/branches/branches#get-a-branch');
      return { status: 200, body: branch(repo, name, sha, commit, ctx.urls) };
    },
  },
  {
    method: 'GET',
    path: '/user',
    handle(ctx) {
      // GITHUB_TOKEN is an installation token: GitHub refuses /user for it, so an action
      // cannot learn its own login this way (it is "github-actions[bot]").
      if (ctx.identity.userEndpoint === 'forbidden') throw forbidden('Resource not accessible by integration', '/users/users#get-the-authenticated-user');
      return { status: 200, body: publicUser(ctx.identity, ctx.urls, '2018-09-18T00:00:00Z') };
    },
  },
];
