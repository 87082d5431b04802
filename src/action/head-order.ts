/**
 * "An older head never overwrites a newer one" (RELIABILITY G7). Each comment records the
 * head SHA it was written for; before replacing it, git is asked whether our head is an
 * ancestor of the recorded one (then we are the older run). When git cannot tell (the
 * recorded commit is not in this checkout, or history was rewritten), the pull request's
 * current head from the API decides.
 */
import type { GitRepo } from '../git/repo.js';
import type { GitHubClient } from '../github/client.js';
import type { FoundComment } from '../github/sticky-comment.js';

/**
 * The head SHA a rendered report was written for: the footer's "for head [`abc1234`](…/commit/<sha>)",
 * or "for head `<sha>`" when no commit link was known (and in comments of earlier versions).
 */
export function recordedHead(body: string): string | undefined {
  const linked = /\bfor head \[`[0-9a-f]{7}`\]\([^)\s]*\/commit\/([0-9a-f]{40}(?:[0-9a-f]{24})?)\)/.exec(body);
  return linked?.[1] ?? /\bfor head `([0-9a-f]{40}(?:[0-9a-f]{24})?)`/.exec(body)?.[1];
}

export interface HeadOrderInput {
  /** The local clone, to ask git which head is newer. */
  checkout: GitRepo | undefined;
  ourHead: string;
  client: GitHubClient;
  owner: string;
  repo: string;
  pullNumber: number;
  log(message: string): void;
}

export function mayReplaceComment(input: HeadOrderInput): (existing: FoundComment) => Promise<boolean> {
  let currentHead: Promise<string> | undefined;
  return async (existing) => {
    const theirs = recordedHead(existing.body);
    if (theirs === undefined || theirs === input.ourHead) return true;
    const older = input.checkout ? await input.checkout.isAncestor(input.ourHead, theirs) : undefined;
    if (older === true) {
      input.log(`the comment was written for ${theirs.slice(0, 12)}, which is newer than this run's head ${input.ourHead.slice(0, 12)}: left as it is`);
      return false;
    }
    currentHead ??= input.client.rest.pulls.get({ owner: input.owner, repo: input.repo, pull_number: input.pullNumber }).then((r) => r.data.head.sha);
    if ((await currentHead) === theirs) {
      input.log(`the comment was written for ${theirs.slice(0, 12)}, the pull request's current head: left as it is`);
      return false;
    }
    return true;
  };
}
