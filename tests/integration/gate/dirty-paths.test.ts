/**
 * Issue 10, item 16 on the real store: its fingerprints say `dirty: true` without listing
 * paths, so the provenance section must say the paths were not recorded, not "0 paths".
 */
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { CLI_NAMES } from '../../../src/contract/inputs.js';
import { runGate } from '../../../src/gate/run-gate.js';
import { DEFAULT_POLICY } from '../../../src/policy/schema.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { STANDARD_SECTIONS } from '../../../src/report/sections/index.js';
import { renderTerminal } from '../../../src/report/terminal.js';
import { CORPUS, cleanupTempDirs, copyDir, tempDir } from '../../support/temp-store.js';

afterAll(cleanupTempDirs);

it('a corpus pair: dirty (paths not recorded), and latencies in fixed notation', async () => {
  const root = join(tempDir(), 'eval');
  const baseline = 'baseline_ml_bart_authority_smoke_v5_pre';
  copyDir(join(CORPUS, 'baselines', 'baseline_ml_bart_authority_smoke_v5_post'), join(root, 'runs', 'cand'));
  copyDir(join(CORPUS, 'baselines', baseline), join(root, 'baselines', baseline));
  const report = await runGate({ store: { root, display: 'data/eval' }, names: CLI_NAMES, run: 'cand', baseline, policy: DEFAULT_POLICY });
  const markdown = renderMarkdown(report, { budget: 60_000, sections: STANDARD_SECTIONS });
  expect(markdown).toContain('dirty (paths not recorded)');
  expect(markdown).not.toContain('(0 paths');
  const terminal = renderTerminal(report, { color: false });
  const latency = terminal.split('\n').find((line) => line.includes('intrinsic.performance.avg_latency_ms '));
  expect(latency).toContain('37,675');
  expect(terminal).not.toMatch(/\d\.\d+e4/);
});
