// Multi-model dependencies, pure part (src/dependencies/match.ts): reading a fingerprint's
// `upstream`, finding the pinned upstream, failing a downstream candidate built on another
// upstream, and listing the downstream baselines a promotion of the upstream leaves stale.
import { describe, expect, it } from 'vitest';
import { downstreamChecks, entryFor, pinnedUpstream, upstreamImpact, upstreamsOf, type DownstreamBaseline } from '../../../src/dependencies/match.js';
import type { Dependency, Pin } from '../../../src/policy/schema.js';

const DEP: Dependency = { upstream: { task: 'ner' }, downstream: [{ task: 'summarization' }] };
const PINS: Pin[] = [
  { baseline: 'sum_v3', task: 'summarization' },
  { baseline: 'ner_v2', task: 'ner' },
];
const FILE = 'data/eval/runs/sum_run/fingerprint.json';

describe('a fingerprint\'s upstream', () => {
  it.each([
    [{ upstream: 'ner_v2' }, [{ baseline: 'ner_v2' }]],
    [{ upstream: { baseline: 'ner_v2', task: 'ner' } }, [{ baseline: 'ner_v2', task: 'ner' }]],
    [{ upstream: [{ baseline: 'ner_v2', task: 'ner' }, 'emb_v1'] }, [{ baseline: 'ner_v2', task: 'ner' }, { baseline: 'emb_v1' }]],
    [{ git: {} }, []],
  ])('%j', (fingerprint, entries) => {
    expect(upstreamsOf(fingerprint)).toEqual({ entries });
  });

  it('names the field of a malformed entry', () => {
    expect(upstreamsOf({ upstream: [{ baseline: 'a' }, { id: 'b' }] }).problem).toBe('upstream[1]: must be a baseline id or {"baseline": id, "dataset"?: ..., "task"?: ...}');
    expect(upstreamsOf({ upstream: { baseline: 'a', task: 7 } }).problem).toBe('upstream.task: must be a string');
    expect(upstreamsOf({ upstream: ['ok', '::set-output x\u202E'] }).problem).toBe('upstream[1]: "::set-output x\\u202e" is not a baseline id');
    expect(upstreamsOf({ upstream: { baseline: '../x' } }).problem).toBe('upstream.baseline: "../x" is not a baseline id');
  });

  it('picks the entry whose keys agree with the dependency, or the only one', () => {
    expect(entryFor(DEP, [{ baseline: 'emb_v1', task: 'embedding' }, { baseline: 'ner_v1', task: 'ner' }])?.baseline).toBe('ner_v1');
    expect(entryFor(DEP, [{ baseline: 'ner_v1' }])?.baseline).toBe('ner_v1');
    expect(entryFor(DEP, [{ baseline: 'ner_v1' }, { baseline: 'emb_v1' }])).toBeUndefined();
    expect(entryFor(DEP, [{ baseline: 'emb_v1', task: 'embedding' }])).toBeUndefined();
  });

  it('finds the pinned upstream: the pin agreeing with the match that states most of its keys', () => {
    expect(pinnedUpstream({ task: 'ner' }, PINS)).toBe('ner_v2');
    // set-pin keeps dataset and task in a pin: {task: ner} still finds it, and not the summarizer's.
    const setPinned: Pin[] = [{ baseline: 'sum_v3', dataset: 'ds1', task: 'summarization' }, { baseline: 'ner_v3', dataset: 'ds1', task: 'ner' }];
    expect(pinnedUpstream({ task: 'ner' }, setPinned)).toBe('ner_v3');
    // A catch-all pin agrees with everything but states nothing: a pin naming the task wins.
    expect(pinnedUpstream({ task: 'ner' }, [{ baseline: 'any' }, ...PINS])).toBe('ner_v2');
    expect(pinnedUpstream({ task: 'ner' }, [{ baseline: 'any' }])).toBe('any');
    expect(pinnedUpstream({ task: 'ner', dataset: 'x' }, [{ baseline: 'ner_y', dataset: 'y', task: 'ner' }])).toBeUndefined();
    expect(pinnedUpstream({ task: 'asr' }, PINS)).toBeUndefined();
  });
});

describe('a downstream candidate', () => {
  const check = (fingerprint: unknown, candidate = { task: 'summarization' }) =>
    downstreamChecks({ dependencies: [DEP], pins: PINS, candidate, upstreams: upstreamsOf(fingerprint), fingerprintFile: FILE });

  it('passes when built on the pinned upstream', () => {
    expect(check({ upstream: 'ner_v2' })).toEqual([{ id: 'dependencies.0.upstream', status: 'pass', message: 'built on upstream ner_v2, the pinned one (task ner)' }]);
  });

  it('fails when built on another upstream, naming both versions', () => {
    const [result] = check({ upstream: { baseline: 'ner_v1', task: 'ner' } });
    expect(result).toMatchObject({ id: 'dependencies.0.upstream', status: 'fail', file: FILE });
    expect(result?.message).toBe(`built on upstream ner_v1, but the pinned upstream (task ner) is ner_v2: re-run this downstream model on ner_v2's outputs (${FILE} names ner_v1)`);
  });

  it('warns when the fingerprint names no upstream, and fails a malformed one', () => {
    expect(check({})[0]).toMatchObject({ status: 'warn', message: expect.stringContaining('names no upstream for task ner') as unknown as string });
    expect(check({ upstream: 5 })[0]).toMatchObject({ status: 'fail', message: `${FILE}: upstream: must be a baseline id or {"baseline": id, "dataset"?: ..., "task"?: ...}` });
  });

  it('says nothing about a run that is no dependency\'s downstream', () => {
    expect(check({ upstream: 'ner_v1' }, { task: 'ner' })).toEqual([]);
  });
});

describe('promoting an upstream', () => {
  const baselines: DownstreamBaseline[] = [
    { id: 'sum_v3', identity: { task: 'summarization' }, upstreams: upstreamsOf({ upstream: 'ner_v2' }) },
    { id: 'sum_bullets_v1', identity: { task: 'summarization', dataset: 'ds' }, upstreams: upstreamsOf({ upstream: { baseline: 'ner_v2', task: 'ner' } }) },
    { id: 'sum_old', identity: { task: 'summarization' }, upstreams: upstreamsOf({ upstream: 'ner_v1' }) },
    { id: 'sum_unknown', identity: { task: 'summarization' }, upstreams: upstreamsOf({}) },
    { id: 'ner_v2', identity: { task: 'ner' }, upstreams: upstreamsOf({}) },
  ];

  it('lists the downstream baselines produced with the previous (pinned) upstream', () => {
    expect(upstreamImpact({ dependencies: [DEP], pins: PINS, candidate: { task: 'ner' }, candidateRun: 'ner_run', baselines })).toEqual([{
      dependency: 0,
      upstream: { task: 'ner' },
      previous: 'ner_v2',
      stale: [
        { baseline: 'sum_bullets_v1', dataset: 'ds', task: 'summarization', upstream: 'ner_v2', dependency: 0 },
        { baseline: 'sum_v3', task: 'summarization', upstream: 'ner_v2', dependency: 0 },
      ],
    }]);
  });

  it('is nothing for a run that is no dependency\'s upstream', () => {
    expect(upstreamImpact({ dependencies: [DEP], pins: PINS, candidate: { task: 'summarization' }, candidateRun: 'x', baselines })).toEqual([]);
  });
});
