/**
 * The run that is promoted must be the run the base holds: when the base commit tracks
 * runs/<id>, the files read from disk must be exactly its files (same paths, same blobs), so
 * the commit that removes it from runs/ moves precisely those bytes. A run the base does not
 * track (produced in the same workflow, say) is simply added.
 */
import { PromotionRefused } from './errors.js';
import type { SourceFile } from './types.js';

export interface BaseEntry {
  sha: string;
  mode: string;
}

export function checkSourceMatchesBase(files: SourceFile[], base: Map<string, BaseEntry>, runDisplay: string, where: string): void {
  if (base.size === 0) return;
  const hint = `commit the run as it is, or promote from a checkout of ${where}`;
  for (const file of files) {
    const entry = base.get(file.rel);
    if (!entry) throw new PromotionRefused(`promotion refused: ${runDisplay}/${file.rel} is not in ${where}'s copy of the run (${hint})`);
    if (entry.sha !== file.gitSha) throw new PromotionRefused(`promotion refused: ${runDisplay}/${file.rel} differs from ${where}'s copy (${hint})`);
  }
  const local = new Set(files.map((f) => f.rel));
  const missing = [...base.keys()].sort().find((rel) => !local.has(rel));
  if (missing !== undefined) throw new PromotionRefused(`promotion refused: ${runDisplay}/${missing} is in ${where}'s copy of the run but not on disk (${hint})`);
}
