/**
 * Unified diffs for the report, bounded in size (the PR comment has a budget) and with
 * secrets masked, because the texts come from the repository and a run.
 */
import { createTwoFilesPatch } from 'diff';
import { normalizeText } from '../hashing.js';
import { redactSecrets } from '../secrets/patterns.js';
import type { BoundedDiff } from '../../contract/report-sections.js';

export const MAX_DIFF_LINES = 200;
export const MAX_DIFF_CHARS = 16_000;
/** Larger inputs are not diffed at all: the comparison is quadratic in the worst case. */
export const MAX_DIFF_INPUT_CHARS = 256 * 1024;
/**
 * Beyond this many added plus removed lines the texts are reported as "rewritten". A bound
 * on the edit length (not a timeout) keeps the report the same on a fast and a slow machine.
 */
export const MAX_EDIT_LINES = 1000;


/** Undefined when the two texts are equal after normalisation. */
export function boundedDiff(oldName: string, newName: string, oldText: string, newText: string): BoundedDiff | undefined {
  const before = `${normalizeText(oldText)}\n`;
  const after = `${normalizeText(newText)}\n`;
  if (before === after) return undefined;
  const tooLarge = (note: string): BoundedDiff => ({ text: '', lines: 0, truncated: true, omitted_lines: 0, note });
  if (before.length > MAX_DIFF_INPUT_CHARS || after.length > MAX_DIFF_INPUT_CHARS) {
    return tooLarge(`the texts differ but are too large to diff here (${before.length} and ${after.length} characters)`);
  }
  const patch = createTwoFilesPatch(oldName, newName, before, after, '', '', { context: 3, maxEditLength: MAX_EDIT_LINES });
  if (patch === undefined) return tooLarge(`the texts differ in more than ${MAX_EDIT_LINES} lines: rewritten rather than edited`);
  // The `Index:`/`====` preamble says nothing the file headers do not.
  const lines = patch
    .split('\n')
    .filter((line, i) => !(i < 2 && (line.startsWith('Index:') || line.startsWith('==='))))
    // Empty file headers leave a tab after the names.
    .map((line, i) => (i < 2 ? line.replace(/\t$/, '') : line));
  if (lines.at(-1) === '') lines.pop();
  const kept: string[] = [];
  let chars = 0;
  for (const line of lines) {
    if (kept.length >= MAX_DIFF_LINES || chars + line.length + 1 > MAX_DIFF_CHARS) break;
    kept.push(line);
    chars += line.length + 1;
  }
  return {
    text: redactSecrets(kept.join('\n')),
    lines: lines.length,
    truncated: kept.length < lines.length,
    omitted_lines: lines.length - kept.length,
  };
}
