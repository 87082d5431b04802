// The control protocol between test workers and the fake GitHub, which lives in vitest's main
// process (global setup). One zod schema per method gives both sides the same types and lets the
// server narrow the untrusted JSON it receives instead of casting it.
import { z } from 'zod';

export const FAULT_KINDS = [
  // Answer `status` (default 500) without applying the request.
  'status',
  // Apply the request, then answer `status` (default 502): "the POST succeeded but the response was lost".
  'apply-then-5xx',
  // Close the connection without applying the request.
  'reset',
  // Apply the request, then close the connection.
  'apply-then-reset',
  // 403 (or `status` 429) secondary rate limit, with `retry-after` when `retryAfter` is set.
  'secondary-rate-limit',
  // 403 primary rate limit: `x-ratelimit-remaining: 0` and a reset `retryAfter` seconds ahead (default 1).
  'primary-rate-limit',
  // 403 "GitHub Actions is not permitted to create or approve pull requests." (defaults to POST /pulls).
  'forbid-pr-creation',
  // Apply the request but drop `field` from the JSON answer (from each item of a list), breaking
  // the response schema on purpose so Prism's response validation can be seen working.
  'drop-field',
] as const;

export const faultKindSchema = z.enum(FAULT_KINDS);
export type FaultKind = z.infer<typeof faultKindSchema>;

export const faultSpecSchema = z.object({
  kind: faultKindSchema,
  /** HTTP method to match, case-insensitive; any method when absent. */
  method: z.string().optional(),
  /** Regular expression source matched against the request path (no query string). */
  pathPattern: z.string().optional(),
  /** How many matching requests fail; default 1. */
  times: z.union([z.number().int().positive(), z.literal('always')]).optional(),
  /**
   * Only write requests match, and only after this many writes (of any path) have reached the
   * session since the fault was added: `afterNthWrite: 2` fails the 3rd write from now.
   */
  afterNthWrite: z.number().int().nonnegative().optional(),
  status: z.number().int().min(100).max(599).optional(),
  retryAfter: z.number().nonnegative().optional(),
  message: z.string().optional(),
  field: z.string().optional(),
});
export type FaultSpec = z.infer<typeof faultSpecSchema>;

export const fileModeSchema = z.enum(['100644', '100755', '120000']);
export const wireFileSchema = z.object({ base64: z.string(), mode: fileModeSchema });
export type WireFile = z.infer<typeof wireFileSchema>;

const accountTypeSchema = z.enum(['User', 'Bot', 'Organization']);
export const accountSchema = z.object({
  login: z.string().min(1),
  id: z.number().int().positive().optional(),
  type: accountTypeSchema.optional(),
});
export type AccountInput = z.infer<typeof accountSchema>;

const authorAssociationSchema = z.enum([
  'COLLABORATOR',
  'CONTRIBUTOR',
  'FIRST_TIMER',
  'FIRST_TIME_CONTRIBUTOR',
  'MANNEQUIN',
  'MEMBER',
  'NONE',
  'OWNER',
]);

export const requestLogEntrySchema = z.object({
  seq: z.number(),
  method: z.string(),
  path: z.string(),
  search: z.string(),
  /** 0 when the connection was reset. */
  status: z.number(),
  write: z.boolean(),
  /** Whether the request changed state (writes that succeeded, including apply-then-* faults). */
  applied: z.boolean(),
  fault: faultKindSchema.nullable(),
  login: z.string().nullable(),
});
export type RequestLogEntry = z.infer<typeof requestLogEntrySchema>;

export const violationSchema = z.object({
  method: z.string(),
  url: z.string(),
  status: z.number(),
  /** request: Prism rejected the request; response: the fake's answer broke the schema;
   *  route: the path or method is not in the (trimmed) description; upstream: Prism could not reach the fake. */
  kind: z.enum(['request', 'response', 'route', 'upstream']),
  /** Warnings Prism raises for undocumented error statuses (faults, GitHub's undocumented 403/404s). */
  tolerated: z.boolean(),
  details: z.array(z.object({ severity: z.string(), message: z.string(), location: z.array(z.string()).optional() })),
});
export type Violation = z.infer<typeof violationSchema>;

const sessionRef = { session: z.string() };
const repoRef = { ...sessionRef, owner: z.string(), repo: z.string() };
const empty = z.object({});

export const control = {
  createSession: {
    args: z.object({ label: z.string().optional() }),
    result: z.object({ id: z.string(), tokens: z.object({ write: z.string(), read: z.string() }) }),
  },
  deleteSession: { args: z.object(sessionRef), result: empty },
  /** Forgets repos, comments, pulls, faults, the request log and violations; tokens stay valid. */
  resetSession: { args: z.object(sessionRef), result: empty },
  addToken: {
    args: z.object({
      ...sessionRef,
      login: z.string().min(1),
      id: z.number().int().positive().optional(),
      type: accountTypeSchema.optional(),
      permission: z.enum(['read', 'write']),
      /** Whether GET /user and GraphQL `viewer` work; installation tokens get 403 there. */
      userEndpoint: z.enum(['ok', 'forbidden']).optional(),
      token: z.string().min(1).optional(),
    }),
    result: z.object({ token: z.string() }),
  },
  createRepo: {
    args: z.object({
      ...repoRef,
      defaultBranch: z.string().optional(),
      private: z.boolean().optional(),
      ownerType: z.enum(['User', 'Organization']).optional(),
      /** "owner/repo" of the parent when this repository is a fork. */
      forkOf: z.string().optional(),
    }),
    result: z.object({ fullName: z.string() }),
  },
  seedBranch: {
    args: z.object({
      ...repoRef,
      branch: z.string().min(1),
      /** null deletes the path from the base tree. */
      files: z.record(z.string(), wireFileSchema.nullable()),
      /** Branch name or commit sha to build on (parent and base tree); default: the branch itself if it exists. */
      from: z.string().optional(),
      /** Ignore the base tree: the commit holds exactly `files`. */
      replace: z.boolean().optional(),
      message: z.string().optional(),
      author: z.object({ name: z.string(), email: z.string() }).optional(),
    }),
    result: z.object({ commit: z.string(), tree: z.string() }),
  },
  readTree: {
    args: z.object({ ...repoRef, ref: z.string() }),
    result: z.object({ files: z.array(z.object({ path: z.string(), mode: fileModeSchema, base64: z.string() })) }),
  },
  getRef: {
    args: z.object({ ...repoRef, ref: z.string() }),
    result: z.object({ sha: z.string().nullable() }),
  },
  listCommits: {
    args: z.object({ ...repoRef, ref: z.string(), limit: z.number().int().positive().optional() }),
    result: z.object({
      commits: z.array(
        z.object({
          sha: z.string(),
          tree: z.string(),
          parents: z.array(z.string()),
          message: z.string(),
          author: z.object({ name: z.string(), email: z.string() }),
          verified: z.boolean(),
        }),
      ),
    }),
  },
  seedPullRequest: {
    args: z.object({
      ...repoRef,
      /** "branch" or "owner:branch" (a fork created with createRepo({ forkOf })). */
      head: z.string(),
      base: z.string(),
      title: z.string().optional(),
      body: z.string().nullable().optional(),
      author: accountSchema.optional(),
      draft: z.boolean().optional(),
      state: z.enum(['open', 'closed']).optional(),
    }),
    result: z.object({ number: z.number() }),
  },
  seedComment: {
    args: z.object({
      ...repoRef,
      issueNumber: z.number().int().positive(),
      body: z.string(),
      author: accountSchema.optional(),
      authorAssociation: authorAssociationSchema.optional(),
      /** A minimized reason ("outdated", "spam", ...) or absent. */
      minimized: z.string().optional(),
    }),
    result: z.object({ id: z.number(), nodeId: z.string() }),
  },
  minimizeComment: {
    args: z.object({ ...repoRef, commentId: z.number().int(), reason: z.string().optional() }),
    result: empty,
  },
  snapshot: {
    args: z.object(repoRef),
    result: z.object({
      defaultBranch: z.string(),
      refs: z.record(z.string(), z.string()),
      comments: z.array(
        z.object({
          id: z.number(),
          issueNumber: z.number(),
          body: z.string(),
          author: z.string(),
          createdAt: z.string(),
          updatedAt: z.string(),
          minimized: z.string().nullable(),
        }),
      ),
      pulls: z.array(
        z.object({
          number: z.number(),
          state: z.enum(['open', 'closed']),
          title: z.string(),
          body: z.string().nullable(),
          head: z.string(),
          headRepo: z.string(),
          headSha: z.string(),
          base: z.string(),
          author: z.string(),
          merged: z.boolean(),
        }),
      ),
    }),
  },
  /** A `pull_request` webhook payload for GITHUB_EVENT_PATH, built from the fake's current state. */
  pullRequestEvent: {
    args: z.object({ ...repoRef, number: z.number().int().positive(), action: z.string().optional() }),
    result: z.record(z.string(), z.unknown()),
  },
  /** An ACTIONS_RUNTIME_TOKEN (a JWT) for one job of one workflow run, for the artifact service. */
  addRuntimeToken: {
    args: z.object({ ...sessionRef, runBackendId: z.string().min(1), jobBackendId: z.string().min(1) }),
    result: z.object({ token: z.string() }),
  },
  /** A finalized artifact of a workflow run, as if a job had uploaded this zip. */
  seedArtifact: {
    args: z.object({ ...sessionRef, runBackendId: z.string().min(1), jobBackendId: z.string().optional(), name: z.string().min(1), base64: z.string() }),
    result: z.object({ id: z.number() }),
  },
  listArtifacts: {
    args: z.object(sessionRef),
    result: z.object({
      artifacts: z.array(z.object({ id: z.number(), runBackendId: z.string(), jobBackendId: z.string(), name: z.string(), size: z.number(), finalized: z.boolean(), base64: z.string() })),
    }),
  },
  addFault: { args: z.object({ ...sessionRef, fault: faultSpecSchema }), result: z.object({ id: z.string() }) },
  clearFaults: { args: z.object(sessionRef), result: empty },
  listFaults: {
    args: z.object(sessionRef),
    result: z.object({
      faults: z.array(faultSpecSchema.extend({ id: z.string(), fired: z.number(), exhausted: z.boolean() })),
    }),
  },
  requests: { args: z.object(sessionRef), result: z.object({ requests: z.array(requestLogEntrySchema) }) },
  /** The session's violations plus those no session could be blamed for (unknown token). */
  violations: { args: z.object(sessionRef), result: z.object({ violations: z.array(violationSchema) }) },
} as const;

export type ControlMethod = keyof typeof control;
/** What a caller passes (defaults not yet applied). */
export type ControlArgs<M extends ControlMethod> = z.input<(typeof control)[M]['args']>;
/** What a handler receives after parsing. */
export type ControlParsedArgs<M extends ControlMethod> = z.output<(typeof control)[M]['args']>;
export type ControlResult<M extends ControlMethod> = z.output<(typeof control)[M]['result']>;

export const CONTROL_PREFIX = '/__control';
