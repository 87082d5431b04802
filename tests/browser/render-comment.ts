/**
 * Renders a PR comment the way GitHub shows it, offline: GFM by micromark (tables, task
 * lists, autolinks, raw HTML such as <details>), github-markdown-css, and mermaid for the
 * fenced `mermaid` blocks, in Debian's Chromium driven by playwright-core (never a
 * downloaded browser; no network: every request the page makes is refused). Then it measures
 * what a reviewer would see: anything wider than the comment, and the chart's geometry.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser } from 'playwright-core';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

const require = createRequire(import.meta.url);
const MARKDOWN_CSS = readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8');
const MERMAID_JS = require.resolve('mermaid/dist/mermaid.min.js');
/** Page-side scripts: plain JavaScript that runs in the browser (see tests/browser/page/). */
const pageScript = (name: string): string => readFileSync(new URL(`./page/${name}`, import.meta.url), 'utf8').replace(/^\/\/.*\n/gm, '').trim();
const RENDER_MERMAID = pageScript('render-mermaid.js');
const MEASURE = pageScript('measure.js');

export const CHROMIUM = process.env.PROMOTION_GATE_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** GitHub's comment body: 800 px wide with the comment box's 16 px padding. */
export const COMMENT_WIDTH = 800;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

export function commentHtml(markdown: string): string {
  const body = micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
  return `<!doctype html><html><head><meta charset="utf-8"><style>${MARKDOWN_CSS}</style><style>
  body { margin: 0; background: #ffffff; }
  .comment { width: ${COMMENT_WIDTH}px; box-sizing: border-box; padding: 16px; border: 1px solid #d0d7de; border-radius: 6px; margin: 8px; }
  .markdown-body { font-size: 14px; }
  details { margin-bottom: 8px; }
</style></head><body><div class="comment"><div class="markdown-body" id="comment">${body}</div></div></body></html>`;
}

export interface ChartGeometry {
  /** The plot area's left and right edges, in page pixels. */
  plotLeft: number;
  plotRight: number;
  /** Where the zero line is drawn, and its vertical extent. */
  zeroX: number;
  zeroTop: number;
  zeroBottom: number;
  /** Per category (top to bottom): the visible bar's left and right edges and its colour. */
  bars: { label: string; left: number; right: number; colour: string }[];
}

export interface RenderedComment {
  consoleErrors: string[];
  /** Elements whose right edge passes the comment's, or that scroll sideways (tables, code). */
  overflowing: string[];
  chart: ChartGeometry | undefined;
  /** Text of the rendered comment, as a reader sees it. */
  text: string;
}

/** Opens the comment in a new page of `browser`, renders mermaid, measures, and optionally saves a screenshot. */
export async function renderComment(browser: Browser, markdown: string, screenshot?: string): Promise<RenderedComment> {
  const page = await browser.newPage({ viewport: { width: COMMENT_WIDTH + 16, height: 900 }, deviceScaleFactor: Number(process.env.SHOT_SCALE ?? 1) });
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.route('**/*', (route) => route.abort());
  try {
    await page.setContent(commentHtml(markdown));
    await page.addScriptTag({ path: MERMAID_JS });
    await page.evaluate(`(${RENDER_MERMAID})()`);
    const measured = (await page.evaluate(`(${MEASURE})()`)) as Omit<RenderedComment, 'consoleErrors'>;
    if (screenshot !== undefined) {
      // The picture shows the comment as GitHub first shows it: folded sections closed.
      await page.evaluate('document.querySelectorAll("details").forEach((d) => d.removeAttribute("open"))');
      await page.locator(process.env.SHOT_SELECTOR ?? '.comment').screenshot({ path: screenshot });
    }
    return { consoleErrors, ...measured };
  } finally {
    await page.close();
  }
}
