/**
 * The CLI's edge: flags become resolved values once (the store's location, the policy's
 * source, ids checked before any file is touched, the fail-on level), named as flags in every
 * message (CLI_NAMES). Commands take these; nothing below the shell reads a flag.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { UsageError } from '../contract/errors.js';
import type { PolicySource } from '../policy/read.js';
import { validateId, type IdKind } from '../store/ids.js';
import type { StoreLocation } from '../store/location.js';
import { stringFlag, type CliIo, type FlagValues } from './command.js';

export function storeLocation(flag: string | undefined, io: CliIo): StoreLocation {
  const given = flag ?? 'data/eval';
  const root = resolve(io.cwd, given);
  const rel = relative(io.cwd, root);
  const display = rel === '' ? '.' : !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : root;
  return { root, display };
}

/** `--policy FILE`, else the policy.yml of `store` (a snapshot's store with `--base-ref`). */
export function policySource(values: FlagValues, io: CliIo, store: StoreLocation): PolicySource {
  const flag = stringFlag(values, 'policy');
  return flag ? { file: { path: resolve(io.cwd, flag), display: flag }, store } : { store };
}

/** An id flag, checked (F1) when it is given (an empty value counts as not given). */
export function idFlag(values: FlagValues, name: string, kind: IdKind): string | undefined {
  const value = stringFlag(values, name);
  return value === undefined || value === '' ? value : validateId(kind, value, `--${name}`);
}

export function failOnFlag(values: FlagValues): 'error' | 'warning' | undefined {
  const value = stringFlag(values, 'fail-on');
  if (value === undefined) return undefined;
  if (value !== 'error' && value !== 'warning') throw new UsageError(`--fail-on "${value}": expected error or warning`);
  return value;
}
