/**
 * The rollout files a pull request touches, with their text before (at the merge base) and
 * after (at the head), so the gate can refuse state edited by hand (RELIABILITY T4).
 */
import { git, gitMaybe } from './git.js';

export interface RolloutFileChange {
  /** Repository-relative path of the rollout file. */
  path: string;
  /** The rollout id (the file name without .yml). */
  id: string;
  before?: string;
  after?: string;
}

export async function changedRolloutFiles(repo: string, mergeBase: string, head: string, storePath: string): Promise<RolloutFileChange[]> {
  const dir = `${storePath ? `${storePath}/` : ''}rollouts/`;
  const out = await git(['diff', '--no-renames', '--name-only', '-z', mergeBase, head, '--', dir], { cwd: repo });
  const changes: RolloutFileChange[] = [];
  for (const path of out.split('\0').filter((p) => p.startsWith(dir) && p.endsWith('.yml') && !p.slice(dir.length).includes('/'))) {
    const before = await gitMaybe(['show', `${mergeBase}:${path}`], { cwd: repo });
    const after = await gitMaybe(['show', `${head}:${path}`], { cwd: repo });
    changes.push({ path, id: path.slice(dir.length, -'.yml'.length), ...(before !== null ? { before } : {}), ...(after !== null ? { after } : {}) });
  }
  return changes;
}
