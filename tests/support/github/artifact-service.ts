// The Actions artifact service as @actions/artifact (v2+) talks to it inside a workflow run:
// the Twirp JSON API github.actions.results.api.v1.ArtifactService at ACTIONS_RESULTS_URL
// (CreateArtifact, FinalizeArtifact, ListArtifacts, GetSignedArtifactURL), and the blob
// storage its signed URLs point at (Azure block blobs: Put Block, Put Block List, Get Blob).
// It is not part of GitHub's REST description, so like GraphQL it is served without Prism.
//
// Twirp calls authenticate with ACTIONS_RUNTIME_TOKEN, a JWT whose `scp` claim holds
// `Actions.Results:<workflow run backend id>:<job backend id>` (control: addRuntimeToken);
// the workflow run in a request must be the token's (and the job too, for uploads). Artifacts are per workflow run: every job
// of the run lists the run's finalized artifacts; a name can be created once per run. Its
// requests are logged with `write: false`: they are not GitHub API writes.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Session } from './state.js';

export const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/';
export const BLOB_PREFIX = '/__blob/';

export interface ArtifactRecord {
  id: number;
  runBackendId: string;
  jobBackendId: string;
  name: string;
  createdAt: string;
  blocks: Map<string, Buffer>;
  content: Buffer | null;
  finalized: boolean;
  /** Read/write capability in the signed URLs. */
  sig: string;
}

export interface RuntimeScope {
  runBackendId: string;
  jobBackendId: string;
}

/** A JWT of the shape the runner hands to actions (never verified by @actions/artifact, only decoded). */
export function runtimeToken(scope: RuntimeScope, sessionId: string): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = part({ typ: 'JWT', alg: 'none' });
  const payload = part({ scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${scope.runBackendId}:${scope.jobBackendId}`, sid: sessionId });
  return `${header}.${payload}.fake-signature`;
}

interface Reply {
  status: number;
  body?: unknown;
  raw?: Buffer;
  headers?: Record<string, string>;
}

const twirpError = (status: number, code: string, msg: string): Reply => ({ status, body: { code, msg } });

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { 'x-ms-request-id': createHash('sha1').update(String(Math.random())).digest('hex'), ...reply.headers };
  if (reply.raw !== undefined) {
    res.writeHead(reply.status, { ...headers, 'content-length': String(reply.raw.length) });
    res.end(reply.raw);
    return;
  }
  if (reply.body === undefined) {
    res.writeHead(reply.status, { ...headers, 'content-length': '0' });
    res.end();
    return;
  }
  const payload = Buffer.from(JSON.stringify(reply.body));
  res.writeHead(reply.status, { ...headers, 'content-type': 'application/json', 'content-length': String(payload.length) });
  res.end(payload);
}

const str = (body: Record<string, unknown>, field: string): string => (typeof body[field] === 'string' ? body[field] : '');

function wireArtifact(a: ArtifactRecord): Record<string, unknown> {
  return {
    workflow_run_backend_id: a.runBackendId,
    workflow_job_run_backend_id: a.jobBackendId,
    database_id: String(a.id),
    name: a.name,
    size: String(a.content?.length ?? 0),
    created_at: a.createdAt,
    ...(a.content ? { digest: `sha256:${createHash('sha256').update(a.content).digest('hex')}` } : {}),
  };
}

function twirp(session: Session, scope: RuntimeScope, method: string, body: Record<string, unknown>, blobBase: string): Reply {
  const run = str(body, 'workflow_run_backend_id');
  const job = str(body, 'workflow_job_run_backend_id');
  // A job may read any artifact of its workflow run (the download names the uploading job), but
  // creates artifacts as itself.
  const creating = method === 'CreateArtifact' || method === 'FinalizeArtifact';
  if (run !== scope.runBackendId || (creating && job !== scope.jobBackendId)) {
    return twirpError(403, 'permission_denied', `backend ids ${run}/${job} are not this token's ${scope.runBackendId}/${scope.jobBackendId}`);
  }
  const ofRun = session.artifacts.filter((a) => a.runBackendId === run);
  const url = (a: ArtifactRecord): string => `${blobBase}${BLOB_PREFIX}${session.id}/${a.id}?sig=${a.sig}`;
  switch (method) {
    case 'CreateArtifact': {
      const name = str(body, 'name');
      if (name === '') return twirpError(400, 'invalid_argument', 'name is required');
      if (ofRun.some((a) => a.name === name && a.finalized)) return twirpError(409, 'already_exists', `an artifact named ${name} already exists in this workflow run`);
      const artifact: ArtifactRecord = {
        id: session.allocateId(), runBackendId: run, jobBackendId: job, name, createdAt: session.clock.now(),
        blocks: new Map(), content: null, finalized: false, sig: createHash('sha256').update(`${session.id}:${name}:${Math.random()}`).digest('hex').slice(0, 24),
      };
      session.artifacts.push(artifact);
      return { status: 200, body: { ok: true, signed_upload_url: url(artifact) } };
    }
    case 'FinalizeArtifact': {
      const artifact = ofRun.filter((a) => a.name === str(body, 'name') && !a.finalized).at(-1);
      if (!artifact || artifact.content === null) return twirpError(404, 'not_found', `no uploaded artifact named ${str(body, 'name')}`);
      artifact.finalized = true;
      return { status: 200, body: { ok: true, artifact_id: String(artifact.id) } };
    }
    case 'ListArtifacts': {
      const nameFilter = body.name_filter;
      const idFilter = body.id_filter;
      const found = ofRun.filter((a) => a.finalized
        && (typeof nameFilter !== 'string' || a.name === nameFilter)
        && (typeof idFilter !== 'string' || String(a.id) === idFilter));
      return { status: 200, body: { artifacts: found.map(wireArtifact) } };
    }
    case 'GetSignedArtifactURL': {
      const artifact = ofRun.filter((a) => a.name === str(body, 'name') && a.finalized).at(-1);
      if (!artifact) return twirpError(404, 'not_found', `no artifact named ${str(body, 'name')}`);
      return { status: 200, body: { signed_url: url(artifact) } };
    }
    default:
      return twirpError(404, 'bad_route', `the fake artifact service does not serve ${method}`);
  }
}

/** Azure blob operations on one artifact's blob; the signature in the query is the capability. */
function blob(session: Session, artifact: ArtifactRecord, req: IncomingMessage, query: URLSearchParams, raw: Buffer): Reply {
  const headers = { 'x-ms-version': String(req.headers['x-ms-version'] ?? '2025-01-05'), etag: `"0x${artifact.id.toString(16)}"`, 'last-modified': new Date().toUTCString() };
  if (req.method === 'GET' || req.method === 'HEAD') {
    if (!artifact.finalized || artifact.content === null) return { status: 404, raw: Buffer.from('BlobNotFound') };
    return {
      status: 200,
      raw: req.method === 'HEAD' ? Buffer.alloc(0) : artifact.content,
      headers: { ...headers, 'content-type': 'application/zip', 'content-disposition': `attachment; filename="${artifact.name}.zip"` },
    };
  }
  if (req.method !== 'PUT' || artifact.finalized) return { status: 409, raw: Buffer.from('the artifact is finalized') };
  const comp = query.get('comp');
  if (comp === 'block') {
    artifact.blocks.set(query.get('blockid') ?? '', raw);
    return { status: 201, headers };
  }
  if (comp === 'blocklist') {
    const ids = [...raw.toString('utf8').matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)].map((m) => m[2] ?? '');
    const parts = ids.map((id) => artifact.blocks.get(id));
    if (parts.some((p) => p === undefined)) return { status: 400, raw: Buffer.from('InvalidBlockList') };
    artifact.content = Buffer.concat(parts as Buffer[]);
    artifact.blocks.clear();
    return { status: 201, headers };
  }
  if (comp === null) {
    // Put Blob: the whole content in one request.
    artifact.content = raw;
    return { status: 201, headers };
  }
  return { status: 400, raw: Buffer.from(`the fake blob store does not serve comp=${comp}`) };
}

/**
 * Serves an artifact request (Twirp or blob) if this is one; returns false otherwise. `find`
 * resolves a token to its session and runtime scope.
 */
export function handleArtifactRequest(input: {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  raw: Buffer;
  blobBase: string;
  sessions: ReadonlyMap<string, Session>;
  token: string | undefined;
}): boolean {
  const { req, res, url, raw } = input;
  if (url.pathname.startsWith(TWIRP_PREFIX)) {
    let found: { session: Session; scope: RuntimeScope } | undefined;
    for (const session of input.sessions.values()) {
      const scope = input.token === undefined ? undefined : session.runtimeScopes.get(input.token);
      if (scope) found = { session, scope };
    }
    if (!found) {
      send(res, twirpError(401, 'unauthenticated', 'no such ACTIONS_RUNTIME_TOKEN'));
      return true;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      send(res, twirpError(400, 'malformed', 'the request body is not JSON'));
      return true;
    }
    const method = url.pathname.slice(TWIRP_PREFIX.length);
    const reply = typeof body === 'object' && body !== null && !Array.isArray(body)
      ? twirp(found.session, found.scope, method, body as Record<string, unknown>, input.blobBase)
      : twirpError(400, 'malformed', 'the request body must be a JSON object');
    found.session.requests.push({ seq: found.session.requests.length + 1, method: 'POST', path: url.pathname, search: '', status: reply.status, write: false, applied: reply.status < 400, fault: null, login: 'actions-runtime' });
    send(res, reply);
    return true;
  }
  if (url.pathname.startsWith(BLOB_PREFIX)) {
    const [sessionId = '', id = ''] = url.pathname.slice(BLOB_PREFIX.length).split('/');
    const session = input.sessions.get(sessionId);
    const artifact = session?.artifacts.find((a) => String(a.id) === id);
    if (!session || !artifact || url.searchParams.get('sig') !== artifact.sig) {
      send(res, { status: 403, raw: Buffer.from('AuthenticationFailed') });
      return true;
    }
    const reply = blob(session, artifact, req, url.searchParams, raw);
    session.requests.push({ seq: session.requests.length + 1, method: req.method ?? 'GET', path: `${BLOB_PREFIX}${sessionId}/${id}`, search: url.searchParams.get('comp') ? `?comp=${url.searchParams.get('comp')}` : '', status: reply.status, write: false, applied: reply.status < 400, fault: null, login: 'blob' });
    send(res, reply);
    return true;
  }
  return false;
}
