// The entry point the action under test talks to (GITHUB_API_URL). It forwards REST calls to
// Prism (which validates them and proxies to the fake) and records every problem Prism reports,
// because the action itself would only see a failed call and might even retry past it:
//   action -> front (records) -> Prism (validates) -> fake
// GraphQL is not in the REST description, so it goes straight to the fake. When the fake resets
// a connection (a fault), Prism turns that into a 500; the front turns it back into a reset.
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeGitHub } from './fake-github.js';
import type { Violation } from './protocol.js';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);
const PRISM_ERRORS = 'https://stoplight.io/prism/errors#';

type Detail = Violation['details'][number];

function toDetails(value: unknown): Detail[] {
  if (!Array.isArray(value)) return [];
  return value.map((item: unknown): Detail => {
    const record = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    const location = Array.isArray(record['location']) ? record['location'].map(String) : undefined;
    return {
      severity: typeof record['severity'] === 'string' ? record['severity'] : 'Error',
      message: typeof record['message'] === 'string' ? record['message'] : JSON.stringify(item),
      ...(location ? { location } : {}),
    };
  });
}

/** Prism prefixes an over-long header with "Too many violations! " and may cut it; keep what parses. */
function headerDetails(header: string): Detail[] {
  const text = header.replace(/^Too many violations!\s*/, '');
  try {
    return toDetails(JSON.parse(text) as unknown);
  } catch {
    return [{ severity: 'Error', message: `unparsed sl-violations header: ${text.slice(0, 500)}` }];
  }
}

/** Undocumented error statuses (injected faults, GitHub's undocumented 403/404s) are expected. */
function isTolerated(status: number, details: Detail[]): boolean {
  return status >= 400 && details.length > 0 && details.every((d) => d.severity === 'Warning' && d.message.startsWith('Unable to match the returned status code'));
}

type Verdict = { reset: true } | { reset: false; violation?: Omit<Violation, 'method' | 'url'> };

export function classify(status: number, headers: IncomingHttpHeaders, body: Buffer): Verdict {
  if (String(headers['content-type'] ?? '').includes('application/problem+json')) {
    let problem: Record<string, unknown> = {};
    try {
      const parsed = JSON.parse(body.toString('utf8')) as unknown;
      if (typeof parsed === 'object' && parsed !== null) problem = parsed as Record<string, unknown>;
    } catch {
      // Not JSON: reported below with the raw text.
    }
    const type = typeof problem['type'] === 'string' ? problem['type'] : '';
    const title = typeof problem['title'] === 'string' ? problem['title'] : body.toString('utf8').slice(0, 300);
    if (type === 'FetchError') {
      if (/socket hang up|ECONNRESET/.test(title)) return { reset: true };
      return { reset: false, violation: { status, kind: 'upstream', tolerated: false, details: [{ severity: 'Error', message: title }] } };
    }
    if (type.startsWith(PRISM_ERRORS)) {
      const code = type.slice(PRISM_ERRORS.length);
      const kind = code === 'VIOLATIONS' ? 'response' : code.startsWith('NO_') ? 'route' : 'request';
      const details = toDetails(problem['validation']);
      const detail = typeof problem['detail'] === 'string' ? problem['detail'] : '';
      return {
        reset: false,
        violation: { status, kind, tolerated: false, details: details.length > 0 ? details : [{ severity: 'Error', message: `${code}: ${title}. ${detail}` }] },
      };
    }
  }
  const header = headers['sl-violations'];
  if (typeof header === 'string' && header !== '') {
    const details = headerDetails(header);
    return { reset: false, violation: { status, kind: 'response', tolerated: isTolerated(status, details), details } };
  }
  return { reset: false };
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

export class ValidatingFront {
  // A fresh connection per call: a reused one could race Prism's idle timeout and fail spuriously.
  private readonly agent = new Agent({ keepAlive: false });

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(options: { prismUrl: string; fake: FakeGitHub }): Promise<ValidatingFront> {
    const server = createServer({ keepAliveTimeout: 10 * 60_000 });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const front = new ValidatingFront(server, `http://127.0.0.1:${port}`);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      front.forward(req, res, options).catch((error: unknown) => {
        options.fake.recordViolation(req.headers.authorization, {
          method: req.method ?? 'GET',
          url: req.url ?? '',
          status: 502,
          kind: 'upstream',
          tolerated: false,
          details: [{ severity: 'Error', message: `validating front could not reach Prism/fake: ${String(error)}` }],
        });
        if (!res.headersSent) {
          res.writeHead(502, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: `test harness: upstream unreachable: ${String(error)}` }));
        }
      });
    });
    return front;
  }

  async close(): Promise<void> {
    this.agent.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async forward(req: IncomingMessage, res: ServerResponse, options: { prismUrl: string; fake: FakeGitHub }): Promise<void> {
    const body = await readAll(req);
    const path = req.url ?? '/';
    const target = new URL(/^\/graphql(\?|$)/.test(path) ? options.fake.url : options.prismUrl);
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    headers['content-length'] = String(body.length);

    const upstream = await new Promise<IncomingMessage>((resolve, reject) => {
      const out = request({ host: target.hostname, port: target.port, method: req.method, path, headers, agent: this.agent }, resolve);
      out.on('error', reject);
      out.end(body);
    });
    const answer = await readAll(upstream);
    const status = upstream.statusCode ?? 502;
    const verdict = classify(status, upstream.headers, answer);
    if (verdict.reset) {
      req.socket.destroy();
      return;
    }
    if (verdict.violation) {
      options.fake.recordViolation(req.headers.authorization, { method: req.method ?? 'GET', url: path, ...verdict.violation });
    }
    const outHeaders: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(upstream.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) outHeaders[name] = value;
    }
    outHeaders['content-length'] = String(answer.length);
    res.writeHead(status, outHeaders);
    res.end(answer);
  }
}
