/**
 * Action mode on GitHub: one verified commit on promote/<id> based on the base branch head,
 * and one pull request, created or updated in place. Every attempt starts by reading what
 * exists (base head, destination, run, branch, PR), so a re-run after a failure at any step,
 * or two runs at once, converge on one branch, one tree and at most one open PR (G8-G12).
 */
import { UsageError } from '../../contract/errors.js';
import { EVENTS_DIR, eventFileName, parseEventFile } from '../../store/events.js';
import { promotionCommitMessage } from '../plan/commit-message.js';
import { buildPlan, plannedDestination } from '../plan/plan.js';
import { promotionPullRequest, repoPath } from '../plan/pull-request-text.js';
import { promotionBranch } from '../plan/request.js';
import { checkSourceMatchesBase } from '../plan/source-check.js';
import { PromotionRefused } from '../plan/errors.js';
import type { ExistingDestination, PromotionPlan, PromotionRequest, PromotionSource } from '../plan/types.js';
import type { Report } from '../../contract/report.js';
import type { GitHubClient } from '../../github/client.js';
import { GitData, type Repo, type TreeItem } from '../../github/git-data.js';
import { entryAt, listFolder } from '../../github/git-data-paths.js';
import { readOwnedBranch, writeBranch } from './branch.js';
import { branchMovedUnderUs } from '../../github/refusals.js';
import { latestPullRequest, upsertPullRequest } from '../../github/pull-requests.js';
import { buildTree } from './tree.js';

const ATTEMPTS = 3;

export interface GitHubPromotionInput {
  client: GitHubClient;
  repo: Repo;
  baseBranch: string;
  /** The store's path in the repository ('' at the root, else without a trailing slash). */
  storePath: string;
  request: PromotionRequest;
  source: PromotionSource;
  report: Report;
  promotedBy: string;
  now(): string;
  /** Repository path of the policy file, for set-pin. */
  policyPath?: string;
  readSource(rel: string): Promise<Buffer>;
  log(message: string): void;
  /** The workflow run, for the `promoted` event (an earlier attempt's is kept, so a re-run changes nothing). */
  workflowRunUrl?: string;
}

export interface GitHubPromotionResult {
  operation: 'created' | 'updated' | 'unchanged';
  pullRequestUrl?: string;
  /** Repository path of the promoted folder. */
  promotedPath: string;
  branch: string;
  commit?: string;
  alreadyPromoted: boolean;
  plan: PromotionPlan;
}

function asExisting(git: GitData, listing: Awaited<ReturnType<typeof listFolder>>): Promise<ExistingDestination | null> | ExistingDestination | null {
  if (!listing) return null;
  if (listing.notAFolder) return { files: new Map([['', `${listing.notAFolder.type} at the path`]]) };
  const files = new Map([...listing.files].map(([rel, t]) => [rel, t.type === 'blob' && t.mode !== '120000' ? t.sha : `${t.mode}:${t.sha}`]));
  const metadata = listing.files.get('baseline.json');
  if (!metadata || metadata.type !== 'blob') return { files };
  return git.blobText(metadata.sha).then((metadataText) => ({ files, metadataText }));
}

/** The workflow run URL of the `promoted` event an earlier attempt left on the branch, if any. */
async function earlierRunUrl(git: GitData, tree: string, prefix: string, id: string, promotedAt: string): Promise<string | undefined> {
  const name = eventFileName({ at: promotedAt, type: 'promoted', subject: id });
  const item = await entryAt(git, tree, `${prefix}${EVENTS_DIR}/${name}`);
  if (item?.type !== 'blob') return undefined;
  try {
    return parseEventFile(name, await git.blobText(item.sha), name).workflow_run_url;
  } catch {
    return undefined;
  }
}

async function attempt(input: GitHubPromotionInput): Promise<GitHubPromotionResult> {
  const { request, baseBranch } = input;
  const git = new GitData(input.client, input.repo);
  const prefix = input.storePath === '' ? '' : `${input.storePath}/`;
  const branch = promotionBranch(request.id);

  const baseHead = await git.branchHead(baseBranch);
  if (baseHead === null) throw new UsageError(`base branch ${baseBranch} not found in ${input.repo.owner}/${input.repo.repo}`);
  const baseTree = (await git.commit(baseHead)).tree;
  const { destination } = plannedDestination(request, input.source);
  const existing = await asExisting(git, await listFolder(git, baseTree, `${prefix}${destination}`));
  const runListing = await listFolder(git, baseTree, `${prefix}runs/${request.run}`);
  if (runListing?.notAFolder) throw new PromotionRefused(`promotion refused: ${prefix}runs/${request.run} on ${baseBranch} is not a folder`);
  const runOnBase: Map<string, TreeItem> = runListing?.files ?? new Map();
  const policyEntry = request.setPin && input.policyPath ? await entryAt(git, baseTree, input.policyPath) : null;
  const policyText = policyEntry?.type === 'blob' ? await git.blobText(policyEntry.sha) : undefined;

  const owned = await readOwnedBranch(git, branch, request.id);
  const promotedAt = owned?.trailers.promotedAt ?? input.now();
  const workflowRunUrl = (owned && (await earlierRunUrl(git, owned.tree, prefix, request.id, promotedAt))) || input.workflowRunUrl;
  const plan = buildPlan({
    request, source: input.source, report: input.report,
    promotedAt,
    ...(workflowRunUrl === undefined ? {} : { workflowRunUrl }),
    promotedBy: owned?.trailers.promotedBy ?? input.promotedBy,
    existing,
    ...(request.setPin && input.policyPath ? { policy: { path: input.policyPath, text: policyText } } : {}),
  });
  checkSourceMatchesBase(input.source.files, runOnBase, `${prefix}runs/${request.run}`, baseBranch);
  const promotedPath = repoPath(input.storePath, plan.destinationDir);

  const tree = await buildTree(git, {
    baseTree, plan, prefix, runOnBase, readSource: input.readSource,
    ...(plan.policyText !== undefined && input.policyPath ? { policy: { repoPath: input.policyPath, text: plan.policyText } } : {}),
  });
  if (tree === null || tree === baseTree) {
    input.log(`${promotedPath} already holds exactly this promotion on ${baseBranch}: nothing to change`);
    const url = await latestPullRequest(input.client, input.repo, baseBranch, branch);
    return { operation: 'unchanged', ...(url ? { pullRequestUrl: url } : {}), promotedPath, branch, alreadyPromoted: true, plan };
  }

  const written = await writeBranch(git, { branch, owned, baseHead, tree, message: promotionCommitMessage(plan, baseHead) });
  input.log(`branch ${branch}: ${written.operation} (${written.tip.slice(0, 12)}, based on ${baseBranch} ${baseHead.slice(0, 12)})`);
  const text = promotionPullRequest(plan, input.report, input.storePath, plan.policyChange ? input.policyPath : undefined);
  const pull = await upsertPullRequest(input.client, input.repo, { base: baseBranch, branch, ...text });
  if (pull.nothingToMerge) {
    input.log(`GitHub reports no commits between ${baseBranch} and ${branch}: the promotion is already merged`);
  }
  const operation = pull.operation === 'created' ? 'created' : written.operation !== 'unchanged' || pull.operation === 'updated' ? 'updated' : 'unchanged';
  return { operation, ...(pull.url ? { pullRequestUrl: pull.url } : {}), promotedPath, branch, commit: written.tip, alreadyPromoted: pull.nothingToMerge === true, plan };
}

/** Runs the promotion; a branch moved by a concurrent run is re-read and the attempt repeated. */
export async function promoteOnGitHub(input: GitHubPromotionInput): Promise<GitHubPromotionResult> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(input);
    } catch (error) {
      if (!branchMovedUnderUs(error) || n >= ATTEMPTS) throw error;
      input.log(`branch ${promotionBranch(input.request.id)} moved while promoting (another run?): reading it again (attempt ${n + 1} of ${ATTEMPTS})`);
    }
  }
}
