/**
 * The promotion commit's tree, built on the base head's tree in one POST /git/trees: the
 * destination's files (moved files reuse the blobs the base already holds, so they are
 * byte-identical by construction), the run's paths deleted, and the policy for set-pin.
 */
import type { PromotionPlan } from '../promote/types.js';
import type { GitData, TreeItem, TreeWrite } from './git-data.js';

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

async function upload(git: GitData, content: Buffer, expected: string | undefined, what: string): Promise<string> {
  const sha = await git.createBlob(content);
  if (expected !== undefined && sha !== expected) throw new Error(`GitHub stored ${what} as blob ${sha}, expected ${expected}: refusing to commit different bytes`);
  return sha;
}

/** The entries to write; empty when the base already holds everything. */
export async function treeWrites(git: GitData, input: TreeInput): Promise<TreeWrite[]> {
  const { plan, prefix } = input;
  const writes: TreeWrite[] = [];
  if (plan.destination === 'new') {
    for (const file of plan.files) {
      const path = `${prefix}${plan.destinationDir}/${file.rel}`;
      let sha = file.gitSha;
      if (file.content !== undefined) sha = await upload(git, file.content, file.gitSha, path);
      else if (input.runOnBase.get(file.rel)?.sha !== file.gitSha) sha = await upload(git, await input.readSource(file.rel), file.gitSha, path);
      writes.push({ path, mode: file.mode, type: 'blob', sha });
    }
  }
  for (const [rel, item] of [...input.runOnBase].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const mode = item.mode === '100755' || item.mode === '120000' ? item.mode : '100644';
    writes.push({ path: `${prefix}${plan.sourceDir}/${rel}`, mode, type: 'blob', sha: null });
  }
  if (input.policy) {
    const sha = await upload(git, Buffer.from(input.policy.text, 'utf8'), undefined, input.policy.repoPath);
    writes.push({ path: input.policy.repoPath, mode: '100644', type: 'blob', sha });
  }
  return writes;
}

export async function buildTree(git: GitData, input: TreeInput): Promise<string | null> {
  const writes = await treeWrites(git, input);
  return writes.length === 0 ? null : git.createTree(input.baseTree, writes);
}
