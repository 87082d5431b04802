/**
 * A policy rule that matches no metric silently loosens the gate (issue 10, item 4): the
 * default rule applies and the floor disappears. On a real store pair, such a rule is a
 * configuration error naming the rule and the closest metric names, unless `missing: ignore`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/contract/errors.js';
import { CLI_NAMES } from '../../../src/contract/inputs.js';
import { runGate } from '../../../src/gate/run-gate.js';
import { parsePolicy } from '../../../src/policy/parse.js';
import { runBundledCli } from '../../support/cli.js';
import { CORPUS, cleanupTempDirs, copyDir, tempDir } from '../../support/temp-store.js';

afterAll(cleanupTempDirs);

const BASELINE = 'baseline_ml_bart_authority_smoke_v5_pre';

function store(): string {
  const root = join(tempDir(), 'eval');
  copyDir(join(CORPUS, 'baselines', 'baseline_ml_bart_authority_smoke_v5_post'), join(root, 'runs', 'cand'));
  copyDir(join(CORPUS, 'baselines', BASELINE), join(root, 'baselines', BASELINE));
  return root;
}

async function gateWith(policyText: string) {
  const policy = parsePolicy(policyText, 'data/eval/policy.yml');
  return runGate({ store: { root: store(), display: 'data/eval' }, names: CLI_NAMES, run: 'cand', baseline: BASELINE, policy, policyFile: { display: 'data/eval/policy.yml', text: policyText } });
}

describe('item 4: a rule that matches no metric on either side', () => {
  const typo = 'version: 1\nrules:\n  - metric: intrinsic.gates.truncation_rat\n    max: 0\n';

  it('is a configuration error naming the rule, its line and the closest metric names', async () => {
    const error = await gateWith(typo).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).toContain('data/eval/policy.yml:3');
    expect(message).toContain('rules[0]');
    expect(message).toContain('intrinsic.gates.truncation_rat');
    expect(message).toContain('intrinsic.gates.truncation_rate');
    expect(message).toContain('missing: ignore');
  });

  it('is allowed with missing: ignore', async () => {
    const report = await gateWith(`${typo}    missing: ignore\n`);
    expect(report.verdict).toMatch(/pass|fail/);
  });

  it('accepts a rule that matches a metric of the baseline only', async () => {
    const report = await gateWith('version: 1\nrules:\n  - metric: intrinsic.performance.p95_latency_ms\n    direction: lower\n    tolerance_pct: 50\n');
    expect(report.metrics.find((m) => m.name === 'intrinsic.performance.p95_latency_ms')?.rule).toBe('intrinsic.performance.p95_latency_ms');
  });
});

describe('item 4 through the bundled CLI', () => {
  it('exits 2 with one line naming the policy file, line, rule and the closest metric', async () => {
    const root = store();
    writeFileSync(join(root, 'policy.yml'), `version: 1\npins:\n  - dataset: '*'\n    baseline: ${BASELINE}\nrules:\n  - metric: intrinsic.gates.truncation_rat\n    max: 0\n`);
    const result = await runBundledCli(['gate', '--store', root, '--run', 'cand', '--baseline', BASELINE, '--no-progress']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/policy\.yml:6.*rules\[0\].*intrinsic\.gates\.truncation_rate/);
  });
});
