/**
 * Where the policy comes from: an explicit file (a flag or an input), else the store's
 * policy.yml; in a pull request both are read as they are at the base commit (the shell hands
 * over a snapshot). No file means the built-in defaults. `readPolicy` is the one way every
 * command, in the CLI and in the action, reads its policy.
 * The store's own policy.yml is a store file like any artifact (F27): read through the safe
 * store path, so a link out of the store, a FIFO or a hard link is refused, never opened.
 * Only an explicit `--policy` path (the user's own choice) may point anywhere.
 */
import { lstat, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ArtifactError, UsageError } from '../contract/errors.js';
import type { InputNames } from '../contract/inputs.js';
import { storePaths } from '../store/layout.js';
import type { StoreLocation } from '../store/location.js';
import { readTextFileInStore } from '../store/read.js';
import { decodeStrictUtf8, stripBom } from '../parse/utf8.js';
import { parsePolicy, MAX_POLICY_BYTES } from './parse.js';
import { DEFAULT_POLICY, type Policy } from './schema.js';

export interface LoadedPolicy {
  policy: Policy;
  /** Where it came from, shown in the report. */
  source: string;
  /** The file's text, for showing a PR's policy change. */
  text?: string;
}

/** Which policy applies: an explicit file, else the store's policy.yml. */
export interface PolicySource {
  /** An explicit policy file: its absolute path and how messages name it. */
  file?: { path: string; display: string };
  /** The store whose policy.yml applies when no file is given. */
  store: StoreLocation;
}

/** The file the policy is read from (set-pin edits it): the explicit one, else the store's. */
export function policyFileOf(source: PolicySource): { path: string; display: string } {
  return source.file ?? { path: join(source.store.root, storePaths.policy), display: `${source.store.display}/${storePaths.policy}` };
}

export function readPolicy(source: PolicySource, names: Pick<InputNames, 'policy'>): Promise<LoadedPolicy> {
  if (source.file) return readPolicyFile(source.file.path, source.file.display, names.policy);
  return storePolicy(source.store);
}

const BUILT_IN: LoadedPolicy = { policy: DEFAULT_POLICY, source: 'built-in defaults (no policy.yml)' };

/** An explicit policy file; `requiredBy` names the input that asked for it. */
async function readPolicyFile(path: string, display: string, requiredBy: string): Promise<LoadedPolicy> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new UsageError(`${requiredBy} ${display}: file not found`);
  }
  if (!info.isFile()) throw new UsageError(`${display}: the policy must be a regular file`);
  if (info.size > MAX_POLICY_BYTES) throw new UsageError(`${display}: policy file is ${info.size} bytes, over the ${MAX_POLICY_BYTES}-byte cap`);
  let text: string;
  try {
    text = stripBom(decodeStrictUtf8(await readFile(path), display));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return { policy: parsePolicy(text, display), source: display, text };
}

async function storePolicy(store: StoreLocation): Promise<LoadedPolicy> {
  // A store folder that does not exist has no policy (the gate then names the missing run).
  if (!(await lstat(store.root).catch(() => undefined))) return BUILT_IN;
  let file;
  try {
    file = await readTextFileInStore(store.root, storePaths.policy, MAX_POLICY_BYTES, store.display);
  } catch (error) {
    if (error instanceof ArtifactError && error.code === 'artifact.missing') return BUILT_IN;
    if (error instanceof ArtifactError) throw new UsageError(error.message);
    throw error;
  }
  return { policy: parsePolicy(file.text, file.display), source: file.display, text: file.text };
}
