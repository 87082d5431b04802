/**
 * Reads the gate reports a matrix job uploaded (its artifact, extracted by the guarded zip
 * extractor): `report.json`, which is one `promotion-gate/report@1` or a
 * `promotion-gate/report-set@1` of several. An artifact is untrusted input (a job of a fork's
 * pull request could write anything), so the file is read through the store's safe readers
 * (regular file, size cap, strict JSON), every report is checked against the report contract,
 * and a verdict that its own checks contradict is refused: a malformed report is a failure,
 * never a pass.
 */
import { z } from 'zod';
import { decideVerdict } from '../gate/verdict.js';
import { REPORT_SCHEMA, REPORT_SET_SCHEMA, type Report } from '../contract/report.js';
import { readJsonInStore } from '../store/read.js';

const MAX_REPORT_BYTES = 64 * 1024 * 1024;
/** The file every report artifact holds (action/publish.ts writeReportFiles). */
export const REPORT_FILE = 'report.json';

const status = z.enum(['pass', 'warn', 'fail', 'skip']);
const runRef = z.looseObject({ id: z.string().min(1), path: z.string() });
const reportSchema = z.looseObject({
  schema: z.literal(REPORT_SCHEMA),
  verdict: z.enum(['pass', 'fail']),
  fail_on: z.enum(['error', 'warning']),
  candidate: runRef,
  baseline: runRef.nullable(),
  baseline_source: z.enum(['flag', 'config', 'pin', 'cold-start', 'none']),
  gates: z.array(z.looseObject({
    name: z.enum(['functional', 'performance', 'compliance']),
    status,
    checks: z.array(z.looseObject({ id: z.string(), status, message: z.string(), file: z.string().optional(), line: z.number().int().optional(), column: z.number().int().optional() })),
  })),
  metrics: z.array(z.looseObject({
    name: z.string(),
    candidate: z.number().nullable(),
    baseline: z.number().nullable(),
    delta: z.number().nullable(),
    relative_delta: z.number().nullable(),
    direction: z.enum(['higher', 'lower']).nullable(),
    status: z.enum(['pass', 'warn', 'fail', 'skip', 'info']),
    rule: z.string(),
    message: z.string().optional(),
  })),
  references: z.array(z.looseObject({ id: z.string(), quality: z.enum(['silver', 'gold']), informational: z.literal(true) })),
});
const setSchema = z.looseObject({ schema: z.literal(REPORT_SET_SCHEMA), verdict: z.enum(['pass', 'fail']), reports: z.array(z.unknown()).min(1) });

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'}`;
}

function readReport(value: unknown, where: string): Report {
  const parsed = reportSchema.safeParse(value);
  if (!parsed.success) throw new Error(`${where} is not a ${REPORT_SCHEMA} report (${describeIssue(parsed.error)})`);
  const report = parsed.data as unknown as Report;
  const recomputed = decideVerdict(report.gates, report.fail_on);
  if (recomputed !== report.verdict) throw new Error(`${where} says ${report.verdict}, but its own checks say ${recomputed}`);
  return report;
}

/** The reports in an extracted artifact folder; throws one line saying what is wrong. */
export async function readArtifactReports(folder: string, artifact: string): Promise<Report[]> {
  const value = await readJsonInStore({ path: folder, display: artifact }, REPORT_FILE, MAX_REPORT_BYTES);
  if (typeof value === 'object' && value !== null && (value as Record<string, unknown>).schema === REPORT_SET_SCHEMA) {
    const set = setSchema.safeParse(value);
    if (!set.success) throw new Error(`${artifact}/${REPORT_FILE} is not a ${REPORT_SET_SCHEMA} (${describeIssue(set.error)})`);
    const reports = set.data.reports.map((r, i) => readReport(r, `${artifact}/${REPORT_FILE} reports[${i}]`));
    const worst = reports.some((r) => r.verdict === 'fail') ? 'fail' : 'pass';
    if (worst !== set.data.verdict) throw new Error(`${artifact}/${REPORT_FILE} says ${set.data.verdict}, but its reports say ${worst}`);
    return reports;
  }
  return [readReport(value, `${artifact}/${REPORT_FILE}`)];
}
