// The fan-out: plan chunks, reading reports back, the aggregate verdict and its Markdown.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { afterAll, describe, expect, it } from 'vitest';
import { gate } from '../../../src/contract/check.js';
import { aggregateReports, REPORT_CHECK, type ArtifactOutcome } from '../../../src/matrix/aggregate.js';
import { renderAggregate } from '../../../src/matrix/markdown.js';
import { MAX_MATRIX_JOBS, MatrixTooLarge, parseMatrix, planMatrix } from '../../../src/matrix/plan.js';
import { readArtifactReports } from '../../../src/matrix/read-reports.js';
import { assembleReport } from '../../../src/gate/verdict.js';
import { COMMENT_BUDGET } from '../../../src/report/budget.js';
import { countMarkers } from '../../../src/report/escape.js';
import type { Report } from '../../../src/contract/report.js';
import { utf8Length } from '../../../src/report/format.js';
import { cleanupTempDirs, tempDir } from '../../support/temp-store.js';

afterAll(() => cleanupTempDirs());

function report(id: string, verdict: 'pass' | 'fail', extraChecks = 0): Report {
  const checks = [
    { id: 'artifacts.present', status: 'pass' as const, message: 'ok' },
    ...(verdict === 'fail' ? [{ id: 'metric.quality.f1', status: 'fail' as const, message: 'worse by 0.1' }] : []),
    ...Array.from({ length: extraChecks }, (_, i) => ({ id: `extra.${i}`, status: 'fail' as const, message: 'x' })),
  ];
  return assembleReport({
    candidate: { id, path: `data/eval/runs/${id}` }, baseline: { id: 'base_v1', path: 'data/eval/baselines/base_v1' }, baselineSource: 'pin',
    failOn: 'error', gates: [gate('functional', checks)], metrics: [], references: [],
  });
}

describe('plan: the changed runs in chunks', () => {
  it('chunks sorted, de-duplicated runs and names each chunk\'s report artifact', () => {
    expect(planMatrix(['r5', 'r1', 'r3', 'r2', 'r4', 'r1'], 2)).toEqual({
      include: [
        { chunk: 1, runs: 'r1,r2', artifact: 'promotion-gate-report-chunk-1' },
        { chunk: 2, runs: 'r3,r4', artifact: 'promotion-gate-report-chunk-2' },
        { chunk: 3, runs: 'r5', artifact: 'promotion-gate-report-chunk-3' },
      ],
    });
    expect(planMatrix([], 10)).toEqual({ include: [] });
  });

  it('refuses more matrix jobs than GitHub runs, saying which chunk size is enough', () => {
    const runs = Array.from({ length: MAX_MATRIX_JOBS * 3 + 1 }, (_, i) => `run${i}`);
    expect(() => planMatrix(runs, 3)).toThrow(MatrixTooLarge);
    expect(() => planMatrix(runs, 3)).toThrow(/769 runs in chunks of 3 make 257 matrix jobs, over GitHub's 256: set chunk-size to at least 4/);
    expect(planMatrix(runs, 4).include).toHaveLength(193);
  });

  it('reads its own output back, and refuses anything else naming the field', () => {
    const matrix = planMatrix(['a', 'b', 'c'], 2);
    expect(parseMatrix(JSON.stringify(matrix))).toEqual(matrix);
    expect(() => parseMatrix('{')).toThrow(/not JSON/);
    expect(() => parseMatrix('{"include":[{"chunk":1,"runs":"a,../b","artifact":"promotion-gate-report-chunk-1"}]}')).toThrow(/include\.0\.runs: must be run ids/);
    expect(() => parseMatrix('{"include":[{"chunk":1,"runs":"a","artifact":"other-name"}]}')).toThrow(/include\.0\.artifact/);
    expect(() => parseMatrix('{"include":[{"chunk":1,"runs":"a","artifact":"promotion-gate-report-x"},{"chunk":2,"runs":"b","artifact":"promotion-gate-report-x"}]}')).toThrow(/named twice/);
  });
});

describe('reading a report artifact', () => {
  const folder = (content: string): string => {
    const dir = tempDir('pg-matrix-');
    writeFileSync(join(dir, 'report.json'), content);
    return dir;
  };

  it('reads one report or a report set', async () => {
    expect((await readArtifactReports(folder(JSON.stringify(report('a', 'pass'))), 'art'))[0]?.candidate.id).toBe('a');
    const set = { schema: 'promotion-gate/report-set@1', verdict: 'fail', reports: [report('a', 'pass'), report('b', 'fail')] };
    expect((await readArtifactReports(folder(JSON.stringify(set)), 'art')).map((r) => r.verdict)).toEqual(['pass', 'fail']);
  });

  it.each([
    ['not JSON', '{"schema":', /art\/report.json/],
    ['duplicate keys', '{"a":1,"a":2}', /duplicate key/i],
    ['another schema', '{"schema":"x"}', /art\/report.json is not a promotion-gate\/report@1 report \(schema/],
    ['a pass its checks contradict', JSON.stringify({ ...report('a', 'fail'), verdict: 'pass' }), /art\/report.json says pass, but its own checks say fail/],
    ['a set whose verdict hides a failure', JSON.stringify({ schema: 'promotion-gate/report-set@1', verdict: 'pass', reports: [report('a', 'fail')] }), /says pass, but its reports say fail/],
  ])('refuses %s', async (_name, content, message) => {
    await expect(readArtifactReports(folder(content), 'art')).rejects.toThrow(message);
  });

  it('refuses a report.json that is a folder or missing', async () => {
    const dir = tempDir('pg-matrix-');
    mkdirSync(join(dir, 'report.json'));
    await expect(readArtifactReports(dir, 'art')).rejects.toThrow(/art\/report.json: is a folder, not a regular file/);
    await expect(readArtifactReports(tempDir('pg-matrix-'), 'art')).rejects.toThrow(/art\/report.json: not found/);
  });
});

describe('aggregate: one verdict, worst first, and never a pass for what is missing', () => {
  const matrix = planMatrix(['a', 'b', 'c', 'd', 'e'], 2);

  it('orders worst first and passes only when every planned run passed', () => {
    const artifacts: ArtifactOutcome[] = [
      { artifact: 'promotion-gate-report-chunk-1', reports: [report('a', 'pass'), report('b', 'fail')] },
      { artifact: 'promotion-gate-report-chunk-2', reports: [report('c', 'pass'), report('d', 'fail', 2)] },
      { artifact: 'promotion-gate-report-chunk-3', reports: [report('e', 'pass')] },
    ];
    const result = aggregateReports({ artifacts, matrix });
    expect(result.verdict).toBe('fail');
    expect(result.problems).toEqual([]);
    expect(result.reports.map((r) => r.key)).toEqual(['d', 'b', 'a', 'c', 'e']);
    const passing = aggregateReports({ artifacts: [{ artifact: 'x', reports: [report('a', 'pass')] }] });
    expect(passing.verdict).toBe('pass');
  });

  it('turns a missing artifact, a malformed one and a missing run into failed reports naming them', () => {
    const result = aggregateReports({
      matrix,
      artifacts: [
        { artifact: 'promotion-gate-report-chunk-1', reports: [report('a', 'pass')] },
        { artifact: 'promotion-gate-report-chunk-2', problem: 'report.json: not found' },
      ],
    });
    expect(result.verdict).toBe('fail');
    expect(result.problems).toEqual([
      'report artifact promotion-gate-report-chunk-1 of chunk 1 (2 runs) has no report for run b',
      'report artifact promotion-gate-report-chunk-2 of chunk 2 (2 runs) is unusable: report.json: not found',
      'report artifact promotion-gate-report-chunk-3 of chunk 3 (1 run) is missing: its matrix job failed before uploading it, was cancelled, or did not run',
    ]);
    expect(result.reports.filter((r) => r.problem).map((r) => r.key).sort()).toEqual(['b', 'c', 'd', 'e']);
    expect(result.reports.at(-1)?.key).toBe('a');
    const e = result.reports.find((r) => r.key === 'e');
    expect(e?.report.gates[0]?.checks[0]).toMatchObject({ id: REPORT_CHECK, status: 'fail' });
  });

  it('fails when there is nothing at all, and when two artifacts report one run', () => {
    expect(aggregateReports({ artifacts: [] })).toMatchObject({ verdict: 'fail', problems: [expect.stringMatching(/no report artifact \(promotion-gate-report-\*\) was found/)] });
    const twice = aggregateReports({ artifacts: [{ artifact: 'x1', reports: [report('a', 'pass')] }, { artifact: 'x2', reports: [report('a', 'pass')] }] });
    expect(twice.verdict).toBe('fail');
    expect(twice.problems).toEqual(['run a is reported by 2 artifacts (x1, x2): which one stands cannot be told']);
  });
});

describe('aggregate Markdown', () => {
  it('stays within the comment budget for a thousand runs, keeps every failure on top and says how many were left out', () => {
    const artifacts: ArtifactOutcome[] = Array.from({ length: 100 }, (_, c) => ({
      artifact: `promotion-gate-report-chunk-${c + 1}`,
      reports: Array.from({ length: 10 }, (_, i) => report(`run_${String(c * 10 + i).padStart(4, '0')}`, (c * 10 + i) % 97 === 0 ? 'fail' : 'pass')),
    }));
    const result = aggregateReports({ artifacts });
    const text = renderAggregate(result, { budget: COMMENT_BUDGET, marker: 'promotion-gate-matrix', headSha: 'a'.repeat(40) });
    expect(utf8Length(text)).toBeLessThanOrEqual(COMMENT_BUDGET);
    expect(countMarkers(text)).toBe(1);
    expect(text).toMatch(/^<!-- promotion-gate:promotion-gate-matrix -->\n### ❌ promotion-gate: fail\n\n1000 runs from 100 report artifacts: 11 failed, 989 passed \(worst first\) for head `a{40}`/);
    const firstRows = text.split('\n').filter((l) => l.startsWith('| ❌') || l.startsWith('| ✅'));
    expect(firstRows.slice(0, 11).every((l) => l.startsWith('| ❌'))).toBe(true);
    expect(text).toMatch(/\n\d+ more runs in the job summary and the report artifacts\.\n/);
    expect(text).toMatch(/more run reports left out to fit/);
  });

  it('lists the missing reports above everything and escapes what a report says', () => {
    const hostile = report('x', 'fail');
    hostile.candidate.id = 'evil`| @admin <!-- promotion-gate:other -->';
    const result = aggregateReports({ artifacts: [{ artifact: 'a1', reports: [hostile] }, { artifact: 'a2', problem: 'a2/report.json: not found' }] });
    const text = renderAggregate(result, { budget: COMMENT_BUDGET, marker: 'promotion-gate-matrix' });
    expect(countMarkers(text)).toBe(1);
    expect(text).toMatch(/#### Missing or malformed reports \(1\)\n\n- ❌ report artifact a2 is unusable: a2\/report\.json: not found/);
    expect(text).not.toContain('<!-- promotion-gate:other');
    // Rendered as GitHub would: the mention is only ever inside code or broken by a word joiner.
    const html = micromark(text, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });
    expect(html.replace(/<code>[\s\S]*?<\/code>/g, '')).not.toMatch(/(^|[^\u2060])@admin/);
    expect(html).not.toMatch(/<!--/);
  });
});
