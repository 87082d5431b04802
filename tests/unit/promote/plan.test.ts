// The promotion plan, table-driven (issue 4 acceptance): where each kind of promotion lands,
// what it writes, and every rule that refuses one.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/contract/errors.js';
import { PromotionRefused } from '../../../src/promote/plan/errors.js';
import { buildPlan, MAX_FILE_BYTES } from '../../../src/promote/plan/plan.js';
import { manifestSchema } from '../../../src/provenance/seal/manifest.js';
import type { PlanInput, PromotionPlan } from '../../../src/promote/plan/types.js';
import { check } from '../report/fixtures.js';
import { NOW, RUN_FILES, asExisting, passingReport, planInput, request, sourceOf } from './fixtures.js';

const text = (plan: PromotionPlan, rel: string): string => plan.files.find((f) => f.rel === rel)?.content?.toString('utf8') ?? '';
const NER_PREDICTION = { episode_id: 'p01', output: { entities: [{ start: 0, end: 4, text: 'Maya', label: 'PERSON' }] } };

interface Accepted {
  name: string;
  input: PlanInput;
  destination: string;
  metadata: Record<string, unknown>;
  state?: 'new' | 'identical';
  task?: string;
}

const baselinePlan = buildPlan(planInput());

const accepted: Accepted[] = [
  {
    name: 'baseline',
    input: planInput(),
    destination: 'baselines/baseline_v2',
    metadata: { promoted_as: 'baseline', promoted_id: 'baseline_v2', promoted_from: 'run_1', promoted_at: NOW, promoted_by: 'octocat' },
  },
  {
    name: 'silver reference (quality defaults to silver)',
    input: planInput({ request: request({ as: 'reference', id: 'silver_gpt_v1' }) }),
    destination: 'references/silver/silver_gpt_v1',
    metadata: { promoted_as: 'reference', reference_quality: 'silver', promoted_id: 'silver_gpt_v1' },
  },
  {
    name: 'gold reference, task from metrics.json',
    input: planInput({ request: request({ as: 'reference', quality: 'gold', id: 'gold_qa_v1' }) }),
    destination: 'references/gold/qa/gold_qa_v1',
    metadata: { reference_quality: 'gold' },
    task: 'qa',
  },
  {
    name: 'gold reference, task detected from NER predictions',
    input: planInput({
      request: request({ as: 'reference', quality: 'gold', id: 'ner_gold_v1' }),
      source: sourceOf(RUN_FILES, { taskClaims: [], firstPrediction: NER_PREDICTION }),
    }),
    destination: 'references/gold/ner_entities/ner_gold_v1',
    metadata: { reference_quality: 'gold' },
    task: 'ner_entities',
  },
  {
    name: 'gold reference, task detected from the metrics schema',
    input: planInput({
      request: request({ as: 'reference', quality: 'gold', id: 'sum_gold_v1' }),
      source: sourceOf(RUN_FILES, { taskClaims: [], metricsSchema: 'metrics_summarization_v2' }),
    }),
    destination: 'references/gold/summarization/sum_gold_v1',
    metadata: {},
    task: 'summarization',
  },
  {
    name: 'gold reference, task given',
    input: planInput({ request: request({ as: 'reference', quality: 'gold', id: 'g1', task: 'custom_task' }) }),
    destination: 'references/gold/custom_task/g1',
    metadata: {},
    task: 'custom_task',
  },
  {
    name: 'a failing performance gate is reported, not required',
    input: planInput(),
    destination: 'baselines/baseline_v2',
    metadata: {},
  },
  {
    name: 'byte-identical destination (an earlier promotion, promoted_at adopted)',
    input: planInput({ promotedAt: '2026-12-31T00:00:00.000Z', existing: asExisting(baselinePlan) }),
    destination: 'baselines/baseline_v2',
    metadata: { promoted_at: NOW },
    state: 'identical',
  },
];

describe.each(accepted)('accepted: $name', ({ input, destination, metadata, state, task }) => {
  const plan = buildPlan(input);

  it('lands in the right folder with the promotion fields', () => {
    expect(plan.sourceDir).toBe('runs/run_1');
    expect(plan.destinationDir).toBe(destination);
    expect(plan.destination).toBe(state ?? 'new');
    expect(plan.task).toBe(task ?? plan.task);
    expect(plan.metadata).toMatchObject({ ...metadata, reason: 'Better F1 on the smoke set' });
    expect(plan.metadata['gate_report_sha256']).toMatch(/^sha256:[0-9a-f]{64}$/);
    if (input.request.as === 'baseline') expect(plan.metadata).not.toHaveProperty('reference_quality');
  });

  it('moves every run file unchanged and writes README.md, baseline.json and manifest.json', () => {
    const byRel = new Map(plan.files.map((f) => [f.rel, f]));
    expect([...byRel.keys()]).toEqual(['README.md', 'baseline.json', 'fingerprint.json', 'manifest.json', 'metrics.json', 'predictions.jsonl', 'run.log']);
    for (const source of input.source.files.filter((f) => f.rel !== 'baseline.json')) {
      expect(byRel.get(source.rel)).toMatchObject({ kind: 'moved', sha256: source.sha256, gitSha: source.gitSha });
    }
    const manifest = manifestSchema.parse(JSON.parse(text(plan, 'manifest.json')));
    for (const file of plan.files.filter((f) => f.rel !== 'manifest.json')) {
      expect(manifest.files[file.rel]).toMatchObject({ sha256: file.sha256, size: file.size });
    }
    for (const file of plan.files.filter((f) => f.content)) expect(createHash('sha256').update(file.content ?? '').digest('hex')).toBe(file.sha256);
  });

  it('keeps the run\'s own metadata bytes and appends the promotion fields', () => {
    const metadataText = text(plan, 'baseline.json');
    expect(metadataText.startsWith('{\n  "run_id": "run_1",\n  "dataset_id": "ds1",\n  "params": {\n    "temperature": 1.0\n  },\n  "promoted_from"')).toBe(true);
  });

  it('writes a README that says what it is, why, how to use it and where it came from', () => {
    const readme = text(plan, 'README.md');
    expect(readme).toContain('Better F1 on the smoke set');
    expect(readme).toMatch(/## How to use it/);
    expect(readme).toContain('`0123456789abcdef0123456789abcdef01234567`');
    expect(readme).toContain('## Metrics snapshot');
    expect(readme).toContain(input.request.as === 'baseline' ? 'can block CI' : 'never blocks CI');
  });
});

interface Refused {
  name: string;
  input: () => PlanInput;
  error: typeof PromotionRefused | typeof UsageError;
  message: RegExp;
}

const failingFunctional = passingReport({
  gates: [
    { name: 'functional', status: 'fail', checks: [check('predictions.valid', 'fail')] },
    { name: 'performance', status: 'pass', checks: [] },
    { name: 'compliance', status: 'pass', checks: [] },
  ],
});
const failingCompliance = passingReport({
  gates: [
    { name: 'functional', status: 'pass', checks: [] },
    { name: 'compliance', status: 'fail', checks: [check('fingerprint.clean-tree', 'fail')] },
  ],
});

const refused: Refused[] = [
  { name: 'existing, different destination', input: () => planInput({ existing: { files: new Map([['metrics.json', 'f'.repeat(40)]]) } }), error: PromotionRefused, message: /baselines\/baseline_v2 already exists and differs \(first difference: README\.md\)/ },
  { name: 'destination with one extra file', input: () => planInput({ existing: { ...asExisting(baselinePlan), files: new Map([...asExisting(baselinePlan).files, ['notes.txt', 'a'.repeat(40)]]) } }), error: PromotionRefused, message: /first difference: notes\.txt/ },
  { name: 'something that is not a folder at the destination', input: () => planInput({ existing: { files: new Map([['', 'not a folder']]) } }), error: PromotionRefused, message: /already exists and differs/ },
  { name: 'failing functional gate', input: () => planInput({ report: failingFunctional }), error: PromotionRefused, message: /functional gate failed \(functional\.predictions\.valid\)/ },
  { name: 'failing compliance gate', input: () => planInput({ report: failingCompliance }), error: PromotionRefused, message: /compliance gate failed \(compliance\.fingerprint\.clean-tree\)/ },
  { name: 'file over 100 MiB', input: () => planInput({ source: { ...sourceOf(), files: [...sourceOf().files, { rel: 'big.bin', size: MAX_FILE_BYTES + 1, sha256: '0'.repeat(64), gitSha: '0'.repeat(40), mode: '100644' }] } }), error: PromotionRefused, message: /runs\/run_1\/big\.bin is 104857601 bytes, over GitHub's 100 MiB/ },
  { name: 'bad run id (path)', input: () => planInput({ request: request({ run: '../etc' }) }), error: UsageError, message: /^--run "\.\.\/etc": an id is a single path segment/ },
  { name: 'bad new id (dot-dot)', input: () => planInput({ request: request({ id: '..' }) }), error: UsageError, message: /^--id "\.\.":/ },
  { name: 'bad new id (trailing dot)', input: () => planInput({ request: request({ id: 'baseline.' }) }), error: UsageError, message: /cannot end with "\."/ },
  { name: 'bad task id', input: () => planInput({ request: request({ as: 'reference', quality: 'gold', id: 'g', task: 'a/b' }) }), error: UsageError, message: /^--task "a\/b"/ },
  { name: 'detected task that is not an id', input: () => planInput({ request: request({ as: 'reference', quality: 'gold', id: 'g' }), source: sourceOf(RUN_FILES, { taskClaims: [{ source: 'metrics.json', task: 'ner entities' }] }) }), error: UsageError, message: /task from metrics\.json "ner entities"/ },
  { name: 'gold without a detectable task', input: () => planInput({ request: request({ as: 'reference', quality: 'gold', id: 'g' }), source: sourceOf(RUN_FILES, { taskClaims: [] }) }), error: UsageError, message: /cannot detect the task of run run_1 for its gold folder .*: pass --task TASK$/ },
  { name: 'a reference can never be made blocking (set-pin)', input: () => planInput({ request: request({ as: 'reference', id: 'r1', setPin: true }) }), error: UsageError, message: /a reference can never be promoted as blocking/ },
  { name: 'quality on a baseline', input: () => planInput({ request: request({ quality: 'gold' }) }), error: UsageError, message: /--quality applies to references only/ },
  { name: 'empty reason', input: () => planInput({ request: request({ reason: '   ' }) }), error: UsageError, message: /--reason is required/ },
];

describe.each(refused)('refused: $name', ({ input, error, message }) => {
  it('throws, naming the cause', () => {
    let thrown: unknown;
    try {
      buildPlan(input());
    } catch (caught) {
      thrown = caught;
    }
    expect(thrown).toBeInstanceOf(error);
    expect((thrown as Error).message).toMatch(message);
  });
});

describe('determinism', () => {
  it('the same input gives the same bytes; another promoted_at gives other bytes', () => {
    const again = buildPlan(planInput());
    expect(again.files.map((f) => f.gitSha)).toEqual(baselinePlan.files.map((f) => f.gitSha));
    const later = buildPlan(planInput({ promotedAt: '2026-03-02T00:00:00.000Z' }));
    expect(later.files.find((f) => f.rel === 'baseline.json')?.gitSha).not.toBe(baselinePlan.files.find((f) => f.rel === 'baseline.json')?.gitSha);
  });

  it('a run without baseline.json gets one; a run README.md is replaced by the generated one', () => {
    const files = { ...RUN_FILES, 'README.md': '# old\n' } as Record<string, string>;
    delete files['baseline.json'];
    const plan = buildPlan(planInput({ source: sourceOf(files) }));
    expect(JSON.parse(text(plan, 'baseline.json'))).toMatchObject({ run_id: 'run_1', dataset_id: 'ds1', task: 'qa', promoted_id: 'baseline_v2' });
    expect(text(plan, 'README.md')).toContain('# Baseline: `baseline_v2`');
  });

  it('replaces a run manifest.json (from run create) with the promoted one, recording its sha256', () => {
    const runManifest = '{"manifest_version": 1, "algorithm": "sha256", "files": {}}\n';
    const plan = buildPlan(planInput({ source: sourceOf({ ...RUN_FILES, 'manifest.json': runManifest }) }));
    const manifest = JSON.parse(text(plan, 'manifest.json')) as { promotion: Record<string, unknown>; files: Record<string, unknown> };
    expect(manifest.promotion).toEqual({ from: 'runs/run_1', to: 'baselines/baseline_v2', source_manifest_sha256: createHash('sha256').update(runManifest).digest('hex') });
    expect(Object.keys(manifest.files)).not.toContain('manifest.json');
    expect(plan.files.filter((f) => f.rel === 'manifest.json')).toHaveLength(1);
  });

  it('re-promoting a run that already carries promotion fields replaces them in place and drops reference_quality', () => {
    const old = '{\n  "run_id": "r",\n  "promoted_from": "x",\n  "promoted_as": "reference",\n  "reference_quality": "silver",\n  "extra": 1.0\n}\n';
    const plan = buildPlan(planInput({ source: sourceOf({ ...RUN_FILES, 'baseline.json': old }) }));
    const metadataText = text(plan, 'baseline.json');
    expect(metadataText).toContain('  "promoted_from": "run_1",\n  "promoted_as": "baseline",\n  "extra": 1.0,');
    expect(metadataText).not.toContain('reference_quality');
  });
});
