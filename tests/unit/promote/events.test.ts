// A promotion writes its `promoted` event (and `pin_changed` for set-pin) into its own
// change, built from the plan's fields so that a re-run plans the very same files.
import { describe, expect, it } from 'vitest';
import { parseEventFile } from '../../../src/store/events.js';
import { buildPlan } from '../../../src/promote/plan/plan.js';
import { asExisting, NOW, planInput, request } from './fixtures.js';

const events = (plan: ReturnType<typeof buildPlan>) => plan.events.map((e) => parseEventFile(e.path.slice('events/'.length), e.content, e.path));

describe('promotion events', () => {
  it('records who promoted what, when, why, and the gate report digest', () => {
    const plan = buildPlan(planInput({ workflowRunUrl: 'https://github.com/o/r/actions/runs/7' }));
    expect(plan.events.map((e) => e.path)).toEqual(['events/20260301T120000Z-promoted-baseline_v2.json']);
    expect(events(plan)[0]).toEqual({
      schema: 'promotion-gate/event@1', type: 'promoted', at: NOW, actor: 'octocat', subject: 'baseline_v2',
      from: 'runs/run_1', to: 'baselines/baseline_v2', reason: 'Better F1 on the smoke set',
      gate_report_sha256: plan.reportDigest, workflow_run_url: 'https://github.com/o/r/actions/runs/7',
    });
    expect(plan.reportDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('is the same file on a re-run that adopts promoted_at and promoted_by', () => {
    const first = buildPlan(planInput());
    const again = buildPlan(planInput({ promotedAt: '2026-03-02T00:00:00.000Z', promotedBy: 'someone', existing: null }));
    expect(again.events[0]?.path).not.toBe(first.events[0]?.path);
    const adopted = buildPlan(planInput({ promotedAt: first.promotedAt, promotedBy: first.promotedBy }));
    expect(adopted.events).toEqual(first.events);
  });

  it('writes no promoted event when the destination already holds the promotion', () => {
    const first = buildPlan(planInput());
    expect(buildPlan(planInput({ existing: asExisting(first) })).events).toEqual([]);
  });

  it('set-pin adds pin_changed with the pin, the previous baseline and the new one', () => {
    const policy = { path: 'data/eval/policy.yml', text: 'version: 1\npins:\n  - baseline: baseline_v1\n    dataset: ds1\n    task: qa\n' };
    const plan = buildPlan(planInput({ request: request({ setPin: true }), policy }));
    expect(events(plan).map((e) => e.type)).toEqual(['promoted', 'pin_changed']);
    expect(events(plan)[1]).toMatchObject({ subject: 'baseline_v2', from: 'baseline_v1', to: 'baseline_v2', pin: { dataset: 'ds1', task: 'qa' }, at: NOW });
    const fresh = buildPlan(planInput({ request: request({ setPin: true }), policy: { path: 'p.yml' } }));
    expect(events(fresh)[1]).toMatchObject({ from: null, to: 'baseline_v2' });
  });

  it('set-pin that names the same baseline again changes no pin, so writes no pin_changed', () => {
    const policy = { path: 'p.yml', text: 'version: 1\npins:\n  - baseline: baseline_v2\n    dataset: ds1\n    task: qa\n' };
    expect(events(buildPlan(planInput({ request: request({ setPin: true }), policy }))).map((e) => e.type)).toEqual(['promoted']);
  });
});
