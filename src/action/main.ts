/**
 * The action's orchestration, and the only place that fails the step: a `fail` verdict, or
 * an error before anything could be evaluated (an invalid input names the input).
 */
import { UsageError } from '../errors.js';
import { escapeText } from '../report/escape.js';
import type { ActionDeps } from './deps.js';
import { runCleanupAction } from './cleanup-action.js';
import { runGateAction } from './gate-action.js';
import { runPromoteAction } from './promote-action.js';
import { runRolloutAction } from './rollout-action.js';
import { readSettings } from './settings.js';
import { runSiteAction } from './site-action.js';

export async function run(deps: ActionDeps): Promise<void> {
  const { core } = deps;
  try {
    const settings = readSettings(deps.input);
    if (settings.githubToken) core.setSecret(settings.githubToken);
    if (settings.command === 'promote') {
      await runPromoteAction(settings, deps);
      return;
    }
    if (settings.command === 'rollout') {
      await runRolloutAction(settings, deps);
      return;
    }
    if (settings.command === 'site') {
      await runSiteAction(settings, deps);
      return;
    }
    if (settings.command === 'cleanup') {
      await runCleanupAction(settings, deps);
      return;
    }
    const verdict = await runGateAction(settings, deps);
    if (verdict === 'fail') core.setFailed('promotion-gate: the gate failed (see the job summary and the annotations)');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const kind = error instanceof UsageError ? 'configuration error' : 'error';
    // The summary is written even when nothing could be evaluated, so the reason is visible there too.
    await core.writeSummary(`### ❌ promotion-gate: ${kind}\n\n${escapeText(message, 4000)}\n`).catch(() => undefined);
    if (!(error instanceof UsageError) && error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(`promotion-gate: ${message}`);
  }
}
