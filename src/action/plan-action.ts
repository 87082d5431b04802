/**
 * `command: plan` (DESIGN.md section 13): the runs a pull request (or a push) adds or changes,
 * found with git as the gate finds them, cut into chunks of `chunk-size`, as the `matrix`
 * output a workflow hands to `strategy.matrix` (src/matrix/plan.ts). Nothing is gated here.
 */
import { UsageError } from '../contract/errors.js';
import { changedRuns } from '../git/changed-runs.js';
import { GitRepo } from '../git/repo.js';
import { MatrixTooLarge, planMatrix } from '../matrix/plan.js';
import { inlineCode } from '../report/escape.js';
import { isValidId } from '../store/ids.js';
import type { ActionDeps } from './deps.js';
import { PRIVILEGED_EVENTS } from './fork-guard.js';
import { runList, storePathIn } from './gate-plan.js';
import { fetchPullRequestCommits } from './pr-commits.js';
import { pullRequestFromEvent } from './pull-request.js';
import { pushInfo, runsChangedByPush } from './push-runs.js';
import type { ActionSettings, ResolvedInputs } from './settings.js';

async function plannedRuns(settings: ActionSettings, inputs: ResolvedInputs, deps: ActionDeps): Promise<{ runs: string[]; where: string }> {
  const { context } = deps;
  if (settings.run) return { runs: runList(settings.run), where: 'input run' };
  const repo = await GitRepo.containing(context.workspace);
  if (!repo) throw new UsageError('the workspace is not a git checkout: run actions/checkout (with fetch-depth: 0) before promotion-gate');
  const storePath = await storePathIn(repo, inputs.store, settings.store);
  const pr = pullRequestFromEvent(context);
  if (pr) {
    // Only git objects are read: nothing of the pull request is executed.
    if (PRIVILEGED_EVENTS.includes(context.eventName)) await fetchPullRequestCommits(repo, pr);
    const base = await repo.mergeBase(pr.baseSha, pr.headSha);
    return { runs: (await changedRuns(repo, base, pr.headSha, storePath)).runs, where: `pull request #${pr.number}` };
  }
  const push = pushInfo(context);
  if (push) return { runs: (await runsChangedByPush(repo, push, storePath)).runs, where: `the push to ${push.branch ?? context.ref}` };
  throw new UsageError(`input run: required on ${context.eventName || 'this event'} (only pull requests and pushes default to the runs they change)`);
}

export async function runPlanAction(settings: ActionSettings, inputs: ResolvedInputs, deps: ActionDeps): Promise<void> {
  const { core } = deps;
  const { runs, where } = await plannedRuns(settings, inputs, deps);
  const bad = runs.find((id) => !isValidId(id));
  if (bad !== undefined) throw new UsageError(`run folder ${JSON.stringify(bad.slice(0, 140))} (from ${where}) is not a valid run id: rename it (ASCII letters, digits, ".", "_", "-")`);
  let matrix;
  try {
    matrix = planMatrix(runs, settings.chunkSize);
  } catch (error) {
    if (error instanceof MatrixTooLarge) throw new UsageError(`input chunk-size: ${error.message}`);
    throw error;
  }
  core.setOutput('matrix', JSON.stringify(matrix));
  core.setOutput('chunks', String(matrix.include.length));
  core.info(`${runs.length} run(s) from ${where} in ${matrix.include.length} chunk(s) of at most ${settings.chunkSize}`);
  const rows = matrix.include.map((e) => `| ${e.chunk} | ${e.runs.split(',').length} | ${inlineCode(e.artifact, { table: true })} |`);
  const body = runs.length === 0
    ? 'No run folder changed: nothing to gate (the matrix is empty; skip the matrix job when `chunks` is 0).\n'
    : `| chunk | runs | report artifact |\n| --- | --- | --- |\n${rows.join('\n')}\n`;
  await core.writeSummary(`### 🧭 promotion-gate plan: ${runs.length} run(s) in ${matrix.include.length} matrix job(s)\n\n${body}`).catch((error: unknown) => {
    core.warning(`promotion-gate: could not write the job summary: ${error instanceof Error ? error.message : String(error)}`);
  });
}
