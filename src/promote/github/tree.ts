/**
 * The promotion commit's tree, built on the base head's tree in one POST /git/trees: moved
 * files reuse the blobs the base already holds (byte-identical by construction), generated
 * text files travel inline, the run's paths are deleted, the policy changes for set-pin, and
 * the promotion's event files are added.
 * The tree GitHub built is then read back and compared with the plan, blob by blob, before
 * anything points at it.
 */
import type { PromotionPlan } from '../plan/types.js';
import type { GitData, TreeItem, TreeWrite } from '../../github/git-data.js';
import { entryAt, listFolder } from '../../github/git-data-paths.js';
import { gitBlobSha } from '../../git/blob-id.js';

export interface TreeInput {
  baseTree: string;
  plan: PromotionPlan;
  /** The store's path in the repository: '' or 'data/eval/'. */
  prefix: string;
  /** The run's files on the base head, by path inside the run (empty when the base lacks it). */
  runOnBase: Map<string, TreeItem>;
  /** A source file's bytes, for a run the base does not hold. */
  readSource(rel: string): Promise<Buffer>;
  policy?: { repoPath: string; text: string };
}

/** The entries to write; empty when the base already holds everything. */
export async function treeWrites(git: GitData, input: TreeInput): Promise<TreeWrite[]> {
  const { plan, prefix } = input;
  const writes: TreeWrite[] = [];
  if (plan.destination === 'new') {
    for (const file of plan.files) {
      const path = `${prefix}${plan.destinationDir}/${file.rel}`;
      if (file.content !== undefined) {
        writes.push({ path, mode: file.mode, type: 'blob', content: file.content.toString('utf8') });
      } else if (input.runOnBase.get(file.rel)?.sha === file.gitSha) {
        writes.push({ path, mode: file.mode, type: 'blob', sha: file.gitSha });
      } else {
        // A run the base does not hold (made in this workflow): its bytes are uploaded as they are.
        writes.push({ path, mode: file.mode, type: 'blob', sha: await git.createBlob(await input.readSource(file.rel)) });
      }
    }
  }
  for (const [rel, item] of [...input.runOnBase].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const mode = item.mode === '100755' || item.mode === '120000' ? item.mode : '100644';
    writes.push({ path: `${prefix}${plan.sourceDir}/${rel}`, mode, type: 'blob', sha: null });
  }
  if (input.policy) writes.push({ path: input.policy.repoPath, mode: '100644', type: 'blob', content: input.policy.text });
  for (const event of plan.events) writes.push({ path: `${prefix}${event.path}`, mode: '100644', type: 'blob', content: event.content });
  return writes;
}

/** The first path where GitHub's tree differs from the plan, or undefined. */
async function differenceFromPlan(git: GitData, tree: string, input: TreeInput): Promise<string | undefined> {
  const { plan, prefix } = input;
  if ((await listFolder(git, tree, `${prefix}${plan.sourceDir}`)) !== null) return `${prefix}${plan.sourceDir}`;
  const listing = await listFolder(git, tree, `${prefix}${plan.destinationDir}`);
  const files = listing?.files ?? new Map<string, TreeItem>();
  for (const file of plan.files) {
    const item = files.get(file.rel);
    if (item?.sha !== file.gitSha || item.mode !== file.mode) return `${prefix}${plan.destinationDir}/${file.rel}`;
  }
  if (files.size !== plan.files.length) return `${prefix}${plan.destinationDir}/ (extra files)`;
  for (const event of plan.events) {
    const item = await entryAt(git, tree, `${prefix}${event.path}`);
    if (item?.sha !== gitBlobSha(Buffer.from(event.content, 'utf8'))) return `${prefix}${event.path}`;
  }
  return undefined;
}

export async function buildTree(git: GitData, input: TreeInput): Promise<string | null> {
  const writes = await treeWrites(git, input);
  if (writes.length === 0) return null;
  const tree = await git.createTree(input.baseTree, writes);
  const difference = await differenceFromPlan(git, tree, input);
  if (difference !== undefined) throw new Error(`GitHub built a tree that differs from the promotion plan at ${difference}: nothing was committed`);
  return tree;
}
