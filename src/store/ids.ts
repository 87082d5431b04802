/**
 * Ids name folders in the store, so each must be one harmless path segment (F1). They are
 * checked before any file is touched, and the error names the input that supplied them.
 */
import { UsageError } from '../contract/errors.js';
import { quoteForMessage } from '../parse/json.js';

export type IdKind = 'run' | 'baseline' | 'reference' | 'task' | 'dataset' | 'experiment';

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const MAX_LENGTH = 128;

/** Returns `value` when it is a valid id; otherwise throws a UsageError naming `source`. */
export function validateId(kind: IdKind, value: string, source: string): string {
  const problem = idProblem(value);
  if (problem !== undefined) {
    throw new UsageError(`${source} ${quoteForMessage(value)}: ${problem} (a ${kind} id matches ${ID_PATTERN.source})`);
  }
  return value;
}

export function isValidId(value: string): boolean {
  return idProblem(value) === undefined;
}

/** Why `value` is not an id, most specific reason first; undefined when it is one. */
function idProblem(value: string): string | undefined {
  if (value.length === 0) return 'an id cannot be empty';
  if (value.includes('\0')) return 'an id cannot contain a NUL character';
  if (value === '.' || value === '..') return `"${value}" is not an id: an id is a single path segment naming a folder`;
  if (/^(?:[/\\]|[A-Za-z]:)/.test(value)) return 'an id is a single path segment, not an absolute path';
  if (/[/\\]/.test(value)) return 'an id is a single path segment: it cannot contain "/" or "\\"';
  if (value.length > MAX_LENGTH) return `an id is at most ${MAX_LENGTH} characters, this one has ${value.length}`;
  if (/[. ]$/.test(value)) return 'an id cannot end with "." or a space';
  if (!/^[A-Za-z0-9]/.test(value)) return 'an id starts with an ASCII letter or digit';
  const bad = /[^A-Za-z0-9._-]/u.exec(value);
  if (bad) return `character ${quoteForMessage(bad[0])} is not allowed: use ASCII letters, digits, ".", "_" and "-"`;
  return undefined;
}
