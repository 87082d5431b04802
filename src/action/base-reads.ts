/**
 * Reads for a pull request that must not come from the PR itself: the policy and the pinned
 * baselines at the base commit (DESIGN.md section 2), plus the PR's own policy text, only to
 * show its change.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../contract/errors.js';
import { snapshotAtRef, type BaseSnapshot } from '../git/snapshot.js';
import type { StoreLocation } from '../store/location.js';
import type { InputNames } from '../contract/inputs.js';
import { readPolicy, type LoadedPolicy } from '../policy/read.js';
import { materializeAtRef } from '../git/materialize.js';
import type { GitRepo } from '../git/repo.js';
import { MAX_POLICY_BYTES } from '../policy/parse.js';
import { policyChange, type PolicyChange } from './policy-change.js';

export interface BaseReads {
  snapshot: BaseSnapshot;
  policy: LoadedPolicy;
  change?: PolicyChange;
  /** Removes the temp folders these reads made (the snapshot, the policy copy). */
  dispose(): Promise<void>;
}

/** The repository-relative path of a workspace path, refusing anything outside the repository. */
export function repoRelative(repoTop: string, workspace: string, path: string, input: string): string {
  const rel = relative(repoTop, resolve(workspace, path)).split(sep).join('/');
  if (rel.startsWith('..') || resolve(workspace, path) === '/') throw new UsageError(`input ${input}: ${path} is outside the repository`);
  return rel;
}

export async function readAtBase(input: {
  repo: GitRepo;
  workspace: string;
  store: StoreLocation;
  storePath: string;
  policyInput: string | undefined;
  names: InputNames;
  baseSha: string;
  headSha: string;
  tempDir: string;
}): Promise<BaseReads> {
  const snapshot = await snapshotAtRef(input.store, input.baseSha, input.names.baseRef);
  const folders: string[] = [];
  const dispose = async () => {
    await snapshot.dispose();
    for (const dir of folders) await rm(dir, { recursive: true, force: true });
  };
  try {
    let policy: LoadedPolicy;
    let policyPath: string;
    if (input.policyInput) {
      // An explicit policy file is read at the base commit too: the PR could edit it as well.
      policyPath = repoRelative(input.repo.dir, input.workspace, input.policyInput, 'policy');
      const dir = await mkdtemp(join(input.tempDir, 'promotion-gate-policy-'));
      folders.push(dir);
      const { written } = await materializeAtRef(input.repo, input.baseSha, [policyPath], dir);
      if (!written.includes(policyPath)) throw new UsageError(`input policy: ${input.policyInput} is not a regular file at the base commit ${input.baseSha.slice(0, 12)}`);
      const file = { path: join(dir, policyPath), display: `${input.policyInput}@${input.baseSha.slice(0, 12)}` };
      policy = await readPolicy({ file, store: snapshot.store }, input.names);
    } else {
      policyPath = `${input.storePath ? `${input.storePath}/` : ''}policy.yml`;
      policy = await readPolicy({ store: snapshot.store }, input.names);
    }
    const headText = await input.repo.fileAt(input.headSha, policyPath, MAX_POLICY_BYTES + 1);
    const change = policyChange(policyPath, policy.text, headText, input.baseSha, input.headSha);
    return { snapshot, policy, ...(change ? { change } : {}), dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
