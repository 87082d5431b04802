/**
 * `command: site` (for a push to the default branch): write the checked-out store as a
 * static site into `site-dir`, for actions/upload-pages-artifact and actions/deploy-pages
 * (examples/workflows/site.yml). No token needed: nothing is written to GitHub. Problems of
 * the store (an unreadable entry, a malformed event file) are on the site and become
 * warnings; they never fail the step.
 */
import { resolve } from 'node:path';
import { parseBaseUrl, parseMaxComparisons } from '../site/options.js';
import { buildSite } from '../site/site.js';
import type { ActionDeps } from './deps.js';
import { workspacePath, type ActionSettings, type ResolvedInputs } from './settings.js';

export async function runSiteAction(settings: ActionSettings, inputs: ResolvedInputs, deps: ActionDeps): Promise<void> {
  const { core, context } = deps;
  const { store } = inputs;
  const sitePath = workspacePath(context.workspace, settings.siteDir, 'site-dir');
  const baseUrl = parseBaseUrl(settings.baseUrl, 'input base-url');
  const maxComparisons = parseMaxComparisons(settings.maxComparisons, 'input max-comparisons');
  const result = await buildSite(store, { path: resolve(context.workspace, settings.siteDir), display: sitePath }, {
    maxComparisons,
    ...(baseUrl ? { baseUrl } : {}),
    progress: (line) => core.info(`site: ${line}`),
  });
  for (const problem of result.problems) core.warning(`promotion-gate site: ${problem}`);
  const c = result.counts;
  core.setOutput('site-path', sitePath);
  const line = `${c.entries} entries, ${c.histories} histories, ${c.events} events, ${c.rollouts} rollouts, ${c.comparisons} comparisons precomputed; ${result.files} files, ${(result.bytes / 1024 / 1024).toFixed(1)} MB`;
  core.info(`site written to ${sitePath}: ${line}`);
  await core.writeSummary(`### 🗺️ Store site written to \`${sitePath}\`\n\n${line}${baseUrl ? ` — ${baseUrl}` : ''}\n`).catch(() => undefined);
}
