// A content-addressed git object store with real git SHA-1 ids, so the fake's shas equal the
// ones `git hash-object` would give: identical trees get identical ids, which is what
// idempotency assertions ("one commit tree") rely on.
import { createHash } from 'node:crypto';

export type FileMode = '100644' | '100755' | '120000' | '160000';
export type TreeMode = FileMode | '040000';
export type ObjectType = 'blob' | 'tree' | 'commit';

export interface TreeEntry {
  name: string;
  mode: TreeMode;
  type: ObjectType;
  sha: string;
}

export interface GitPerson {
  name: string;
  email: string;
  /** ISO 8601, whole seconds, UTC ("2024-01-01T00:00:00Z"). */
  date: string;
}

export interface Verification {
  verified: boolean;
  reason: string;
  signature: string | null;
  payload: string | null;
  verified_at: string | null;
}

export interface CommitData {
  tree: string;
  parents: string[];
  message: string;
  author: GitPerson;
  committer: GitPerson;
  verification: Verification;
}

export type GitObject =
  | { type: 'blob'; content: Buffer }
  | { type: 'tree'; entries: TreeEntry[] }
  | ({ type: 'commit' } & CommitData);

/** A flattened tree: full path -> leaf entry (blobs, symlinks and submodules; no trees). */
export type FlatTree = Map<string, { mode: FileMode; type: 'blob' | 'commit'; sha: string }>;

export class GitError extends Error {}

function hashObject(type: ObjectType, payload: Buffer): string {
  const header = Buffer.from(`${type} ${payload.length}\0`);
  return createHash('sha1').update(header).update(payload).digest('hex');
}

// git orders tree entries by name, comparing a subtree's name as if it ended with '/'.
function sortKey(entry: TreeEntry): Buffer {
  return Buffer.from(entry.type === 'tree' ? `${entry.name}/` : entry.name);
}

function encodeTree(entries: TreeEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    // Raw tree objects write directory modes without the leading zero.
    const mode = entry.mode === '040000' ? '40000' : entry.mode;
    parts.push(Buffer.from(`${mode} ${entry.name}\0`), Buffer.from(entry.sha, 'hex'));
  }
  return Buffer.concat(parts);
}

function formatPerson(person: GitPerson): string {
  const seconds = Math.floor(Date.parse(person.date) / 1000);
  return `${person.name} <${person.email}> ${seconds} +0000`;
}

function encodeCommit(commit: CommitData): Buffer {
  const lines = [`tree ${commit.tree}`];
  for (const parent of commit.parents) lines.push(`parent ${parent}`);
  lines.push(`author ${formatPerson(commit.author)}`, `committer ${formatPerson(commit.committer)}`);
  return Buffer.from(`${lines.join('\n')}\n\n${commit.message}`);
}

export class ObjectStore {
  private readonly objects = new Map<string, GitObject>();

  get(sha: string): GitObject | undefined {
    return this.objects.get(sha);
  }

  putBlob(content: Buffer): string {
    const sha = hashObject('blob', content);
    if (!this.objects.has(sha)) this.objects.set(sha, { type: 'blob', content: Buffer.from(content) });
    return sha;
  }

  putTree(entries: TreeEntry[]): string {
    const sorted = [...entries].sort((a, b) => Buffer.compare(sortKey(a), sortKey(b)));
    const sha = hashObject('tree', encodeTree(sorted));
    if (!this.objects.has(sha)) this.objects.set(sha, { type: 'tree', entries: sorted });
    return sha;
  }

  putCommit(commit: CommitData): string {
    const sha = hashObject('commit', encodeCommit(commit));
    // The first write wins: a re-created identical commit keeps its original verification.
    if (!this.objects.has(sha)) this.objects.set(sha, { type: 'commit', ...commit, parents: [...commit.parents] });
    return sha;
  }

  blob(sha: string): Buffer | undefined {
    const obj = this.objects.get(sha);
    return obj?.type === 'blob' ? obj.content : undefined;
  }

  tree(sha: string): TreeEntry[] | undefined {
    const obj = this.objects.get(sha);
    return obj?.type === 'tree' ? obj.entries : undefined;
  }

  commit(sha: string): CommitData | undefined {
    const obj = this.objects.get(sha);
    if (obj?.type !== 'commit') return undefined;
    const { type: _type, ...data } = obj;
    return data;
  }

  /** Flattens a tree recursively into path -> leaf. */
  flatten(treeSha: string, prefix = '', into: FlatTree = new Map()): FlatTree {
    const entries = this.tree(treeSha);
    if (!entries) throw new GitError(`tree ${treeSha} does not exist`);
    for (const entry of entries) {
      const path = prefix + entry.name;
      if (entry.type === 'tree') this.flatten(entry.sha, `${path}/`, into);
      else into.set(path, { mode: entry.mode as FileMode, type: entry.type === 'commit' ? 'commit' : 'blob', sha: entry.sha });
    }
    return into;
  }

  /** Builds nested tree objects from a flat map; returns the root tree sha. Empty folders vanish, as in git. */
  buildFromFlat(flat: FlatTree): string {
    interface Dir {
      files: TreeEntry[];
      dirs: Map<string, Dir>;
    }
    const root: Dir = { files: [], dirs: new Map() };
    for (const [path, leaf] of flat) {
      const parts = path.split('/');
      const name = parts.pop();
      if (name === undefined) continue;
      let dir = root;
      for (const part of parts) {
        let next = dir.dirs.get(part);
        if (!next) {
          next = { files: [], dirs: new Map() };
          dir.dirs.set(part, next);
        }
        dir = next;
      }
      dir.files.push({ name, mode: leaf.mode, type: leaf.type, sha: leaf.sha });
    }
    const write = (dir: Dir): string => {
      const entries = [...dir.files];
      for (const [name, sub] of dir.dirs) entries.push({ name, mode: '040000', type: 'tree', sha: write(sub) });
      return this.putTree(entries);
    };
    return write(root);
  }

  /** Walks all ancestors of `from` (inclusive); `limit` bounds the walk against cycles in bad seeds. */
  ancestors(from: string, limit = 100_000): Set<string> {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0 && seen.size < limit) {
      const sha = stack.pop();
      if (sha === undefined || seen.has(sha)) continue;
      const commit = this.commit(sha);
      if (!commit) continue;
      seen.add(sha);
      stack.push(...commit.parents);
    }
    return seen;
  }

  isAncestor(ancestor: string, descendant: string): boolean {
    return this.ancestors(descendant).has(ancestor);
  }
}

/** Checks a tree path the way GitHub does: relative, no empty, '.' or '..' components, no NUL. */
export function isValidTreePath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.endsWith('/') || path.includes('\0')) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..' && part !== '.git');
}
