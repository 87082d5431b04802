/**
 * Local mode with `--commit`: one commit on a new branch promote/<id>, built with git plumbing
 * in a temporary index (read-tree, hash-object, update-index, write-tree, commit-tree,
 * update-ref). The working tree, the real index and the current branch are never touched, so
 * the base branch is unchanged; `update-ref` with an empty old value creates the branch only
 * if it does not exist. Every git call is an argument array (no shell, G15).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { StoreLocation } from '../gate/load-side.js';
import { git, gitMaybe, isSafeRefName } from '../git/git.js';
import { listTree } from '../git/materialize.js';
import { parsePromotionTrailers, promotionCommitMessage, type PromotionTrailers } from './commit-message.js';
import { PromotionRefused } from './errors.js';
import { promotionBranch } from './request.js';
import type { BaseEntry } from './source-check.js';
import type { ExistingDestination, PromotionPlan } from './types.js';

export interface LocalRepo {
  top: string;
  /** The store's path inside the repository, '' at the root, else ending in '/'. */
  prefix: string;
  base: string;
  /** The current branch name, or the short commit when HEAD is detached. */
  baseName: string;
}

export async function openLocalRepo(store: StoreLocation): Promise<LocalRepo> {
  const top = (await gitMaybe(['rev-parse', '--show-toplevel'], { cwd: store.root }))?.trim();
  if (!top) throw new UsageError(`--commit: the store ${store.display} is not inside a git repository`);
  const base = (await gitMaybe(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: top }))?.trim();
  if (!base) throw new UsageError('--commit: the repository has no commit yet to base the promotion on');
  const name = (await gitMaybe(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: top }))?.trim();
  const storeReal = (await git(['rev-parse', '--show-prefix'], { cwd: store.root })).trim();
  return { top, prefix: storeReal, base, baseName: name || base.slice(0, 12) };
}

/** Files under a store folder at the base commit, by path inside that folder. */
export async function baseEntries(repo: LocalRepo, storeRel: string): Promise<Map<string, BaseEntry>> {
  const folder = `${repo.prefix}${storeRel}`;
  const entries = new Map<string, BaseEntry>();
  for (const entry of await listTree(repo.top, repo.base, [folder])) {
    if (entry.path === folder || !entry.path.startsWith(`${folder}/`)) continue;
    entries.set(entry.path.slice(folder.length + 1), { sha: entry.type === 'blob' ? entry.sha : `${entry.type}:${entry.sha}`, mode: entry.mode });
  }
  return entries;
}

export async function existingAtBase(repo: LocalRepo, destinationDir: string): Promise<ExistingDestination | null> {
  const entries = await baseEntries(repo, destinationDir);
  const atPath = await listTree(repo.top, repo.base, [`${repo.prefix}${destinationDir}`]);
  if (entries.size === 0) return atPath.length === 0 ? null : { files: new Map([['', 'not a folder']]) };
  const files = new Map([...entries].map(([rel, e]) => [rel, e.mode === '100644' || e.mode === '100755' ? e.sha : `${e.mode}:${e.sha}`]));
  const metadata = entries.get('baseline.json');
  const metadataText = metadata ? await git(['cat-file', 'blob', metadata.sha], { cwd: repo.top }) : undefined;
  return { files, ...(metadataText === undefined ? {} : { metadataText }) };
}

export interface LocalBranch {
  tip: string;
  tree: string;
  trailers: PromotionTrailers | undefined;
}

export async function readLocalBranch(repo: LocalRepo, id: string): Promise<LocalBranch | null> {
  const ref = `refs/heads/${promotionBranch(id)}`;
  const tip = (await gitMaybe(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: repo.top }))?.trim();
  if (!tip) return null;
  const tree = (await git(['rev-parse', `${tip}^{tree}`], { cwd: repo.top })).trim();
  const message = await git(['log', '-1', '--format=%B', tip], { cwd: repo.top });
  return { tip, tree, trailers: parsePromotionTrailers(message) };
}

export interface LocalCommitResult {
  branch: string;
  commit: string;
  tree: string;
  operation: 'created' | 'unchanged';
}

async function inBatches(args: string[], size: number, run: (batch: string[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < args.length; i += size) await run(args.slice(i, i + size));
}

export async function commitPlanOnBranch(repo: LocalRepo, store: StoreLocation, plan: PromotionPlan, policyRepoPath?: string): Promise<LocalCommitResult> {
  const branch = promotionBranch(plan.request.id);
  if (!isSafeRefName(branch)) throw new UsageError(`branch ${branch}: not a valid branch name`);
  const work = await mkdtemp(path.join(tmpdir(), 'promotion-gate-commit-'));
  const env = { GIT_INDEX_FILE: path.join(work, 'index') };
  const opts = { cwd: repo.top, env };
  try {
    await git(['read-tree', repo.base], opts);
    const tracked = [...(await baseEntries(repo, plan.sourceDir)).keys()].map((rel) => `${repo.prefix}${plan.sourceDir}/${rel}`);
    await inBatches(tracked, 200, (batch) => git(['update-index', '--force-remove', '--', ...batch], opts));

    const infos: string[] = [];
    const toHash: { file: string; sha: string }[] = [];
    for (const [index, file] of plan.files.entries()) {
      let diskPath = path.join(store.root, ...plan.sourceDir.split('/'), ...file.rel.split('/'));
      if (file.content !== undefined) {
        diskPath = path.join(work, `generated-${index}`);
        await writeFile(diskPath, file.content);
      }
      toHash.push({ file: diskPath, sha: file.gitSha });
      infos.push('--cacheinfo', `${file.mode},${file.gitSha},${repo.prefix}${plan.destinationDir}/${file.rel}`);
    }
    for (const [index, event] of plan.events.entries()) {
      const file = path.join(work, `event-${index}`);
      await writeFile(file, event.content);
      const sha = (await git(['hash-object', '-w', '--no-filters', '--', file], opts)).trim();
      infos.push('--cacheinfo', `100644,${sha},${repo.prefix}${event.path}`);
    }
    if (plan.policyText !== undefined && policyRepoPath !== undefined) {
      const file = path.join(work, 'policy');
      await writeFile(file, plan.policyText);
      const sha = (await git(['hash-object', '-w', '--no-filters', '--', file], opts)).trim();
      infos.push('--cacheinfo', `100644,${sha},${policyRepoPath}`);
    }
    // Raw bytes (--no-filters): .gitattributes must not change what is promoted.
    await inBatches(toHash.map((h) => h.file), 200, async (batch) => {
      const shas = (await git(['hash-object', '-w', '--no-filters', '--', ...batch], opts)).trim().split('\n');
      shas.forEach((sha, i) => {
        const expected = toHash.find((h) => h.file === batch[i])?.sha;
        if (sha !== expected) throw new PromotionRefused(`promotion refused: ${batch[i]} changed while being promoted`);
      });
    });
    await inBatches(infos, 400, (batch) => git(['update-index', '--add', ...batch], opts));
    const tree = (await git(['write-tree'], opts)).trim();

    const existing = await readLocalBranch(repo, plan.request.id);
    if (existing) {
      if (existing.tree === tree) return { branch, commit: existing.tip, tree, operation: 'unchanged' };
      throw new PromotionRefused(`promotion refused: branch ${branch} already exists with other content; it is never overwritten (delete it with \`git branch -D ${branch}\` or choose another id)`);
    }
    const messageFile = path.join(work, 'message');
    await writeFile(messageFile, promotionCommitMessage(plan, repo.base));
    const commit = (await git(['commit-tree', tree, '-p', repo.base, '-F', messageFile], opts)).trim();
    // An empty old value: create only if absent, so a concurrent promotion cannot be overwritten.
    await git(['update-ref', '-m', `promotion-gate: promote ${plan.request.run}`, `refs/heads/${branch}`, commit, ''], opts);
    return { branch, commit, tree, operation: 'created' };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
