/**
 * The run folders a pull request adds or changes, found with git between the merge base and
 * the head (not the PR files API, which stops at 3,000 files). Runs the PR deletes are not
 * gated: there is nothing left to evaluate.
 */
import type { GitRepo } from './repo.js';

export interface ChangedRuns {
  /** Run ids, sorted, that exist at the head. */
  runs: string[];
  /** Run ids the PR deletes. */
  deleted: string[];
}

/** `storePath` is repository-relative ('' for a store at the root). */
export async function changedRuns(repo: GitRepo, mergeBase: string, head: string, storePath: string): Promise<ChangedRuns> {
  const runsDir = `${storePath ? `${storePath}/` : ''}runs/`;
  // Without rename detection a run moved elsewhere counts on both sides.
  const touched = new Set<string>();
  for (const path of await repo.changedPaths(mergeBase, head, [runsDir])) {
    if (!path.startsWith(runsDir)) continue;
    const rest = path.slice(runsDir.length);
    const slash = rest.indexOf('/');
    // Only files inside a run folder; a loose file such as runs/README.md is not a run.
    if (slash > 0) touched.add(rest.slice(0, slash));
  }
  if (touched.size === 0) return { runs: [], deleted: [] };
  const atHead = new Set<string>();
  for (const entry of await repo.listTree(head, [...touched].map((id) => `${runsDir}${id}`))) {
    atHead.add(entry.path.slice(runsDir.length).split('/')[0] ?? '');
  }
  const sorted = [...touched].sort();
  return { runs: sorted.filter((id) => atHead.has(id)), deleted: sorted.filter((id) => !atHead.has(id)) };
}
