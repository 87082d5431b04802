/**
 * Escaping for every string that came from a run or the repository (RELIABILITY F16).
 *
 * Ids, metric names, messages and paths are attacker-controlled in a pull request: they must
 * not mention people, inject HTML, break a table, spoof text direction or fake the hidden
 * comment marker that the sticky-comment logic searches for.
 */
import { UsageError } from '../contract/errors.js';

/** The prefix of the hidden marker; only `markerComment` may write it. */
export const MARKER_PREFIX = '<!-- promotion-gate:';

/** Marker keys are run ids; the same rule as store ids keeps the marker a single token. */
const MARKER_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** `<!-- promotion-gate:<key> -->`, the one line that identifies this run's sticky comment. */
export function markerComment(key: string): string {
  if (!MARKER_KEY.test(key) || key === '.' || key === '..') {
    throw new UsageError(`report marker: ${JSON.stringify(key.slice(0, 140))} is not a valid run id`);
  }
  return `${MARKER_PREFIX}${key} -->`;
}

/** How many markers a rendered body holds; the renderer guarantees at most one. */
export function countMarkers(text: string): number {
  return text.split(MARKER_PREFIX).length - 1;
}

/**
 * Breaks every `<!--` with an invisible WORD JOINER. Applied to all rendered text so that,
 * even if an escaping path is missed, nothing but `markerComment` can produce a marker.
 */
export function neutraliseComments(text: string): string {
  return text.replaceAll('<!--', '<!-\u2060-');
}

/**
 * C0/C1 controls, DEL, lone surrogates, and invisible or direction-changing characters
 * (bidi embeddings, overrides and isolates, zero-width characters, line/paragraph
 * separators, BOM). They could reorder or hide text, so they become visible `\uXXXX`.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|\p{Surrogate}/gu;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function escapeControls(text: string): string {
  return text.replace(INVISIBLE, (ch) => NAMED[ch] ?? `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** Cuts to `max` code points (never inside a surrogate pair), marking the cut with `…`. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, Math.max(0, max - 1)).join('')}…`;
}

export interface CodeOptions {
  /** Inside a GFM table cell: `|` must be written `\|` even inside a code span. */
  table?: boolean;
  /** Longest shown text in code points (default 200); the report artifact has the rest. */
  max?: number;
}

/**
 * A code span that the content cannot close: the fence is one backtick longer than the
 * longest backtick run inside, and spaces pad content that starts or ends with a backtick
 * or space (CommonMark strips exactly one space from each side). Code spans never render
 * HTML, entities, mentions or issue links. Callers must not start a line with one: a line
 * starting with three backticks would open a fenced code block.
 */
export function inlineCode(text: string, options: CodeOptions = {}): string {
  let body = neutraliseComments(escapeControls(truncate(text, options.max ?? 200)));
  if (options.table === true) body = body.replaceAll('|', '\\|');
  if (body === '') return '*(empty)*';
  let longestRun = 0;
  for (const run of body.matchAll(/`+/g)) longestRun = Math.max(longestRun, run[0].length);
  const fence = '`'.repeat(longestRun + 1);
  // All-space content is never stripped, so it needs no padding.
  const pad = /^[` ]|[` ]$/.test(body) && /[^ ]/.test(body) ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
// A backslash before a GitHub reference only hides the backslash; the joiner breaks the link.
const JOINED: Record<string, string> = { '@': '@\u2060', '#': '\\#\u2060' };
const SPECIAL = /[\\`*_{}[\]()#+\-!|~$&<>"'@]/g;

/**
 * Plain Markdown text, safe in a paragraph, list item, heading or table cell. HTML
 * characters become entities (and `&` itself, so `&#64;` can never decode to `@`),
 * Markdown punctuation is backslash-escaped (links, emphasis, math, `|`), and `@mention`
 * and `#123` get a WORD JOINER so GitHub links neither. Newlines become spaces.
 */
export function escapeText(text: string, max = 1000): string {
  const flat = truncate(text, max).replace(/\r\n|[\r\n\t]/g, ' ');
  const escaped = escapeControls(flat).replace(SPECIAL, (ch) => HTML[ch] ?? JOINED[ch] ?? `\\${ch}`);
  // `1. x` at the start of a list item would open a nested ordered list.
  return escaped.replace(/^(\d+)\./, '$1\\.');
}

/** An http(s) link target for Markdown, or undefined when the URL is unsafe or invalid. */
export function safeHref(href: string | undefined): string | undefined {
  if (href === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  // The serialiser percent-encodes spaces, quotes and angle brackets; parentheses would end
  // the link, and Markdown decodes entities in a destination, so `&` is written `&amp;`.
  return url.href.replaceAll('(', '%28').replaceAll(')', '%29').replaceAll('&', '&amp;');
}

/**
 * Whitespace the Actions runner trims before looking for `::` (.NET's char.IsWhiteSpace,
 * which also counts NEL, U+0085, that JavaScript's `\s` does not).
 */
const RUNNER_SPACE = '[\\s\\u0085\\u180e]*';
const LEADING_COMMAND = new RegExp(`^(${RUNNER_SPACE})::`);

/**
 * Text made safe to print on a runner's stdout or stderr (RELIABILITY F25). The runner reads
 * every line: one starting with `::` (after spaces) is a workflow command (`::add-mask::`,
 * `::stop-commands::`, `::error::`), and the legacy `##[command]` form is recognised anywhere
 * in a line. A backslash breaks both, so untrusted text shows but never runs. Commands the
 * tool issues itself go through @actions/core, never through this.
 */
export function inertCommandLines(text: string): string {
  return text
    .split(/(\r\n|\r|\n)/)
    .map((part, index) => (index % 2 === 1 ? part : part.replaceAll('##[', '##\\[').replace(LEADING_COMMAND, '$1\\::')))
    .join('');
}
