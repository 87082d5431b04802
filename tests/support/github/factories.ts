// Factories for the JSON objects the fake returns. Each one carries every field its schema in
// GitHub's OpenAPI description requires (Prism checks), with values shaped like GitHub's.
import type { CommitData, TreeEntry } from './git-objects.js';
import type { Urls } from './http.js';
import type { Account, CommentState, Identity, PullState, RepoState, Session } from './state.js';
import { fullName, nodeId } from './state.js';

type Json = Record<string, unknown>;

const loginPath = (login: string): string => encodeURIComponent(login);

export function simpleUser(account: Account, urls: Urls): Json {
  const api = urls.api(`/users/${loginPath(account.login)}`);
  // Bots live under /apps/<slug> on the web; their login carries "[bot]" (percent-encoded in URLs).
  const web = account.type === 'Bot' ? urls.web(`/apps/${loginPath(account.login.replace(/\[bot\]$/, ''))}`) : urls.web(`/${loginPath(account.login)}`);
  return {
    login: account.login,
    id: account.id,
    node_id: nodeId(account.type === 'Bot' ? 'BOT' : 'U', account.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${account.id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: web,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: account.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** GET /user: `public-user` forbids extra properties, so exactly its fields. */
export function publicUser(identity: Identity, urls: Urls, createdAt: string): Json {
  return {
    ...simpleUser(identity, urls),
    name: null,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: createdAt,
    updated_at: createdAt,
  };
}

/** Valid both as `repository` (pull request heads and bases) and `full-repository` (GET /repos). */
export function repository(repo: RepoState, urls: Urls, parent?: RepoState): Json {
  const name = fullName(repo);
  const api = urls.api(`/repos/${name}`);
  const web = urls.web(`/${name}`);
  const json: Json = {
    id: repo.id,
    node_id: repo.nodeId,
    name: repo.name,
    full_name: name,
    owner: simpleUser(repo.owner, urls),
    private: repo.private,
    visibility: repo.private ? 'private' : 'public',
    html_url: web,
    description: null,
    fork: repo.forkOf !== null,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://github.com/${name}.git`,
    hooks_url: `${api}/hooks`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@github.com:${name}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `${web}.git`,
    mirror_url: null,
    svn_url: web,
    homepage: null,
    language: null,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues: 0,
    open_issues_count: 0,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    license: null,
    pushed_at: repo.createdAt,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
    network_count: 0,
    subscribers_count: 0,
  };
  if (parent) {
    json['parent'] = repository(parent, urls);
    json['source'] = repository(parent, urls);
  }
  return json;
}

export function issueComment(repo: RepoState, comment: CommentState, urls: Urls, isPull: boolean): Json {
  const name = fullName(repo);
  const api = urls.api(`/repos/${name}/issues/comments/${comment.id}`);
  return {
    id: comment.id,
    node_id: comment.nodeId,
    url: api,
    html_url: urls.web(`/${name}/${isPull ? 'pull' : 'issues'}/${comment.issueNumber}#issuecomment-${comment.id}`),
    body: comment.body,
    user: simpleUser(comment.author, urls),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: urls.api(`/repos/${name}/issues/${comment.issueNumber}`),
    author_association: comment.authorAssociation,
    performed_via_github_app: null,
    reactions: {
      url: `${api}/reactions`,
      total_count: 0,
      '+1': 0,
      '-1': 0,
      laugh: 0,
      hooray: 0,
      confused: 0,
      heart: 0,
      rocket: 0,
      eyes: 0,
    },
    // Newer REST answers say whether a comment is hidden; GraphQL's isMinimized is the older way.
    minimized: comment.minimized === null ? null : { reason: comment.minimized },
  };
}

function link(href: string): Json {
  return { href };
}

/** `full` gives `pull-request` (get, create, update); otherwise `pull-request-simple` (lists). */
export function pullRequest(session: Session, repo: RepoState, pull: PullState, urls: Urls, full: boolean): Json {
  const name = fullName(repo);
  const api = urls.api(`/repos/${name}/pulls/${pull.number}`);
  const web = urls.web(`/${name}/pull/${pull.number}`);
  const issueApi = urls.api(`/repos/${name}/issues/${pull.number}`);
  const headRepo = session.headRepo(pull);
  const headSha = session.headSha(pull);
  const baseSha = repo.refs.get(`refs/heads/${pull.baseRef}`) ?? '';
  const user = simpleUser(pull.author, urls);
  const side = (owner: RepoState | undefined, ref: string, sha: string): Json => ({
    label: `${owner?.owner.login ?? 'unknown'}:${ref}`,
    ref,
    sha,
    user: owner ? simpleUser(owner.owner, urls) : user,
    repo: owner ? repository(owner, urls) : null,
  });
  const json: Json = {
    url: api,
    id: pull.id,
    node_id: pull.nodeId,
    html_url: web,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    issue_url: issueApi,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: urls.api(`/repos/${name}/pulls/comments{/number}`),
    comments_url: `${issueApi}/comments`,
    statuses_url: urls.api(`/repos/${name}/statuses/${headSha}`),
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user,
    body: pull.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: pull.closedAt,
    merged_at: pull.mergedAt ?? null,
    merge_commit_sha: pull.mergeCommitSha ?? null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(headRepo, pull.headRef, headSha),
    base: side(repo, pull.baseRef, baseSha),
    _links: {
      self: link(api),
      html: link(web),
      issue: link(issueApi),
      comments: link(`${issueApi}/comments`),
      review_comments: link(`${api}/comments`),
      review_comment: link(urls.api(`/repos/${name}/pulls/comments{/number}`)),
      commits: link(`${api}/commits`),
      statuses: link(urls.api(`/repos/${name}/statuses/${headSha}`)),
    },
    author_association: pull.author.login === repo.owner.login ? 'OWNER' : 'NONE',
    auto_merge: null,
    draft: pull.draft,
  };
  if (!full) return json;
  return {
    ...json,
    merged: pull.mergedAt !== undefined && pull.mergedAt !== null,
    mergeable: null,
    rebaseable: null,
    mergeable_state: 'unknown',
    merged_by: null,
    comments: [...repo.comments.values()].filter((c) => c.issueNumber === pull.number).length,
    review_comments: 0,
    maintainer_can_modify: pull.maintainerCanModify,
    commits: 1,
    additions: 0,
    deletions: 0,
    changed_files: 0,
  };
}

export function gitRef(repo: RepoState, ref: string, sha: string, urls: Urls): Json {
  const api = urls.api(`/repos/${fullName(repo)}`);
  return {
    ref,
    node_id: nodeId('REF', repo.id) + Buffer.from(ref).toString('base64url'),
    url: `${api}/git/${ref}`,
    object: { type: 'commit', sha, url: `${api}/git/commits/${sha}` },
  };
}

export function gitCommit(repo: RepoState, sha: string, commit: CommitData, urls: Urls): Json {
  const name = fullName(repo);
  const api = urls.api(`/repos/${name}/git/commits`);
  return {
    sha,
    node_id: `C_kw${sha.slice(0, 20)}`,
    url: `${api}/${sha}`,
    html_url: urls.web(`/${name}/commit/${sha}`),
    author: { ...commit.author },
    committer: { ...commit.committer },
    tree: { sha: commit.tree, url: urls.api(`/repos/${name}/git/trees/${commit.tree}`) },
    message: commit.message,
    parents: commit.parents.map((p) => ({ sha: p, url: `${api}/${p}`, html_url: urls.web(`/${name}/commit/${p}`) })),
    verification: { ...commit.verification },
  };
}

/** The `commit` schema (repos API view of a commit), as embedded in a branch. */
export function repoCommit(repo: RepoState, sha: string, commit: CommitData, urls: Urls): Json {
  const name = fullName(repo);
  const api = urls.api(`/repos/${name}/commits/${sha}`);
  return {
    sha,
    node_id: `C_kw${sha.slice(0, 20)}`,
    url: api,
    html_url: urls.web(`/${name}/commit/${sha}`),
    comments_url: `${api}/comments`,
    commit: {
      url: urls.api(`/repos/${name}/git/commits/${sha}`),
      author: { ...commit.author },
      committer: { ...commit.committer },
      message: commit.message,
      comment_count: 0,
      tree: { sha: commit.tree, url: urls.api(`/repos/${name}/git/trees/${commit.tree}`) },
      verification: { ...commit.verification },
    },
    // Which GitHub account made the commit; unknown for seeded commits and not needed by callers.
    author: null,
    committer: null,
    parents: commit.parents.map((p) => ({ sha: p, url: urls.api(`/repos/${name}/commits/${p}`), html_url: urls.web(`/${name}/commit/${p}`) })),
  };
}

export function branch(repo: RepoState, name: string, sha: string, commit: CommitData, urls: Urls): Json {
  const api = urls.api(`/repos/${fullName(repo)}/branches/${encodeURIComponent(name)}`);
  return {
    name,
    commit: repoCommit(repo, sha, commit, urls),
    _links: { self: api, html: urls.web(`/${fullName(repo)}/tree/${name}`) },
    protected: false,
    protection: { enabled: false, required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] } },
    protection_url: `${api}/protection`,
  };
}

export function treeEntryJson(repo: RepoState, path: string, entry: TreeEntry, size: number | undefined, urls: Urls): Json {
  const api = urls.api(`/repos/${fullName(repo)}/git`);
  const json: Json = { path, mode: entry.mode, type: entry.type, sha: entry.sha };
  if (entry.type === 'blob') {
    json['size'] = size;
    json['url'] = `${api}/blobs/${entry.sha}`;
  } else if (entry.type === 'tree') {
    json['url'] = `${api}/trees/${entry.sha}`;
  }
  return json;
}

export function blob(repo: RepoState, sha: string, content: Buffer, urls: Urls): Json {
  // GitHub wraps base64 at 60 characters per line: decoders must not choke on newlines.
  const wrapped = (content.toString('base64').match(/.{1,60}/g) ?? []).join('\n');
  return {
    sha,
    node_id: `B_kw${sha.slice(0, 20)}`,
    size: content.length,
    url: urls.api(`/repos/${fullName(repo)}/git/blobs/${sha}`),
    content: wrapped === '' ? '' : `${wrapped}\n`,
    encoding: 'base64',
  };
}
