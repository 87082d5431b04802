// Regenerates examples/eval/, the small demo store: a pinned baseline, a silver reference,
// a candidate that passes and one that regresses. Deterministic (seeded), so the committed
// files only change when this script does. Run: node scripts/make-example.mjs
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = 'examples/eval';
const dataset = 'demo_support_qa_v1';
const task = 'qa';
const items = 200;

let seed = 20261123;
const random = () => {
  // mulberry32: tiny, seeded, good enough for demo data
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const write = (path, text) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
};
const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

// Per-item outcomes of the baseline; candidates are derived from it by flipping items, so the
// "better" candidate is better and the "regressed" one worse by construction, not by luck.
const baselineOutcomes = Array.from({ length: items }, () => ({ exact: random() < 0.72 ? 1 : 0, noise: random(), ref: random() }));

function outcomes(flipToPass, flipToFail) {
  let toPass = flipToPass;
  let toFail = flipToFail;
  return baselineOutcomes.map((o, i) => {
    if (o.exact === 0 && toPass > 0 && i % 3 === 0) { toPass--; return { ...o, exact: 1 }; }
    if (o.exact === 1 && toFail > 0 && i % 2 === 0) { toFail--; return { ...o, exact: 0 }; }
    return o;
  });
}

function makeRun(dir, { id, flipToPass = 0, flipToFail = 0, f1Shift, latency, commit, model }) {
  const lines = [];
  let em = 0;
  let f1Sum = 0;
  let refSum = 0;
  for (const [i, o] of outcomes(flipToPass, flipToFail).entries()) {
    const exact = o.exact;
    const f1 = Math.min(1, Math.max(0, exact ? 0.85 + o.noise * 0.15 : 0.2 + o.noise * 0.5 + f1Shift));
    const ref = Math.min(1, Math.max(0, f1 - 0.05 + o.ref * 0.1));
    em += exact;
    f1Sum += f1;
    refSum += ref;
    lines.push(JSON.stringify({
      id: `q${String(i + 1).padStart(4, '0')}`,
      dataset_id: dataset,
      question: `Demo question ${i + 1}: how do I reset my password on device ${i % 7}?`,
      output: exact ? 'Open Settings, choose Account, then Reset password.' : 'Please contact support.',
      scores: { exact_match: exact, f1: Number(f1.toFixed(4)) },
    }));
  }
  write(`${dir}/predictions.jsonl`, `${lines.join('\n')}\n`);
  write(`${dir}/metrics.json`, json({
    dataset_id: dataset,
    task,
    run_id: id,
    item_count: items,
    quality: { exact_match: em / items, f1: Number((f1Sum / items).toFixed(6)) },
    intrinsic: { error_rate: 0, performance: { avg_latency_ms: latency, cost_usd: Number((items * 0.0004).toFixed(4)) } },
    ...(id.startsWith('silver_') ? {} : { vs_reference: { silver_demo_gpt_v1: { f1: Number((refSum / items).toFixed(6)) } } }),
  }));
  write(`${dir}/fingerprint.json`, json({
    fingerprint_version: '2',
    git: { commit, branch: 'main', dirty: false },
    timestamp: '2026-11-01T10:00:00Z',
    dataset: { id: dataset },
    model: { name: model, temperature: 0, seed: 7 },
  }));
  write(`${dir}/config.yaml`, `# demo experiment config\nid: ${id}\ntask: ${task}\ndata:\n  dataset_id: ${dataset}\nmodel: ${model}\n`);
}

rmSync(root, { recursive: true, force: true });
const commit = 'a'.repeat(40);
makeRun('baselines/baseline_demo_v1', { id: 'baseline_demo_v1', f1Shift: 0, latency: 820, commit, model: 'demo-model-1' });
write('baselines/baseline_demo_v1/baseline.json', json({
  run_id: 'run_2026_10_30_demo', dataset_id: dataset, task, created_at: '2026-10-30T09:00:00Z', created_by: 'demo',
  promoted_from: 'run_2026_10_30_demo', promoted_at: '2026-10-31T09:00:00Z', promoted_as: 'baseline', promoted_id: 'baseline_demo_v1',
  reason: 'First production model of the demo.',
}));
write('baselines/baseline_demo_v1/README.md', '# baseline_demo_v1\n\nThe demo\'s pinned baseline: the first production model on the support QA set.\n');
makeRun('references/silver/silver_demo_gpt_v1', { id: 'silver_demo_gpt_v1', flipToPass: 30, f1Shift: 0.1, latency: 2400, commit, model: 'big-demo-model' });
write('references/silver/silver_demo_gpt_v1/baseline.json', json({
  run_id: 'run_2026_10_29_silver', dataset_id: dataset, task, promoted_as: 'reference', promoted_id: 'silver_demo_gpt_v1', reference_quality: 'silver',
  reason: 'Silver labels from a larger model; informational only.',
}));
makeRun('runs/run_candidate_better', { id: 'run_candidate_better', flipToPass: 8, flipToFail: 2, f1Shift: 0.02, latency: 790, commit, model: 'demo-model-2' });
makeRun('runs/run_candidate_regressed', { id: 'run_candidate_regressed', flipToFail: 30, f1Shift: -0.1, latency: 1240, commit, model: 'demo-model-3' });
write('policy.yml', `# Demo gate policy (version 1). Field reference: schema/policy.schema.json
version: 1
pins:
  - baseline: baseline_demo_v1
    dataset: ${dataset}
    task: ${task}
cold_start: fail
fail_on: error
predictions:
  id_field: auto
  coverage: exact
rules:
  - metric: quality.exact_match
    direction: higher
    tolerance: 0.02
    severity: error
    min: 0.5
  - metric: "vs_reference.*.f1"
    direction: higher
    tolerance_pct: 5
    severity: warning
compliance:
  allow_dirty: false
  require_commit: false
references:
  show: true
`);
console.log(`wrote ${root}`);
