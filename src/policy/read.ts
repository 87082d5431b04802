/**
 * Where the policy comes from: an explicit file, the store's policy.yml, or (in a pull
 * request) the store's policy.yml at the base commit. No file means the built-in defaults.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../contract/errors.js';
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

export async function readPolicyFile(path: string, display: string, required: boolean): Promise<LoadedPolicy> {
  let info;
  try {
    info = await stat(path);
  } catch {
    if (required) throw new UsageError(`--policy ${display}: file not found`);
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

export async function storePolicy(storeRoot: string, storeDisplay: string): Promise<LoadedPolicy> {
  return readPolicyFile(join(storeRoot, 'policy.yml'), `${storeDisplay}/policy.yml`, false);
}
