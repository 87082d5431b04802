// The Git Data API: how the promotion makes one verified commit on `promote/<id>` without a
// checkout (blobs -> tree -> commit -> ref), with GitHub's fast-forward and existence rules.
import { blob, gitCommit, gitRef, treeEntryJson } from '../factories.js';
import type { TreeMode } from '../git-objects.js';
import type { RequestContext, Route } from '../http.js';
import { notFound, objectBody, optionalBoolean, optionalString, paginate, requireString, unprocessable } from '../http.js';
import type { TreeChange } from '../repo-git.js';
import { buildTree, createCommit, fullRefName, resolveTree, setRef } from '../repo-git.js';
import type { RepoState } from '../state.js';
import { created, repoFrom } from './common.js';

const TREE_MODES: readonly string[] = ['100644', '100755', '040000', '160000', '120000'];
const TREE_TYPES: readonly string[] = ['blob', 'tree', 'commit'];

function parseTreeChanges(value: unknown): TreeChange[] {
  if (!Array.isArray(value)) throw unprocessable('Invalid tree info', '/git/trees#create-a-tree');
  return value.map((item: unknown): TreeChange => {
    if (typeof item !== 'object' || item === null) throw unprocessable('Invalid tree info', '/git/trees#create-a-tree');
    const entry = item as Record<string, unknown>;
    const { path, mode, type, sha, content } = entry;
    if (typeof path !== 'string' || typeof mode !== 'string' || !TREE_MODES.includes(mode) || typeof type !== 'string' || !TREE_TYPES.includes(type)) {
      throw unprocessable('Invalid tree info', '/git/trees#create-a-tree');
    }
    if (sha !== undefined && sha !== null && typeof sha !== 'string') throw unprocessable('Invalid tree info', '/git/trees#create-a-tree');
    if (content !== undefined && typeof content !== 'string') throw unprocessable('Invalid tree info', '/git/trees#create-a-tree');
    const change: TreeChange = { path, mode: mode as TreeMode, type: type as TreeChange['type'] };
    // A present `sha: null` (delete) differs from an absent sha (content given).
    if ('sha' in entry) change.sha = sha === null ? null : (sha as string | undefined);
    if (content !== undefined) change.content = content;
    return change;
  });
}

function treeJson(ctx: RequestContext, repo: RepoState, sha: string, recursive: boolean): Record<string, unknown> {
  const entries: Record<string, unknown>[] = [];
  const walk = (treeSha: string, prefix: string): void => {
    for (const entry of repo.git.tree(treeSha) ?? []) {
      const path = prefix + entry.name;
      entries.push(treeEntryJson(repo, path, entry, repo.git.blob(entry.sha)?.length, ctx.urls));
      // Like `git ls-tree -r -t`: a folder comes before what it holds.
      if (recursive && entry.type === 'tree') walk(entry.sha, `${path}/`);
    }
  };
  walk(sha, '');
  return { sha, url: ctx.urls.api(`/repos/${repo.owner.login}/${repo.name}/git/trees/${sha}`), tree: entries, truncated: false };
}

/** git check-ref-format, roughly: what GitHub refuses as a ref name. */
function isValidRefName(ref: string): boolean {
  if (!/^refs\/[^/]+\/.+/.test(ref)) return false;
  if (/(\.\.|@\{|\/\/|\/\.|[\s~^:?*[\\])/.test(ref)) return false;
  // Control characters are refused too (checked by code point: the lint forbids them in a regex).
  if ([...ref].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) return false;
  return !ref.endsWith('/') && !ref.endsWith('.') && !ref.endsWith('.lock');
}

const REFS_DOCS = '/git/refs';

export const gitRoutes: Route[] = [
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/git/blobs',
    handle(ctx) {
      const repo = repoFrom(ctx, '/git/blobs');
      const body = objectBody(ctx);
      const content = requireString(body, 'content');
      const encoding = optionalString(body, 'encoding') ?? 'utf-8';
      if (encoding !== 'utf-8' && encoding !== 'utf8' && encoding !== 'base64') {
        throw unprocessable(`encoding must be either 'utf-8' or 'base64'`, '/git/blobs#create-a-blob');
      }
      const sha = repo.git.putBlob(Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8'));
      return created({ url: ctx.urls.api(`/repos/${repo.owner.login}/${repo.name}/git/blobs/${sha}`), sha });
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/blobs/{file_sha}',
    handle(ctx) {
      const repo = repoFrom(ctx, '/git/blobs');
      const sha = ctx.params['file_sha'] ?? '';
      const content = repo.git.blob(sha);
      if (!content) throw notFound('/git/blobs#get-a-blob');
      return { status: 200, body: blob(repo, sha, content, ctx.urls) };
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/git/trees',
    handle(ctx) {
      const repo = repoFrom(ctx, '/git/trees');
      const body = objectBody(ctx);
      const sha = buildTree(repo, optionalString(body, 'base_tree'), parseTreeChanges(body['tree']));
      return created(treeJson(ctx, repo, sha, false));
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/trees/{tree_sha}',
    handle(ctx) {
      const repo = repoFrom(ctx, '/git/trees');
      const sha = resolveTree(repo, ctx.params['tree_sha'] ?? '');
      if (!sha) throw notFound('/git/trees#get-a-tree');
      // GitHub recurses for any value of `recursive`, even "0" or "false".
      return { status: 200, body: treeJson(ctx, repo, sha, ctx.query.has('recursive')) };
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/git/commits',
    handle(ctx) {
      const repo = repoFrom(ctx, '/git/commits');
      const body = objectBody(ctx);
      const parentsRaw = body['parents'] ?? [];
      if (!Array.isArray(parentsRaw) || !parentsRaw.every((p): p is string => typeof p === 'string')) {
        throw unprocessable('Invalid parents', '/git/commits#create-a-commit');
      }
      const person = (field: string): { name?: string; email?: string; date?: string } | undefined => {
        const value = body[field];
        if (typeof value !== 'object' || value === null) return undefined;
        const record = value as Record<string, unknown>;
        const out: { name?: string; email?: string; date?: string } = {};
        if (typeof record['name'] === 'string') out.name = record['name'];
        if (typeof record['email'] === 'string') out.email = record['email'];
        if (typeof record['date'] === 'string') {
          const date = new Date(record['date']);
          if (Number.isNaN(date.getTime())) throw unprocessable(`${field}.date is not a valid date`, '/git/commits#create-a-commit');
          out.date = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
        }
        return out;
      };
      const sha = createCommit(ctx.session, repo, {
        message: requireString(body, 'message'),
        tree: requireString(body, 'tree'),
        parents: parentsRaw,
        author: person('author'),
        committer: person('committer'),
        signature: optionalString(body, 'signature'),
        by: ctx.identity,
        signed: true,
      });
      const commit = repo.git.commit(sha);
      if (!commit) throw new Error('commit vanished');
      return created(gitCommit(repo, sha, commit, ctx.urls));
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/commits/{commit_sha}',
    handle(ctx) {
      const repo = repoFrom(ctx, '/git/commits');
      const sha = ctx.params['commit_sha'] ?? '';
      const commit = repo.git.commit(sha);
      if (!commit) throw notFound('/git/commits#get-a-commit-object');
      return { status: 200, body: gitCommit(repo, sha, commit, ctx.urls) };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/ref/{ref}',
    handle(ctx) {
      const repo = repoFrom(ctx, REFS_DOCS);
      // Takes "heads/<branch>"; "refs/heads/<branch>" is not found here, as on GitHub.
      const ref = `refs/${ctx.params['ref'] ?? ''}`;
      const sha = repo.refs.get(ref);
      if (!sha) throw notFound(`${REFS_DOCS}#get-a-reference`);
      return { status: 200, body: gitRef(repo, ref, sha, ctx.urls) };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/matching-refs/{ref}',
    handle(ctx) {
      const repo = repoFrom(ctx, REFS_DOCS);
      const prefix = `refs/${ctx.params['ref'] ?? ''}`;
      const refs = [...repo.refs.entries()].filter(([name]) => name.startsWith(prefix)).sort(([a], [b]) => (a < b ? -1 : 1));
      const { page, headers } = paginate(ctx, refs);
      return { status: 200, body: page.map(([name, sha]) => gitRef(repo, name, sha, ctx.urls)), headers };
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/git/refs',
    handle(ctx) {
      const repo = repoFrom(ctx, REFS_DOCS);
      const body = objectBody(ctx);
      const ref = requireString(body, 'ref');
      const sha = requireString(body, 'sha');
      const docs = `${REFS_DOCS}#create-a-reference`;
      if (!isValidRefName(ref)) throw unprocessable(`${ref} is not a valid ref name.`, docs);
      if (repo.refs.has(ref)) throw unprocessable('Reference already exists', docs);
      if (!repo.git.commit(sha)) throw unprocessable('Object does not exist', docs);
      setRef(ctx.session, repo, ref, sha);
      return created(gitRef(repo, ref, sha, ctx.urls));
    },
  },
  {
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/git/refs/{ref}',
    handle(ctx) {
      const repo = repoFrom(ctx, REFS_DOCS);
      const ref = fullRefName(ctx.params['ref'] ?? '');
      const body = objectBody(ctx);
      const sha = requireString(body, 'sha');
      const force = optionalBoolean(body, 'force') ?? false;
      const docs = `${REFS_DOCS}#update-a-reference`;
      const current = repo.refs.get(ref);
      if (!current) throw unprocessable('Reference does not exist', docs);
      if (!repo.git.commit(sha)) throw unprocessable('Object does not exist', docs);
      if (!force && !repo.git.isAncestor(current, sha)) throw unprocessable('Update is not a fast forward', docs);
      setRef(ctx.session, repo, ref, sha);
      return { status: 200, body: gitRef(repo, ref, sha, ctx.urls) };
    },
  },
  {
    method: 'DELETE',
    path: '/repos/{owner}/{repo}/git/refs/{ref}',
    handle(ctx) {
      const repo = repoFrom(ctx, REFS_DOCS);
      const ref = fullRefName(ctx.params['ref'] ?? '');
      if (!repo.refs.has(ref)) throw unprocessable('Reference does not exist', `${REFS_DOCS}#delete-a-reference`);
      setRef(ctx.session, repo, ref, null);
      return { status: 204 };
    },
  },
];
