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

/** A ref name, or a commit id in full or abbreviated (7 to 64 hexadecimal characters). */
export function isRefOrCommitId(ref: string): boolean {
  return isSafeRefName(ref) || /^[0-9a-f]{7,64}$/.test(ref);
}
