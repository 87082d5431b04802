/**
 * A git repository behind named verbs (the actions/checkout `IGitCommandManager` way). Callers
 * say `repo.isAncestor(a, b)` or `repo.resolveCommit(ref)`; only src/git/ knows git's arguments
 * (the import check in scripts/check-imports.mjs enforces it). Every verb runs git through
 * `git()`: an argument array, never a shell (G15), with a bounded output buffer.
 */
import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError } from '../contract/errors.js';
import { GitError } from './errors.js';
import { git, gitMaybe, type GitOptions } from './git.js';
import { isRevisionLike } from './refs.js';

const FETCH_HINT = 'check the repository out with its history (actions/checkout with `fetch-depth: 0`)';

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

export interface TreeEntry {
  mode: string;
  type: string;
  sha: string;
  path: string;
}

/** Staging of a tree in a private index file; the repository's own index is never touched. */
export interface TemporaryIndex {
  /** `git read-tree`: start from a commit's tree. */
  readTree(commit: string): Promise<void>;
  /** Removes paths (repository-relative) from the index. */
  remove(paths: string[]): Promise<void>;
  /** `git read-tree --prefix`: adds a tree (`commit:folder`) under another folder. */
  readTreeInto(prefix: string, treeish: string): Promise<void>;
  /** `git rm --cached -r`: removes whole folders from the index (paths taken literally). */
  removeFolders(paths: string[]): Promise<void>;
  /** Adds entries whose blobs are in the object store. */
  add(entries: { mode: string; sha: string; path: string }[]): Promise<void>;
  /** `git write-tree`: the staged tree's id. */
  writeTree(): Promise<string>;
}

/** Paths per call, so no argument list outgrows the system's limit. */
const BATCH = 200;

async function inBatches<T>(items: T[], size: number, run: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await run(items.slice(i, i + size));
}

export class GitRepo {
  private constructor(
    /** The folder git runs in: the work tree's top when found with `containing`. */
    readonly dir: string,
  ) {}

  /** A repository at a folder known to be inside one (git finds the rest). */
  static at(dir: string): GitRepo {
    return new GitRepo(dir);
  }

  /** The repository whose work tree contains `folder`, at its top; undefined outside one. */
  static async containing(folder: string): Promise<GitRepo | undefined> {
    const top = (await gitMaybe(['rev-parse', '--show-toplevel'], { cwd: folder }))?.trim();
    return top ? new GitRepo(top) : undefined;
  }

  /**
   * A new repository at `dir` that borrows `lender`'s objects (git "alternates"), so commits of
   * the lender can be asked about without copying or checking anything out.
   */
  static async initBorrowing(dir: string, lender: GitRepo): Promise<GitRepo> {
    await git(['init', '--quiet', dir], { cwd: path.dirname(dir) });
    const objects = (await gitMaybe(['rev-parse', '--git-path', 'objects'], { cwd: lender.dir }))?.trim();
    if (objects) {
      const absolute = path.isAbsolute(objects) ? objects : path.resolve(lender.dir, objects);
      await writeFile(path.join(dir, '.git', 'objects', 'info', 'alternates'), `${absolute}\n`);
    }
    return new GitRepo(dir);
  }

  private run(args: string[], options: Omit<GitOptions, 'cwd'> = {}): Promise<string> {
    return git(args, { cwd: this.dir, ...options });
  }

  private ask(args: string[], options: Omit<GitOptions, 'cwd'> = {}): Promise<string | null> {
    return gitMaybe(args, { cwd: this.dir, ...options });
  }

  /**
   * The commit a revision names (`HEAD~1`, `main`, `origin/main^`, a sha), or undefined when git
   * knows none. Any revision git accepts works; it is validated by `git rev-parse --verify`
   * alone (never a shell), after `--end-of-options` so a revision that looks like an option
   * (`--output=x`) is only ever a revision.
   */
  async resolveCommit(revision: string): Promise<string | undefined> {
    if (!isRevisionLike(revision)) return undefined;
    return (await this.ask(['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`]))?.trim() || undefined;
  }

  /** The checked-out branch's short name, or undefined on a detached HEAD. */
  async currentBranch(): Promise<string | undefined> {
    return (await this.ask(['symbolic-ref', '--quiet', '--short', 'HEAD']))?.trim() || undefined;
  }

  /** `folder`'s path inside the repository: '' at the top, else ending in '/'. */
  async prefixOf(folder: string): Promise<string> {
    return (await git(['rev-parse', '--show-prefix'], { cwd: folder })).trim();
  }

  /** A folder's path relative to the work tree's top ("/"-separated); starts with `..` outside it. */
  async relativePath(folder: string): Promise<string> {
    return path.relative(await realpath(this.dir), await realpath(folder)).split(path.sep).join('/');
  }

  async isShallow(): Promise<boolean> {
    return (await this.ask(['rev-parse', '--is-shallow-repository']))?.trim() === 'true';
  }

  /** Whether the commit object is present (a sha from an event payload is checked before use). */
  async hasCommit(sha: string): Promise<boolean> {
    if (!SHA.test(sha)) return false;
    return (await this.ask(['cat-file', '-e', `${sha}^{commit}`])) !== null;
  }

  /** Whether a commit object (any id git accepts) exists here. */
  async commitExists(commit: string): Promise<boolean> {
    return (await this.ask(['cat-file', '-e', `${commit}^{commit}`])) !== null;
  }

  /** Throws naming `what` and the fetch-depth fix when the commit is not in the checkout. */
  async requireCommit(sha: string, what: string): Promise<void> {
    if (!SHA.test(sha)) throw new UsageError(`${what}: "${sha.slice(0, 80)}" is not a commit sha`);
    if (await this.hasCommit(sha)) return;
    const shallow = (await this.isShallow()) ? ' (this is a shallow clone)' : '';
    throw new UsageError(`${what} ${sha} is not in the checkout${shallow}: ${FETCH_HINT}`);
  }

  /**
   * The merge base of `base` and `head`; both must be present, and so must their common
   * history. A shallow checkout lacks it, and guessing would let a PR pass unchecked (G14).
   */
  async mergeBase(base: string, head: string): Promise<string> {
    await this.requireCommit(base, 'the base commit');
    await this.requireCommit(head, 'the head commit');
    const found = (await this.ask(['merge-base', base, head]))?.trim();
    if (found) return found;
    if (await this.isShallow()) {
      throw new UsageError(`the merge base of ${base.slice(0, 12)} and ${head.slice(0, 12)} is not in this shallow clone: ${FETCH_HINT}`);
    }
    throw new UsageError(`${base.slice(0, 12)} and ${head.slice(0, 12)} have no common history, so the pull request's changes cannot be found`);
  }

  /** Whether `ancestor` is `descendant` or one of its ancestors; undefined when either is unknown here. */
  async isAncestor(ancestor: string, descendant: string): Promise<boolean | undefined> {
    if (!(await this.hasCommit(ancestor)) || !(await this.hasCommit(descendant))) return undefined;
    return this.descendsFrom(descendant, ancestor);
  }

  /** `git merge-base --is-ancestor` for commits known to exist. */
  async descendsFrom(descendant: string, ancestor: string): Promise<boolean> {
    try {
      await this.run(['merge-base', '--is-ancestor', ancestor, descendant]);
      return true;
    } catch (error) {
      if (error instanceof GitError && error.exitCode === 1) return false;
      throw error;
    }
  }

  /** HEAD and its parents (a merge commit has two), or undefined without a HEAD. */
  async headWithParents(): Promise<string[] | undefined> {
    const line = (await this.ask(['rev-list', '--parents', '-n', '1', 'HEAD']))?.trim();
    return line ? line.split(' ') : undefined;
  }

  /** `git ls-tree -r` of the given paths at `ref`, NUL-separated so any path is safe. */
  async listTree(ref: string, paths: string[]): Promise<TreeEntry[]> {
    const out = await this.run(['ls-tree', '-r', '-z', '--full-tree', ref, '--', ...paths]);
    return out
      .split('\0')
      .filter(Boolean)
      .map((line) => {
        const tab = line.indexOf('\t');
        const [mode = '', type = '', sha = ''] = line.slice(0, tab).split(' ');
        return { mode, type, sha, path: line.slice(tab + 1) };
      });
  }

  /** A blob's text by id or `commit:path`. */
  async blobText(object: string, maxBytes?: number): Promise<string> {
    return this.run(['cat-file', 'blob', object], maxBytes === undefined ? {} : { maxBuffer: maxBytes });
  }

  /** A file's text at a commit, or undefined when it is not there (or not readable within `maxBytes`). */
  async fileAt(commit: string, repoPath: string, maxBytes?: number): Promise<string | undefined> {
    const text = await this.ask(['cat-file', 'blob', `${commit}:${repoPath}`], maxBytes === undefined ? {} : { maxBuffer: maxBytes }).catch(() => undefined);
    return text ?? undefined;
  }

  /** What is at a repository path at `ref`: 'tree', 'blob', 'commit' (a submodule) or null. */
  async objectTypeAt(ref: string, repoPath: string): Promise<string | null> {
    const out = await this.ask(['cat-file', '-t', `${ref}:${repoPath}`]);
    return out === null ? null : out.trim();
  }

  /** The folders directly inside each of `folders` (repository paths, taken literally) at `ref`. */
  async subfoldersAt(ref: string, folders: string[]): Promise<string[]> {
    if (folders.length === 0) return [];
    const out = await this.run(['--literal-pathspecs', 'ls-tree', '-z', '--full-tree', ref, '--', ...folders.map((f) => `${f}/`)]);
    return out
      .split('\0')
      .filter(Boolean)
      .map((line) => ({ type: line.slice(0, line.indexOf('\t')).split(' ')[1], path: line.slice(line.indexOf('\t') + 1) }))
      .filter((entry) => entry.type === 'tree')
      .map((entry) => entry.path);
  }

  /**
   * `git log --diff-filter=A` over `folders` from HEAD, newest first: each commit's id, its
   * committer date (ISO 8601) and the paths it added. Renames are not followed.
   */
  async additions(folders: string[]): Promise<{ commit: string; at: string; paths: string[] }[]> {
    const out = await this.run(['--literal-pathspecs', 'log', '--no-renames', '--diff-filter=A', '--name-only', '-z', '--format=%x01%H %cI', 'HEAD', '--', ...folders], { maxBuffer: 512 * 1024 * 1024 });
    return out
      .split('\x01')
      .filter(Boolean)
      .map((chunk) => {
        const [header = '', ...paths] = chunk.split('\0').map((part) => part.replace(/^\n/, '')).filter(Boolean);
        const [commit = '', at = ''] = header.split(' ');
        return { commit, at, paths };
      });
  }

  async treeOf(commit: string): Promise<string> {
    return (await this.run(['rev-parse', `${commit}^{tree}`])).trim();
  }

  async commitMessage(commit: string): Promise<string> {
    return this.run(['log', '-1', '--format=%B', commit]);
  }

  /** `git diff --name-only` between two commits under `paths`, without rename detection. */
  async changedPaths(from: string, to: string, paths: string[]): Promise<string[]> {
    // -z keeps any file name intact; --no-renames so a moved file counts on both sides.
    const out = await this.run(['diff', '--no-renames', '--name-only', '-z', from, to, '--', ...paths]);
    return out.split('\0').filter(Boolean);
  }

  /**
   * `git diff --raw` between two commits under `paths`, rename detection off: a rename shows as
   * a delete plus an add, and modes show chmods and type changes a content diff misses.
   */
  async rawChanges(from: string, to: string, paths: string[]): Promise<{ oldMode: string; newMode: string; status: string; path: string }[]> {
    const out = await this.run(['diff', '--no-renames', '--no-ext-diff', '--raw', '-z', '--no-abbrev', from, to, '--', ...paths]);
    // -z raw format: ":<old mode> <new mode> <old sha> <new sha> <status>\0<path>\0" per change.
    const fields = out.split('\0');
    const changes: { oldMode: string; newMode: string; status: string; path: string }[] = [];
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const [oldMode = '', newMode = '', , , status = ''] = (fields[i] ?? '').replace(/^:/, '').split(' ');
      changes.push({ oldMode, newMode, status, path: fields[i + 1] ?? '' });
    }
    return changes;
  }

  /**
   * Paths `git status` reports (for renames and copies, the new path), or null when git could
   * not tell. `pathspec` is passed as is (magic pathspecs such as `:(top,exclude)runs`). Read
   * without optional locks, so it never races the user's own git commands for the index lock.
   */
  async statusPaths(pathspec: string[]): Promise<string[] | null> {
    const status = await this.ask(['--no-optional-locks', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...pathspec]);
    return status === null ? null : parsePorcelainZ(status);
  }

  async remoteUrl(name: string): Promise<string | undefined> {
    return (await this.ask(['remote', 'get-url', name]))?.trim() || undefined;
  }

  async configValue(key: string): Promise<string | undefined> {
    return (await this.ask(['config', key]))?.trim() || undefined;
  }

  /** `git fetch <remote> <refspecs>` without tags or submodules. */
  async fetch(remote: string, refspecs: string[]): Promise<void> {
    await this.run(['fetch', '--no-tags', '--no-recurse-submodules', remote, ...refspecs]);
  }

  /** Writes files' raw bytes as blobs (`--no-filters`: .gitattributes never changes them); their ids, in order. */
  async hashFiles(files: string[]): Promise<string[]> {
    const shas: string[] = [];
    await inBatches(files, BATCH, async (batch) => {
      shas.push(...(await this.run(['hash-object', '-w', '--no-filters', '--', ...batch])).trim().split('\n'));
    });
    return shas;
  }

  /** Runs `stage` against a private index file in a temporary folder, removed afterwards. */
  async withTemporaryIndex<T>(stage: (index: TemporaryIndex) => Promise<T>): Promise<T> {
    const work = await mkdtemp(path.join(tmpdir(), 'promotion-gate-index-'));
    const env = { GIT_INDEX_FILE: path.join(work, 'index') };
    const run = (args: string[]): Promise<string> => this.run(args, { env });
    try {
      return await stage({
        readTree: async (commit) => void (await run(['read-tree', commit])),
        remove: (paths) => inBatches(paths, BATCH, (batch) => run(['update-index', '--force-remove', '--', ...batch])),
        readTreeInto: async (prefix, treeish) => void (await run(['read-tree', `--prefix=${prefix}/`, treeish])),
        removeFolders: (paths) => inBatches(paths, BATCH, (batch) => run(['--literal-pathspecs', 'rm', '--cached', '-r', '-q', '--', ...batch])),
        add: (entries) =>
          inBatches(entries, BATCH, (batch) => run(['update-index', '--add', ...batch.flatMap((e) => ['--cacheinfo', `${e.mode},${e.sha},${e.path}`])])),
        writeTree: async () => (await run(['write-tree'])).trim(),
      });
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /** A commit of `tree` with the given parents and message; nothing points at it yet. */
  async commitTree(tree: string, parents: string[], message: string): Promise<string> {
    const work = await mkdtemp(path.join(tmpdir(), 'promotion-gate-message-'));
    try {
      const file = path.join(work, 'message');
      await writeFile(file, message);
      return (await this.run(['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-F', file])).trim();
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /** Creates `refs/heads/<branch>` at `commit` only if it does not exist (an empty old value). */
  async createBranch(branch: string, commit: string, reason: string): Promise<void> {
    await this.run(['update-ref', '-m', reason, `refs/heads/${branch}`, commit, '']);
  }
}

/** Paths of `porcelain=v1 -z` output; for renames and copies, the new path. */
export function parsePorcelainZ(output: string): string[] {
  const fields = output.split('\0');
  const paths: string[] = [];
  for (let i = 0; i < fields.length; i++) {
    const entry = fields[i]!;
    if (entry.length < 4) continue;
    const status = entry.slice(0, 2);
    paths.push(entry.slice(3));
    // A rename or copy is followed by a second field holding the original path.
    if (status.includes('R') || status.includes('C')) i++;
  }
  return paths;
}
