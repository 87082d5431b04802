/**
 * A throwaway git repository that borrows the workspace's objects (git "alternates"). Runs
 * read from git objects (a fork's head that is not checked out) or from a downloaded
 * artifact are written here, so the gate's provenance checks can still ask git whether a
 * fingerprint's commit exists and is reachable, without checking untrusted code out into
 * the workspace.
 */
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { GitRepo } from '../git/repo.js';

export async function createScratchRepo(parent: string, workspace: GitRepo | undefined): Promise<string> {
  const dir = await mkdtemp(join(parent, 'promotion-gate-'));
  if (workspace) await GitRepo.initBorrowing(dir, workspace);
  return dir;
}
