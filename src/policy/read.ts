/**
 * Where the policy comes from: an explicit file (a flag or an input), else the store's
 * policy.yml; in a pull request both are read as they are at the base commit (the shell hands
 * over a snapshot). No file means the built-in defaults. `readPolicy` is the one way every
 * command, in the CLI and in the action, reads its policy.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../contract/errors.js';
import type { InputNames } from '../contract/inputs.js';
import { storePaths } from '../store/layout.js';
import type { StoreLocation } from '../store/location.js';
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
  const { path, display } = policyFileOf(source);
  return readPolicyFile(path, display, source.file ? names.policy : undefined);
}

/** `requiredBy` names the input that asked for the file; without it a missing file means the defaults. */
async function readPolicyFile(path: string, display: string, requiredBy?: string): Promise<LoadedPolicy> {
  let info;
  try {
    info = await stat(path);
  } catch {
    if (requiredBy !== undefined) throw new UsageError(`${requiredBy} ${display}: file not found`);
    return { policy: DEFAULT_POLICY, source: 'built-in defaults (no policy.yml)' };
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
