/**
 * A lifecycle change on GitHub: one verified commit on a fixed branch (for cleanup,
 * promotion-gate/cleanup) made through the Git Data API, and one pull request, created or
 * updated in place, with the same rules as promotion (RELIABILITY G8-G12): every attempt
 * first reads what exists, the branch is ours only if every commit on it is, it only ever
 * moves forward, and the pull request is found by its branch before one is created.
 *
 * Folders move as whole subtrees (one tree entry each) and deletions remove whole folders,
 * so a change of a hundred runs is still one small POST /git/trees. The events of an earlier
 * attempt are adopted (same action, same entry: its file, time and all), so a re-run of an
 * unchanged plan builds the very same tree and reports `unchanged`.
 */
import { UsageError } from '../contract/errors.js';
import type { GitHubClient } from '../github/client.js';
import { GitData, type Repo, type TreeWrite } from '../github/git-data.js';
import { entryAt, listFolder } from '../github/git-data-paths.js';
import { readOwnedBranch, writeBranch } from '../promote/github/branch.js';
import { branchMovedUnderUs } from '../github/refusals.js';
import { upsertPullRequest } from '../github/pull-requests.js';
import { PromotionRefused } from '../promote/plan/errors.js';
import { gitBlobSha } from '../git/blob-id.js';
import { changeCommitMessage } from './apply-commit.js';
import type { StoreChange } from './change.js';
import { ChangeRefused } from './errors.js';
import { EVENTS_DIR, parseEventFile, type EventFile } from '../store/events.js';

const ATTEMPTS = 3;

export interface GitHubChangeInput {
  client: GitHubClient;
  repo: Repo;
  baseBranch: string;
  /** The store's path in the repository ('' at the root, else without a trailing slash). */
  storePath: string;
  branch: string;
  /** The id in the commit trailers that marks the branch as this change's. */
  changeId: string;
  change: StoreChange;
  pullRequest: { title: string; body: string };
  log(message: string): void;
}

export interface GitHubChangeResult {
  operation: 'created' | 'updated' | 'unchanged';
  pullRequestUrl?: string;
  branch: string;
  commit?: string;
}

/** The same action on the same entry: an earlier attempt's event stands for this one. */
const sameAction = (a: EventFile['event'], b: EventFile['event']): boolean => a.type === b.type && a.subject === b.subject && a.from === b.from && a.to === b.to;

/** Event files the branch adds to the base (by name), as written. */
async function eventsOnBranch(git: GitData, baseTree: string, branchTree: string, prefix: string): Promise<EventFile[]> {
  const folder = `${prefix}${EVENTS_DIR}`;
  const onBase = (await listFolder(git, baseTree, folder))?.files ?? new Map();
  const onBranch = (await listFolder(git, branchTree, folder))?.files ?? new Map();
  const out: EventFile[] = [];
  for (const [name, item] of onBranch) {
    if (onBase.get(name)?.sha === item.sha || item.type !== 'blob') continue;
    const content = await git.blobText(item.sha);
    try {
      out.push({ path: `${EVENTS_DIR}/${name}`, content, event: parseEventFile(name, content, name) });
    } catch {
      // Not an event we can adopt: the plan writes its own.
    }
  }
  return out;
}

function adopt(planned: EventFile[], earlier: EventFile[]): EventFile[] {
  return planned.map((event) => earlier.find((e) => sameAction(e.event, event.event)) ?? event);
}

async function attempt(input: GitHubChangeInput): Promise<GitHubChangeResult> {
  const git = new GitData(input.client, input.repo);
  const prefix = input.storePath === '' ? '' : `${input.storePath}/`;
  const baseHead = await git.branchHead(input.baseBranch);
  if (baseHead === null) throw new UsageError(`base branch ${input.baseBranch} not found in ${input.repo.owner}/${input.repo.repo}`);
  const baseTree = (await git.commit(baseHead)).tree;

  let owned;
  try {
    owned = await readOwnedBranch(git, input.branch, input.changeId, {
      what: input.change.kind,
      wayOut: `merge or close that work and delete branch ${input.branch}; the next run opens a fresh pull request`,
    });
  } catch (error) {
    if (error instanceof PromotionRefused) throw new ChangeRefused(error.message);
    throw error;
  }
  const events = owned ? adopt(input.change.events, await eventsOnBranch(git, baseTree, owned.tree, prefix)) : input.change.events;

  const writes: TreeWrite[] = [];
  const moved = new Map<string, string>();
  for (const move of input.change.moves) {
    const source = await entryAt(git, baseTree, `${prefix}${move.from}`);
    if (source?.type !== 'tree') throw new UsageError(`${prefix}${move.from} is not a folder on ${input.baseBranch} (the checkout is older than the branch?): re-run on the branch's head`);
    if ((await entryAt(git, baseTree, `${prefix}${move.to}`)) !== null) throw new UsageError(`${prefix}${move.to} already exists on ${input.baseBranch}: an entry is never moved onto another`);
    moved.set(move.to, source.sha);
    writes.push({ path: `${prefix}${move.to}`, mode: '040000', type: 'tree', sha: source.sha });
    writes.push({ path: `${prefix}${move.from}`, mode: '040000', type: 'tree', sha: null });
  }
  for (const folder of input.change.deletes) {
    if ((await entryAt(git, baseTree, `${prefix}${folder}`))?.type !== 'tree') throw new UsageError(`${prefix}${folder} is not a folder on ${input.baseBranch}: re-run on the branch's head`);
    writes.push({ path: `${prefix}${folder}`, mode: '040000', type: 'tree', sha: null });
  }
  for (const event of events) {
    const there = await entryAt(git, baseTree, `${prefix}${event.path}`);
    if (there !== null && there.sha === gitBlobSha(Buffer.from(event.content, 'utf8'))) continue;
    if (there !== null) throw new UsageError(`${prefix}${event.path} already exists on ${input.baseBranch} with other content: an event file is never overwritten`);
    writes.push({ path: `${prefix}${event.path}`, mode: '100644', type: 'blob', content: event.content });
  }
  if (writes.length === 0) return { operation: 'unchanged', branch: input.branch };

  const tree = await git.createTree(baseTree, writes);
  // Read back what GitHub built before anything points at it.
  for (const move of input.change.moves) {
    if ((await entryAt(git, tree, `${prefix}${move.to}`))?.sha !== moved.get(move.to) || (await entryAt(git, tree, `${prefix}${move.from}`)) !== null) {
      throw new Error(`GitHub built a tree that differs from the change at ${prefix}${move.to}: nothing was committed`);
    }
  }
  for (const folder of input.change.deletes) {
    if ((await entryAt(git, tree, `${prefix}${folder}`)) !== null) throw new Error(`GitHub built a tree that still holds ${prefix}${folder}: nothing was committed`);
  }

  const written = await writeBranch(git, { branch: input.branch, owned, baseHead, tree, message: changeCommitMessage(input.change, input.changeId, baseHead) });
  input.log(`branch ${input.branch}: ${written.operation} (${written.tip.slice(0, 12)}, based on ${input.baseBranch} ${baseHead.slice(0, 12)})`);
  let pull;
  try {
    pull = await upsertPullRequest(input.client, input.repo, { base: input.baseBranch, branch: input.branch, ...input.pullRequest });
  } catch (error) {
    if (error instanceof PromotionRefused) throw new ChangeRefused(error.message);
    throw error;
  }
  const operation = pull.operation === 'created' ? 'created' : written.operation !== 'unchanged' || pull.operation === 'updated' ? 'updated' : 'unchanged';
  return { operation, ...(pull.url ? { pullRequestUrl: pull.url } : {}), branch: input.branch, commit: written.tip };
}

/** Applies the change; a branch moved by a concurrent run is read again and the attempt repeated. */
export async function applyOnGitHub(input: GitHubChangeInput): Promise<GitHubChangeResult> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(input);
    } catch (error) {
      if (!branchMovedUnderUs(error) || n >= ATTEMPTS) throw error;
      input.log(`branch ${input.branch} moved while writing (another run?): reading it again (attempt ${n + 1} of ${ATTEMPTS})`);
    }
  }
}
