/**
 * Unified diffs for the report, bounded in size (the PR comment has a budget) and with
 * secrets masked, because the texts come from the repository and a run.
 */
import { createTwoFilesPatch } from 'diff';
import { normalizeText } from './hashing.js';
import { redactSecrets } from './secret-patterns.js';

export const MAX_DIFF_LINES = 200;
export const MAX_DIFF_CHARS = 16_000;

export interface BoundedDiff {
  text: string;
  /** Lines in the full diff. */
  lines: number;
  truncated: boolean;
  omitted_lines: number;
}

/** Undefined when the two texts are equal after normalisation. */
export function boundedDiff(oldName: string, newName: string, oldText: string, newText: string): BoundedDiff | undefined {
  const before = `${normalizeText(oldText)}\n`;
  const after = `${normalizeText(newText)}\n`;
  if (before === after) return undefined;
  const patch = createTwoFilesPatch(oldName, newName, before, after, '', '', { context: 3 });
  // The `Index:`/`====` preamble says nothing the file headers do not.
  const lines = patch.split('\n').filter((line, i) => !(i < 2 && (line.startsWith('Index:') || line.startsWith('===')))); 
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
