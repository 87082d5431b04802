/**
 * Reading the files under one folder of a commit's tree through the API: the folder is found
 * one level at a time (never a recursive listing of the whole repository), then listed
 * recursively. A truncated listing is an error, never a partial answer.
 */
import type { GitData, TreeItem } from './git-data.js';

export interface FolderListing {
  /** Blobs by path inside the folder. */
  files: Map<string, TreeItem>;
  /** Something other than a folder sits at the path (a file, a link, a submodule). */
  notAFolder?: TreeItem;
}

/** The tree entry at `path` ("a/b/c") below `rootTree`, or null. */
export async function entryAt(git: GitData, rootTree: string, path: string): Promise<TreeItem | null> {
  let tree = rootTree;
  const parts = path.split('/').filter((p) => p !== '');
  for (let i = 0; i < parts.length; i++) {
    const item = (await git.tree(tree)).items.find((t) => t.path === parts[i]);
    if (!item) return null;
    if (i === parts.length - 1) return item;
    if (item.type !== 'tree') return null;
    tree = item.sha;
  }
  return { path: '', mode: '040000', type: 'tree', sha: rootTree };
}

/** Every entry under `path`, or null when nothing is there. */
export async function listFolder(git: GitData, rootTree: string, path: string): Promise<FolderListing | null> {
  const entry = await entryAt(git, rootTree, path);
  if (!entry) return null;
  if (entry.type !== 'tree') return { files: new Map(), notAFolder: entry };
  const { items, truncated } = await git.tree(entry.sha, true);
  if (truncated) throw new Error(`the tree at ${path} is too large for one GitHub API listing (truncated); promote from a smaller folder`);
  return { files: new Map(items.filter((t) => t.type !== 'tree').map((t) => [t.path, t])) };
}
