// Git operations on a fake repository, shared by the git data routes and the test-side seeding,
// so seeded state and API-made state follow the same rules.
import type { CommitData, FileMode, FlatTree, GitPerson, TreeMode, Verification } from './git-objects.js';
import { isValidTreePath } from './git-objects.js';
import { unprocessable } from './http.js';
import type { Account, RepoState, Session } from './state.js';

const HEX40 = /^[0-9a-f]{40}$/;

/** "heads/x", "refs/heads/x" -> "refs/heads/x" (the forms the refs endpoints take). */
export function fullRefName(ref: string): string {
  return ref.startsWith('refs/') ? ref : `refs/${ref}`;
}

/** A commit sha from a sha, a full or short ref name, or a branch name. */
export function resolveCommit(repo: RepoState, refish: string): string | undefined {
  if (HEX40.test(refish) && repo.git.commit(refish)) return refish;
  for (const candidate of [refish, `refs/${refish}`, `refs/heads/${refish}`, `refs/tags/${refish}`]) {
    const sha = repo.refs.get(candidate);
    if (sha) return sha;
  }
  return undefined;
}

/** A tree sha from a tree sha, a commit sha or a ref/branch name (GET /git/trees accepts all). */
export function resolveTree(repo: RepoState, refish: string): string | undefined {
  if (HEX40.test(refish) && repo.git.tree(refish)) return refish;
  const commit = resolveCommit(repo, refish);
  return commit ? repo.git.commit(commit)?.tree : undefined;
}

export function readFiles(repo: RepoState, refish: string): Map<string, { content: Buffer; mode: FileMode }> {
  const tree = resolveTree(repo, refish);
  if (!tree) throw new Error(`${refish} does not name a commit or tree in ${repo.owner.login}/${repo.name}`);
  const files = new Map<string, { content: Buffer; mode: FileMode }>();
  for (const [path, leaf] of repo.git.flatten(tree)) {
    const content = repo.git.blob(leaf.sha);
    if (leaf.type === 'blob' && content) files.set(path, { content, mode: leaf.mode });
  }
  return files;
}

export interface TreeChange {
  path: string;
  mode: TreeMode;
  type: 'blob' | 'tree' | 'commit';
  /** null deletes; undefined means `content` is given. */
  sha?: string | null;
  content?: string;
}

const MODE_FOR_TYPE: Record<TreeChange['type'], readonly TreeMode[]> = {
  blob: ['100644', '100755', '120000'],
  tree: ['040000'],
  commit: ['160000'],
};

const TREES_DOCS = '/git/trees#create-a-tree';

function hasUnder(flat: FlatTree, dir: string): boolean {
  const prefix = `${dir}/`;
  for (const path of flat.keys()) if (path.startsWith(prefix)) return true;
  return false;
}

function removeUnder(flat: FlatTree, dir: string): void {
  const prefix = `${dir}/`;
  for (const path of [...flat.keys()]) if (path.startsWith(prefix)) flat.delete(path);
}

/** A file cannot sit where a folder is, nor below a file. */
function checkNoClash(flat: FlatTree, path: string): void {
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    if (flat.has(parts.slice(0, i).join('/'))) throw unprocessable('GitRPC::BadObjectState', TREES_DOCS);
  }
}

/**
 * POST /git/trees semantics: start from `baseTree` (or nothing), apply each change by full
 * path (nested paths reach into subtrees), `sha: null` deletes a file or a whole folder.
 */
export function buildTree(repo: RepoState, baseTree: string | undefined, changes: TreeChange[]): string {
  const git = repo.git;
  let flat: FlatTree = new Map();
  if (baseTree !== undefined) {
    if (!git.tree(baseTree)) throw unprocessable('base_tree is not a valid tree oid', TREES_DOCS);
    flat = git.flatten(baseTree);
  }
  for (const change of changes) {
    if (!isValidTreePath(change.path)) throw unprocessable('tree.path contains a malformed path component', TREES_DOCS);
    if (!MODE_FOR_TYPE[change.type].includes(change.mode)) {
      throw unprocessable(`tree.mode ${change.mode} is not valid for type ${change.type}`, TREES_DOCS);
    }
    const hasSha = change.sha !== undefined;
    const hasContent = change.content !== undefined;
    if (hasSha === hasContent) {
      throw unprocessable('Must supply either tree.sha or tree.content. Request will be rejected if both are present.', TREES_DOCS);
    }
    if (change.sha === null) {
      // Deleting something that is not there is an error on GitHub, not a no-op.
      const existed = flat.delete(change.path) || hasUnder(flat, change.path);
      if (!existed) throw unprocessable('GitRPC::BadObjectState', TREES_DOCS);
      removeUnder(flat, change.path);
      continue;
    }
    checkNoClash(flat, change.path);
    if (change.content !== undefined) {
      if (change.type !== 'blob') throw unprocessable('tree.content is only valid for blobs', TREES_DOCS);
      if (hasUnder(flat, change.path)) throw unprocessable('GitRPC::BadObjectState', TREES_DOCS);
      flat.set(change.path, { mode: change.mode as FileMode, type: 'blob', sha: git.putBlob(Buffer.from(change.content, 'utf8')) });
      continue;
    }
    const sha = change.sha ?? '';
    if (change.type === 'tree') {
      if (!git.tree(sha)) throw unprocessable(`tree.sha ${sha} is not a valid tree`, TREES_DOCS);
      flat.delete(change.path);
      removeUnder(flat, change.path);
      git.flatten(sha, `${change.path}/`, flat);
    } else {
      if (change.type === 'blob' && !git.blob(sha)) throw unprocessable(`tree.sha ${sha} is not a valid blob`, TREES_DOCS);
      if (hasUnder(flat, change.path)) throw unprocessable('GitRPC::BadObjectState', TREES_DOCS);
      flat.set(change.path, { mode: change.mode as FileMode, type: change.type, sha });
    }
  }
  return git.buildFromFlat(flat);
}

export function noreplyEmail(account: Account): string {
  return `${account.id}+${account.login}@users.noreply.github.com`;
}

const UNSIGNED: Verification = { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null };

/**
 * Commits made through the API are signed by GitHub (verified) unless the caller sets its own
 * committer or signature; commits seeded by tests stand for pushes and are unsigned.
 */
export function createCommit(
  session: Session,
  repo: RepoState,
  input: {
    message: string;
    tree: string;
    parents: string[];
    author?: Partial<GitPerson> | undefined;
    committer?: Partial<GitPerson> | undefined;
    signature?: string | undefined;
    by: Account;
    signed: boolean;
  },
): string {
  if (!repo.git.tree(input.tree)) throw unprocessable('Tree SHA does not exist', '/git/commits#create-a-commit');
  for (const parent of input.parents) {
    if (!repo.git.commit(parent)) throw unprocessable('Parent SHA does not exist or is not a commit object', '/git/commits#create-a-commit');
  }
  const now = session.clock.now();
  const fallback: GitPerson = { name: input.by.login, email: noreplyEmail(input.by), date: now };
  const person = (p: Partial<GitPerson> | undefined, base: GitPerson): GitPerson => ({
    name: p?.name ?? base.name,
    email: p?.email ?? base.email,
    date: p?.date ?? base.date,
  });
  const author = person(input.author, fallback);
  const committer = input.committer ? person(input.committer, author) : { name: 'GitHub', email: 'noreply@github.com', date: now };
  const signed = input.signed && input.committer === undefined && input.signature === undefined;
  const data: CommitData = {
    tree: input.tree,
    parents: input.parents,
    message: input.message,
    author,
    committer,
    verification: signed
      ? {
          verified: true,
          reason: 'valid',
          signature: '-----BEGIN PGP SIGNATURE-----\n\nwsBcBAABCAAQBQJfakefakefake\n-----END PGP SIGNATURE-----\n',
          payload: `tree ${input.tree}\n${input.parents.map((p) => `parent ${p}\n`).join('')}\n${input.message}`,
          verified_at: now,
        }
      : input.signature !== undefined
        ? { verified: false, reason: 'unknown_key', signature: input.signature, payload: null, verified_at: null }
        : UNSIGNED,
  };
  return repo.git.putCommit(data);
}

/** Moves or creates a ref; deleting a pull request's head branch closes it, as on GitHub. */
export function setRef(session: Session, repo: RepoState, ref: string, sha: string | null): void {
  if (sha !== null) {
    repo.refs.set(ref, sha);
    return;
  }
  const lastSha = repo.refs.get(ref);
  repo.refs.delete(ref);
  const branch = ref.replace(/^refs\/heads\//, '');
  for (const other of session.repos.values()) {
    for (const pull of other.pulls.values()) {
      if (pull.state === 'open' && pull.headRef === branch && session.headRepo(pull) === repo) {
        if (lastSha) pull.lastHeadSha = lastSha;
        pull.state = 'closed';
        pull.closedAt = session.clock.now();
        pull.updatedAt = pull.closedAt;
      }
    }
  }
}
