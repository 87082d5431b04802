/**
 * The frame every page shares: a Content-Security-Policy that lets the page run only the
 * site's own script file and load nothing from anywhere (no images, fonts, frames or
 * connections: RELIABILITY S1, a second wall behind the escaping), the navigation, the
 * theme switch, and links relative to the page so the site works from `file://` and from
 * any GitHub Pages path alike.
 */
import { TOOL_NAME, TOOL_VERSION } from '../contract/version.js';
import { html, type Html, type HtmlValue } from './html.js';

export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Observable Plot puts a <style> element inside each chart; styles cannot run code.
  "style-src 'self' 'unsafe-inline'",
  'img-src data:',
  "font-src 'none'",
  "connect-src 'none'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export type PageName = 'overview' | 'compare' | 'history' | 'events' | 'rollouts' | 'entry';

const NAV: [Exclude<PageName, 'entry'>, string, string][] = [
  ['overview', 'index.html', 'Overview'],
  ['compare', 'compare.html', 'Compare'],
  ['history', 'history.html', 'History'],
  ['events', 'events.html', 'Events'],
  ['rollouts', 'rollouts.html', 'Rollouts'],
];

export interface PageFrame {
  page: PageName;
  title: string;
  /** '' for pages at the site root, '../' for entries/. */
  root: string;
  store: string;
  canonical?: string;
  body: Html;
  /** Data blocks and other content placed at the end of <body>. */
  data?: HtmlValue;
}

export function page(frame: PageFrame): string {
  const { root } = frame;
  const nav = NAV.map(([name, href, label]) =>
    html`<a href="${root}${href}"${name === frame.page ? html` aria-current="page"` : ''}>${label}</a>`,
  );
  return html`<!doctype html>
<html lang="en" data-theme="auto">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<title>${frame.title} · ${TOOL_NAME}</title>
${frame.canonical ? html`<link rel="canonical" href="${frame.canonical}">` : ''}
<link rel="stylesheet" href="${root}assets/style.css">
<script src="${root}assets/app.js" defer></script>
</head>
<body data-page="${frame.page}" data-root="${root}">
<header class="top">
<div class="brand"><span class="logo" aria-hidden="true">◆</span> ${TOOL_NAME} <span class="store" title="store">${frame.store}</span></div>
<nav aria-label="Sections">${nav}</nav>
<button type="button" class="theme" id="theme-toggle" aria-label="Switch between light and dark">◐</button>
</header>
<main id="main">
${frame.body}
</main>
<footer>Built by ${TOOL_NAME} ${TOOL_VERSION} from the files of the store: every value on these pages is read from the repository, nothing is fetched.</footer>
${frame.data ?? ''}
</body>
</html>
`.value;
}

/** Where an entry's page lives: `entries/<path with "/" as "~">.html` ("~" is never in an id). */
export function entryPagePath(path: string): string {
  return `entries/${path.replace(/\//g, '~')}.html`;
}
