// HTTP plumbing shared by the fake's routes: errors shaped like GitHub's, a tiny router on
// OpenAPI path templates, body narrowing and pagination with a real `Link` header.
import type { Identity, Session } from './state.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const DOCS = 'https://docs.github.com/rest';

/** An error answer; the body follows GitHub's basic-error / validation-error shapes. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body['message'] === 'string' ? body['message'] : `HTTP ${status}`);
  }
}

function errorBody(status: number, message: string, docs: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { message, documentation_url: `${DOCS}${docs}`, status: String(status), ...extra };
}

export const notFound = (docs = ''): HttpError => new HttpError(404, errorBody(404, 'Not Found', docs));
export const forbidden = (message: string, docs = ''): HttpError => new HttpError(403, errorBody(403, message, docs));
export const unprocessable = (message: string, docs = ''): HttpError => new HttpError(422, errorBody(422, message, docs));
export const conflict = (message: string, docs = ''): HttpError => new HttpError(409, errorBody(409, message, docs));

export interface FieldError {
  resource: string;
  code: string;
  field?: string;
  message?: string;
}

/** GitHub's 422 "Validation Failed" with an `errors` array (what octokit users match on). */
export function validationFailed(errors: FieldError[], docs = ''): HttpError {
  return new HttpError(422, errorBody(422, 'Validation Failed', docs, { errors }));
}

/** Builds absolute URLs: API ones point at the public entry (Prism's front) so `Link` pages go through validation too. */
export class Urls {
  constructor(
    readonly apiBase: string,
    readonly webBase = 'https://github.com',
  ) {}

  api(path: string): string {
    return this.apiBase + path;
  }

  web(path: string): string {
    return this.webBase + path;
  }
}

export interface RequestContext {
  session: Session;
  identity: Identity;
  method: Method;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  urls: Urls;
}

export interface Route {
  method: Method;
  /** The OpenAPI path template; also used to trim the description Prism loads. */
  path: string;
  /** False for endpoints outside the REST description (GraphQL), which bypass Prism. */
  openapi?: boolean;
  /** Whether a request changes state; defaults to "not GET". */
  isWrite?: (ctx: RequestContext) => boolean;
  handle: (ctx: RequestContext) => Reply;
}

export interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

export function compileRoute(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([a-z_]+)\}/g, (_m, name: string) => {
    names.push(name);
    // Octokit percent-encodes slashes inside a parameter (refs: "heads%2Fmain"), so one segment.
    return '([^/]+)';
  });
  return { ...route, regex: new RegExp(`^${source}$`), names };
}

export function matchRoute(
  routes: CompiledRoute[],
  method: string,
  path: string,
): { route: CompiledRoute; params: Record<string, string> } | { methodMismatch: boolean } {
  let methodMismatch = false;
  for (const route of routes) {
    const match = route.regex.exec(path);
    if (!match) continue;
    if (route.method !== method) {
      methodMismatch = true;
      continue;
    }
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      params[name] = decodeURIComponent(match[i + 1] ?? '');
    });
    return { route, params };
  }
  return { methodMismatch };
}

// ---- body narrowing: Prism validates requests, but the fake also runs without Prism in unit tests.

export function objectBody(ctx: RequestContext): Record<string, unknown> {
  const body = ctx.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, errorBody(400, 'Problems parsing JSON', ''));
  }
  return body as Record<string, unknown>;
}

function invalidField(field: string): HttpError {
  return new HttpError(422, errorBody(422, `Invalid request.\n\n"${field}" is not a valid value.`, ''));
}

export function requireString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string') throw invalidField(field);
  return value;
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidField(field);
  return value;
}

export function optionalBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw invalidField(field);
  return value;
}

export function intParam(ctx: RequestContext, name: string): number {
  const value = Number(ctx.params[name]);
  if (!Number.isSafeInteger(value) || value <= 0) throw notFound();
  return value;
}

// ---- pagination

/**
 * Slices one page the way GitHub does (per_page default 30, at most 100) and builds the `Link`
 * header from the request's own query string, so filters survive onto the next page.
 */
export function paginate<T>(ctx: RequestContext, items: T[]): { page: T[]; headers: Record<string, string> } {
  const perPageRaw = Number(ctx.query.get('per_page') ?? '30');
  const perPage = Math.min(100, Math.max(1, Number.isFinite(perPageRaw) ? Math.floor(perPageRaw) : 30));
  const pageRaw = Number(ctx.query.get('page') ?? '1');
  const page = Math.max(1, Number.isFinite(pageRaw) ? Math.floor(pageRaw) : 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);

  const link = (n: number, rel: string): string => {
    const query = new URLSearchParams(ctx.query);
    query.set('per_page', String(perPage));
    query.set('page', String(n));
    return `<${ctx.urls.api(ctx.path)}?${query.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  // GitHub sends no Link header at all when everything fits on one page.
  return { page: slice, headers: links.length > 0 ? { link: links.join(', ') } : {} };
}
