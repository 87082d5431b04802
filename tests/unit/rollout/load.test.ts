// The rollout file: strict schema, cross-field rules, errors naming file:line:column and the
// field, and the state written back without losing the user's comments.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/contract/errors.js';
import { parseRollout, withState } from '../../../src/rollout/load.js';
import { rolloutJsonSchema } from '../../../src/rollout/schema.js';
import { SINCE, seedRolloutText } from './fixtures.js';

const FILE = 'data/eval/rollouts/planner.yml';

function error(text: string): string {
  try {
    parseRollout(text, FILE);
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
  throw new Error('expected a configuration error');
}

const state = (body: string) => seedRolloutText({ state: body });

describe('rollout file', () => {
  it('reads the seed rollout with its defaults', () => {
    const r = parseRollout(seedRolloutText(), FILE);
    expect(r.stages.map((s) => s.allocation)).toEqual([0.1, 0.25, 0.5, 1]);
    expect(r.label_delay_days).toEqual({});
    expect(r.state).toEqual({ stage: 0, since: SINCE, looks: 0, status: 'running' });
  });

  it.each([
    ['a typo in a field', seedRolloutText({ extra: 'min_sample: 5\n' }), ':1: min_sample: unknown field'],
    ['allocation sums off', state(`  stage: 0\n  since: ${SINCE}\n  status: running\n  allocation: { champion: 0.8, challenger: 0.1 }`), 'state.allocation: champion 0.8 + challenger 0.1 = 0.9, not 1'],
    ['an allocation not the stage\'s', state(`  stage: 0\n  since: ${SINCE}\n  status: running\n  allocation: { champion: 0.75, challenger: 0.25 }`), 'state.allocation.challenger: 0.25 does not match stage 0 (0.1)'],
    ['stages not increasing', seedRolloutText({ stages: '  - { allocation: 0.5 }\n  - { allocation: 0.25 }\n  - { allocation: 1 }' }), 'stages[1].allocation: 0.25 must be above the previous stage\'s 0.5'],
    ['a last stage below 100%', seedRolloutText({ stages: '  - { allocation: 0.1 }\n  - { allocation: 0.5 }' }), 'the last stage must be 1.00'],
    ['an allocation above 1', seedRolloutText({ stages: '  - { allocation: 0.1 }\n  - { allocation: 1.5 }' }), 'stages[1].allocation'],
    ['a stage past the end', state(`  stage: 7\n  since: ${SINCE}\n  status: running`), 'state.stage: 7 is past the last stage'],
    ['running at 100%', state(`  stage: 3\n  since: ${SINCE}\n  status: running`), 'a running rollout is never at the last stage'],
    ['a time without zone', state('  stage: 0\n  since: 2026-11-20T00:00:00\n  status: running'), 'state.since: must be an ISO 8601 time with a zone'],
    ['an unknown status', state(`  stage: 0\n  since: ${SINCE}\n  status: paused`), 'state.status'],
    ['champion = challenger', seedRolloutText().replace('baseline_planner_v4', 'baseline_planner_v3'), 'challenger: must differ from the champion'],
    ['a label delay for an unused metric', seedRolloutText({ extra: 'label_delay_days: { nps: 7 }\n' }), 'label_delay_days.nps: no guardrail or limit uses this metric'],
    ['a limit both absolute and relative', seedRolloutText().replace('{ metric: latency_ms.p99, max: 2000 }', '{ metric: latency_ms.p99, max: 2000, max_worse_pct: 5 }'), 'limits[0]: give either max and/or min'],
    ['a reserved registry alias', seedRolloutText({ extra: 'registry: { kind: mlflow, model: m, champion_version: "3", challenger_version: "4", alias: latest }\n' }), 'registry.alias: is reserved by MLflow'],
    ['an unquoted version number', seedRolloutText({ extra: 'registry: { kind: mlflow, model: m, champion_version: 3, challenger_version: "4" }\n' }), 'registry.champion_version'],
  ])('refuses %s, naming the field', (_what, text, message) => {
    expect(error(text)).toContain(message);
  });

  it('names the line of the field at fault', () => {
    expect(error(state(`  stage: 0\n  since: ${SINCE}\n  status: running\n  allocation: { champion: 0.8, challenger: 0.1 }`))).toMatch(new RegExp(`^${FILE}:\\d+:\\d+: state.allocation`));
  });

  it('writes a new state and keeps every comment and the rest of the file', () => {
    const text = seedRolloutText();
    const next = withState(text, { stage: 1, since: '2026-11-23T00:00:00Z', looks: 0, status: 'running', allocation: { champion: 0.75, challenger: 0.25 }, last: { decision: 'increase', at: '2026-11-23T00:00:00Z', telemetry_sha256: 'c'.repeat(64) } }, FILE);
    expect(next).toContain('# in production');
    expect(next.slice(0, next.indexOf('state:'))).toBe(text.slice(0, text.indexOf('state:')));
    expect(parseRollout(next, FILE).state).toMatchObject({ stage: 1, allocation: { challenger: 0.25 }, last: { decision: 'increase' } });
  });

  it('has a JSON Schema for editors', () => {
    const schema = rolloutJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['champion', 'challenger', 'stages', 'guardrails', 'limits', 'state']));
    expect(schema.required).toEqual(expect.arrayContaining(['version', 'champion', 'challenger', 'stages', 'state']));
  });
});
