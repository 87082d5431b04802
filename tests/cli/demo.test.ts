/**
 * The bundled example store, gated by the bundled CLI: `npm run demo` shows exactly this.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runBundledCli } from '../support/cli.js';
import { cleanupTempDirs, tempDir } from '../support/temp-store.js';
import type { Report } from '../../src/contract/report.js';
import { spawnSync } from 'node:child_process';

afterAll(cleanupTempDirs);

async function gateExample(run: string): Promise<{ code: number | null; stdout: string; report: Report; markdown: string }> {
  const out = tempDir();
  const result = await runBundledCli(['gate', '--store', 'examples/eval', '--run', run, '--json', join(out, 'r.json'), '--markdown', join(out, 'r.md')]);
  return {
    code: result.code,
    stdout: result.stdout,
    report: JSON.parse(readFileSync(join(out, 'r.json'), 'utf8')) as Report,
    markdown: readFileSync(join(out, 'r.md'), 'utf8'),
  };
}

describe('the example store', () => {
  it('passes the better candidate against the pinned baseline', async () => {
    const { code, report } = await gateExample('run_candidate_better');
    expect(code).toBe(0);
    expect(report).toMatchObject({
      verdict: 'pass',
      candidate: { id: 'run_candidate_better', path: 'examples/eval/runs/run_candidate_better' },
      baseline: { id: 'baseline_demo_v1', path: 'examples/eval/baselines/baseline_demo_v1' },
      baseline_source: 'pin',
      dataset: 'demo_support_qa_v1',
      task: 'qa',
    });
    expect(report.gates.map((g) => g.name)).toEqual(['functional', 'performance', 'compliance']);
    expect(report.references).toEqual([expect.objectContaining({ id: 'silver_demo_gpt_v1', quality: 'silver', informational: true })]);
  });

  it('fails the regressed candidate on exact match and F1, and warns on latency', async () => {
    const { code, report, markdown } = await gateExample('run_candidate_regressed');
    expect(code).toBe(1);
    expect(report.verdict).toBe('fail');
    const status = (name: string) => report.metrics.find((m) => m.name === name)?.status;
    expect(status('quality.exact_match')).toBe('fail');
    expect(status('quality.f1')).toBe('fail');
    expect(status('intrinsic.performance.avg_latency_ms')).toBe('warn');
    expect(status('intrinsic.error_rate')).toBe('pass');
    expect(markdown).toMatch(/fail/i);
    expect(markdown).toContain('quality.exact_match');
  });

  it('runs as `npm run demo`, printing both reports', () => {
    const result = spawnSync(process.execPath, ['scripts/demo.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('run_candidate_better');
    expect(result.stdout).toContain('run_candidate_regressed');
    expect(result.stdout).toMatch(/exit code 0; expected 0/);
    expect(result.stdout).toMatch(/exit code 1; expected 1/);
  });
});
