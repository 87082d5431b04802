/**
 * MLflow's model registry through its REST API (the 2.0 endpoints of `model_registry.proto`):
 * read a version by alias and a version's tags, move an alias, set a version tag. Nothing
 * else is used, and the deprecated stage transitions never are.
 *
 * - Retries: 5xx, 429, timeouts and dropped connections are retried with exponential backoff
 *   (the writes are idempotent: setting an alias or a tag to the value it has is a no-op).
 * - 4xx: one error naming the method and endpoint, MLflow's error code and its message
 *   (quoted and bounded: it is the server's text, never trusted).
 * - `sync` reads first and writes only what differs, so a re-run after a partial failure
 *   converges and a re-run after success makes no write at all.
 * - The token is sent as a bearer token and never appears in a message.
 */
import { UsageError } from '../contract/errors.js';
import { quoteForMessage } from '../parse/json.js';
import { describeOp, type RegistryOp } from './ops.js';

export class RegistryError extends Error {
  override name = 'RegistryError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface MlflowOptions {
  trackingUri: string;
  token?: string;
  /** Total attempts for a retryable failure (default 4). */
  attempts?: number;
  /** First backoff in ms, doubled each retry (default 500). */
  backoffMs?: number;
  /** Per-request timeout in ms (default 30 s). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  log?: (message: string) => void;
}

interface ModelVersion {
  version?: string;
  tags?: Array<{ key?: string; value?: string }>;
  aliases?: string[];
}

const API = '/api/2.0/mlflow';

/** Reads MLFLOW_TRACKING_URI and MLFLOW_TRACKING_TOKEN; a registry needs an http(s) URI. */
export function mlflowOptionsFromEnv(env: NodeJS.ProcessEnv): MlflowOptions {
  const uri = env['MLFLOW_TRACKING_URI']?.trim();
  if (!uri) throw new UsageError('registry.kind is mlflow but MLFLOW_TRACKING_URI is not set (the tracking server, e.g. https://mlflow.example.com)');
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new UsageError('MLFLOW_TRACKING_URI is not a URL (expected http:// or https://)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`MLFLOW_TRACKING_URI: ${url.protocol} is not supported; give the tracking server's http(s) URL`);
  const token = env['MLFLOW_TRACKING_TOKEN']?.trim();
  return { trackingUri: uri.replace(/\/+$/, ''), ...(token ? { token } : {}) };
}

export class MlflowRegistry {
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  readonly calls: string[] = [];

  constructor(private readonly options: MlflowOptions) {
    this.attempts = options.attempts ?? 4;
    this.backoffMs = options.backoffMs ?? 500;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The version an alias points at, or undefined when the alias is not set. */
  async aliasVersion(model: string, alias: string): Promise<string | undefined> {
    const answer = await this.request('GET', '/registered-models/alias', { name: model, alias }, [404]);
    return answer === undefined ? undefined : ((answer as { model_version?: ModelVersion }).model_version?.version ?? undefined);
  }

  async versionTags(model: string, version: string): Promise<Map<string, string>> {
    const answer = (await this.request('GET', '/model-versions/get', { name: model, version })) as { model_version?: ModelVersion };
    return new Map((answer.model_version?.tags ?? []).map((t) => [t.key ?? '', t.value ?? '']));
  }

  async setAlias(model: string, alias: string, version: string): Promise<void> {
    await this.request('POST', '/registered-models/alias', { name: model, alias, version });
  }

  async setVersionTag(model: string, version: string, key: string, value: string): Promise<void> {
    await this.request('POST', '/model-versions/set-tag', { name: model, version, key, value });
  }

  /** Makes the registry match `ops`, writing only what differs. Returns what was done, op by op. */
  async sync(ops: RegistryOp[]): Promise<string[]> {
    const done: string[] = [];
    for (const op of ops) {
      if (op.kind === 'alias') {
        const current = await this.aliasVersion(op.model, op.alias);
        if (current === op.version) done.push(`${describeOp(op)}: already so`);
        else {
          await this.setAlias(op.model, op.alias, op.version);
          done.push(`${describeOp(op)}: moved${current === undefined ? '' : ` from version ${current}`}`);
        }
      } else {
        const tags = await this.versionTags(op.model, op.version);
        if (tags.get(op.key) === op.value) done.push(`${describeOp(op)}: already so`);
        else {
          await this.setVersionTag(op.model, op.version, op.key, op.value);
          done.push(`${describeOp(op)}: set`);
        }
      }
    }
    return done;
  }

  private async request(method: 'GET' | 'POST', endpoint: string, body: Record<string, string>, okStatuses: number[] = []): Promise<unknown> {
    const path = `${API}${endpoint}`;
    const url = new URL(`${this.options.trackingUri}${path}`);
    if (method === 'GET') for (const [k, v] of Object.entries(body)) url.searchParams.set(k, v);
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'promotion-gate' };
    if (method === 'POST') headers['content-type'] = 'application/json';
    if (this.options.token) headers['authorization'] = `Bearer ${this.options.token}`;
    const name = `MLflow ${method} ${path}`;
    for (let attempt = 1; ; attempt++) {
      let status: number;
      let text: string;
      try {
        const response = await fetch(url, {
          method,
          headers,
          ...(method === 'POST' ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(this.timeoutMs),
          redirect: 'error',
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        const why = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : 'the connection failed';
        if (attempt < this.attempts) {
          await this.retryWait(attempt, `${name}: ${why}`);
          continue;
        }
        throw new RegistryError(`${name}: ${why} (after ${attempt} attempts); nothing was written to the rollout state`);
      }
      this.calls.push(`${method} ${path} ${status}`);
      if (status >= 200 && status < 300) return text === '' ? {} : parseAnswer(text, name);
      if (okStatuses.includes(status)) return undefined;
      const detail = errorDetail(text);
      if ((status >= 500 || status === 429) && attempt < this.attempts) {
        await this.retryWait(attempt, `${name} answered ${status}${detail}`);
        continue;
      }
      if (status >= 500 || status === 429) throw new RegistryError(`${name} answered ${status}${detail} (after ${attempt} attempts); nothing was written to the rollout state`, status);
      throw new RegistryError(`${name} answered ${status}${detail}${status === 401 || status === 403 ? ' (check MLFLOW_TRACKING_TOKEN and its permissions)' : ''}`, status);
    }
  }

  private async retryWait(attempt: number, what: string): Promise<void> {
    const ms = this.backoffMs * 2 ** (attempt - 1);
    this.options.log?.(`${what}: retrying in ${ms} ms (attempt ${attempt + 1} of ${this.attempts})`);
    await this.sleep(ms);
  }
}

function parseAnswer(text: string, name: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RegistryError(`${name}: the answer is not JSON`);
  }
}

/** ` RESOURCE_DOES_NOT_EXIST: "Registered Model with name=x not found"`, from MLflow's error body. */
function errorDetail(text: string): string {
  try {
    const body = JSON.parse(text) as { error_code?: unknown; message?: unknown };
    const code = typeof body.error_code === 'string' && /^[A-Z_]{1,64}$/.test(body.error_code) ? ` ${body.error_code}` : '';
    const message = typeof body.message === 'string' ? `: ${quoteForMessage(body.message, 200)}` : '';
    return `${code}${message}`;
  } catch {
    return '';
  }
}
