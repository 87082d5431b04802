// The MLflow registry adapter against the fake MLflow server on loopback: alias moves and
// stage tags, idempotent re-runs, retries on 5xx / resets / timeouts, and 4xx errors that
// name the endpoint (RELIABILITY T5). The fake's own request validation is checked too.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MlflowRegistry, RegistryError, mlflowOptionsFromEnv } from '../../../src/registry/mlflow.js';
import { registryOps } from '../../../src/rollout/registry-ops.js';
import { FakeMlflow } from '../../support/mlflow/fake-mlflow.js';

const fake = new FakeMlflow();
const REGISTRY = { kind: 'mlflow' as const, model: 'planner_model', champion_version: '3', challenger_version: '4', alias: 'champion' };
const client = (attempts = 3) => new MlflowRegistry({ trackingUri: fake.url, token: fake.token, attempts, backoffMs: 1, timeoutMs: 300 });

beforeAll(async () => {
  await fake.start();
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => {
  fake.reset();
  fake.seedModel('planner_model', ['1', '2', '3', '4'], { champion: '3' });
});
afterEach(() => {
  expect(fake.violations).toEqual([]);
});

describe('sync', () => {
  it('promote: moves the alias to the challenger and tags both versions; a re-run writes nothing', async () => {
    const done = await client().sync(registryOps(REGISTRY, 'promote'));
    expect(done).toEqual([
      'alias champion of planner_model → version 4: moved from version 3',
      'tag stage=production on planner_model version 4: set',
      'tag stage=archived on planner_model version 3: set',
    ]);
    expect(fake.alias('planner_model', 'champion')).toBe('4');
    expect(fake.tag('planner_model', '3', 'stage')).toBe('archived');
    expect(fake.writes().map((w) => w.body)).toEqual([
      { name: 'planner_model', alias: 'champion', version: '4' },
      { name: 'planner_model', version: '4', key: 'stage', value: 'production' },
      { name: 'planner_model', version: '3', key: 'stage', value: 'archived' },
    ]);
    const writes = fake.writes().length;
    expect((await client().sync(registryOps(REGISTRY, 'promote'))).every((d) => d.endsWith('already so'))).toBe(true);
    expect(fake.writes().length).toBe(writes);
  });

  it('rollback: keeps the alias on the champion and tags the challenger archived', async () => {
    await client().sync(registryOps(REGISTRY, 'rollback'));
    expect(fake.alias('planner_model', 'champion')).toBe('3');
    expect(fake.tag('planner_model', '4', 'stage')).toBe('archived');
    expect(fake.writes()).toHaveLength(1);
  });

  it('wait, hold and increase do not touch the registry', () => {
    for (const d of ['wait', 'hold', 'increase'] as const) expect(registryOps(REGISTRY, d)).toEqual([]);
  });
});

describe('failures', () => {
  it.each([
    ['a 503', { kind: 'status' as const, status: 503 }],
    ['a 500 after applying the write', { kind: 'apply-then-5xx' as const, method: 'POST' }],
    ['a dropped connection', { kind: 'reset' as const, method: 'POST' }],
    ['a 429', { kind: 'status' as const, status: 429 }],
    ['a timeout', { kind: 'delay' as const, delayMs: 1000 }],
  ])('retries %s and converges', async (_what, fault) => {
    fake.addFault({ ...fault, pathPattern: 'registered-models/alias' });
    await client().sync(registryOps(REGISTRY, 'promote'));
    expect(fake.alias('planner_model', 'champion')).toBe('4');
    expect(fake.tag('planner_model', '3', 'stage')).toBe('archived');
  });

  it('gives up after its attempts on a persistent 5xx, naming the endpoint', async () => {
    fake.addFault({ kind: 'status', status: 502, method: 'POST', times: 'always' });
    const error = await client().sync(registryOps(REGISTRY, 'promote')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as Error).message).toBe('MLflow POST /api/2.0/mlflow/registered-models/alias answered 502 INTERNAL_ERROR: "Service temporarily unavailable" (after 3 attempts); nothing was written to the rollout state');
  });

  it('a 4xx is not retried and names the endpoint and MLflow\'s error', async () => {
    const error = await client().sync(registryOps({ ...REGISTRY, model: 'nope' }, 'promote')).catch((e: unknown) => e);
    // The read of the alias answers 404 for a missing alias and a missing model alike; the write names it.
    expect((error as Error).message).toBe('MLflow POST /api/2.0/mlflow/registered-models/alias answered 404 RESOURCE_DOES_NOT_EXIST: "Registered Model with name=nope not found"');
    expect(fake.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 404', 'POST 404']);
  });

  it('a missing version is a 4xx naming the endpoint', async () => {
    const error = await client().sync(registryOps({ ...REGISTRY, challenger_version: '9' }, 'promote')).catch((e: unknown) => e);
    expect((error as Error).message).toContain('MLflow POST /api/2.0/mlflow/registered-models/alias answered 404 RESOURCE_DOES_NOT_EXIST');
  });

  it('a wrong token is a 401 with a hint, and the token is never in the message', async () => {
    const wrong = new MlflowRegistry({ trackingUri: fake.url, token: 'secret-wrong-token', attempts: 1 });
    const error = await wrong.sync(registryOps(REGISTRY, 'promote')).catch((e: unknown) => e);
    expect((error as Error).message).toContain('answered 401 UNAUTHENTICATED');
    expect((error as Error).message).toContain('check MLFLOW_TRACKING_TOKEN');
    expect((error as Error).message).not.toContain('secret-wrong-token');
  });
});

describe('configuration', () => {
  it('reads the tracking URI and token from the environment', () => {
    expect(mlflowOptionsFromEnv({ MLFLOW_TRACKING_URI: 'https://mlflow.example.com/', MLFLOW_TRACKING_TOKEN: 't' })).toEqual({ trackingUri: 'https://mlflow.example.com', token: 't' });
    expect(() => mlflowOptionsFromEnv({})).toThrow('MLFLOW_TRACKING_URI is not set');
    expect(() => mlflowOptionsFromEnv({ MLFLOW_TRACKING_URI: 'databricks' })).toThrow('not a URL');
  });
});

describe('the fake validates requests as the REST reference documents them', () => {
  const post = (path: string, body: unknown, type = 'application/json') =>
    fetch(`${fake.url}/api/2.0/mlflow${path}`, { method: 'POST', headers: { authorization: `Bearer ${fake.token}`, 'content-type': type }, body: JSON.stringify(body) });

  it.each([
    ['a version as a number', '/registered-models/alias', { name: 'planner_model', alias: 'champion', version: 4 }, "field 'version' must be a string"],
    ['a missing required field', '/model-versions/set-tag', { name: 'planner_model', version: '4', key: 'stage' }, "Missing value for required parameter 'value'"],
    ['an unknown field', '/registered-models/alias', { name: 'planner_model', alias: 'champion', version: '4', stage: 'x' }, "unknown field 'stage'"],
  ])('refuses %s (and records a violation)', async (_what, path, body, message) => {
    const response = await post(path, body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error_code: string }).error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(fake.violations[0]).toContain(message);
    fake.violations.splice(0);
  });

  it('refuses a POST that is not JSON and the deprecated stage transition', async () => {
    expect((await post('/registered-models/alias', {}, 'text/plain')).status).toBe(400);
    expect((await post('/model-versions/transition-stage', { name: 'planner_model', version: '4', stage: 'Production', archive_existing_versions: true })).status).toBe(404);
    expect(fake.violations).toHaveLength(2);
    fake.violations.splice(0);
  });
});
