/**
 * What every gate run leaves behind, whatever happens to the comment (RELIABILITY "nothing
 * lost"): the JSON report files, the job summary (under SUMMARY_BUDGET), annotations, the
 * report uploaded as a workflow artifact, and the outputs.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SUMMARY_BUDGET } from '../report/budget.js';
import { assembleReport, failedCheckIds } from '../gate/verdict.js';
import { REPORT_SET_SCHEMA, type Report, type Verdict } from '../contract/report.js';
import { utf8Length } from '../report/format.js';
import { errorMessage } from '../github/errors.js';
import { annotate } from './annotations.js';
import type { ActionDeps } from './deps.js';
import { renderForSummary, type RenderContext } from './render.js';
import { REPORT_ARTIFACT } from './settings.js';

export interface GatedReport {
  /** The run id (sticky comment marker), or undefined for a store-level report. */
  key: string | undefined;
  report: Report;
}

export { REPORT_SET_SCHEMA };

export function worstVerdict(reports: GatedReport[]): Verdict {
  return reports.some((r) => r.report.verdict === 'fail') ? 'fail' : 'pass';
}

/** Writes the report files; `report.json` is the report itself for one run, a report set for several. */
export async function writeReportFiles(tempDir: string, reports: GatedReport[]): Promise<{ dir: string; main: string; files: string[] }> {
  const dir = await mkdtemp(join(tempDir, 'promotion-gate-report-'));
  const files: string[] = [];
  for (const { key, report } of reports) {
    const path = join(dir, `${key ?? 'store'}.report.json`);
    await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
    files.push(path);
  }
  const main = join(dir, 'report.json');
  const only = reports.length === 1 ? reports[0]?.report : undefined;
  const content = only ?? { schema: REPORT_SET_SCHEMA, verdict: worstVerdict(reports), reports: reports.map((r) => r.report) };
  await writeFile(main, `${JSON.stringify(content, null, 2)}\n`);
  files.push(main);
  return { dir, main, files };
}

export function summaryMarkdown(reports: GatedReport[], render: RenderContext, notes: string[]): string {
  const noteText = notes.length > 0 ? `\n<sub>${notes.length} note(s) in the job log</sub>\n` : '';
  // The budget is shared: each report gets an equal slice, so the whole stays under the cap.
  const each = Math.floor((SUMMARY_BUDGET - utf8Length(noteText) - 1024) / Math.max(1, reports.length));
  return reports.map((r) => renderForSummary(r.report, each, render)).join('\n---\n\n') + noteText;
}

/** The runs whose reports are out: an error after that point keeps them, not an error report. */
const published = new WeakSet<ActionDeps>();

export async function publishResults(
  deps: ActionDeps,
  reports: GatedReport[],
  render: RenderContext,
  notes: string[],
  /** The report artifact's name (input report-artifact: unique per matrix job); default promotion-gate-report-<job>. */
  artifactName?: string,
): Promise<{ verdict: Verdict; reportPath: string; failed: string[] }> {
  const { core, context } = deps;
  const written = await writeReportFiles(context.tempDir, reports);
  published.add(deps);
  try {
    await core.writeSummary(summaryMarkdown(reports, render, notes));
  } catch (error) {
    core.warning(`promotion-gate: could not write the job summary: ${errorMessage(error)}`);
  }
  for (const { report } of reports) annotate(core, report);
  const verdict = worstVerdict(reports);
  const failed = [...new Set(reports.flatMap((r) => failedCheckIds(r.report)))];
  core.setOutput('verdict', verdict);
  core.setOutput('report', written.main);
  core.setOutput('failed-checks', failed.join(','));
  const name = artifactName ?? `promotion-gate-report${context.job ? `-${context.job}` : ''}`;
  try {
    await deps.artifacts.upload(name, written.files, written.dir);
    core.info(`report uploaded as artifact ${name}`);
  } catch (error) {
    // Outside GitHub's runner (or without the artifact service) this cannot work; it never changes the verdict.
    core.warning(`promotion-gate: could not upload the report artifact ${name} (${errorMessage(error).split('\n')[0]}); the report is at ${written.main}`);
  }
  return { verdict, reportPath: written.main, failed };
}

/**
 * The report of a gate that ended in an error before any verdict (a configuration error, a
 * refused input): one failing check carrying the error, written and published like any
 * report, so the step's outputs and the report artifact exist whatever happened.
 */
export async function publishErrorReport(deps: ActionDeps, kind: 'configuration error' | 'error', message: string): Promise<string | undefined> {
  const { core, context } = deps;
  if (published.has(deps)) return undefined;
  const report = assembleReport({
    candidate: { id: deps.input('run').trim() || 'none', path: deps.input('store').trim() || 'data/eval' },
    baseline: null,
    baselineSource: 'none',
    failOn: 'error',
    gates: [{ name: 'functional', status: 'fail', checks: [{ id: kind === 'configuration error' ? 'configuration.valid' : 'gate.completed', status: 'fail', message }] }],
    metrics: [],
    references: [],
  });
  const written = await writeReportFiles(context.tempDir, [{ key: undefined, report }]);
  core.setOutput('verdict', 'fail');
  core.setOutput('report', written.main);
  core.setOutput('failed-checks', failedCheckIds(report).join(','));
  // A matrix job's error report goes under its chunk's name, so `aggregate` finds and shows it.
  const requested = deps.input('report-artifact').trim();
  const name = REPORT_ARTIFACT.test(requested) ? requested : `promotion-gate-report${context.job ? `-${context.job}` : ''}`;
  await deps.artifacts.upload(name, written.files, written.dir).catch((error: unknown) => {
    core.warning(`promotion-gate: could not upload the report artifact ${name} (${errorMessage(error).split('\n')[0]}); the report is at ${written.main}`);
  });
  return written.main;
}
