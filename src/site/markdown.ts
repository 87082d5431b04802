/**
 * An entry's README as the dashboard shows it: GitHub-flavoured Markdown rendered by
 * micromark with its safe defaults (raw HTML is escaped, `javascript:` and other dangerous
 * link protocols are dropped) and with images switched off, because an image would make the
 * page fetch a URL from the store the moment it opens (RELIABILITY S1: no request leaves the
 * page). `![alt](url)` then reads as an exclamation mark and a link, which is what it is.
 */
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { Html } from './html.js';

/** READMEs longer than this are cut (with a note): a page must stay small at any store size. */
export const MAX_README_CHARS = 64 * 1024;

export function renderReadme(text: string): { html: Html; truncated: boolean } {
  const truncated = text.length > MAX_README_CHARS;
  const source = truncated ? text.slice(0, MAX_README_CHARS) : text;
  const body = micromark(source, {
    allowDangerousHtml: false,
    allowDangerousProtocol: false,
    extensions: [gfm(), { disable: { null: ['labelStartImage'] } }],
    htmlExtensions: [gfmHtml()],
  });
  return { html: new Html(body), truncated };
}
