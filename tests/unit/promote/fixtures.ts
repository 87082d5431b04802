// Builders for promotion plan tests: a source run from literal files, a request, a passing report.
import { createHash } from 'node:crypto';
import { gitBlobSha } from '../../../src/git/blob-id.js';
import { type ExistingDestination, type PlanInput, type PromotionPlan, type PromotionRequest, type PromotionSource } from '../../../src/promote/plan/types.js';
import type { Report } from '../../../src/contract/report.js';
import { makeReport } from '../report/fixtures.js';

import { CLI_NAMES } from '../../../src/contract/inputs.js';
export const NOW = '2026-03-01T12:00:00.000Z';

export const RUN_FILES: Record<string, string> = {
  'metrics.json': '{"dataset_id": "ds1", "task": "qa", "quality": {"f1": 0.8}}\n',
  'predictions.jsonl': '{"id": "a", "output": "x"}\n{"id": "b", "output": "y"}\n',
  'fingerprint.json': '{"git": {"commit": "0123456789abcdef0123456789abcdef01234567", "dirty": false}}\n',
  'baseline.json': '{\n  "run_id": "run_1",\n  "dataset_id": "ds1",\n  "params": {\n    "temperature": 1.0\n  }\n}\n',
  'run.log': 'started\nfinished\n',
};

export function sourceOf(files: Record<string, string> = RUN_FILES, extra: Partial<PromotionSource> = {}): PromotionSource {
  return {
    files: Object.entries(files).map(([rel, text]) => {
      const bytes = Buffer.from(text, 'utf8');
      return { rel, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), gitSha: gitBlobSha(bytes), mode: '100644' as const };
    }),
    ...(files['baseline.json'] === undefined ? {} : { metadataText: files['baseline.json'] }),
    taskClaims: [{ source: 'metrics.json', task: 'qa' }],
    dataset: 'ds1',
    commit: '0123456789abcdef0123456789abcdef01234567',
    ...extra,
  };
}

export function request(overrides: Partial<PromotionRequest> = {}): PromotionRequest {
  return { run: 'run_1', as: 'baseline', id: 'baseline_v2', reason: 'Better F1 on the smoke set', names: CLI_NAMES, ...overrides };
}

/** A report whose functional and compliance gates pass (performance fails: reported only). */
export function passingReport(overrides: Partial<Report> = {}): Report {
  return makeReport({ candidate: { id: 'run_1', path: 'data/eval/runs/run_1' }, dataset: 'ds1', task: 'qa', ...overrides });
}

export function planInput(overrides: Partial<PlanInput> = {}): PlanInput {
  return { request: request(), source: sourceOf(), report: passingReport(), promotedAt: NOW, promotedBy: 'octocat', existing: null, ...overrides };
}

/** The destination a plan would leave, as an ExistingDestination (for "already there" cases). */
export function asExisting(plan: PromotionPlan): ExistingDestination {
  const metadata = plan.files.find((f) => f.rel === 'baseline.json')?.content?.toString('utf8');
  return { files: new Map(plan.files.map((f) => [f.rel, f.gitSha])), ...(metadata === undefined ? {} : { metadataText: metadata }) };
}
