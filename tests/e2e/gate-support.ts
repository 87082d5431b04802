/**
 * End-to-end support for the action's gate: a real git repository in a temp folder (bare
 * origin + clone, a base branch and a PR branch), the matching pull request in the fake
 * GitHub behind Prism, and the bundled action started the way the runner starts it
 * (INPUT_* variables with hyphens kept, GITHUB_EVENT_PATH, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY).
 */
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { getOctokit } from '@actions/github';
import { OWNER, REPO, runBundledAction, STORE, type ActionResult } from '../support/action-runner.js';
import { commitAll, git, initRepo } from '../support/git.js';
import type { GitHubSession } from '../support/github/control-client.js';
import { mirrorCommit, setBranch } from '../support/github/mirror.js';
import { EXAMPLE_STORE, tempDir } from '../support/temp-store.js';

export { OWNER, REPO, STORE, type ActionResult };

/** A change to the working tree: content, a symbolic link, a mode change, or a deletion. */
export type Change = string | { symlink: string } | { chmod: number } | null;

export function applyChanges(work: string, changes: Record<string, Change>): void {
  for (const [path, change] of Object.entries(changes)) {
    const full = join(work, path);
    if (change === null) {
      rmSync(full, { recursive: true, force: true });
    } else if (typeof change === 'string') {
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, change);
    } else if ('symlink' in change) {
      rmSync(full, { force: true });
      mkdirSync(dirname(full), { recursive: true });
      symlinkSync(change.symlink, full);
    } else {
      chmodSync(full, change.chmod);
    }
  }
}

export interface PrRepo {
  dir: string;
  origin: string;
  work: string;
  baseSha: string;
  headSha: string;
  number: number;
}

export interface PrRepoOptions {
  /** Changes on the PR branch; default: add run_candidate_better as runs/run_new. */
  changes?: Record<string, Change>;
  /** Extra changes on the base branch before the PR branches off. */
  baseChanges?: Record<string, Change>;
  /** Check out the merge commit as actions/checkout does for pull_request (default), the head, or the base. */
  checkout?: 'merge' | 'head' | 'base';
  /** The owner of a fork the PR comes from (its branch is `feature`). */
  forkOwner?: string;
  /** Mirror the local commits into the fake, so its shas are the local ones (workflow_run tests). */
  mirror?: boolean;
}

export const ADD_BETTER_RUN: Record<string, Change> = Object.fromEntries(
  ['config.yaml', 'fingerprint.json', 'metrics.json', 'predictions.jsonl'].map((f) => [
    `${STORE}/runs/run_new/${f}`,
    readFileSync(join(EXAMPLE_STORE, 'runs/run_candidate_better', f), 'utf8'),
  ]),
);

export const ADD_REGRESSED_RUN: Record<string, Change> = Object.fromEntries(
  ['config.yaml', 'fingerprint.json', 'metrics.json', 'predictions.jsonl'].map((f) => [
    `${STORE}/runs/run_bad/${f}`,
    readFileSync(join(EXAMPLE_STORE, 'runs/run_candidate_regressed', f), 'utf8'),
  ]),
);

/** Bare origin + clone with the example store (no runs) on main, and a PR branch with `changes`. */
export async function makePrRepo(gh: GitHubSession, options: PrRepoOptions = {}): Promise<PrRepo> {
  const dir = tempDir('pg-e2e-');
  const origin = join(dir, 'origin.git');
  const work = join(dir, 'work');
  initRepo(origin, { bare: true });
  mkdirSync(work);
  initRepo(work);
  git(work, 'config', 'core.fileMode', 'true');
  cpSync(EXAMPLE_STORE, join(work, STORE), { recursive: true, filter: (src) => !src.includes(`${join('eval', 'runs')}`) });
  writeFileSync(join(work, 'README.md'), '# evals\n');
  applyChanges(work, options.baseChanges ?? {});
  const baseSha = commitAll(work, 'base: store with a pinned baseline');
  git(work, 'remote', 'add', 'origin', origin);
  git(work, 'push', '--quiet', 'origin', 'main');
  git(work, 'checkout', '--quiet', '-b', 'feature');
  applyChanges(work, options.changes ?? ADD_BETTER_RUN);
  const headSha = commitAll(work, 'add a run');
  git(work, 'push', '--quiet', 'origin', 'feature');

  let head = 'feature';
  if (options.mirror) {
    // No throttling plugin here: it spaces writes a second apart, which only slows the setup.
    const client = getOctokit(gh.tokens.write, { baseUrl: gh.apiUrl });
    await gh.createRepo(OWNER, REPO);
    await mirrorCommit(client, work, OWNER, REPO, baseSha, new Set());
    await setBranch(client, OWNER, REPO, 'main', baseSha);
    const headOwner = options.forkOwner ?? OWNER;
    if (options.forkOwner) await gh.createRepo(options.forkOwner, REPO, { forkOf: `${OWNER}/${REPO}`, ownerType: 'User' });
    await mirrorCommit(client, work, headOwner, REPO, headSha, options.forkOwner ? new Set() : new Set([baseSha]));
    await setBranch(client, headOwner, REPO, 'feature', headSha);
    if (options.forkOwner) head = `${options.forkOwner}:feature`;
  } else if (options.forkOwner) {
    await gh.seedBranch(OWNER, REPO, 'main', { 'README.md': '# evals\n' });
    await gh.createRepo(options.forkOwner, REPO, { forkOf: `${OWNER}/${REPO}`, ownerType: 'User' });
    await gh.seedBranch(options.forkOwner, REPO, 'feature', { 'runs.txt': 'x' });
    head = `${options.forkOwner}:feature`;
  } else {
    await gh.seedBranch(OWNER, REPO, 'main', { 'README.md': '# evals\n' });
    await gh.seedBranch(OWNER, REPO, 'feature', { 'runs.txt': 'x' }, { from: 'main' });
  }
  const number = await gh.seedPullRequest(OWNER, REPO, { head, base: 'main', ...(options.forkOwner ? { author: { login: options.forkOwner } } : {}) });
  git(work, 'push', '--quiet', 'origin', `feature:refs/pull/${number}/head`);
  checkout(work, options.checkout ?? 'merge', baseSha, headSha);
  return { dir, origin, work, baseSha, headSha, number };
}

/** Moves the clone to what a workflow would check out. */
export function checkout(work: string, what: 'merge' | 'head' | 'base', baseSha: string, headSha: string): void {
  if (what === 'head') git(work, 'checkout', '--quiet', '--detach', headSha);
  else if (what === 'base') git(work, 'checkout', '--quiet', '--detach', baseSha);
  else {
    git(work, 'checkout', '--quiet', '--detach', baseSha);
    git(work, 'merge', '--quiet', '--no-ff', '--no-edit', headSha);
  }
}

/** Pushes another commit to the PR branch and returns its sha (the clone checks it out merged). */
export function pushMore(repo: PrRepo, changes: Record<string, Change>): string {
  git(repo.work, 'checkout', '--quiet', 'feature');
  applyChanges(repo.work, changes);
  const sha = commitAll(repo.work, 'more');
  git(repo.work, 'push', '--quiet', 'origin', 'feature', `feature:refs/pull/${repo.number}/head`, '--force');
  repo.headSha = sha;
  checkout(repo.work, 'merge', repo.baseSha, sha);
  return sha;
}

/** The event payload, with the local repository's shas (the fake's own commits differ). */
export async function pullRequestEvent(gh: GitHubSession, repo: PrRepo, eventName = 'pull_request'): Promise<Record<string, unknown>> {
  const event = await gh.pullRequestEvent(OWNER, REPO, repo.number);
  const pull = event['pull_request'] as { head: { sha: string }; base: { sha: string } };
  pull.head.sha = repo.headSha;
  pull.base.sha = repo.baseSha;
  return eventName === 'pull_request' ? event : { ...event, action: 'opened' };
}

export interface RunOptions {
  gh: GitHubSession;
  repo: PrRepo;
  event: Record<string, unknown>;
  eventName?: string;
  inputs?: Record<string, string>;
  token?: string;
  sha?: string;
  /** Runner variables to add or override (GITHUB_REF for a push, ACTIONS_* for artifacts, a missing or malformed GITHUB_EVENT_PATH). */
  env?: Record<string, string>;
}

export function runAction(options: RunOptions): Promise<ActionResult> {
  return runBundledAction({
    gh: options.gh,
    workspace: options.repo.work,
    eventName: options.eventName ?? 'pull_request',
    event: options.event,
    inputs: { command: 'gate', store: STORE, comment: 'true', 'github-token': options.token ?? options.gh.tokens.write, 'fail-on': '', 'allow-fork-checkout': 'false', ...options.inputs },
    env: {
      GITHUB_SHA: options.sha ?? git(options.repo.work, 'rev-parse', 'HEAD'),
      GITHUB_RUN_ID: '1001',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_JOB: 'gate',
      ...options.env,
    },
  });
}
