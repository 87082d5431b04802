/**
 * The immutability check (RELIABILITY G13): every change a pull request makes inside a promoted
 * directory that existed at the merge base (found by git/immutability.ts) fails, one check per
 * path so each becomes an annotation; no such change is one passing check.
 */
import type { Check } from '../../contract/check.js';
import { modeType, type PromotedChange } from '../../git/immutability.js';

const CHECK_ID = 'promoted.unchanged';

/** Compliance checks: one failing check per changed path (each becomes an annotation), or one pass. */
export function immutabilityChecks(changes: PromotedChange[], mergeBase: string): Check[] {
  if (changes.length === 0) {
    return [{ id: CHECK_ID, status: 'pass', message: `no baseline or reference that exists at the merge base ${mergeBase.slice(0, 12)} was changed` }];
  }
  return changes.map((c) => {
    const modes = c.kind === 'mode changed' || c.kind === 'type changed' ? ` (${c.oldMode} → ${c.newMode}: ${modeType(c.oldMode)} → ${modeType(c.newMode)})` : '';
    return {
      id: CHECK_ID,
      status: 'fail',
      message: `${c.path}: ${c.kind}${modes} inside the promoted directory ${c.unit}, which is immutable; promote a new baseline or reference instead`,
      // Deleted paths too: the location is how the path shows (as code) in the comment and the annotation.
      file: c.path,
    } satisfies Check;
  });
}
