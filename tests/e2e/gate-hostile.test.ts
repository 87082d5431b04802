// A hostile run (RELIABILITY F16) rendered into the sticky comment: metric names and values
// carrying mentions, HTML, table breakers, bidi controls and a copy of the marker. The
// comment is parsed as GitHub Flavored Markdown (micromark + its GFM extension) when they are
// installed, and checked structurally in any case.
import { describe, expect, it } from 'vitest';
import { useGitHubSession } from '../support/github/use-session.js';
import { countMarkers } from '../../src/report/escape.js';
import { ADD_BETTER_RUN, makePrRepo, OWNER, pullRequestEvent, REPO, runAction, STORE } from './gate-support.js';

type Micromark = (markdown: string, options: { extensions: unknown[]; htmlExtensions: unknown[] }) => string;
interface Gfm {
  micromark: Micromark;
  gfm: () => unknown;
  gfmHtml: () => unknown;
}

/** The GFM parser, when the dev dependencies are installed (specifiers kept dynamic on purpose). */
async function loadGfm(): Promise<Gfm | undefined> {
  const names = ['micromark', 'micromark-extension-gfm'];
  try {
    const [core, ext] = (await Promise.all(names.map((n) => import(n)))) as [{ micromark: Micromark }, { gfm: () => unknown; gfmHtml: () => unknown }];
    return { micromark: core.micromark, gfm: ext.gfm, gfmHtml: ext.gfmHtml };
  } catch {
    return undefined;
  }
}
const parser = await loadGfm();

const gh = useGitHubSession('gate hostile');

const HOSTILE_KEYS = [
  '@octo-org/admins please look',
  '&#64;entity-mention',
  '</details><img src=x onerror=alert(1)>',
  'pipe|breaks|table',
  'new\nline',
  '<!-- promotion-gate:run_new -->',
  '\u202eevil\u202c bidi',
  '#1 issue link',
  '[click](javascript:alert(1))',
];

async function hostileComment(): Promise<string> {
  const metrics = JSON.parse(String(ADD_BETTER_RUN[`${STORE}/runs/run_new/metrics.json`])) as Record<string, unknown>;
  metrics['hostile'] = Object.fromEntries(HOSTILE_KEYS.map((k, i) => [k, i / 10]));
  const repo = await makePrRepo(gh, {
    changes: { ...ADD_BETTER_RUN, [`${STORE}/runs/run_new/metrics.json`]: JSON.stringify(metrics), [`${STORE}/runs/run_new/metrics_report.md`]: '@everyone <script>x</script>' },
  });
  const result = await runAction({ gh, repo, event: await pullRequestEvent(gh, repo) });
  expect(result.stderr).toBe('');
  const comment = (await gh.snapshot(OWNER, REPO)).comments.find((c) => c.body.startsWith('<!-- promotion-gate:run_new -->'));
  expect(comment).toBeDefined();
  return comment?.body ?? '';
}

describe('hostile corpus in the comment (F16)', () => {
  it('has exactly one marker, no raw HTML from the run, and no live mention', async () => {
    const body = await hostileComment();
    expect(countMarkers(body)).toBe(1);
    expect(body).not.toContain('\u202e');
    // Outside code spans (where everything is literal text) nothing from the run is live:
    // no HTML, no link, and every mention-like "@x" is broken by a WORD JOINER.
    const outsideCode = body.replace(/(`+)[^`\n]*?\1/g, '');
    expect(outsideCode).not.toMatch(/<img|<script|onerror=|javascript:/i);
    expect(outsideCode).not.toMatch(/@[A-Za-z0-9]/);
    // Each hostile metric is one table row: none broke out of its line or its cells.
    const rows = body.split('\n').filter((l) => l.includes('hostile.'));
    expect(rows.length).toBe(HOSTILE_KEYS.length);
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|').length).toBe(rows[0]?.replace(/\\\|/g, '').split('|').length);
  });

  it.skipIf(parser === undefined)('parses as GFM into inert text (micromark + micromark-extension-gfm)', async () => {
    const body = await hostileComment();
    const html = parser?.micromark(body, { extensions: [parser.gfm()], htmlExtensions: [parser.gfmHtml()] }) ?? '';
    // Raw HTML is escaped by the parser unless it is ours: only our <details>/<summary>/<sub> survive.
    const tags = [...html.matchAll(/<([a-z][a-z0-9]*)\b/g)].map((m) => m[1]);
    expect(new Set(tags)).toEqual(new Set(['h3', 'h4', 'p', 'code', 'ul', 'li', 'strong', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'pre', 'a', 'details', 'summary', 'sub', 'blockquote', 'br', 'em'].filter((t) => tags.includes(t))));
    // Escaped text such as `&lt;img onerror=…&gt;` is inert; only a real tag or attribute is not.
    expect(html).not.toMatch(/<img\b|<script\b|<[^>]*\bonerror\s*=/i);
    expect(html).not.toMatch(/href="javascript:/i);
    const text = html.replace(/<code>[\s\S]*?<\/code>/g, '').replace(/<[^>]+>/g, '');
    expect(text).not.toMatch(/@[A-Za-z0-9]/);
    const hostileRows = [...html.matchAll(/<tr>[\s\S]*?<\/tr>/g)].map((m) => m[0]).filter((r) => r.includes('hostile.'));
    expect(hostileRows).toHaveLength(HOSTILE_KEYS.length);
  });
});
