/**
 * The rollout files a pull request touches, with their text before (at the merge base) and
 * after (at the head), so the gate can refuse state edited by hand (RELIABILITY T4).
 */
import type { GitRepo } from './repo.js';

export interface RolloutFileChange {
  /** Repository-relative path of the rollout file. */
  path: string;
  /** The rollout id (the file name without .yml). */
  id: string;
  before?: string;
  after?: string;
}

export async function changedRolloutFiles(repo: GitRepo, mergeBase: string, head: string, storePath: string): Promise<RolloutFileChange[]> {
  const dir = `${storePath ? `${storePath}/` : ''}rollouts/`;
  const changes: RolloutFileChange[] = [];
  for (const path of (await repo.changedPaths(mergeBase, head, [dir])).filter((p) => p.startsWith(dir) && p.endsWith('.yml') && !p.slice(dir.length).includes('/'))) {
    const before = await repo.fileAt(mergeBase, path);
    const after = await repo.fileAt(head, path);
    changes.push({ path, id: path.slice(dir.length, -'.yml'.length), ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) });
  }
  return changes;
}
