/**
 * One sticky comment per run on a pull request (DESIGN.md section 6; RELIABILITY G4-G7).
 *
 * Found by its marker AND this token's own author AND not minimized, across every page of
 * comments; updated in place. Creating is an upsert: the POST is never retried blindly, and
 * after an answer that leaves the outcome unknown (5xx, reset) the comment is looked for
 * again before anything else is written. Two gate runs racing on one PR can both create;
 * each re-lists afterwards and the oldest comment wins, the others are deleted, so one
 * comment remains. Whether a newer head's comment may be replaced is the caller's call
 * (`mayReplace`), made from the head SHA recorded in the comment.
 */
import { markerComment } from '../report/escape.js';
import type { GitHubClient } from './client.js';
import { httpStatus, outcomeUnknown } from './errors.js';
import type { TokenIdentity } from './identity.js';
import { minimizedIds } from './minimized.js';

export interface StickyTarget {
  owner: string;
  repo: string;
  issueNumber: number;
  /** The run id the marker is keyed by. */
  key: string;
}

export interface FoundComment {
  id: number;
  body: string;
  url: string;
}

export type StickyOperation = 'created' | 'updated' | 'unchanged' | 'kept-newer';

export interface StickyResult {
  operation: StickyOperation;
  url: string;
  /** Duplicates this run removed (races, or a create whose answer was lost). */
  removed: number;
}

export async function findOwnComments(client: GitHubClient, target: StickyTarget, identity: TokenIdentity): Promise<FoundComment[]> {
  const marker = markerComment(target.key);
  const all = await client.paginate(client.rest.issues.listComments, { owner: target.owner, repo: target.repo, issue_number: target.issueNumber, per_page: 100 });
  const mine = all.filter((c) => (c.body ?? '').startsWith(marker) && identity.isOwn(c.user));
  const hidden = await minimizedIds(client, mine);
  return mine
    .filter((c) => !hidden.has(c.id))
    .sort((a, b) => a.id - b.id)
    .map((c) => ({ id: c.id, body: c.body ?? '', url: c.html_url }));
}

export interface UpsertOptions {
  body: string;
  /** Whether `existing` (written for some head) may be overwritten by this run's body. */
  mayReplace(existing: FoundComment): Promise<boolean>;
  log(message: string): void;
}

export async function upsertStickyComment(client: GitHubClient, target: StickyTarget, identity: TokenIdentity, options: UpsertOptions): Promise<StickyResult> {
  const repo = { owner: target.owner, repo: target.repo };
  let existing = await findOwnComments(client, target, identity);
  let operation: StickyOperation;
  let current: FoundComment | undefined = existing[0];

  if (current === undefined) {
    try {
      const { data } = await client.rest.issues.createComment({ ...repo, issue_number: target.issueNumber, body: options.body, request: { retries: 0 } });
      identity.adopt(data.user);
      current = { id: data.id, body: options.body, url: data.html_url };
    } catch (error) {
      if (!outcomeUnknown(error)) throw error;
      // The comment may exist although the answer was lost: look before writing again.
      options.log('creating the comment gave no clear answer; looking for it before trying again');
      current = (await findOwnComments(client, target, identity))[0];
      if (current === undefined) {
        const { data } = await client.rest.issues.createComment({ ...repo, issue_number: target.issueNumber, body: options.body, request: { retries: 0 } });
        identity.adopt(data.user);
        current = { id: data.id, body: options.body, url: data.html_url };
      }
    }
    operation = 'created';
  } else {
    operation = await writeOver(client, repo, current, options);
  }

  // Converge after a race: the oldest of our marked comments stays, the rest go.
  existing = await findOwnComments(client, target, identity);
  const keep = existing[0];
  let removed = 0;
  for (const extra of existing.slice(1)) {
    await client.rest.issues.deleteComment({ ...repo, comment_id: extra.id }).catch((error: unknown) => {
      // Another run may have deleted it first.
      if (httpStatus(error) !== 404) throw error;
    });
    removed++;
  }
  if (keep && current && keep.id !== current.id) {
    // Our comment lost the race: carry our body over to the one that stays, if allowed.
    operation = await writeOver(client, repo, keep, options);
    current = keep;
  }
  return { operation, url: current?.url ?? '', removed };
}

async function writeOver(client: GitHubClient, repo: { owner: string; repo: string }, comment: FoundComment, options: UpsertOptions): Promise<StickyOperation> {
  if (comment.body === options.body) return 'unchanged';
  if (!(await options.mayReplace(comment))) return 'kept-newer';
  // PATCH is idempotent, so the client's retries are safe here.
  await client.rest.issues.updateComment({ ...repo, comment_id: comment.id, body: options.body });
  return 'updated';
}
