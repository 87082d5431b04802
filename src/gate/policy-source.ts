/**
 * Where the policy comes from: an explicit file, the store's policy.yml, or (in a pull
 * request) the store's policy.yml at the base commit. No file means the built-in defaults.
 * The store's own policy.yml is a store file like any artifact (F27): read through the safe
 * store path, so a link out of the store, a FIFO or a hard link is refused, never opened.
 * Only an explicit `--policy` path (the user's own choice) may point anywhere.
 */
import { lstat, readFile, stat } from 'node:fs/promises';
import { ArtifactError, UsageError } from '../errors.js';
import { decodeStrictUtf8, stripBom } from '../json/utf8.js';
import { parsePolicy, MAX_POLICY_BYTES } from '../policy/load.js';
import { DEFAULT_POLICY, type Policy } from '../policy/schema.js';
import { readTextFileInStore } from '../store/read.js';
import { storePaths } from '../store/safe-path.js';

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

const BUILT_IN: LoadedPolicy = { policy: DEFAULT_POLICY, source: 'built-in defaults (no policy.yml)' };

export async function storePolicy(storeRoot: string, storeDisplay: string): Promise<LoadedPolicy> {
  // A store folder that does not exist has no policy (the gate then names the missing run).
  if (!(await lstat(storeRoot).catch(() => undefined))) return BUILT_IN;
  let file;
  try {
    file = await readTextFileInStore(storeRoot, storePaths.policy, MAX_POLICY_BYTES, storeDisplay);
  } catch (error) {
    if (error instanceof ArtifactError && error.code === 'artifact.missing') return BUILT_IN;
    if (error instanceof ArtifactError) throw new UsageError(error.message);
    throw error;
  }
  return { policy: parsePolicy(file.text, file.display), source: file.display, text: file.text };
}
