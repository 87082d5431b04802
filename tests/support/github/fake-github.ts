// A stateful fake of GitHub's REST API on 127.0.0.1. It authenticates each request by token
// (token -> session + identity + permission), applies injected faults, runs the route and logs
// the exchange. Tests drive it through the control API under /__control (control-server.ts).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleArtifactRequest } from './artifact-service.js';
import { handleControl } from './control-server.js';
import { dropField, faultReply } from './faults.js';
import type { CompiledRoute, Method, Reply, RequestContext } from './http.js';
import { HttpError, Urls, compileRoute, forbidden, matchRoute, notFound } from './http.js';
import type { Violation } from './protocol.js';
import { CONTROL_PREFIX } from './protocol.js';
import { routes } from './routes/index.js';
import type { Identity } from './state.js';
import { Session } from './state.js';

const MAX_BODY = 64 * 1024 * 1024;
const METHODS: readonly string[] = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];

export function tokenFromAuthorization(header: string | undefined): string | undefined {
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large for the fake'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = {
    // Headers octokit's throttling and logging look at on every GitHub answer.
    'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
    'x-github-api-version-selected': '2022-11-28',
    'x-github-media-type': 'github.v3; format=json',
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-used': '1',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    'x-ratelimit-resource': 'core',
    ...reply.headers,
  };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const payload = Buffer.from(JSON.stringify(reply.body));
  res.writeHead(reply.status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(payload.length) });
  res.end(payload);
}

export class FakeGitHub {
  readonly sessions = new Map<string, Session>();
  /** Violations of requests whose token belongs to no session. */
  readonly unattributed: Violation[] = [];
  /** Where API URLs in answers (and `Link` pages) point: the validating front, once it runs. */
  publicApiUrl: string;
  private readonly compiled: CompiledRoute[] = routes.map(compileRoute);
  private nextSession = 1;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {
    this.publicApiUrl = url;
  }

  static async start(): Promise<FakeGitHub> {
    // Never close idle keep-alive sockets first: Prism (node-fetch on Node's keep-alive global
    // agent) could send on a socket as it closes and the hang-up would pass for an injected reset.
    const server = createServer({ keepAliveTimeout: 10 * 60_000 });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const fake = new FakeGitHub(server, `http://127.0.0.1:${port}`);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      fake.handle(req, res).catch((error: unknown) => {
        console.error('[fake-github] unexpected error', error);
        if (!res.headersSent) send(res, { status: 500, body: { message: String(error) } });
        else res.destroy();
      });
    });
    return fake;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  createSession(label = ''): Session {
    const id = `s${this.nextSession++}-${randomBytes(4).toString('hex')}`;
    const session = new Session(id, label);
    this.sessions.set(id, session);
    return session;
  }

  findIdentity(token: string | undefined): { session: Session; identity: Identity } | undefined {
    if (token === undefined) return undefined;
    for (const session of this.sessions.values()) {
      const identity = session.identities.get(token);
      if (identity) return { session, identity };
    }
    return undefined;
  }

  /** Files a validation problem under the session owning the request's token. */
  recordViolation(authorization: string | undefined, violation: Violation): void {
    const found = this.findIdentity(tokenFromAuthorization(authorization));
    (found ? found.session.violations : this.unattributed).push(violation);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const raw = await readBody(req);
    if (url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
      send(res, handleControl(this, url.pathname.slice(CONTROL_PREFIX.length + 1), raw));
      return;
    }
    // The Actions artifact service (ACTIONS_RESULTS_URL points here directly, not through Prism).
    const token = tokenFromAuthorization(req.headers.authorization);
    if (handleArtifactRequest({ req, res, url, raw, blobBase: this.url, sessions: this.sessions, token })) return;
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8')) as unknown;
      } catch {
        send(res, { status: 400, body: { message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/rest' } });
        return;
      }
    }
    const found = this.findIdentity(tokenFromAuthorization(req.headers.authorization));
    if (!found) {
      const message = req.headers.authorization ? 'Bad credentials' : 'Requires authentication';
      send(res, { status: 401, body: { message, documentation_url: 'https://docs.github.com/rest', status: '401' } });
      return;
    }
    const { session, identity } = found;
    const method = (req.method ?? 'GET').toUpperCase();
    const matched = METHODS.includes(method) ? matchRoute(this.compiled, method, url.pathname) : { methodMismatch: false };
    const ctx: RequestContext = {
      session,
      identity,
      method: method as Method,
      path: url.pathname,
      params: 'route' in matched ? matched.params : {},
      query: url.searchParams,
      body,
      urls: new Urls(this.publicApiUrl),
    };
    const write = 'route' in matched && matched.route.isWrite ? matched.route.isWrite(ctx) : method !== 'GET';
    const writesBefore = session.writes;
    if (write) session.writes += 1;
    const fault = session.faults.take({ method, path: url.pathname, write, writesBefore });

    const log = (status: number, applied: boolean): void => {
      session.requests.push({
        seq: session.requests.length + 1,
        method,
        path: url.pathname,
        search: url.search,
        status,
        write,
        applied,
        fault: fault?.kind ?? null,
        login: identity.login,
      });
    };

    if (fault?.kind === 'reset') {
      log(0, false);
      req.socket.destroy();
      return;
    }
    if (fault && fault.kind !== 'apply-then-5xx' && fault.kind !== 'apply-then-reset' && fault.kind !== 'drop-field') {
      const reply = faultReply(fault);
      log(reply.status, false);
      send(res, reply);
      return;
    }

    if (!('route' in matched)) {
      // Only reachable with the full description loaded (the trimmed one makes Prism refuse first).
      session.violations.push({
        method,
        url: url.pathname + url.search,
        status: 404,
        kind: 'route',
        tolerated: false,
        details: [{ severity: 'Error', message: 'the fake GitHub does not serve this endpoint' }],
      });
    }
    let reply: Reply;
    try {
      if (!('route' in matched)) throw notFound();
      // Installation tokens without write permission (fork pull requests, G1) get this on every
      // REST write; GraphQL answers 200 with an error instead, which its route does itself.
      if (write && identity.permission !== 'write' && matched.route.openapi !== false) {
        throw forbidden('Resource not accessible by integration');
      }
      reply = matched.route.handle(ctx);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      reply = { status: error.status, body: error.body, headers: error.headers };
    }
    const applied = write && reply.status < 400;

    if (fault?.kind === 'apply-then-reset') {
      log(0, applied);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'apply-then-5xx') reply = faultReply(fault);
    if (fault?.kind === 'drop-field' && fault.field) {
      reply = { ...reply, body: dropField(reply.body, fault.field), headers: { ...reply.headers, 'x-fake-fault': fault.kind } };
    }
    log(reply.status, applied);
    send(res, reply);
  }
}
