// Helpers shared by the route modules.
import type { Reply, RequestContext } from '../http.js';
import { notFound } from '../http.js';
import type { RepoState } from '../state.js';

export function repoFrom(ctx: RequestContext, docs = ''): RepoState {
  const repo = ctx.session.repo(ctx.params['owner'] ?? '', ctx.params['repo'] ?? '');
  if (!repo) throw notFound(docs);
  return repo;
}

/** 201 with the new resource's API URL in `Location`, as GitHub answers creates. */
export function created(body: Record<string, unknown>): Reply {
  const location = body['url'];
  return { status: 201, body, headers: typeof location === 'string' ? { location } : {} };
}
