// A stateful fake of MLflow's model registry REST API on 127.0.0.1, for the endpoints
// promotion-gate uses. Requests are validated as MLflow's REST reference documents them
// (docs/api_reference/source/rest-api.rst and mlflow/protos/model_registry.proto): POST bodies
// must be application/json objects with exactly the message's fields, required fields
// present, strings where the proto says string (versions included); GET parameters come
// from the query string. Errors use MLflow's shape {"error_code", "message"} and statuses
// (400 INVALID_PARAMETER_VALUE, 404 RESOURCE_DOES_NOT_EXIST, 401 UNAUTHENTICATED).
// Anything the fake does not serve, or a request it finds invalid, is also recorded as a
// violation, which tests assert is empty. Faults are injected like the GitHub fake's
// (tests/support/github/faults.ts): status, apply-then-5xx, reset, delay.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type MlflowFaultKind = 'status' | 'apply-then-5xx' | 'reset' | 'delay';

export interface MlflowFault {
  kind: MlflowFaultKind;
  /** Match by method and/or a path pattern (tested against the path without the query). */
  method?: string;
  pathPattern?: string;
  /** Status for `status` (default 503) and `apply-then-5xx` (default 502). */
  status?: number;
  /** Body for `status` faults (default MLflow's internal error). */
  body?: unknown;
  /** For `delay`: milliseconds before answering. */
  delayMs?: number;
  /** How many requests it affects (default 1, or 'always'). */
  times?: number | 'always';
}

export interface MlflowRequestLog {
  method: string;
  path: string;
  status: number;
  body?: unknown;
  fault?: MlflowFaultKind;
}

interface VersionState {
  tags: Map<string, string>;
}

interface ModelState {
  versions: Map<string, VersionState>;
  aliases: Map<string, string>;
}

interface Endpoint {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** Field name → whether required, per the proto message. */
  fields: Record<string, boolean>;
  write: boolean;
  handle(fake: FakeMlflow, input: Record<string, string>): unknown;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const API = '/api/2.0/mlflow';

function model(fake: FakeMlflow, name: string): ModelState {
  const found = fake.models.get(name);
  if (!found) throw new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', `Registered Model with name=${name} not found`);
  return found;
}

function version(fake: FakeMlflow, name: string, v: string): VersionState {
  if (!/^[0-9]+$/.test(v)) throw new ApiError(400, 'INVALID_PARAMETER_VALUE', `Parameter 'version' must be an integer, got '${v}'.`);
  const found = model(fake, name).versions.get(v);
  if (!found) throw new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', `Model Version (name=${name}, version=${v}) not found`);
  return found;
}

function validateAlias(alias: string): void {
  if (alias.toLowerCase() === 'latest' || /^v\d+$/i.test(alias)) throw new ApiError(400, 'INVALID_PARAMETER_VALUE', `'${alias}' is reserved and cannot be used as an alias.`);
  if (!/^[\w-]+$/.test(alias) || alias.length > 255) throw new ApiError(400, 'INVALID_PARAMETER_VALUE', `Invalid alias name: '${alias}'.`);
}

function modelVersionJson(name: string, v: string, state: VersionState, m: ModelState): unknown {
  return {
    name,
    version: v,
    creation_timestamp: 1_700_000_000_000,
    last_updated_timestamp: 1_700_000_000_000,
    current_stage: 'None',
    source: `models:/${name}/${v}`,
    status: 'READY',
    tags: [...state.tags].map(([key, value]) => ({ key, value })),
    aliases: [...m.aliases].filter(([, target]) => target === v).map(([alias]) => alias),
  };
}

const ENDPOINTS: Endpoint[] = [
  {
    method: 'POST',
    path: '/registered-models/alias',
    fields: { name: true, alias: true, version: true },
    write: true,
    handle(fake, { name = '', alias = '', version: v = '' }) {
      validateAlias(alias);
      version(fake, name, v);
      model(fake, name).aliases.set(alias, v);
      return {};
    },
  },
  {
    method: 'GET',
    path: '/registered-models/alias',
    fields: { name: true, alias: true },
    write: false,
    handle(fake, { name = '', alias = '' }) {
      const m = model(fake, name);
      const v = m.aliases.get(alias);
      if (v === undefined) throw new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', `Registered model alias ${alias} not found.`);
      return { model_version: modelVersionJson(name, v, m.versions.get(v)!, m) };
    },
  },
  {
    method: 'GET',
    path: '/model-versions/get',
    fields: { name: true, version: true },
    write: false,
    handle(fake, { name = '', version: v = '' }) {
      const state = version(fake, name, v);
      return { model_version: modelVersionJson(name, v, state, model(fake, name)) };
    },
  },
  {
    method: 'POST',
    path: '/model-versions/set-tag',
    fields: { name: true, version: true, key: true, value: true },
    write: true,
    handle(fake, { name = '', version: v = '', key = '', value = '' }) {
      if (key.length === 0 || key.length > 250) throw new ApiError(400, 'INVALID_PARAMETER_VALUE', `Invalid tag key '${key}'.`);
      version(fake, name, v).tags.set(key, value);
      return {};
    },
  },
];

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

interface ActiveFault extends MlflowFault {
  fired: number;
  regex?: RegExp;
}

export class FakeMlflow {
  readonly models = new Map<string, ModelState>();
  readonly requests: MlflowRequestLog[] = [];
  readonly violations: string[] = [];
  private faults: ActiveFault[] = [];
  private server: Server | undefined;
  url = '';

  constructor(readonly token = 'mlflow-test-token') {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.serve(req, res);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A registered model with versions 1..n (or the given ones). */
  seedModel(name: string, versions: string[], aliases: Record<string, string> = {}): void {
    this.models.set(name, { versions: new Map(versions.map((v) => [v, { tags: new Map() }])), aliases: new Map(Object.entries(aliases)) });
  }

  alias(name: string, alias: string): string | undefined {
    return this.models.get(name)?.aliases.get(alias);
  }

  tag(name: string, v: string, key: string): string | undefined {
    return this.models.get(name)?.versions.get(v)?.tags.get(key);
  }

  addFault(fault: MlflowFault): void {
    this.faults.push({ ...fault, fired: 0, ...(fault.pathPattern ? { regex: new RegExp(fault.pathPattern) } : {}) });
  }

  clearFaults(): void {
    this.faults = [];
  }

  writes(): MlflowRequestLog[] {
    return this.requests.filter((r) => r.method !== 'GET' && r.status >= 200 && r.status < 300);
  }

  reset(): void {
    this.models.clear();
    this.requests.splice(0);
    this.violations.splice(0);
    this.faults = [];
  }

  private takeFault(method: string, path: string): ActiveFault | undefined {
    const fault = this.faults.find((f) => (f.times === 'always' || f.fired < (f.times ?? 1)) && (!f.method || f.method === method) && (!f.regex || f.regex.test(path)));
    if (fault) fault.fired++;
    return fault;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const text = await readBody(req);
    const reply = (status: number, body: unknown, fault?: MlflowFaultKind): void => {
      this.requests.push({ method, path, status, ...(text ? { body: safeJson(text) } : {}), ...(fault ? { fault } : {}) });
      const payload = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) });
      res.end(payload);
    };
    const fault = this.takeFault(method, path);
    if (fault?.kind === 'reset') {
      this.requests.push({ method, path, status: 0, fault: 'reset' });
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 1000));
    if (fault?.kind === 'status') {
      reply(fault.status ?? 503, fault.body ?? { error_code: 'INTERNAL_ERROR', message: 'Service temporarily unavailable' }, 'status');
      return;
    }
    try {
      if (req.headers['authorization'] !== `Bearer ${this.token}`) throw new ApiError(401, 'UNAUTHENTICATED', 'You are not authenticated. Please provide a valid token.');
      if (!path.startsWith(`${API}/`)) throw this.violation(404, `${method} ${path}: not an MLflow 2.0 endpoint`);
      const endpoint = ENDPOINTS.find((e) => e.method === method && `${API}${e.path}` === path);
      if (!endpoint) throw this.violation(404, `${method} ${path}: not served by the fake (not used by promotion-gate, or a wrong method)`);
      const input = method === 'GET' ? Object.fromEntries(url.searchParams) : this.jsonBody(req, text, method, path);
      for (const [field, value] of Object.entries(input)) {
        if (!(field in endpoint.fields)) throw this.violation(400, `${method} ${path}: unknown field '${field}'`, 'INVALID_PARAMETER_VALUE');
        if (typeof value !== 'string') throw this.violation(400, `${method} ${path}: field '${field}' must be a string (proto type string), got ${typeof value}`, 'INVALID_PARAMETER_VALUE');
      }
      for (const [field, required] of Object.entries(endpoint.fields)) {
        if (required && (input[field] === undefined || input[field] === '')) {
          throw this.violation(400, `${method} ${path}: Missing value for required parameter '${field}'.`, 'INVALID_PARAMETER_VALUE');
        }
      }
      const answer = endpoint.handle(this, input as Record<string, string>);
      if (endpoint.write && fault?.kind === 'apply-then-5xx') {
        reply(fault.status ?? 502, { error_code: 'INTERNAL_ERROR', message: 'Bad gateway' }, 'apply-then-5xx');
        return;
      }
      reply(200, answer);
    } catch (error) {
      if (error instanceof ApiError) reply(error.status, { error_code: error.code, message: error.message });
      else reply(500, { error_code: 'INTERNAL_ERROR', message: String(error) });
    }
  }

  private jsonBody(req: IncomingMessage, text: string, method: string, path: string): Record<string, unknown> {
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      throw this.violation(400, `${method} ${path}: the MLflow REST API requires content type application/json for POST requests`, 'BAD_REQUEST');
    }
    const value = safeJson(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw this.violation(400, `${method} ${path}: the body is not a JSON object`, 'MALFORMED_REQUEST');
    return value as Record<string, unknown>;
  }

  private violation(status: number, message: string, code = 'ENDPOINT_NOT_FOUND'): ApiError {
    this.violations.push(message);
    return new ApiError(status, code, message);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
