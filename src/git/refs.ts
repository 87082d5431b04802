/**
 * Ref names that come from users and events are checked before git sees them: a name git
 * itself would refuse, or one that could read as an option, never reaches a git command.
 */

/** A ref name the user gave: refuse anything git itself would not accept as a ref. */
export function isSafeRefName(ref: string): boolean {
  return (
    ref.length > 0 &&
    ref.length <= 255 &&
    !ref.startsWith('-') &&
    // eslint-disable-next-line no-control-regex -- control characters are exactly what git refuses
    !/[\s~^:?*[\\\x00-\x1f\x7f]/.test(ref) &&
    !ref.includes('..') &&
    !ref.includes('@{') &&
    !ref.endsWith('.lock') &&
    !ref.endsWith('/') &&
    !ref.endsWith('.')
  );
}

/**
 * Something git could take for a revision (`HEAD~1`, `origin/main^`, a sha): never empty, never
 * an option, no control characters; git itself decides the rest (`rev-parse --verify`).
 */
export function isRevisionLike(revision: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters never name a revision
  return revision.length > 0 && revision.length <= 1024 && !revision.startsWith('-') && !/[\x00-\x1f\x7f]/.test(revision);
}
