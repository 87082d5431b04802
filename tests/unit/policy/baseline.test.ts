/**
 * Which baseline a candidate is compared with (DESIGN.md section 2), on the pure resolver: the
 * explicit flag or input, then `baseline:` in the run's config.yaml, then the first policy pin
 * whose dataset and task (where given) match the run's; none is null (the gate decides what
 * that means). The reason shown in the report names where the choice came from.
 */
import { describe, expect, it } from 'vitest';
import { pinMatches, resolveBaseline } from '../../../src/policy/baseline.js';
import type { Pin } from '../../../src/policy/schema.js';

const pins: Pin[] = [
  { baseline: 'qa_gold', dataset: 'qa', task: 'extractive' },
  { baseline: 'qa_any', dataset: 'qa' },
  { baseline: 'summ_v3', task: 'summarization' },
  { baseline: 'catch_all' },
];

describe('resolveBaseline', () => {
  it('takes the flag first, naming the input that gave it', () => {
    expect(resolveBaseline({ flag: 'b_flag', flagName: 'input baseline', configBaseline: 'b_config', pins, dataset: 'qa' })).toEqual({ id: 'b_flag', source: 'flag', why: 'given by input baseline' });
    expect(resolveBaseline({ flag: 'b_flag', pins: [] })?.why).toBe('given by --baseline');
  });

  it('takes config.yaml before any pin', () => {
    expect(resolveBaseline({ configBaseline: 'b_config', pins, dataset: 'qa' })).toEqual({ id: 'b_config', source: 'config', why: "named by `baseline:` in the run's config.yaml" });
  });

  it.each([
    ['qa', 'extractive', 'qa_gold', 'policy pins[0] (dataset qa, task extractive)'],
    ['qa', 'generative', 'qa_any', 'policy pins[1] (dataset qa)'],
    ['qa', undefined, 'qa_any', 'policy pins[1] (dataset qa)'],
    ['news', 'summarization', 'summ_v3', 'policy pins[2] (task summarization)'],
    ['news', 'ner', 'catch_all', 'policy pins[3]'],
    [undefined, undefined, 'catch_all', 'policy pins[3]'],
  ])('dataset %s, task %s: the first matching pin, %s', (dataset, task, id, why) => {
    expect(resolveBaseline({ pins, dataset, task })).toEqual({ id, source: 'pin', why });
  });

  it('is null when nothing names a baseline', () => {
    expect(resolveBaseline({ pins: pins.slice(0, 3), dataset: 'news', task: 'ner' })).toBeNull();
    expect(resolveBaseline({ pins: [] })).toBeNull();
  });
});

describe('pinMatches', () => {
  it('matches on the fields the pin sets, and a run missing a set field never matches it', () => {
    expect(pinMatches({ baseline: 'b', dataset: 'qa' }, 'qa', 'anything')).toBe(true);
    expect(pinMatches({ baseline: 'b', dataset: 'qa' }, 'other')).toBe(false);
    expect(pinMatches({ baseline: 'b', dataset: 'qa' }, undefined)).toBe(false);
    expect(pinMatches({ baseline: 'b', task: 't' }, 'qa', undefined)).toBe(false);
    expect(pinMatches({ baseline: 'b' }, undefined, undefined)).toBe(true);
  });
});
