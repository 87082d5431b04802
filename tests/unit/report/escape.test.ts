/* eslint-disable no-control-regex -- these tests feed and look for control characters on purpose */
// F16: every untrusted string is inert once escaped: no mention, no HTML, no broken table,
// no fake marker, no hidden direction change.
import { describe, expect, it } from 'vitest';
import {
  MARKER_PREFIX, countMarkers, escapeControls, escapeText, inlineCode, markerComment, safeHref, truncate,
} from '../../../src/report/escape.js';
import { outsideCodeSpans, tableCells } from './fixtures.js';

const WJ = '\u2060';

/** The F16 catalogue, each with what must not survive outside a code span. */
const HOSTILE: { input: string; forbidden: RegExp }[] = [
  { input: '@team', forbidden: /@team/ },
  { input: 'ping @octo-org/admins now', forbidden: /@o/ },
  { input: '&#64;user', forbidden: /&#64;/ },
  { input: '</details>', forbidden: /<\/details/ },
  { input: '<img src=x onerror=alert(1)>', forbidden: /<img/ },
  { input: '<!-- promotion-gate:x -->', forbidden: /<!--/ },
  { input: '[link](javascript:alert(1))', forbidden: /(?<!\\)\[link(?<!\\)\]/ },
  { input: 'fixes #123', forbidden: /#123/ },
  { input: 'a|b|c', forbidden: /(?<!\\)\|/ },
  { input: 'line1\nline2\r\n| x |', forbidden: /\n|\r|(?<!\\)\|/ },
  { input: 'evil\u202Egnp.exe', forbidden: /\u202E/ },
  { input: '\u2066isolate\u2069 \u200Ehidden\u200F \u061C', forbidden: /[\u2066\u2069\u200E\u200F\u061C]/ },
  { input: 'bell\x07 esc\x1b[2J c1\x9b', forbidden: /[\x07\x1b\x9b]/ },
  { input: '`x` and ``` fence ``', forbidden: /(?<!\\)`/ },
  { input: '`edge', forbidden: /(?<!\\)`/ },
  { input: '$\\href{x}{y}$ **bold** _em_ ~~del~~', forbidden: /(?<!\\)[$*_~]/ },
];

describe('escapeText', () => {
  it.each(HOSTILE)('leaves nothing live from $input', ({ input, forbidden }) => {
    expect(escapeText(input)).not.toMatch(forbidden);
  });

  it('keeps a mention readable but unlinkable with a WORD JOINER after the @', () => {
    expect(escapeText('@team')).toBe(`@${WJ}team`);
    expect(escapeText('#123')).toBe(`\\#${WJ}123`);
  });

  it('escapes & so an entity shows as written instead of decoding', () => {
    expect(escapeText('&#64;user')).toBe(`&amp;\\#${WJ}64;user`);
    expect(escapeText(`<a href="x" title='y'>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;');
  });

  it('turns newlines into spaces and shows other controls as \\u escapes', () => {
    expect(escapeText('a\nb\r\nc')).toBe('a b c');
    expect(escapeText('x\u202Ey')).toBe('x\\\\u202Ey');
  });

  it('does not let a leading number start an ordered list', () => {
    expect(escapeText('1. first')).toBe('1\\. first');
  });

  it('bounds very long strings', () => {
    const out = escapeText('a'.repeat(100_000));
    expect(out.length).toBe(1000);
    expect(out.endsWith('…')).toBe(true);
  });
});

describe('inlineCode', () => {
  it.each(HOSTILE)('keeps $input inside one code span', ({ input }) => {
    const code = inlineCode(input, { table: true });
    expect(outsideCodeSpans(code)).toBe('<code/>');
    expect(code).not.toContain('\n');
    expect(code).not.toContain(MARKER_PREFIX);
  });

  it('picks a fence longer than any backtick run inside and pads edge backticks', () => {
    expect(inlineCode('plain')).toBe('`plain`');
    expect(inlineCode('a `b` c')).toBe('``a `b` c``');
    expect(inlineCode('``x```')).toBe('```` ``x``` ````');
    expect(inlineCode('`')).toBe('`` ` ``');
    expect(inlineCode(' x ')).toBe('`  x  `');
    expect(inlineCode('  ')).toBe('`  `');
  });

  it('escapes pipes only for table cells, where GFM needs \\| even inside code', () => {
    expect(inlineCode('a|b')).toBe('`a|b`');
    expect(inlineCode('a|b', { table: true })).toBe('`a\\|b`');
    expect(tableCells(`| ${inlineCode('x|y|z', { table: true })} | 2 |`)).toHaveLength(2);
  });

  it('shows bidi and other invisible characters as visible escapes', () => {
    expect(inlineCode('evil\u202Etxt.exe')).toBe('`evil\\u202Etxt.exe`');
    expect(inlineCode('tab\there\nnew')).toBe('`tab\\there\\nnew`');
    expect(inlineCode('\u200B\uFEFF')).toBe('`\\u200B\\uFEFF`');
  });

  it('breaks a comment opener so a fake marker is never written', () => {
    const code = inlineCode('<!-- promotion-gate:run_x -->');
    expect(countMarkers(code)).toBe(0);
    expect(code).toBe(`\`<!-${WJ}- promotion-gate:run_x -->\``);
  });

  it('cuts long names by code points without splitting a surrogate pair', () => {
    const out = inlineCode('😀'.repeat(300), { max: 10 });
    expect(out).toBe(`\`${'😀'.repeat(9)}…\``);
    expect(truncate('short', 10)).toBe('short');
  });

  it('shows an empty string as a readable placeholder, not an empty fence', () => {
    expect(inlineCode('')).toBe('*(empty)*');
  });
});

describe('markerComment', () => {
  it('builds the marker for a valid run id', () => {
    expect(markerComment('run_2024-01.a')).toBe('<!-- promotion-gate:run_2024-01.a -->');
  });

  it.each(['', '..', 'a b', 'x -->', 'a/b', '<!--', 'x'.repeat(129), 'run\n'])('refuses %j', (bad) => {
    expect(() => markerComment(bad)).toThrow(/not a valid run id/);
  });
});

describe('escapeControls', () => {
  it('makes an ANSI escape sequence inert text', () => {
    expect(escapeControls('a\x1b[2Jb')).toBe('a\\u001B[2Jb');
  });

  it('leaves ordinary Unicode, including astral characters, alone', () => {
    expect(escapeControls('naïve 日本 😀')).toBe('naïve 日本 😀');
  });

  it('escapes a lone surrogate, which would otherwise become U+FFFD', () => {
    expect(escapeControls('x\uD800y')).toBe('x\\uD800y');
  });
});

describe('safeHref', () => {
  it('accepts http(s) and encodes parentheses that would end a Markdown link', () => {
    expect(safeHref('https://github.com/o/r/blob/main/a (1).json')).toBe('https://github.com/o/r/blob/main/a%20%281%29.json');
  });

  it('writes & as &amp; because Markdown decodes entities in a link destination', () => {
    expect(safeHref('https://x.test/a?b=1&c=&#64;d')).toBe('https://x.test/a?b=1&amp;c=&amp;#64;d');
  });

  it.each(['javascript:alert(1)', 'data:text/html,x', 'not a url', undefined])('rejects %j', (href) => {
    expect(safeHref(href)).toBeUndefined();
  });
});
