/**
 * The dashboard's one script (bundled by esbuild into assets/app.js with Observable Plot):
 * the theme switch, the sortable tables, and each page's own part, chosen by
 * `<body data-page>`. Pages read without it; it adds sorting, filtering, pickers and charts.
 */
import { redrawAll } from './charts.js';
import { installCompare } from './compare.js';
import { installHistory } from './history.js';
import { installRollouts } from './rollouts.js';
import { installTables } from './table.js';

const THEME_KEY = 'promotion-gate-theme';

function installTheme(): void {
  const html = document.documentElement;
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(THEME_KEY);
  } catch {
    // Storage can be off (private windows, some file:// settings): the theme then follows the system.
  }
  if (saved === 'light' || saved === 'dark') html.dataset['theme'] = saved;
  const button = document.getElementById('theme-toggle');
  button?.addEventListener('click', () => {
    const dark = html.dataset['theme'] === 'dark' || (html.dataset['theme'] !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
    html.dataset['theme'] = dark ? 'light' : 'dark';
    try {
      localStorage.setItem(THEME_KEY, html.dataset['theme']);
    } catch {
      // See above.
    }
    redrawAll();
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', redrawAll);
}

function start(): void {
  installTheme();
  installTables();
  const page = document.body.dataset['page'];
  if (page === 'compare') installCompare();
  if (page === 'history') installHistory();
  if (page === 'rollouts') installRollouts();
  document.body.dataset['ready'] = 'true';
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
