// A deliberately small GraphQL endpoint (not in the REST description, so it bypasses Prism):
// `viewer { login }`, comment `nodes(ids:)`/`node(id:)` with `isMinimized`, and the
// `minimizeComment` mutation. It recognises these by keyword, it does not parse GraphQL;
// any other query gets a GraphQL error so an unsupported use shows up in the test.
import type { RequestContext, Route } from '../http.js';

// Lenient reads: `isWrite` runs before any error handling, so these never throw.
function field(ctx: RequestContext, name: string): unknown {
  const body = ctx.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>)[name] : undefined;
}

function variables(ctx: RequestContext): Record<string, unknown> {
  const vars = field(ctx, 'variables');
  return typeof vars === 'object' && vars !== null && !Array.isArray(vars) ? (vars as Record<string, unknown>) : {};
}

function queryText(ctx: RequestContext): string {
  const query = field(ctx, 'query');
  return typeof query === 'string' ? query : '';
}

function commentNode(ctx: RequestContext, id: unknown): Record<string, unknown> | null {
  if (typeof id !== 'string') return null;
  const found = ctx.session.commentByNodeId(id);
  if (!found) return null;
  const { comment } = found;
  return {
    __typename: 'IssueComment',
    id: comment.nodeId,
    databaseId: comment.id,
    body: comment.body,
    isMinimized: comment.minimized !== null,
    minimizedReason: comment.minimized,
    author: { login: comment.author.login },
    viewerCanUpdate: true,
  };
}

const forbiddenError = (path: string): Record<string, unknown> => ({
  type: 'FORBIDDEN',
  path: [path],
  message: 'Resource not accessible by integration',
});

export const graphqlRoutes: Route[] = [
  {
    method: 'POST',
    path: '/graphql',
    openapi: false,
    isWrite: (ctx) => /^\s*mutation\b/.test(queryText(ctx)),
    handle(ctx) {
      const query = queryText(ctx);
      const vars = variables(ctx);
      const data: Record<string, unknown> = {};
      const errors: Record<string, unknown>[] = [];

      if (/^\s*mutation\b/.test(query) && /\bminimizeComment\b/.test(query)) {
        if (ctx.identity.permission !== 'write') {
          errors.push(forbiddenError('minimizeComment'));
        } else {
          const found = ctx.session.commentByNodeId(String(vars['subjectId'] ?? vars['id'] ?? ''));
          if (found) found.comment.minimized = String(vars['classifier'] ?? 'OUTDATED').toLowerCase();
          data['minimizeComment'] = { minimizedComment: found ? { isMinimized: true, minimizedReason: found.comment.minimized } : null };
        }
      } else {
        let understood = false;
        if (/\bviewer\b/.test(query)) {
          understood = true;
          if (ctx.identity.userEndpoint === 'forbidden') errors.push(forbiddenError('viewer'));
          else data['viewer'] = { login: ctx.identity.login };
        }
        if (/\bnodes\s*\(/.test(query)) {
          understood = true;
          const ids = Array.isArray(vars['ids']) ? vars['ids'] : [];
          data['nodes'] = ids.map((id: unknown) => commentNode(ctx, id));
        } else if (/\bnode\s*\(/.test(query)) {
          understood = true;
          data['node'] = commentNode(ctx, vars['id']);
        }
        if (!understood) errors.push({ message: `fake GitHub does not support this GraphQL query: ${query.slice(0, 200)}` });
      }
      return { status: 200, body: errors.length > 0 ? { data: Object.keys(data).length > 0 ? data : null, errors } : { data } };
    },
  },
];
