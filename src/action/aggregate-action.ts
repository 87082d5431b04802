/**
 * `command: aggregate` (DESIGN.md section 13): after the matrix jobs of `command: plan` ran
 * `command: gate` with `comment: false`, collect every `promotion-gate-report-*` artifact of
 * this workflow run (each zip downloaded raw and opened by the guarded extractor), check them
 * against the plan (input `matrix`), and write one sticky comment and one job summary for all
 * the runs, worst verdict first (src/matrix/). Returns the worst verdict; main.ts fails the
 * step on `fail`, which a missing or malformed report always is.
 */
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../contract/errors.js';
import { errorMessage } from '../github/errors.js';
import { aggregateReports, type ArtifactOutcome } from '../matrix/aggregate.js';
import { renderAggregate } from '../matrix/markdown.js';
import { parseMatrix } from '../matrix/plan.js';
import { readArtifactReports } from '../matrix/read-reports.js';
import { failedCheckIds } from '../gate/verdict.js';
import { COMMENT_BUDGET, SUMMARY_BUDGET } from '../report/budget.js';
import type { Verdict } from '../contract/report.js';
import { annotate } from './annotations.js';
import { writeComments } from './comment.js';
import type { ActionDeps } from './deps.js';
import { writeReportFiles } from './publish.js';
import { pullRequestFromEvent } from './pull-request.js';
import { ACTION_SECTIONS, fileLinker, type RenderContext } from './render.js';
import { GitRepo } from '../git/repo.js';
import { REPORT_ARTIFACT_PREFIX, type ActionSettings } from './settings.js';
import { extractZip } from './zip/extract-zip.js';

/** The sticky comment's key: one comment for the whole matrix, apart from any run's own. */
export const AGGREGATE_KEY = 'promotion-gate-matrix';

async function readArtifact(deps: ActionDeps, name: string): Promise<ArtifactOutcome> {
  const { tempDir } = deps.context;
  try {
    const zip = await deps.artifacts.downloadZip(name, await mkdtemp(join(tempDir, 'promotion-gate-aggregate-zip-')));
    const folder = await mkdtemp(join(tempDir, 'promotion-gate-aggregate-'));
    await extractZip(zip, folder);
    return { artifact: name, reports: await readArtifactReports(folder, name) };
  } catch (error) {
    return { artifact: name, problem: errorMessage(error).split('\n')[0] ?? 'unreadable' };
  }
}

export async function runAggregateAction(settings: ActionSettings, deps: ActionDeps): Promise<Verdict> {
  const { core, context } = deps;
  let matrix;
  try {
    matrix = settings.matrix === undefined ? undefined : parseMatrix(settings.matrix);
  } catch (error) {
    throw new UsageError(`input matrix: ${errorMessage(error)} (pass the plan job's matrix output)`);
  }
  let names: string[];
  try {
    names = (await deps.artifacts.list()).filter((n) => n.startsWith(REPORT_ARTIFACT_PREFIX)).sort();
  } catch (error) {
    throw new Error(`cannot list this workflow run's artifacts: ${errorMessage(error).split('\n')[0] ?? ''}`);
  }
  core.info(`${names.length} report artifact(s) in this workflow run${matrix ? `; the plan expects ${matrix.include.length}` : ''}`);
  const outcomes: ArtifactOutcome[] = [];
  for (const name of names) outcomes.push(await readArtifact(deps, name));
  const result = aggregateReports({ artifacts: outcomes, ...(matrix ? { matrix } : {}) });
  for (const problem of result.problems) core.error(`promotion-gate: ${problem}`);

  const pr = pullRequestFromEvent(context);
  const render: RenderContext = { serverUrl: context.serverUrl, repository: context.repository, headSha: pr?.headSha ?? context.sha };
  const options = { headSha: render.headSha, fileLink: fileLinker(render), sections: ACTION_SECTIONS };
  const written = await writeReportFiles(context.tempDir, result.reports.map((r) => ({ key: r.key, report: r.report })));
  try {
    await core.writeSummary(renderAggregate(result, { ...options, budget: SUMMARY_BUDGET }));
  } catch (error) {
    core.warning(`promotion-gate: could not write the job summary: ${errorMessage(error)}`);
  }
  for (const { report, problem } of result.reports) if (!problem) annotate(core, report);
  core.setOutput('verdict', result.verdict);
  core.setOutput('report', written.main);
  core.setOutput('failed-checks', [...new Set(result.reports.flatMap((r) => failedCheckIds(r.report)))].join(','));

  if (pr && settings.comment) {
    if (!settings.githubToken) {
      core.warning('promotion-gate: no PR comment: input github-token is empty');
    } else {
      const urls = await writeComments({
        client: deps.github(settings.githubToken),
        repository: context.repository,
        pr,
        checkout: await GitRepo.containing(context.workspace),
        jobs: [{ key: AGGREGATE_KEY, body: renderAggregate(result, { ...options, budget: COMMENT_BUDGET, marker: AGGREGATE_KEY }) }],
        core,
      });
      core.setOutput('comment-url', urls.join(','));
    }
  }
  return result.verdict;
}
