// The fake's in-memory model. Everything lives in a Session so test files running in parallel
// against the one shared server never see each other's repositories, faults or logs: a request
// belongs to the session that issued its token.
import { randomBytes } from 'node:crypto';
import type { ArtifactRecord, RuntimeScope } from './artifact-service.js';
import { FaultBook } from './faults.js';
import { ObjectStore } from './git-objects.js';
import type { RequestLogEntry, Violation } from './protocol.js';

export type AccountType = 'User' | 'Bot' | 'Organization';
export type Permission = 'read' | 'write';
export type AuthorAssociation =
  | 'COLLABORATOR'
  | 'CONTRIBUTOR'
  | 'FIRST_TIMER'
  | 'FIRST_TIME_CONTRIBUTOR'
  | 'MANNEQUIN'
  | 'MEMBER'
  | 'NONE'
  | 'OWNER';

export interface Account {
  login: string;
  id: number;
  type: AccountType;
}

export interface Identity extends Account {
  token: string;
  permission: Permission;
  /** GitHub answers 403 on GET /user (and GraphQL `viewer`) for installation tokens such as GITHUB_TOKEN. */
  userEndpoint: 'ok' | 'forbidden';
}

/** The identity behind GITHUB_TOKEN. */
export const ACTIONS_BOT: Account = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };

export interface CommentState {
  id: number;
  nodeId: string;
  issueNumber: number;
  body: string;
  author: Account;
  authorAssociation: AuthorAssociation;
  createdAt: string;
  updatedAt: string;
  /** Minimized ("hidden") reason, or null. */
  minimized: string | null;
}

export interface PullState {
  number: number;
  id: number;
  nodeId: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  /** Head repository key ("owner/name" as created) and branch. */
  headRepo: string;
  headRef: string;
  /** Head sha at the last time the head branch was seen; live value comes from the ref. */
  lastHeadSha: string;
  baseRef: string;
  author: Account;
  maintainerCanModify: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** Set when merged through PUT /pulls/{n}/merge. */
  mergedAt?: string | null;
  mergeCommitSha?: string | null;
}

export interface RepoState {
  owner: Account;
  name: string;
  id: number;
  nodeId: string;
  defaultBranch: string;
  private: boolean;
  /** "owner/name" of the parent when this is a fork. */
  forkOf: string | null;
  createdAt: string;
  git: ObjectStore;
  /** Full ref name ("refs/heads/main") -> commit sha. */
  refs: Map<string, string>;
  comments: Map<number, CommentState>;
  pulls: Map<number, PullState>;
  /** Issues and pull requests share one number sequence (only pull requests are modelled). */
  nextNumber: number;
}

export const fullName = (repo: RepoState): string => `${repo.owner.login}/${repo.name}`;
const repoKey = (owner: string, name: string): string => `${owner}/${name}`.toLowerCase();

/** Deterministic, strictly increasing timestamps (whole seconds, as GitHub prints them). */
class Clock {
  private t = Math.floor(Date.now() / 1000) * 1000;

  now(): string {
    this.t += 1000;
    return new Date(this.t).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
}

export function nodeId(prefix: string, id: number): string {
  return `${prefix}_kw${Buffer.from(`fake:${id}`).toString('base64url')}`;
}

export function newToken(): string {
  return `ghs_${randomBytes(18).toString('base64url')}`;
}

export class Session {
  readonly identities = new Map<string, Identity>();
  readonly repos = new Map<string, RepoState>();
  faults = new FaultBook();
  requests: RequestLogEntry[] = [];
  violations: Violation[] = [];
  /** Write requests received (any outcome); fault `afterNthWrite` counts against this. */
  writes = 0;
  /** Workflow artifacts (artifact-service.ts), across the session's workflow runs. */
  artifacts: ArtifactRecord[] = [];
  /** ACTIONS_RUNTIME_TOKEN -> the workflow run and job it belongs to; like tokens, kept across resets. */
  readonly runtimeScopes = new Map<string, RuntimeScope>();
  readonly clock = new Clock();
  private nextId = 1;
  readonly writeToken: string;
  readonly readToken: string;

  constructor(
    readonly id: string,
    readonly label = '',
  ) {
    this.writeToken = this.addIdentity({ ...ACTIONS_BOT, permission: 'write', userEndpoint: 'forbidden' });
    this.readToken = this.addIdentity({ ...ACTIONS_BOT, permission: 'read', userEndpoint: 'forbidden' });
  }

  reset(): void {
    this.repos.clear();
    this.faults = new FaultBook();
    this.requests = [];
    this.violations = [];
    this.writes = 0;
    this.artifacts = [];
  }

  addIdentity(identity: Omit<Identity, 'token'> & { token?: string }): string {
    const token = identity.token ?? newToken();
    this.identities.set(token, { ...identity, token });
    return token;
  }

  /** Ids unique within the session; large like GitHub's so nobody relies on them being small. */
  allocateId(): number {
    return 1_000_000_000 + this.nextId++;
  }

  repo(owner: string, name: string): RepoState | undefined {
    return this.repos.get(repoKey(owner, name));
  }

  createRepo(options: {
    owner: string;
    name: string;
    defaultBranch?: string;
    private?: boolean;
    ownerType?: 'User' | 'Organization';
    forkOf?: string;
  }): RepoState {
    const key = repoKey(options.owner, options.name);
    const existing = this.repos.get(key);
    if (existing) return existing;
    const id = this.allocateId();
    const repo: RepoState = {
      owner: { login: options.owner, id: this.accountId(options.owner), type: options.ownerType ?? 'Organization' },
      name: options.name,
      id,
      nodeId: nodeId('R', id),
      defaultBranch: options.defaultBranch ?? 'main',
      private: options.private ?? false,
      forkOf: options.forkOf ?? null,
      createdAt: this.clock.now(),
      git: new ObjectStore(),
      refs: new Map(),
      comments: new Map(),
      pulls: new Map(),
      nextNumber: 1,
    };
    this.repos.set(key, repo);
    return repo;
  }

  /** A stable numeric id per login, so one account keeps one id across repos and comments. */
  accountId(login: string): number {
    if (login === ACTIONS_BOT.login) return ACTIONS_BOT.id;
    for (const identity of this.identities.values()) if (identity.login === login) return identity.id;
    let hash = 0;
    for (const ch of login) hash = (hash * 31 + ch.charCodeAt(0)) % 90_000_000;
    return 10_000_000 + hash;
  }

  account(input: { login: string; id?: number | undefined; type?: AccountType | undefined }): Account {
    return { login: input.login, id: input.id ?? this.accountId(input.login), type: input.type ?? 'User' };
  }

  addComment(
    repo: RepoState,
    issueNumber: number,
    body: string,
    author: Account,
    authorAssociation: AuthorAssociation = 'NONE',
  ): CommentState {
    const id = this.allocateId();
    const at = this.clock.now();
    const comment: CommentState = {
      id,
      nodeId: nodeId('IC', id),
      issueNumber,
      body,
      author,
      authorAssociation,
      createdAt: at,
      updatedAt: at,
      minimized: null,
    };
    repo.comments.set(id, comment);
    return comment;
  }

  /** Finds a comment by GraphQL node id across the session's repositories. */
  commentByNodeId(id: string): { repo: RepoState; comment: CommentState } | undefined {
    for (const repo of this.repos.values()) {
      for (const comment of repo.comments.values()) if (comment.nodeId === id) return { repo, comment };
    }
    return undefined;
  }

  /** Resolves a pull request's head repository (a fork or the repository itself). */
  headRepo(pull: PullState): RepoState | undefined {
    const [owner = '', name = ''] = pull.headRepo.split('/');
    return this.repo(owner, name);
  }

  /** The live head sha: the head branch's tip while it exists, else the last one seen. */
  headSha(pull: PullState): string {
    const sha = this.headRepo(pull)?.refs.get(`refs/heads/${pull.headRef}`);
    if (sha && pull.state === 'open') pull.lastHeadSha = sha;
    return pull.lastHeadSha;
  }
}
