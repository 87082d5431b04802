/**
 * Help text that fits the reader's terminal: wrapped to its width on a TTY and to 100
 * columns otherwise (a pipe, a file, CI logs). Lines keep their hanging indent: a flag's
 * description continues under the description, not under the flag, and a usage line
 * continues under the command's arguments, breaking between `[...]` groups, never inside.
 */

export const PIPE_WIDTH = 100;
const MIN_WIDTH = 40;

/** The width help is wrapped to: the terminal's columns on a TTY, else 100. */
export function helpWidth(isTty: boolean, columns: number | undefined): number {
  if (!isTty || columns === undefined || !Number.isFinite(columns) || columns <= 0) return PIPE_WIDTH;
  return Math.max(MIN_WIDTH, Math.floor(columns));
}

function length(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Greedy fill of `words` into lines of at most `width`, the first after `first`, the rest after `rest`. */
function fill(words: string[], width: number, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of words) {
    const candidate = empty ? line + word : `${line} ${word}`;
    if (!empty && length(candidate) > width) {
      lines.push(line);
      line = rest + word;
    } else {
      line = candidate;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** Splits a usage tail into words, keeping each `[...]` group whole. */
function usageWords(text: string): string[] {
  const words: string[] = [];
  let depth = 0;
  let word = '';
  for (const ch of text) {
    if (ch === '[') depth++;
    if (ch === ']') depth = Math.max(0, depth - 1);
    if (ch === ' ' && depth === 0) {
      if (word !== '') words.push(word);
      word = '';
    } else {
      word += ch;
    }
  }
  if (word !== '') words.push(word);
  return words;
}

/** One line wrapped with its hanging indent. */
function wrapLine(line: string, width: number): string[] {
  if (length(line) <= width) return [line];
  const usage = /^(Usage: \S+ \S+ )(.*)$/.exec(line) ?? /^(\s+\S+ \S+ )(\[.*|--.*)$/.exec(line);
  if (usage) {
    const [, head = '', tail = ''] = usage;
    const indent = ' '.repeat(Math.min(length(head), Math.floor(width / 2)));
    return fill(usageWords(tail), width, head, indent);
  }
  // `  --flag VALUE      description`: continue under the description.
  const column = /^(\s*\S(?:.*?\S)?\s{2,})(\S.*)$/.exec(line);
  const [head, body] = column ? [column[1] ?? '', column[2] ?? ''] : [/^\s*/.exec(line)?.[0] ?? '', line.trimStart()];
  const indent = ' '.repeat(Math.min(length(head), Math.floor(width / 2)));
  return fill(body.split(' ').filter((w) => w !== ''), width, head, indent);
}

/** Wraps every line of `text` to `width` columns. */
export function wrapHelp(text: string, width: number): string {
  return text.split('\n').flatMap((line) => wrapLine(line, width)).join('\n');
}
