// The dashboard's HTML is safe by construction: interpolated strings are text, JSON data
// blocks cannot end their script element, links are http(s) only, READMEs lose raw HTML,
// images and javascript: links (RELIABILITY S1).
import { describe, expect, it } from 'vitest';
import { dataBlock, html, jsonForScript, safeUrl } from '../../../src/site/html.js';
import { renderReadme } from '../../../src/site/markdown.js';

const HOSTILE = '<img src=x onerror=alert(1)>';

describe('html', () => {
  it('escapes every interpolated string, in text and in double-quoted attributes', () => {
    const out = html`<td title="${`"${HOSTILE}'`}">${HOSTILE}</td>`.value;
    expect(out).toBe('<td title="&quot;&lt;img src=x onerror=alert(1)&gt;&#39;">&lt;img src=x onerror=alert(1)&gt;</td>');
  });

  it('keeps nested html as it is and escapes arrays item by item', () => {
    expect(html`<ul>${['<a>', html`<li>ok</li>`]}</ul>`.value).toBe('<ul>&lt;a&gt;<li>ok</li></ul>');
  });

  it('writes JSON that no string can break out of', () => {
    const text = jsonForScript({ id: '</script><script>alert(1)</script>', note: '<!-- \u2028 & -->' });
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual({ id: '</script><script>alert(1)</script>', note: '<!-- \u2028 & -->' });
    expect(dataBlock('d', { x: '</script>' }).value).toBe('<script type="application/json" id="d">{"x":"\\u003c/script\\u003e"}</script>');
  });

  it('allows only http(s) links', () => {
    expect(safeUrl('https://github.com/o/r/actions/runs/1')).toBe('https://github.com/o/r/actions/runs/1');
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', '//evil.example', 'https://x" onclick="y', ' vbscript:x']) expect(safeUrl(bad), bad).toBeUndefined();
  });
});

describe('README rendering', () => {
  it('renders Markdown and drops raw HTML, images and dangerous links', () => {
    const { html: out } = renderReadme(`# Title ${HOSTILE}\n\n<script>alert(1)</script>\n\n![pixel](http://example.invalid/p.png)\n\n[x](javascript:alert(1)) [ok](https://example.org)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n`);
    expect(out.value).toContain('<h1>Title &lt;img src=x onerror=alert(1)&gt;</h1>');
    expect(out.value).toContain('&lt;script&gt;');
    expect(out.value).not.toMatch(/<img|<script|href="javascript:/i);
    expect(out.value).toContain('<a href="https://example.org">ok</a>');
    expect(out.value).toContain('<table>');
  });

  it('cuts a README over 64 KiB and says so', () => {
    const { html: out, truncated } = renderReadme('x'.repeat(70 * 1024));
    expect(truncated).toBe(true);
    expect(out.value.length).toBeLessThan(66 * 1024);
  });
});
