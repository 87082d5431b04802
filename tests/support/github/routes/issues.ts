// Issue comments: what the sticky PR comment (G5-G7) is built on.
import { issueComment } from '../factories.js';
import type { RequestContext, Route } from '../http.js';
import { intParam, notFound, objectBody, paginate, requireString } from '../http.js';
import type { CommentState, RepoState } from '../state.js';
import { created, repoFrom } from './common.js';

const DOCS = '/issues/comments';

function commentFrom(ctx: RequestContext): { repo: RepoState; comment: CommentState } {
  const repo = repoFrom(ctx, DOCS);
  const comment = repo.comments.get(intParam(ctx, 'comment_id'));
  if (!comment) throw notFound(`${DOCS}#get-an-issue-comment`);
  return { repo, comment };
}

function issueExists(repo: RepoState, issueNumber: number): boolean {
  return repo.pulls.has(issueNumber);
}

const json = (ctx: RequestContext, repo: RepoState, comment: CommentState): Record<string, unknown> =>
  issueComment(repo, comment, ctx.urls, repo.pulls.has(comment.issueNumber));

export const issueRoutes: Route[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    handle(ctx) {
      const repo = repoFrom(ctx, DOCS);
      const issueNumber = intParam(ctx, 'issue_number');
      if (!issueExists(repo, issueNumber)) throw notFound(`${DOCS}#list-issue-comments`);
      const since = ctx.query.get('since');
      // Oldest first, as GitHub lists issue comments.
      const all = [...repo.comments.values()]
        .filter((c) => c.issueNumber === issueNumber && (since === null || c.updatedAt >= since))
        .sort((a, b) => a.id - b.id);
      const { page, headers } = paginate(ctx, all);
      return { status: 200, body: page.map((c) => json(ctx, repo, c)), headers };
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    handle(ctx) {
      const repo = repoFrom(ctx, DOCS);
      const issueNumber = intParam(ctx, 'issue_number');
      if (!issueExists(repo, issueNumber)) throw notFound(`${DOCS}#create-an-issue-comment`);
      const body = requireString(objectBody(ctx), 'body');
      const comment = ctx.session.addComment(repo, issueNumber, body, ctx.identity);
      return created(json(ctx, repo, comment));
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    handle(ctx) {
      const { repo, comment } = commentFrom(ctx);
      return { status: 200, body: json(ctx, repo, comment) };
    },
  },
  {
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    handle(ctx) {
      // Anyone with write access may edit any comment on GitHub: telling own comments from
      // spoofed ones (G6) is the caller's job, so the fake does not refuse here.
      const { repo, comment } = commentFrom(ctx);
      comment.body = requireString(objectBody(ctx), 'body');
      comment.updatedAt = ctx.session.clock.now();
      return { status: 200, body: json(ctx, repo, comment) };
    },
  },
  {
    method: 'DELETE',
    path: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    handle(ctx) {
      const { repo, comment } = commentFrom(ctx);
      repo.comments.delete(comment.id);
      return { status: 204 };
    },
  },
];
