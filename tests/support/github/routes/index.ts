// Every endpoint the fake serves. Prism's trimmed description is derived from this list, so an
// endpoint the fake lacks is a Prism 404 ("route" violation), never a silent pass-through.
import type { Route } from '../http.js';
import { gitRoutes } from './git.js';
import { graphqlRoutes } from './graphql.js';
import { issueRoutes } from './issues.js';
import { pullRoutes } from './pulls.js';
import { repoRoutes } from './repos.js';

export const routes: Route[] = [...issueRoutes, ...pullRoutes, ...gitRoutes, ...repoRoutes, ...graphqlRoutes];

/** OpenAPI path -> methods (lowercase), for trimming the description Prism loads. */
export function openapiOperations(): Map<string, Set<string>> {
  const ops = new Map<string, Set<string>>();
  for (const route of routes) {
    if (route.openapi === false) continue;
    const methods = ops.get(route.path) ?? new Set<string>();
    methods.add(route.method.toLowerCase());
    ops.set(route.path, methods);
  }
  return ops;
}
