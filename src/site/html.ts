/**
 * HTML that is safe by construction (RELIABILITY S1). Every page of the dashboard is built
 * with the `html` tag: an interpolated value is escaped unless it is already `Html` made by
 * this module, so a string from the store (an id, a model name, an output excerpt) can only
 * ever become text. Attributes are always written in double quotes, so escaping `"` is
 * enough to keep a value inside its attribute. Data for the page's script travels as JSON in
 * a `<script type="application/json">` block, never executed, with `<` `>` `&` escaped so
 * that no string can close the block.
 */

/** A piece of HTML that this module produced (or that was escaped into it). */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for element content or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.value;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template: `html\`<td>${text}</td>\`` escapes `text`; nested `html` stays as it is. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i] as HtmlValue) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** Joins pieces (escaping plain strings). */
export function join(pieces: readonly HtmlValue[], separator: Html | string = ''): Html {
  return new Html(pieces.map(render).join(render(separator)));
}

/**
 * A link target the site may write: a relative path built by the site itself, or an
 * http(s) URL (a navigation on click, never a request on load). Anything else
 * (`javascript:`, `data:`, protocol-relative `//host`) gives undefined.
 */
export function safeUrl(url: string | undefined | null): string | undefined {
  if (url === undefined || url === null) return undefined;
  const trimmed = url.trim();
  if (/^https?:\/\/[^\s<>"']+$/i.test(trimmed)) return trimmed;
  return undefined;
}

/** JSON for a `<script type="application/json">` block: nothing inside can end the block or start a comment. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** An inline data block the client reads with `JSON.parse(el.textContent)`. */
export function dataBlock(id: string, value: unknown): Html {
  return new Html(`<script type="application/json" id="${escapeHtml(id)}">${jsonForScript(value)}</script>`);
}
