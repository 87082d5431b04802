/**
 * References are ground truth, shown and never blocking (DESIGN.md section 2), on the pure
 * pieces: the rows of the run's standing against each reference (from `vs_reference.<id>.`
 * metrics), and which references apply to a run's dataset and task.
 */
import { describe, expect, it } from 'vitest';
import { flattenMetrics } from '../../../../src/artifacts/metrics.js';
import { referenceApplies, referenceStandings } from '../../../../src/gate/checks/references.js';
import type { ReferenceInfo } from '../../../../src/store/references.js';

const silver: ReferenceInfo = { id: 'silver_v1', quality: 'silver', path: 'data/eval/references/silver/silver_v1', dataset: 'ds1' };
const gold: ReferenceInfo = { id: 'gold_ner', quality: 'gold', path: 'data/eval/references/gold/ner/gold_ner', dataset: 'ds1', task: 'ner' };

describe('referenceStandings', () => {
  it('lists the metrics each side carries against the reference, informational only', () => {
    const candidate = flattenMetrics({ f1: 0.8, vs_reference: { silver_v1: { rougeL: 0.5, f1: 0.7 } } });
    const baseline = flattenMetrics({ f1: 0.7, vs_reference: { silver_v1: { rougeL: 0.4 } } });
    const [row] = referenceStandings([silver], candidate, baseline);
    expect(row).toEqual({
      id: 'silver_v1',
      quality: 'silver',
      informational: true,
      path: 'data/eval/references/silver/silver_v1',
      metrics: [
        { name: 'rougeL', candidate: 0.5, baseline: 0.4, delta: 0.5 - 0.4 },
        { name: 'f1', candidate: 0.7, baseline: null, delta: null },
      ],
    });
  });

  it('says so when the run was not scored against a reference, and keeps a gold reference\'s task', () => {
    const [row] = referenceStandings([gold], flattenMetrics({ f1: 0.8 }), null);
    expect(row).toEqual({
      id: 'gold_ner',
      quality: 'gold',
      informational: true,
      path: 'data/eval/references/gold/ner/gold_ner',
      task: 'ner',
      metrics: [],
      note: 'the run was not scored against this reference (no vs_reference metrics)',
    });
  });
});

describe('referenceApplies', () => {
  it.each([
    [silver, 'ds1', undefined, true],
    // A reference that names no task is not assumed to be of the candidate's task.
    [silver, 'ds1', 'qa', false],
    [{ ...silver, task: 'qa' }, 'ds1', 'qa', true],
    // An archived reference is shown only when a side was scored against it.
    [{ ...silver, archived: true }, 'ds1', undefined, false],
    [silver, 'ds2', undefined, false],
    [silver, undefined, undefined, false],
    [gold, 'ds1', 'ner', true],
    [gold, 'ds1', 'qa', false],
    [gold, 'ds1', undefined, true],
    [{ ...silver, dataset: undefined }, 'ds1', undefined, false],
  ] as [ReferenceInfo, string | undefined, string | undefined, boolean][])('%j for dataset %s, task %s: %s', (reference, dataset, task, applies) => {
    expect(referenceApplies(reference, dataset, task)).toBe(applies);
  });
});
