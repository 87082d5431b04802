// The test-side control API of the fake: POST /__control/rpc {method, args} -> {result}.
// Tests in worker processes reach the fake (in vitest's main process) only through this.
import type { FakeGitHub } from './fake-github.js';
import { pullRequest, repository, simpleUser } from './factories.js';
import { HttpError, Urls } from './http.js';
import type { Reply } from './http.js';
import type { ControlMethod, ControlParsedArgs, ControlResult } from './protocol.js';
import { control } from './protocol.js';
import { runtimeToken } from './artifact-service.js';
import { buildTree, createCommit, readFiles, resolveCommit, setRef } from './repo-git.js';
import type { TreeChange } from './repo-git.js';
import { openPullRequest } from './routes/pulls.js';
import type { RepoState, Session } from './state.js';
import { fullName } from './state.js';

class ControlError extends Error {}

type Handlers = { [M in ControlMethod]: (fake: FakeGitHub, args: ControlParsedArgs<M>) => ControlResult<M> };

function sessionOf(fake: FakeGitHub, id: string): Session {
  const session = fake.sessions.get(id);
  if (!session) throw new ControlError(`unknown session ${id} (was it deleted, or is this another test run's fake?)`);
  return session;
}

function repoOf(session: Session, owner: string, repo: string): RepoState {
  const found = session.repo(owner, repo);
  if (!found) throw new ControlError(`no repository ${owner}/${repo} in this session`);
  return found;
}

const handlers: Handlers = {
  createSession(fake, { label }) {
    const session = fake.createSession(label);
    return { id: session.id, tokens: { write: session.writeToken, read: session.readToken } };
  },
  deleteSession(fake, { session }) {
    fake.sessions.delete(session);
    return {};
  },
  resetSession(fake, { session }) {
    sessionOf(fake, session).reset();
    return {};
  },
  addToken(fake, args) {
    const session = sessionOf(fake, args.session);
    const account = session.account({ login: args.login, id: args.id, type: args.type });
    const token = session.addIdentity({
      ...account,
      permission: args.permission,
      userEndpoint: args.userEndpoint ?? (account.type === 'Bot' ? 'forbidden' : 'ok'),
      ...(args.token === undefined ? {} : { token: args.token }),
    });
    return { token };
  },
  createRepo(fake, args) {
    const session = sessionOf(fake, args.session);
    if (args.forkOf !== undefined) {
      const [owner = '', name = ''] = args.forkOf.split('/');
      repoOf(session, owner, name);
    }
    const repo = session.createRepo({
      owner: args.owner,
      name: args.repo,
      ...(args.defaultBranch === undefined ? {} : { defaultBranch: args.defaultBranch }),
      ...(args.private === undefined ? {} : { private: args.private }),
      ...(args.ownerType === undefined ? {} : { ownerType: args.ownerType }),
      ...(args.forkOf === undefined ? {} : { forkOf: args.forkOf }),
    });
    return { fullName: fullName(repo) };
  },
  seedBranch(fake, args) {
    const session = sessionOf(fake, args.session);
    const repo = session.createRepo({ owner: args.owner, name: args.repo });
    const ref = `refs/heads/${args.branch}`;
    const parent = args.from !== undefined ? resolveCommit(repo, args.from) : repo.refs.get(ref);
    if (args.from !== undefined && parent === undefined) throw new ControlError(`seedBranch: ${args.from} is not a branch or commit`);
    const baseTree = parent !== undefined && !args.replace ? repo.git.commit(parent)?.tree : undefined;
    const changes: TreeChange[] = Object.entries(args.files).map(([path, file]) =>
      file === null
        ? { path, mode: '100644', type: 'blob', sha: null }
        : { path, mode: file.mode, type: 'blob', sha: repo.git.putBlob(Buffer.from(file.base64, 'base64')) },
    );
    const tree = buildTree(repo, baseTree, changes);
    const person = args.author ?? { name: 'Test Contributor', email: 'contributor@example.com' };
    const commit = createCommit(session, repo, {
      message: args.message ?? `Seed ${args.branch}`,
      tree,
      parents: parent === undefined ? [] : [parent],
      author: person,
      committer: person,
      by: session.account({ login: 'test-contributor' }),
      signed: false,
    });
    setRef(session, repo, ref, commit);
    return { commit, tree };
  },
  readTree(fake, args) {
    const repo = repoOf(sessionOf(fake, args.session), args.owner, args.repo);
    let files;
    try {
      files = readFiles(repo, args.ref);
    } catch (error) {
      throw new ControlError(error instanceof Error ? error.message : String(error));
    }
    return { files: [...files].map(([path, f]) => ({ path, mode: f.mode === '160000' ? '100644' : f.mode, base64: f.content.toString('base64') })) };
  },
  getRef(fake, args) {
    const repo = repoOf(sessionOf(fake, args.session), args.owner, args.repo);
    return { sha: resolveCommit(repo, args.ref) ?? null };
  },
  listCommits(fake, args) {
    const repo = repoOf(sessionOf(fake, args.session), args.owner, args.repo);
    const commits: ControlResult<'listCommits'>['commits'] = [];
    let sha = resolveCommit(repo, args.ref);
    while (sha !== undefined && commits.length < (args.limit ?? 50)) {
      const commit = repo.git.commit(sha);
      if (!commit) break;
      commits.push({
        sha,
        tree: commit.tree,
        parents: commit.parents,
        message: commit.message,
        author: { name: commit.author.name, email: commit.author.email },
        verified: commit.verification.verified,
      });
      sha = commit.parents[0];
    }
    return { commits };
  },
  seedPullRequest(fake, args) {
    const session = sessionOf(fake, args.session);
    const repo = repoOf(session, args.owner, args.repo);
    const pull = openPullRequest(session, repo, {
      head: args.head,
      base: args.base,
      title: args.title ?? `Change ${args.head}`,
      body: args.body ?? null,
      draft: args.draft ?? false,
      author: session.account(args.author ?? { login: 'contributor' }),
      maintainerCanModify: true,
    });
    if (args.state === 'closed') {
      pull.state = 'closed';
      pull.closedAt = session.clock.now();
    }
    return { number: pull.number };
  },
  seedComment(fake, args) {
    const session = sessionOf(fake, args.session);
    const repo = repoOf(session, args.owner, args.repo);
    if (!repo.pulls.has(args.issueNumber)) throw new ControlError(`no pull request #${args.issueNumber} in ${fullName(repo)}`);
    const author = session.account(args.author ?? { login: 'someone-else' });
    const comment = session.addComment(repo, args.issueNumber, args.body, author, args.authorAssociation ?? 'NONE');
    if (args.minimized !== undefined) comment.minimized = args.minimized;
    return { id: comment.id, nodeId: comment.nodeId };
  },
  minimizeComment(fake, args) {
    const repo = repoOf(sessionOf(fake, args.session), args.owner, args.repo);
    const comment = repo.comments.get(args.commentId);
    if (!comment) throw new ControlError(`no comment ${args.commentId}`);
    comment.minimized = args.reason ?? 'outdated';
    return {};
  },
  snapshot(fake, args) {
    const session = sessionOf(fake, args.session);
    const repo = repoOf(session, args.owner, args.repo);
    return {
      defaultBranch: repo.defaultBranch,
      refs: Object.fromEntries([...repo.refs].sort(([a], [b]) => (a < b ? -1 : 1))),
      comments: [...repo.comments.values()]
        .sort((a, b) => a.id - b.id)
        .map((c) => ({ id: c.id, issueNumber: c.issueNumber, body: c.body, author: c.author.login, createdAt: c.createdAt, updatedAt: c.updatedAt, minimized: c.minimized })),
      pulls: [...repo.pulls.values()]
        .sort((a, b) => a.number - b.number)
        .map((p) => ({
          number: p.number,
          state: p.state,
          title: p.title,
          body: p.body,
          head: p.headRef,
          headRepo: p.headRepo,
          headSha: session.headSha(p),
          base: p.baseRef,
          author: p.author.login,
          merged: p.mergedAt !== undefined && p.mergedAt !== null,
        })),
    };
  },
  pullRequestEvent(fake, args) {
    const session = sessionOf(fake, args.session);
    const repo = repoOf(session, args.owner, args.repo);
    const pull = repo.pulls.get(args.number);
    if (!pull) throw new ControlError(`no pull request #${args.number} in ${fullName(repo)}`);
    const urls = new Urls(fake.publicApiUrl);
    return {
      action: args.action ?? 'synchronize',
      number: pull.number,
      pull_request: pullRequest(session, repo, pull, urls, true),
      repository: repository(repo, urls),
      sender: simpleUser(pull.author, urls),
    };
  },
  addRuntimeToken(fake, args) {
    const session = sessionOf(fake, args.session);
    const token = runtimeToken({ runBackendId: args.runBackendId, jobBackendId: args.jobBackendId }, session.id);
    session.runtimeScopes.set(token, { runBackendId: args.runBackendId, jobBackendId: args.jobBackendId });
    return { token };
  },
  seedArtifact(fake, args) {
    const session = sessionOf(fake, args.session);
    const id = session.allocateId();
    session.artifacts.push({
      id, runBackendId: args.runBackendId, jobBackendId: args.jobBackendId ?? 'seeded-job', name: args.name, createdAt: session.clock.now(),
      blocks: new Map(), content: Buffer.from(args.base64, 'base64'), finalized: true, sig: `seeded-${id}`,
    });
    return { id };
  },
  listArtifacts(fake, args) {
    return {
      artifacts: sessionOf(fake, args.session).artifacts.map((a) => ({
        id: a.id, runBackendId: a.runBackendId, jobBackendId: a.jobBackendId, name: a.name, size: a.content?.length ?? 0, finalized: a.finalized, base64: (a.content ?? Buffer.alloc(0)).toString('base64'),
      })),
    };
  },
  addFault(fake, args) {
    const session = sessionOf(fake, args.session);
    return { id: session.faults.add(args.fault, session.writes) };
  },
  clearFaults(fake, { session }) {
    sessionOf(fake, session).faults.clear();
    return {};
  },
  listFaults(fake, { session }) {
    return { faults: sessionOf(fake, session).faults.list() };
  },
  requests(fake, { session }) {
    return { requests: sessionOf(fake, session).requests };
  },
  violations(fake, { session }) {
    return { violations: [...sessionOf(fake, session).violations, ...fake.unattributed] };
  },
};

function run<M extends ControlMethod>(fake: FakeGitHub, method: M, args: unknown): ControlResult<M> {
  const parsed = control[method].args.safeParse(args);
  if (!parsed.success) throw new ControlError(`bad arguments for ${method}: ${parsed.error.message}`);
  // TypeScript cannot correlate `control[M]` with `Handlers[M]` through a union key; the zod
  // schema above is the one ControlParsedArgs<M> is inferred from, so this is the same type.
  const handler = handlers[method] as (fake: FakeGitHub, args: unknown) => ControlResult<M>;
  return handler(fake, parsed.data);
}

function isControlMethod(name: unknown): name is ControlMethod {
  return typeof name === 'string' && Object.hasOwn(control, name);
}

export function handleControl(fake: FakeGitHub, endpoint: string, raw: Buffer): Reply {
  if (endpoint !== 'rpc') return { status: 404, body: { error: `unknown control endpoint ${endpoint}` } };
  let request: unknown;
  try {
    request = JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return { status: 400, body: { error: 'control request is not JSON' } };
  }
  const { method, args } = (typeof request === 'object' && request !== null ? request : {}) as { method?: unknown; args?: unknown };
  if (!isControlMethod(method)) return { status: 400, body: { error: `unknown control method ${String(method)}` } };
  try {
    return { status: 200, body: { result: run(fake, method, args ?? {}) } };
  } catch (error) {
    if (error instanceof ControlError || error instanceof HttpError) return { status: 400, body: { error: error.message } };
    return { status: 500, body: { error: error instanceof Error ? (error.stack ?? error.message) : String(error) } };
  }
}
