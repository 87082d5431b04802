/**
 * Local mode with `--commit`: one commit on a new branch promote/<id>, built with git plumbing
 * in a temporary index (read-tree, hash-object, update-index, write-tree, commit-tree,
 * update-ref; the verbs of src/git/repo.ts). The working tree, the real index and the current
 * branch are never touched, so the base branch is unchanged; the branch is created only if it
 * does not exist. Every git call is an argument array (no shell, G15).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError } from '../../contract/errors.js';
import type { StoreLocation } from '../../store/location.js';
import { isSafeRefName } from '../../git/refs.js';
import { parsePromotionTrailers, promotionCommitMessage, type PromotionTrailers } from '../plan/commit-message.js';
import { PromotionRefused } from '../plan/errors.js';
import { promotionBranch } from '../plan/request.js';
import type { BaseEntry } from '../plan/source-check.js';
import type { ExistingDestination, PromotionPlan } from '../plan/types.js';
import type { LocalRepo } from '../../git/store-repo.js';

/** Files under a store folder at the base commit, by path inside that folder. */
export async function baseEntries(repo: LocalRepo, storeRel: string): Promise<Map<string, BaseEntry>> {
  const folder = `${repo.prefix}${storeRel}`;
  const entries = new Map<string, BaseEntry>();
  for (const entry of await repo.git.listTree(repo.base, [folder])) {
    if (entry.path === folder || !entry.path.startsWith(`${folder}/`)) continue;
    entries.set(entry.path.slice(folder.length + 1), { sha: entry.type === 'blob' ? entry.sha : `${entry.type}:${entry.sha}`, mode: entry.mode });
  }
  return entries;
}

export async function existingAtBase(repo: LocalRepo, destinationDir: string): Promise<ExistingDestination | null> {
  const entries = await baseEntries(repo, destinationDir);
  const atPath = await repo.git.listTree(repo.base, [`${repo.prefix}${destinationDir}`]);
  if (entries.size === 0) return atPath.length === 0 ? null : { files: new Map([['', 'not a folder']]) };
  const files = new Map([...entries].map(([rel, e]) => [rel, e.mode === '100644' || e.mode === '100755' ? e.sha : `${e.mode}:${e.sha}`]));
  const metadata = entries.get('baseline.json');
  const metadataText = metadata ? await repo.git.blobText(metadata.sha) : undefined;
  return { files, ...(metadataText === undefined ? {} : { metadataText }) };
}

export interface LocalBranch {
  tip: string;
  tree: string;
  trailers: PromotionTrailers | undefined;
}

export async function readLocalBranch(repo: LocalRepo, id: string): Promise<LocalBranch | null> {
  const ref = `refs/heads/${promotionBranch(id)}`;
  const tip = await repo.git.resolveCommit(ref);
  if (!tip) return null;
  const tree = await repo.git.treeOf(tip);
  const message = await repo.git.commitMessage(tip);
  return { tip, tree, trailers: parsePromotionTrailers(message) };
}

export interface LocalCommitResult {
  branch: string;
  commit: string;
  tree: string;
  operation: 'created' | 'unchanged';
}

export async function commitPlanOnBranch(repo: LocalRepo, store: StoreLocation, plan: PromotionPlan, policyRepoPath?: string): Promise<LocalCommitResult> {
  const branch = promotionBranch(plan.request.id);
  if (!isSafeRefName(branch)) throw new UsageError(`branch ${branch}: not a valid branch name`);
  const work = await mkdtemp(path.join(tmpdir(), 'promotion-gate-commit-'));
  try {
    const tree = await repo.git.withTemporaryIndex(async (index) => {
      await index.readTree(repo.base);
      const tracked = [...(await baseEntries(repo, plan.sourceDir)).keys()].map((rel) => `${repo.prefix}${plan.sourceDir}/${rel}`);
      await index.remove(tracked);

      const entries: { mode: string; sha: string; path: string }[] = [];
      const toHash: { file: string; sha: string }[] = [];
      for (const [n, file] of plan.files.entries()) {
        let diskPath = path.join(store.root, ...plan.sourceDir.split('/'), ...file.rel.split('/'));
        if (file.content !== undefined) {
          diskPath = path.join(work, `generated-${n}`);
          await writeFile(diskPath, file.content);
        }
        toHash.push({ file: diskPath, sha: file.gitSha });
        entries.push({ mode: file.mode, sha: file.gitSha, path: `${repo.prefix}${plan.destinationDir}/${file.rel}` });
      }
      for (const [n, event] of plan.events.entries()) {
        const file = path.join(work, `event-${n}`);
        await writeFile(file, event.content);
        const [sha = ''] = await repo.git.hashFiles([file]);
        entries.push({ mode: '100644', sha, path: `${repo.prefix}${event.path}` });
      }
      if (plan.policyText !== undefined && policyRepoPath !== undefined) {
        const file = path.join(work, 'policy');
        await writeFile(file, plan.policyText);
        const [sha = ''] = await repo.git.hashFiles([file]);
        entries.push({ mode: '100644', sha, path: policyRepoPath });
      }
      // Raw bytes: .gitattributes must not change what is promoted.
      const shas = await repo.git.hashFiles(toHash.map((h) => h.file));
      shas.forEach((sha, i) => {
        if (sha !== toHash[i]?.sha) throw new PromotionRefused(`promotion refused: ${toHash[i]?.file} changed while being promoted`);
      });
      await index.add(entries);
      return index.writeTree();
    });

    const existing = await readLocalBranch(repo, plan.request.id);
    if (existing) {
      if (existing.tree === tree) return { branch, commit: existing.tip, tree, operation: 'unchanged' };
      throw new PromotionRefused(`promotion refused: branch ${branch} already exists with other content; it is never overwritten (delete it with \`git branch -D ${branch}\` or choose another id)`);
    }
    const commit = await repo.git.commitTree(tree, [repo.base], promotionCommitMessage(plan, repo.base));
    // Created only if absent, so a concurrent promotion cannot be overwritten.
    await repo.git.createBranch(branch, commit, `promotion-gate: promote ${plan.request.run}`);
    return { branch, commit, tree, operation: 'created' };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
