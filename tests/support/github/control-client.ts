// What tests use: a session on the shared fake GitHub (started by global setup), with seeding,
// fault injection, state reads and violation checks over the fake's control API.
//
//   const gh = await createGitHubSession('my test');
//   await gh.seedBranch('octo', 'demo', 'main', { 'README.md': 'hello' });
//   ... run the action with GITHUB_API_URL=gh.apiUrl and token gh.tokens.write ...
//   await gh.assertNoViolations();
import { inject } from 'vitest';
import type { ControlArgs, ControlMethod, ControlResult, FaultSpec, RequestLogEntry, Violation } from './protocol.js';
import { CONTROL_PREFIX, control } from './protocol.js';
import type {} from './provided.js';

export type FileMode = '100644' | '100755' | '120000';
/** A file to seed: its content (a string is UTF-8), optionally with a mode; null deletes it. */
export type SeedFile = string | Uint8Array | { content: string | Uint8Array; mode?: FileMode } | null;
export type FaultInput = Omit<FaultSpec, 'pathPattern'> & { pathPattern?: string | RegExp };

export interface HarnessUrls {
  apiUrl: string;
  controlUrl: string;
  fakeUrl: string;
}

/** The URLs global setup provided; throws the startup error when the harness is down. */
export function harnessUrls(): HarnessUrls {
  const error = inject('githubHarnessError');
  if (error) throw new Error(error);
  return { apiUrl: inject('githubApiUrl'), controlUrl: inject('githubControlUrl'), fakeUrl: inject('githubFakeUrl') };
}

export class ControlClient {
  constructor(readonly controlUrl: string) {}

  async call<M extends ControlMethod>(method: M, args: ControlArgs<M>): Promise<ControlResult<M>> {
    const response = await fetch(`${this.controlUrl}/rpc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method, args }),
    });
    const payload = (await response.json()) as unknown;
    const record = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
    if (!response.ok) throw new Error(`fake GitHub control ${method} failed: ${String(record['error'] ?? response.status)}`);
    // Parsed with the same schema the server answered from, which also gives the precise type.
    return control[method].result.parse(record['result']) as ControlResult<M>;
  }
}

function toWire(file: Exclude<SeedFile, null>): { base64: string; mode: FileMode } {
  if (typeof file === 'string' || file instanceof Uint8Array) return toWire({ content: file });
  const bytes = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : Buffer.from(file.content);
  return { base64: bytes.toString('base64'), mode: file.mode ?? '100644' };
}

export function formatViolations(violations: Violation[]): string {
  return violations
    .map((v) => {
      const details = v.details.map((d) => `    ${d.severity}: ${d.message}${d.location ? ` (at ${d.location.join('.')})` : ''}`).join('\n');
      return `  ${v.method} ${v.url} -> ${v.status} [${v.kind}]\n${details}`;
    })
    .join('\n');
}

export class GitHubSession {
  private constructor(
    private readonly client: ControlClient,
    readonly id: string,
    /** GITHUB_API_URL for the code under test: validated by Prism. */
    readonly apiUrl: string,
    /** The fake directly, without Prism (no validation): for quick reads only. */
    readonly fakeUrl: string,
    /** `write` is GITHUB_TOKEN with write permissions; `read` is a fork PR's read-only token (G1). Both are github-actions[bot]. */
    readonly tokens: { write: string; read: string },
  ) {}

  static async create(label = '', urls: HarnessUrls = harnessUrls()): Promise<GitHubSession> {
    const client = new ControlClient(urls.controlUrl);
    const { id, tokens } = await client.call('createSession', { label });
    return new GitHubSession(client, id, urls.apiUrl, urls.fakeUrl, tokens);
  }

  /** Environment for a process that talks to "GitHub" (merge with the action's INPUT_* and GITHUB_* variables). */
  env(): Record<string, string> {
    return { GITHUB_API_URL: this.apiUrl, GITHUB_GRAPHQL_URL: `${this.apiUrl}/graphql`, GITHUB_SERVER_URL: 'https://github.com' };
  }

  readonly faults = {
    /** Adds a fault rule; see FAULT_KINDS in protocol.ts. Returns its id. */
    add: async (fault: FaultInput): Promise<string> => {
      const { pathPattern, ...rest } = fault;
      const wire: FaultSpec = pathPattern === undefined ? rest : { ...rest, pathPattern: typeof pathPattern === 'string' ? pathPattern : pathPattern.source };
      return (await this.client.call('addFault', { session: this.id, fault: wire })).id;
    },
    clear: async (): Promise<void> => {
      await this.client.call('clearFaults', { session: this.id });
    },
    list: async (): Promise<ControlResult<'listFaults'>['faults']> => (await this.client.call('listFaults', { session: this.id })).faults,
  };

  async addToken(identity: Omit<ControlArgs<'addToken'>, 'session'>): Promise<string> {
    return (await this.client.call('addToken', { session: this.id, ...identity })).token;
  }

  async createRepo(owner: string, repo: string, options: Omit<ControlArgs<'createRepo'>, 'session' | 'owner' | 'repo'> = {}): Promise<void> {
    await this.client.call('createRepo', { session: this.id, owner, repo, ...options });
  }

  /**
   * Commits `files` onto `branch` (creating the repository and branch as needed) and moves the
   * branch there. By default the commit builds on the branch's current tip; `from` builds on
   * another branch or sha instead; `replace` makes the tree exactly `files`. Seeded commits
   * stand for pushes: unsigned, authored by a test contributor unless `author` says otherwise.
   */
  async seedBranch(
    owner: string,
    repo: string,
    branch: string,
    files: Record<string, SeedFile>,
    options: { from?: string; replace?: boolean; message?: string; author?: { name: string; email: string } } = {},
  ): Promise<{ commit: string; tree: string }> {
    const wire = Object.fromEntries(Object.entries(files).map(([path, file]) => [path, file === null ? null : toWire(file)]));
    return this.client.call('seedBranch', { session: this.id, owner, repo, branch, files: wire, ...options });
  }

  /** Every file at a branch, ref, commit or tree: path -> content and mode. */
  async readTree(owner: string, repo: string, ref: string): Promise<Map<string, { content: Buffer; mode: FileMode }>> {
    const { files } = await this.client.call('readTree', { session: this.id, owner, repo, ref });
    return new Map(files.map((f) => [f.path, { content: Buffer.from(f.base64, 'base64'), mode: f.mode }]));
  }

  /** The commit a branch or ref points at, or null. */
  async getRef(owner: string, repo: string, ref: string): Promise<string | null> {
    return (await this.client.call('getRef', { session: this.id, owner, repo, ref })).sha;
  }

  /** First-parent history from `ref`, newest first. */
  async listCommits(owner: string, repo: string, ref: string, limit?: number): Promise<ControlResult<'listCommits'>['commits']> {
    return (await this.client.call('listCommits', { session: this.id, owner, repo, ref, ...(limit === undefined ? {} : { limit }) })).commits;
  }

  /** Opens a pull request from `head` ("branch" or "forkowner:branch") into `base`; returns its number. */
  async seedPullRequest(owner: string, repo: string, pull: Omit<ControlArgs<'seedPullRequest'>, 'session' | 'owner' | 'repo'>): Promise<number> {
    return (await this.client.call('seedPullRequest', { session: this.id, owner, repo, ...pull })).number;
  }

  /** A comment by someone else (default "someone-else", a User), e.g. a spoofed marker (G6). */
  async seedComment(
    owner: string,
    repo: string,
    issueNumber: number,
    body: string,
    options: Omit<ControlArgs<'seedComment'>, 'session' | 'owner' | 'repo' | 'issueNumber' | 'body'> = {},
  ): Promise<{ id: number; nodeId: string }> {
    return this.client.call('seedComment', { session: this.id, owner, repo, issueNumber, body, ...options });
  }

  async minimizeComment(owner: string, repo: string, commentId: number, reason?: string): Promise<void> {
    await this.client.call('minimizeComment', { session: this.id, owner, repo, commentId, ...(reason === undefined ? {} : { reason }) });
  }

  /**
   * A `pull_request` event payload (action, number, pull_request, repository, sender) for the
   * file GITHUB_EVENT_PATH names, matching the fake's current state of that pull request.
   */
  async pullRequestEvent(owner: string, repo: string, number: number, action = 'synchronize'): Promise<Record<string, unknown>> {
    return this.client.call('pullRequestEvent', { session: this.id, owner, repo, number, action });
  }

  /** Refs, comments and pull requests of a repository, in plain form for assertions. */
  async snapshot(owner: string, repo: string): Promise<ControlResult<'snapshot'>> {
    return this.client.call('snapshot', { session: this.id, owner, repo });
  }

  /** Requests that reached the fake (Prism-rejected ones are violations instead), oldest first. */
  async requests(): Promise<RequestLogEntry[]> {
    return (await this.client.call('requests', { session: this.id })).requests;
  }

  /** Write requests that reached the fake (any outcome). */
  async writeCount(): Promise<number> {
    return (await this.requests()).filter((r) => r.write).length;
  }

  /** Everything Prism reported for this session's tokens (and for unknown tokens). */
  async violations(): Promise<Violation[]> {
    return (await this.client.call('violations', { session: this.id })).violations;
  }

  /** Fails when Prism rejected a request or flagged a response (tolerated warnings aside). */
  async assertNoViolations(): Promise<void> {
    const bad = (await this.violations()).filter((v) => !v.tolerated);
    if (bad.length > 0) throw new Error(`GitHub's OpenAPI description was violated ${bad.length} time(s):\n${formatViolations(bad)}`);
  }

  /**
   * The runner variables @actions/artifact reads inside job `jobBackendId` of workflow run
   * `runBackendId`: ACTIONS_RUNTIME_TOKEN (a fresh JWT for that job) and ACTIONS_RESULTS_URL
   * (the fake's artifact service, reached directly: it is not part of the REST description).
   */
  async actionsRuntime(runBackendId: string, jobBackendId: string): Promise<Record<string, string>> {
    const { token } = await this.client.call('addRuntimeToken', { session: this.id, runBackendId, jobBackendId });
    return { ACTIONS_RUNTIME_TOKEN: token, ACTIONS_RESULTS_URL: `${this.fakeUrl}/` };
  }

  /** A finalized artifact in workflow run `runBackendId`, holding `zip`. */
  async seedArtifact(runBackendId: string, name: string, zip: Uint8Array): Promise<number> {
    return (await this.client.call('seedArtifact', { session: this.id, runBackendId, name, base64: Buffer.from(zip).toString('base64') })).id;
  }

  /** Every artifact of the session (finalized or not), with its content. */
  async artifacts(): Promise<Array<Omit<ControlResult<'listArtifacts'>['artifacts'][number], 'base64'> & { content: Buffer }>> {
    const { artifacts } = await this.client.call('listArtifacts', { session: this.id });
    return artifacts.map(({ base64, ...rest }) => ({ ...rest, content: Buffer.from(base64, 'base64') }));
  }

  /** Forgets repositories, comments, pulls, faults, logs, violations and artifacts; tokens stay valid. */
  async reset(): Promise<void> {
    await this.client.call('resetSession', { session: this.id });
  }

  async close(): Promise<void> {
    await this.client.call('deleteSession', { session: this.id });
  }
}

export function createGitHubSession(label = ''): Promise<GitHubSession> {
  return GitHubSession.create(label);
}

export type { ControlArgs, ControlResult, FaultSpec, RequestLogEntry, Violation };
export { CONTROL_PREFIX };
