/**
 * The action's orchestration, and the only place that fails the step: a `fail` verdict, or
 * an error before anything could be evaluated (an invalid input names the input). Whatever
 * ends the gate, the step says why in one line, and a report is written (RELIABILITY
 * "nothing lost"): an error becomes a report whose one failing check is the error.
 */
import { UsageError } from '../contract/errors.js';
import { escapeControls, escapeText } from '../report/escape.js';
import { maskSecrets } from '../report/mask.js';
import type { ActionDeps } from './deps.js';
import { runAggregateAction } from './aggregate-action.js';
import { runCleanupAction } from './cleanup-action.js';
import { runGateAction } from './gate-action.js';
import { runPlanAction } from './plan-action.js';
import { runPromoteAction } from './promote-action.js';
import { publishErrorReport } from './publish.js';
import { runRolloutAction } from './rollout-action.js';
import { readSettings, resolveInputs } from './settings.js';
import { runSiteAction } from './site-action.js';

/** One line, masked, with controls visible: what the step's error says. */
function oneLine(message: string): string {
  return escapeControls(maskSecrets(message.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '').join(' ')));
}

export async function run(deps: ActionDeps): Promise<void> {
  const { core } = deps;
  try {
    if (deps.context.problem) throw new UsageError(deps.context.problem);
    const settings = readSettings(deps.input);
    if (settings.githubToken) core.setSecret(settings.githubToken);
    const inputs = resolveInputs(settings, deps.context.workspace);
    if (settings.command === 'promote') {
      await runPromoteAction(settings, inputs, deps);
      return;
    }
    if (settings.command === 'rollout') {
      await runRolloutAction(settings, inputs, deps);
      return;
    }
    if (settings.command === 'site') {
      await runSiteAction(settings, inputs, deps);
      return;
    }
    if (settings.command === 'cleanup') {
      await runCleanupAction(settings, inputs, deps);
      return;
    }
    if (settings.command === 'plan') {
      await runPlanAction(settings, inputs, deps);
      return;
    }
    const verdict = settings.command === 'aggregate' ? await runAggregateAction(settings, deps) : await runGateAction(settings, inputs, deps);
    if (verdict === 'fail') core.setFailed('promotion-gate: the gate failed (see the job summary and the annotations)');
  } catch (error) {
    const message = oneLine(error instanceof Error ? error.message : String(error));
    const kind = error instanceof UsageError ? 'configuration error' : 'error';
    // The summary is written even when nothing could be evaluated, so the reason is visible there too.
    await core.writeSummary(`### ❌ promotion-gate: ${kind}\n\n${escapeText(message, 4000)}\n`).catch(() => undefined);
    // Only the gate has a report to write; the other commands have their own outputs.
    if (['', 'gate'].includes(deps.input('command').trim())) await publishErrorReport(deps, kind, message).catch(() => undefined);
    if (!(error instanceof UsageError) && error instanceof Error && error.stack) core.debug(maskSecrets(error.stack));
    core.setFailed(`promotion-gate: ${message}`);
  }
}
