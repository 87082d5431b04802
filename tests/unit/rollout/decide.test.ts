// The decision order of DESIGN.md section 11, one table row per branch, plus the boundaries
// (exactly min_samples, exactly min_days) and the seed's margins. Telemetry is given as exact
// moments (fixtures.ts) so each row's data is stated in the row.
import { describe, expect, it } from 'vitest';
import { decide, type DecideInput } from '../../../src/rollout/decide.js';
import { decisionMarkdown, decisionTitle } from '../../../src/rollout/markdown.js';
import type { Rollout } from '../../../src/rollout/schema.js';
import { CHAMPION, SINCE, day, scaled, seedRollout, split, summary, type ArmTruth } from './fixtures.js';

const SHA = 'a'.repeat(64);

function run(rollout: Rollout, champion: ArmTruth, challenger: ArmTruth, now = day(4), extra: Partial<DecideInput> = {}) {
  return decide({ id: 'planner', rollout, now, telemetry: { file: 't.jsonl', sha256: SHA, summary: summary(rollout, champion, challenger) }, ...extra });
}

/** Champion and challenger with `total` units split at `allocation`, the challenger changed by `changes`. */
function arms(total: number, allocation: number, changes: Partial<ArmTruth> = {}): [ArmTruth, ArmTruth] {
  const { champion, challenger } = split(total, allocation);
  return [scaled(CHAMPION, { units: champion }), scaled(CHAMPION, { units: challenger, ...changes })];
}

const big = 400_000;

describe('decision order', () => {
  const rollout = seedRollout();

  it('1. telemetry that could not be read → hold, naming the problem', () => {
    const d = decide({ id: 'planner', rollout, now: day(4), telemetry: { file: 't.jsonl', problem: 't.jsonl:7: arm: unknown arm "canary"' } });
    expect(d.decision).toBe('hold');
    expect(d.reasons[0]).toContain('t.jsonl:7: arm: unknown arm');
    expect(d.to.stage).toBe(0);
    expect(d.to.allocation).toEqual({ champion: 0.9, challenger: 0.1 });
  });

  it('1. a guardrail metric missing from the telemetry → hold, never a pass', () => {
    const s = summary(rollout, ...arms(big, 0.1));
    s.present.delete('validator_intervention');
    const d = decide({ id: 'planner', rollout, now: day(4), telemetry: { file: 't', sha256: SHA, summary: s } });
    expect(d.decision).toBe('hold');
    expect(d.reasons[0]).toContain('no values of validator_intervention');
  });

  it('1. percentiles from daily aggregates → hold (they need unit rows)', () => {
    const s = summary(rollout, ...arms(big, 0.1));
    s.shape = 'daily';
    expect(decide({ id: 'p', rollout, now: day(4), telemetry: { file: 't', sha256: SHA, summary: s } }).reasons[0]).toContain('needs unit rows');
  });

  it('2. SRM: 10/90 planned, 14/86 observed on 20,000 units → hold with the p-value, before any guardrail', () => {
    const champion = scaled(CHAMPION, { units: 17_200 });
    const challenger = scaled(CHAMPION, { units: 2_800, acceptance: 0.2 }); // also much worse: SRM still comes first
    const d = run(rollout, champion, challenger);
    expect(d.decision).toBe('hold');
    expect(d.srm).toMatchObject({ planned_challenger_share: 0.1, observed_challenger_share: 0.14, mismatch: true });
    expect(d.srm!.p_value).toBeLessThan(1e-50);
    expect(d.reasons[0]).toMatch(/sample-ratio mismatch.*14\.0%.*20000 units/);
    expect(d.guardrails).toEqual([]);
  });

  it('3. a guardrail worse than its margin over the whole interval → rollback, before the sample and day gates', () => {
    const d = run(rollout, ...arms(big, 0.1, { acceptance: 0.45 }), day(1));
    expect(d.decision).toBe('rollback');
    const g = d.guardrails.find((x) => x.metric === 'acceptance_rate')!;
    expect(g.status).toBe('worse');
    expect(g.estimate).toBeCloseTo(-0.1, 6);
    expect(g.interval![1]).toBeLessThan(-0.05);
    expect(d.to).toMatchObject({ status: 'rolled_back', allocation: { champion: 1, challenger: 0 } });
  });

  it('3. a broken challenger is rolled back at a small sample (40 units), not kept for days', () => {
    const d = run(rollout, scaled(CHAMPION, { units: 360 }), scaled(CHAMPION, { units: 40, acceptance: 0 }), day(0.1));
    expect(d.decision).toBe('rollback');
    expect(d.reasons[0]).toContain('acceptance_rate');
  });

  it('3. a limit exceeded → rollback even when every guardrail is fine', () => {
    const slow = { latency: { median: 800, sigma: 1.2 } }; // p99 ≈ 13 s; p50 unchanged
    const d = run(rollout, ...arms(big, 0.1, slow));
    expect(d.decision).toBe('rollback');
    const l = d.limits.find((x) => x.metric === 'latency_ms.p99')!;
    expect(l.exceeded).toBe(true);
    expect(l.interval![0]).toBeGreaterThan(2000);
  });

  it('4. fewer than min_samples per arm → wait; exactly min_samples → not held back by it', () => {
    const below = run(rollout, scaled(CHAMPION, { units: 9_000 }), scaled(CHAMPION, { units: 999 }));
    expect(below.decision).toBe('wait');
    expect(below.reasons[0]).toContain('999 units in the smaller arm, 1000 needed');
    const exactly = run(rollout, scaled(CHAMPION, { units: 9_000 }), scaled(CHAMPION, { units: 1000 }));
    expect(exactly.reasons.join(' ')).not.toContain('units in the smaller arm');
  });

  it('4. fewer than min_days → wait; exactly min_days → not held back by it', () => {
    const early = run(rollout, ...arms(big, 0.1), '2026-11-22T23:59:59Z');
    expect(early.decision).toBe('wait');
    expect(early.reasons[0]).toMatch(/days at this stage, 3 needed/);
    const exactly = run(rollout, ...arms(big, 0.1), day(3));
    expect(exactly.stage.days).toBe(3);
    expect(exactly.decision).toBe('increase');
  });

  it('5. every guardrail inside its margin → increase to the next stage', () => {
    const d = run(rollout, ...arms(big, 0.1, { acceptance: 0.505 }));
    expect(d.decision).toBe('increase');
    expect(d.guardrails.every((g) => g.status === 'inside')).toBe(true);
    expect(d.to).toMatchObject({ stage: 1, since: day(4), looks: 0, status: 'running', allocation: { champion: 0.75, challenger: 0.25 } });
    expect(decisionTitle(d)).toBe('Rollout planner: increase (challenger 10% → 25%)');
  });

  it('5. inside every margin at the stage before 100% → promote', () => {
    const at50 = seedRollout({ state: `  stage: 2\n  since: ${SINCE}\n  looks: 3\n  status: running` });
    const d = run(at50, ...arms(big, 0.5), day(8));
    expect(d.decision).toBe('promote');
    expect(d.to).toMatchObject({ stage: 3, status: 'promoted', allocation: { champion: 0, challenger: 1 } });
  });

  it('6. inconclusive → wait; past the deadline → on_deadline (hold, or advance)', () => {
    const small: [ArmTruth, ArmTruth] = [scaled(CHAMPION, { units: 18_000 }), scaled(CHAMPION, { units: 2_000 })];
    const waiting = run(rollout, ...small, day(4));
    expect(waiting.decision).toBe('wait');
    expect(waiting.reasons[0]).toContain('not yet shown inside the margin');
    const held = run(rollout, ...small, day(6));
    expect(held.decision).toBe('hold');
    expect(held.reasons[0]).toContain('deadline 6 days');
    const advance = run({ ...seedRollout(), on_deadline: 'advance' }, ...small, day(6));
    expect(advance.decision).toBe('increase');
  });
});

describe('looks (RELIABILITY T3)', () => {
  it('a re-run on the telemetry of the last decision is not another look', () => {
    const rollout = seedRollout({ state: `  stage: 0\n  since: ${SINCE}\n  looks: 2\n  status: running\n  last: { decision: wait, at: "${day(2)}", telemetry_sha256: "${SHA}" }` });
    const same = run(rollout, ...arms(20_000, 0.1));
    expect(same).toMatchObject({ looks: 2, new_look: false });
    const other = decide({ id: 'p', rollout, now: day(4), telemetry: { file: 't', sha256: 'b'.repeat(64), summary: summary(rollout, ...arms(20_000, 0.1)) } });
    expect(other).toMatchObject({ looks: 3, new_look: true });
  });

  it('the same inputs give the same decision', () => {
    const rollout = seedRollout();
    expect(run(rollout, ...arms(big, 0.1))).toEqual(run(rollout, ...arms(big, 0.1)));
  });
});

describe("the seed's margins as guardrails and limits", () => {
  const rollout = seedRollout();
  // 10% beyond each margin is rolled back; the same change inside the margin is not.
  it.each([
    ['acceptance_rate', 'acceptance ×0.95', { acceptance: 0.5 * 0.95 * 0.9 }, { acceptance: 0.5 * 0.98 }],
    ['edits', 'edits ×1.10', { edits: { mean: 2 * 1.1 * 1.1, sd: 1.5 } }, { edits: { mean: 2 * 1.03, sd: 1.5 } }],
    ['validator_intervention', 'validator ×1.05', { validator: 0.3 * 1.05 * 1.1 }, { validator: 0.3 * 1.01 }],
    ['latency_ms.p50', 'p50 latency ×1.20', { latency: { median: 800 * 1.2 * 1.1, sigma: 0.35 } }, { latency: { median: 800 * 1.05, sigma: 0.35 } }],
    ['latency_ms.p99', 'p99 over 2 s', { latency: { median: 800, sigma: 0.55 } }, { latency: { median: 800, sigma: 0.35 } }],
    ['cost_usd', 'cost over +10%', { cost: { mean: 0.02 * 1.1 * 1.1, sd: 0.005 } }, { cost: { mean: 0.02 * 1.05, sd: 0.005 } }],
  ] as const)('%s (%s): beyond → rollback naming it; inside → no rollback', (metric, _seed, beyond, inside) => {
    const bad = run(rollout, ...arms(big, 0.1, beyond as Partial<ArmTruth>));
    expect(bad.decision).toBe('rollback');
    expect(bad.reasons.some((r) => r.includes(metric))).toBe(true);
    const ok = run(rollout, ...arms(big, 0.1, inside as Partial<ArmTruth>));
    expect(ok.decision).not.toBe('rollback');
  });
});

describe('Markdown', () => {
  it('puts the decision first and carries every guardrail number', () => {
    const d = run(seedRollout(), ...arms(big, 0.1, { acceptance: 0.45 }));
    const md = decisionMarkdown(d);
    expect(md.split('\n')[0]).toContain('**rollback**');
    for (const g of d.guardrails) expect(md).toContain(`\`${g.metric}\``);
    expect(md).toMatch(/Sample ratio.*planned 10\.0% challenger/);
    expect(md).toContain('-10.0%');
  });
});

describe('label delay, from telemetry to decision', () => {
  it('a late-label metric counts only matured units: it holds "increase" back until its labels are in', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { readTelemetry } = await import('../../../src/rollout/telemetry.js');
    const { telemetrySpec } = await import('../../../src/rollout/accumulate.js');
    const { unitRows, GOOD } = await import('../../support/rollout.js');
    const delayed = seedRollout({ extra: 'label_delay_days: { acceptance_rate: 3 }\n' });
    const plain = { ...delayed, guardrails: delayed.guardrails.filter((g) => g.metric === 'acceptance_rate'), limits: [] };
    const withDelay = plain;
    const noDelay = { ...plain, label_delay_days: {} };
    const path = join(mkdtempSync(join(tmpdir(), 'pg-delay-')), 't.jsonl');
    writeFileSync(path, unitRows({ since: SINCE, until: day(3.2), perDay: 60_000, allocation: 0.1, champion: GOOD, challenger: GOOD }));
    const decideWith = async (rollout: Rollout) => {
      const { summary, sha256 } = await readTelemetry(path, 't.jsonl', telemetrySpec(rollout, Date.parse(SINCE), Date.parse(day(3.2))));
      return { d: decide({ id: 'p', rollout, now: day(3.2), telemetry: { file: 't.jsonl', sha256, summary } }), summary };
    };
    const without = await decideWith(noDelay);
    expect(without.d.decision).toBe('increase');
    const late = await decideWith(withDelay);
    // Only units older than 3 days (the first 0.2 day) have their labels: too few to show the margin.
    const g = late.d.guardrails[0]!;
    expect(g.label_delay_days).toBe(3);
    expect(g.challenger.n).toBeLessThan(0.1 * 60_000 * 0.21);
    expect(late.summary.immature.get('acceptance_rate')).toBeGreaterThan(0);
    expect(late.d.decision).toBe('wait');
    expect(late.d.reasons[0]).toContain('acceptance_rate');
  });
});
