/**
 * Local mode without `--commit`: carry the plan out in the working tree. The destination is
 * assembled in a hidden staging folder next to it, every copy is re-hashed against the plan,
 * and only then renamed into place (one atomic step) before the run is removed. A crash
 * leaves either nothing visible or both folders, which a re-run finishes ("identical").
 */
import { constants } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { StoreLocation } from '../../store/location.js';
import { writeEventFiles } from '../../store/event-log.js';
import { sha256Hex } from '../../provenance/hashing.js';
import { isDirectoryInStore } from '../../store/read.js';
import { resolveInStore, type StoreRoot } from '../../store/safe-path.js';
import { PromotionRefused } from '../plan/errors.js';
import { scanRun } from '../../provenance/seal/run-scan.js';
import { sourceFile } from '../source.js';
import type { ExistingDestination, PromotionPlan } from '../plan/types.js';
import { ensureFolder } from '../../store/writer.js';

const root = (store: StoreLocation): StoreRoot => ({ path: store.root, display: store.display });

/** The destination as the working tree has it: every entry by git blob id, or null when absent. */
export async function readExistingInStore(store: StoreLocation, destinationDir: string): Promise<ExistingDestination | null> {
  let present: boolean;
  try {
    present = await isDirectoryInStore(root(store), destinationDir);
  } catch {
    // Something unsafe (a link out of the store) sits there: it exists and is not ours to touch.
    return { files: new Map([['', 'unsafe']]) };
  }
  if (!present) {
    const other = await resolveInStore(root(store), destinationDir, 'any').then(() => true, () => false);
    return other ? { files: new Map([['', 'not a folder']]) } : null;
  }
  const files = new Map<string, string>();
  let metadataText: string | undefined;
  for (const entry of (await scanRun(store, destinationDir, { secrets: false, gitBlobs: true })).files) {
    if (entry.kind !== 'file' || entry.symlinked) {
      files.set(entry.rel, `${entry.kind}${entry.symlinked ? ' link' : ''}`);
      continue;
    }
    files.set(entry.rel, sourceFile(entry).gitSha);
    if (entry.rel === 'baseline.json') metadataText = await readFile((await resolveInStore(root(store), entry.storeRel, 'file')).path, 'utf8');
  }
  return { files, ...(metadataText === undefined ? {} : { metadataText }) };
}

export interface WorkingTreeResult {
  /** Files written into the destination (0 when it already held them). */
  written: number;
  removedRun: boolean;
  policyWritten: boolean;
}

async function assemble(store: StoreLocation, plan: PromotionPlan, staging: string): Promise<void> {
  for (const file of plan.files) {
    const target = path.join(staging, ...file.rel.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    if (file.content !== undefined) {
      await writeFile(target, file.content, { flag: 'wx' });
    } else {
      const from = await resolveInStore(root(store), `${plan.sourceDir}/${file.rel}`, 'file');
      await copyFile(from.path, target, constants.COPYFILE_EXCL);
      if (sha256Hex(await readFile(target)) !== file.sha256) {
        throw new PromotionRefused(`${from.display} changed while being promoted (promotion refused, nothing moved)`);
      }
    }
    await chmod(target, file.mode === '100755' ? 0o755 : 0o644);
  }
}

export async function applyToWorkingTree(store: StoreLocation, plan: PromotionPlan, policyFile?: string): Promise<WorkingTreeResult> {
  let written = 0;
  if (plan.destination === 'new') {
    const parentRel = path.posix.dirname(plan.destinationDir);
    const parent = await ensureFolder(store, parentRel);
    const staging = await mkdtemp(path.join(parent, `.promote-${plan.request.id}-`));
    try {
      await assemble(store, plan, staging);
      await rename(staging, path.join(parent, path.posix.basename(plan.destinationDir)));
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ENOTEMPTY') throw new PromotionRefused(`promotion refused: ${store.display}/${plan.destinationDir} appeared while promoting; it is never overwritten`);
      throw error;
    }
    written = plan.files.length;
  }
  let removedRun = false;
  if (await isDirectoryInStore(root(store), plan.sourceDir)) {
    await rm((await resolveInStore(root(store), plan.sourceDir, 'dir')).path, { recursive: true });
    removedRun = true;
  }
  let policyWritten = false;
  if (plan.policyText !== undefined && policyFile !== undefined) {
    const temporary = `${policyFile}.promote-${process.pid}.tmp`;
    await writeFile(temporary, plan.policyText);
    await rename(temporary, policyFile);
    policyWritten = true;
  }
  await writeEventFiles(store, plan.events);
  return { written, removedRun, policyWritten };
}
