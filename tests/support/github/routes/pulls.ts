// Pull requests: created and found again by head branch (promotion, G8/G11/G12) or by head
// sha (the workflow_run half of the two-workflow pattern).
import { pullRequest } from '../factories.js';
import type { RequestContext, Route } from '../http.js';
import {
  HttpError,
  conflict,
  intParam,
  notFound,
  objectBody,
  optionalBoolean,
  optionalString,
  paginate,
  requireString,
  unprocessable,
  validationFailed,
} from '../http.js';
import { createCommit, resolveCommit } from '../repo-git.js';
import type { Account, PullState, RepoState, Session } from '../state.js';
import { fullName, nodeId } from '../state.js';
import { created, repoFrom } from './common.js';

const DOCS = '/pulls/pulls';

/** "branch" or "owner:branch" -> the head repository (the repo itself or a fork of it) and branch. */
function parseHead(session: Session, repo: RepoState, head: string): { headRepo: RepoState | undefined; ref: string } {
  const colon = head.indexOf(':');
  if (colon < 0) return { headRepo: repo, ref: head };
  const owner = head.slice(0, colon);
  const ref = head.slice(colon + 1);
  if (owner.toLowerCase() === repo.owner.login.toLowerCase()) return { headRepo: repo, ref };
  const fork =
    [...session.repos.values()].find((r) => r.owner.login.toLowerCase() === owner.toLowerCase() && r.forkOf === fullName(repo)) ??
    session.repo(owner, repo.name);
  return { headRepo: fork, ref };
}

function findOpenDuplicate(session: Session, repo: RepoState, headRepo: RepoState, headRef: string, baseRef: string, except?: number): PullState | undefined {
  return [...repo.pulls.values()].find(
    (p) => p.state === 'open' && p.number !== except && p.headRef === headRef && p.baseRef === baseRef && session.headRepo(p) === headRepo,
  );
}

/** Opens a pull request with GitHub's checks; shared by POST /pulls and test-side seeding. */
export function openPullRequest(
  session: Session,
  repo: RepoState,
  input: { head: string; base: string; title: string; body: string | null; draft: boolean; author: Account; maintainerCanModify: boolean },
): PullState {
  const docs = `${DOCS}#create-a-pull-request`;
  const baseSha = repo.refs.get(`refs/heads/${input.base}`);
  if (!baseSha) throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }], docs);
  const { headRepo, ref } = parseHead(session, repo, input.head);
  const headSha = headRepo?.refs.get(`refs/heads/${ref}`);
  if (!headRepo || !headSha) throw validationFailed([{ resource: 'PullRequest', field: 'head', code: 'invalid' }], docs);
  if (findOpenDuplicate(session, repo, headRepo, ref, input.base)) {
    const message = `A pull request already exists for ${headRepo.owner.login}:${ref}.`;
    throw validationFailed([{ resource: 'PullRequest', code: 'custom', message }], docs);
  }
  // Same repository: the head must have commits the base lacks.
  if (headRepo === repo && repo.git.isAncestor(headSha, baseSha)) {
    throw validationFailed([{ resource: 'PullRequest', code: 'custom', message: `No commits between ${input.base} and ${ref}` }], docs);
  }
  const id = session.allocateId();
  const at = session.clock.now();
  const pull: PullState = {
    number: repo.nextNumber++,
    id,
    nodeId: nodeId('PR', id),
    title: input.title,
    body: input.body,
    state: 'open',
    draft: input.draft,
    headRepo: fullName(headRepo),
    headRef: ref,
    lastHeadSha: headSha,
    baseRef: input.base,
    author: input.author,
    maintainerCanModify: input.maintainerCanModify,
    createdAt: at,
    updatedAt: at,
    closedAt: null,
  };
  repo.pulls.set(pull.number, pull);
  return pull;
}

function pullFrom(ctx: RequestContext): { repo: RepoState; pull: PullState } {
  const repo = repoFrom(ctx, DOCS);
  const pull = repo.pulls.get(intParam(ctx, 'pull_number'));
  if (!pull) throw notFound(`${DOCS}#get-a-pull-request`);
  return { repo, pull };
}

function sorted(ctx: RequestContext, pulls: PullState[]): PullState[] {
  const sort = ctx.query.get('sort') ?? 'created';
  const direction = ctx.query.get('direction') ?? (sort === 'created' ? 'desc' : 'asc');
  const key = (p: PullState): string => (sort === 'updated' ? p.updatedAt : p.createdAt);
  const ordered = [...pulls].sort((a, b) => (key(a) === key(b) ? a.number - b.number : key(a) < key(b) ? -1 : 1));
  return direction === 'desc' ? ordered.reverse() : ordered;
}

/**
 * The files a pull request changes: its head against the merge base with its base branch
 * (GitHub's three-dot diff), as diff entries. A rename shows as a removal and an addition
 * (the fake does not detect renames), which is what a careful caller must handle anyway.
 */
function changedFiles(session: Session, repo: RepoState, pull: PullState): { filename: string; status: 'added' | 'removed' | 'modified'; sha: string | null }[] {
  const headRepo = session.headRepo(pull) ?? repo;
  const head = session.headSha(pull);
  const baseTip = repo.refs.get(`refs/heads/${pull.baseRef}`) ?? '';
  const onBase = repo.git.ancestors(baseTip);
  // Breadth-first from the head: the first commit the base also has is the merge base.
  let mergeBase: string | undefined;
  const queue = [head];
  const seen = new Set<string>();
  while (queue.length > 0 && mergeBase === undefined) {
    const sha = queue.shift() ?? '';
    if (seen.has(sha)) continue;
    seen.add(sha);
    if (onBase.has(sha)) mergeBase = sha;
    else queue.push(...(headRepo.git.commit(sha)?.parents ?? []));
  }
  const treeOf = (git: RepoState['git'], sha: string | undefined) => {
    const tree = sha === undefined ? undefined : git.commit(sha)?.tree;
    return tree === undefined ? new Map() : git.flatten(tree);
  };
  const before = treeOf(repo.git, mergeBase);
  const after = treeOf(headRepo.git, head);
  const files: { filename: string; status: 'added' | 'removed' | 'modified'; sha: string | null }[] = [];
  for (const [path, leaf] of after) {
    const old = before.get(path);
    if (!old) files.push({ filename: path, status: 'added', sha: leaf.sha });
    else if (old.sha !== leaf.sha || old.mode !== leaf.mode) files.push({ filename: path, status: 'modified', sha: leaf.sha });
  }
  for (const [path, leaf] of before) if (!after.has(path)) files.push({ filename: path, status: 'removed', sha: leaf.sha });
  return files.sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
}

export const pullRoutes: Route[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}/files',
    handle(ctx) {
      const { repo, pull } = pullFrom(ctx);
      const head = ctx.session.headSha(pull);
      const encoded = (path: string): string => path.split('/').map(encodeURIComponent).join('/');
      const entries = changedFiles(ctx.session, repo, pull).map((file) => ({
        sha: file.sha,
        filename: file.filename,
        status: file.status,
        additions: 0,
        deletions: 0,
        changes: 0,
        blob_url: ctx.urls.web(`/${repo.owner.login}/${repo.name}/blob/${head}/${encoded(file.filename)}`),
        raw_url: ctx.urls.web(`/${repo.owner.login}/${repo.name}/raw/${head}/${encoded(file.filename)}`),
        contents_url: ctx.urls.api(`/repos/${repo.owner.login}/${repo.name}/contents/${encoded(file.filename)}?ref=${head}`),
      }));
      const { page, headers } = paginate(ctx, entries);
      return { status: 200, body: page, headers };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/pulls',
    handle(ctx) {
      const { session } = ctx;
      const repo = repoFrom(ctx, DOCS);
      const state = ctx.query.get('state') ?? 'open';
      const head = ctx.query.get('head');
      const base = ctx.query.get('base');
      let pulls = [...repo.pulls.values()].filter((p) => state === 'all' || p.state === state);
      // GitHub silently ignores a `head` filter without the "owner:" prefix (a classic trap).
      if (head !== null && head.includes(':')) {
        const { headRepo, ref } = parseHead(session, repo, head);
        pulls = pulls.filter((p) => headRepo !== undefined && p.headRef === ref && session.headRepo(p) === headRepo);
      }
      if (base !== null) pulls = pulls.filter((p) => p.baseRef === base);
      const { page, headers } = paginate(ctx, sorted(ctx, pulls));
      return { status: 200, body: page.map((p) => pullRequest(session, repo, p, ctx.urls, false)), headers };
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/pulls',
    handle(ctx) {
      const repo = repoFrom(ctx, DOCS);
      const body = objectBody(ctx);
      const title = optionalString(body, 'title');
      if (title === undefined) {
        throw validationFailed([{ resource: 'PullRequest', field: 'title', code: 'missing_field' }], `${DOCS}#create-a-pull-request`);
      }
      const pull = openPullRequest(ctx.session, repo, {
        head: requireString(body, 'head'),
        base: requireString(body, 'base'),
        title,
        body: optionalString(body, 'body') ?? null,
        draft: optionalBoolean(body, 'draft') ?? false,
        author: ctx.identity,
        maintainerCanModify: optionalBoolean(body, 'maintainer_can_modify') ?? true,
      });
      return created(pullRequest(ctx.session, repo, pull, ctx.urls, true));
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}',
    handle(ctx) {
      const { repo, pull } = pullFrom(ctx);
      return { status: 200, body: pullRequest(ctx.session, repo, pull, ctx.urls, true) };
    },
  },
  {
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}',
    handle(ctx) {
      const { session } = ctx;
      const { repo, pull } = pullFrom(ctx);
      const body = objectBody(ctx);
      const docs = `${DOCS}#update-a-pull-request`;
      const state = optionalString(body, 'state');
      const base = optionalString(body, 'base');
      if (state !== undefined && state !== 'open' && state !== 'closed') {
        throw validationFailed([{ resource: 'PullRequest', field: 'state', code: 'invalid' }], docs);
      }
      if (base !== undefined && !repo.refs.has(`refs/heads/${base}`)) {
        throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }], docs);
      }
      const nextBase = base ?? pull.baseRef;
      const headRepo = session.headRepo(pull);
      // Reopening, or moving an open one to another base, must not make a second open PR for one head.
      if ((state ?? pull.state) === 'open') {
        if (pull.state === 'closed' && !headRepo?.refs.has(`refs/heads/${pull.headRef}`)) {
          throw unprocessable('state cannot be changed. The head branch was deleted.', docs);
        }
        if (headRepo && findOpenDuplicate(session, repo, headRepo, pull.headRef, nextBase, pull.number)) {
          const message = `A pull request already exists for ${headRepo.owner.login}:${pull.headRef}.`;
          throw validationFailed([{ resource: 'PullRequest', code: 'custom', message }], docs);
        }
      }
      const title = optionalString(body, 'title');
      if (title !== undefined) pull.title = title;
      if ('body' in body) pull.body = body['body'] === null ? null : requireString(body, 'body');
      const canModify = optionalBoolean(body, 'maintainer_can_modify');
      if (canModify !== undefined) pull.maintainerCanModify = canModify;
      pull.baseRef = nextBase;
      pull.updatedAt = session.clock.now();
      if (state !== undefined && state !== pull.state) {
        pull.state = state;
        pull.closedAt = state === 'closed' ? pull.updatedAt : null;
      }
      return { status: 200, body: pullRequest(session, repo, pull, ctx.urls, true) };
    },
  },
  {
    // Merging (used by `command: rollout` with auto-merge: rollback). The fake merges only what
    // GitHub would merge without conflicts that matter here: a head that contains the base
    // head (the rollout branch merges the base in first). `sha` guards against a moved head.
    method: 'PUT',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}/merge',
    handle(ctx) {
      const { session } = ctx;
      const { repo, pull } = pullFrom(ctx);
      const docs = `${DOCS}#merge-a-pull-request`;
      const body = objectBody(ctx);
      const method = optionalString(body, 'merge_method') ?? 'merge';
      if (!['merge', 'squash', 'rebase'].includes(method)) throw validationFailed([{ resource: 'PullRequest', field: 'merge_method', code: 'invalid' }], docs);
      if (pull.state !== 'open') throw new HttpError(405, { message: 'Pull Request is not mergeable', documentation_url: `https://docs.github.com/rest${docs}` });
      const headSha = session.headSha(pull);
      const expected = optionalString(body, 'sha');
      if (expected !== undefined && expected !== headSha) throw conflict('Head branch was modified. Review and try the merge again.', docs);
      const baseRef = `refs/heads/${pull.baseRef}`;
      const baseSha = repo.refs.get(baseRef);
      if (!baseSha || !repo.git.isAncestor(baseSha, headSha)) throw new HttpError(405, { message: 'Pull Request is not mergeable', documentation_url: `https://docs.github.com/rest${docs}` });
      const headTree = repo.git.commit(headSha)?.tree ?? '';
      const title = optionalString(body, 'commit_title') ?? `Merge pull request #${pull.number} from ${repo.owner.login}/${pull.headRef}`;
      const message = `${title}${optionalString(body, 'commit_message') ? `\n\n${optionalString(body, 'commit_message')}` : ''}`;
      const sha = createCommit(session, repo, { message, tree: headTree, parents: method === 'merge' ? [baseSha, headSha] : [baseSha], by: ctx.identity, signed: true });
      repo.refs.set(baseRef, sha);
      const at = session.clock.now();
      pull.state = 'closed';
      pull.closedAt = at;
      pull.updatedAt = at;
      pull.mergedAt = at;
      pull.mergeCommitSha = sha;
      return { status: 200, body: { sha, merged: true, message: 'Pull Request successfully merged' } };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/commits/{commit_sha}/pulls',
    handle(ctx) {
      const { session } = ctx;
      const repo = repoFrom(ctx, '/commits/commits#list-pull-requests-associated-with-a-commit');
      const sha = ctx.params['commit_sha'] ?? '';
      const commit = resolveCommit(repo, sha);
      // Pull requests whose head is, or contains, the commit; fork heads count (GitHub keeps refs/pull/N/head).
      const matches = [...repo.pulls.values()].filter((p) => {
        const head = session.headSha(p);
        if (head === sha || head === commit) return true;
        const headRepo = session.headRepo(p);
        return commit !== undefined && headRepo !== undefined && headRepo.git.isAncestor(commit, head) &&
          !repo.git.isAncestor(commit, repo.refs.get(`refs/heads/${p.baseRef}`) ?? '');
      });
      if (matches.length === 0 && commit === undefined) {
        throw unprocessable(`No commit found for SHA: ${sha}`, '/commits/commits#list-pull-requests-associated-with-a-commit');
      }
      const { page, headers } = paginate(ctx, sorted(ctx, matches));
      return { status: 200, body: page.map((p) => pullRequest(session, repo, p, ctx.urls, false)), headers };
    },
  },
];
