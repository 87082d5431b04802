/**
 * `promotion-gate site`: the store as a static site (DESIGN.md section 14), for GitHub Pages
 * or a local browser. Exit 0 when the site was written (entries that could not be read are
 * on it, with their errors), 2 on bad flags or an --out folder that is not ours to replace.
 */
import { resolve } from 'node:path';
import { UsageError } from '../contract/errors.js';
import { DEFAULT_COMPARE_BUDGET_SECONDS } from '../site/build.js';
import { parseBaseUrl, parseBudget, parseMaxComparisons } from '../site/options.js';
import { DEFAULT_MAX_COMPARISONS } from '../site/pairs.js';
import { buildSite } from '../site/site.js';
import { EXIT, stringFlag, type Command } from './command.js';
import { storeLocation } from './inputs.js';

export const siteCommand: Command = {
  name: 'site',
  summary: 'Write the store as a static site (overview, entries, compare, history, events, rollouts).',
  usage: 'site --store DIR --out DIR [--base-url URL] [--max-comparisons N] [--compare-budget SECONDS]',
  help: [
    'Flags:',
    '  --store DIR            evaluation store root (default data/eval)',
    '  --out DIR              where to write the site; replaced only when empty or a site written before',
    '  --base-url URL         where the site will be served (e.g. the GitHub Pages URL), for canonical links',
    `  --max-comparisons N    pairs compared item by item in advance (default ${DEFAULT_MAX_COMPARISONS}); any other`,
    '                         pair still gets metric deltas in the page',
    `  --compare-budget S     stop precomputing comparisons after S seconds (default ${DEFAULT_COMPARE_BUDGET_SECONDS}), so a`,
    '                         store of any size builds in bounded time; the page says how many were left out',
    '',
    'The site is HTML, CSS and JavaScript only: open index.html from disk or publish the folder.',
    'Nothing on it is fetched from anywhere; every string from the store is shown as text.',
  ].join('\n'),
  options: {
    store: { type: 'string' },
    out: { type: 'string' },
    'base-url': { type: 'string' },
    'max-comparisons': { type: 'string' },
    'compare-budget': { type: 'string' },
  },
  async run(values, _positionals, io) {
    const store = storeLocation(stringFlag(values, 'store'), io);
    const outFlag = stringFlag(values, 'out');
    if (outFlag === undefined || outFlag.trim() === '') throw new UsageError('--out DIR is required (the folder to write the site into)');
    const baseUrl = parseBaseUrl(stringFlag(values, 'base-url'), '--base-url');
    const maxComparisons = parseMaxComparisons(stringFlag(values, 'max-comparisons'), '--max-comparisons');
    const compareBudgetSeconds = parseBudget(stringFlag(values, 'compare-budget'), '--compare-budget');
    const started = Date.now();
    const result = await buildSite(store, { path: resolve(io.cwd, outFlag), display: outFlag }, {
      maxComparisons,
      compareBudgetSeconds,
      ...(baseUrl ? { baseUrl } : {}),
      progress: (line) => {
        if (io.env.PROMOTION_GATE_PROGRESS !== 'never') io.stderr(`site: ${line}\n`);
      },
    });
    const c = result.counts;
    io.stdout(
      `Site written to ${outFlag}: ${result.files} files, ${(result.bytes / 1024 / 1024).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
        `  ${c.entries} entries${c.unreadable > 0 ? ` and ${c.unreadable} unreadable folder(s)` : ''}, ${c.histories} histories, ${c.events} events, ${c.rollouts} rollouts, ` +
        `${c.comparisons} comparisons precomputed${c.comparisonsRefused > 0 ? ` (${c.comparisonsRefused} refused by compare)` : ''}${c.pairsOverCap > 0 ? `, ${c.pairsOverCap} over the cap` : ''}${c.pairsOverBudget > 0 ? `, ${c.pairsOverBudget} left out by the time budget` : ''}\n` +
        `  open ${outFlag}/index.html in a browser${baseUrl ? `, or ${baseUrl}` : ''}\n`,
    );
    for (const problem of result.problems) io.stderr(`promotion-gate site: problem shown on the site: ${problem.replace(/[\r\n]+/g, ' ')}\n`);
    return EXIT.pass;
  },
};
