import { describe, expect, it } from 'vitest';
import { PairedScores } from '../../../src/stats/paired.js';

describe('PairedScores', () => {
  it('pairs ids given in different orders and computes candidate - baseline deltas', () => {
    const p = new PairedScores();
    p.addBaseline('a', { acc: 1, f1: 0.5 });
    p.addBaseline('b', { acc: 0, f1: 0.25 });
    p.addBaseline('c', { acc: 1, f1: 0.75 });
    p.addCandidate('c', { acc: 0, f1: 1 });
    p.addCandidate('a', { acc: 1, f1: 0.25 });
    p.addCandidate('b', { acc: 1, f1: 0.25 });
    expect([...p.deltas('acc')]).toEqual([0, 1, -1]); // baseline order a, b, c
    expect([...p.deltas('f1')]).toEqual([-0.25, 0, 0.25]);
    const s = p.summary();
    expect(s).toMatchObject({ baselineItems: 3, candidateItems: 3, paired: 3, scores: ['acc', 'f1'] });
    expect(s.missing).toEqual({ count: 0, examples: [] });
    expect(p.kind('acc')).toBe('binary');
    expect(p.kind('f1')).toBe('continuous');
  });

  it('accepts interleaved streaming of the two sides', () => {
    const p = new PairedScores();
    p.addCandidate('x', { s: 0.5 });
    p.addBaseline('y', { s: 0.1 });
    p.addBaseline('x', { s: 0.25 });
    p.addCandidate('y', { s: 0.2 });
    expect(p.summary()).toMatchObject({ paired: 2, extra: { count: 0 }, missing: { count: 0 } });
    expect([...p.deltas('s')].map((d) => Number(d.toFixed(12)))).toEqual([0.25, 0.1]);
  });

  it('reports missing and extra ids with counts and the first few examples', () => {
    const p = new PairedScores(2);
    for (const id of ['a', 'b', 'c', 'd', 'e']) p.addBaseline(id, { s: 1 });
    for (const id of ['b', 'x', 'y', 'z', 'd']) p.addCandidate(id, { s: 1 });
    const s = p.summary();
    expect(s.missing).toEqual({ count: 3, examples: ['a', 'c'] });
    expect(s.extra).toEqual({ count: 3, examples: ['x', 'y'] });
    expect(s.paired).toBe(2);
    expect(p.deltas('s').length).toBe(2);
  });

  it('detects duplicate ids per side and keeps the first record', () => {
    const p = new PairedScores(2);
    p.addBaseline('a', { s: 1 });
    p.addBaseline('a', { s: 0 });
    p.addBaseline('b', { s: 1 });
    p.addBaseline('b', { s: 1 });
    p.addBaseline('b', { s: 1 });
    p.addCandidate('a', { s: 1 });
    p.addCandidate('q', { s: 1 });
    p.addCandidate('q', { s: 1 });
    const s = p.summary();
    expect(s.duplicates.baseline).toEqual({ count: 3, examples: ['a', 'b'] });
    expect(s.duplicates.candidate).toEqual({ count: 1, examples: ['q'] });
    expect(s).toMatchObject({ baselineItems: 2, candidateItems: 2, paired: 1 });
    expect([...p.deltas('s')]).toEqual([0]);
  });

  it('reports items lacking a score, invalid values, and unknown score names', () => {
    const p = new PairedScores();
    p.addBaseline('a', { s: 1, t: 0.5 });
    p.addBaseline('b', { s: 0 });
    p.addBaseline('c', null);
    p.addBaseline('d', { s: 'high' });
    p.addCandidate('a', { s: 1 });
    p.addCandidate('b', { s: true, t: 0.25 });
    p.addCandidate('c', { s: false });
    p.addCandidate('d', { s: null });
    const s = p.coverage('s');
    expect(s.items).toBe(2);
    expect(s.missingBaseline).toEqual({ count: 2, examples: ['c', 'd'] });
    expect(s.missingCandidate).toEqual({ count: 1, examples: ['d'] });
    expect(s.invalid).toEqual({ count: 1, examples: ['d'] });
    expect([...p.deltas('s')]).toEqual([0, 1]);
    const t = p.coverage('t');
    expect(t.items).toBe(0);
    expect(t.missingBaseline.count).toBe(3);
    expect(t.missingCandidate.count).toBe(3);
    expect(p.deltas('t').length).toBe(0);
    expect(p.hasScore('nope')).toBe(false);
    expect(p.coverage('nope')).toMatchObject({ items: 0, missingBaseline: { count: 4 } });
    expect(p.deltas('nope').length).toBe(0);
  });

  it('names the first five items lacking a score on each side, in first-seen order, and counts them all', () => {
    const p = new PairedScores();
    for (let i = 0; i < 20; i++) p.addBaseline(`b${i}`, i % 3 === 0 ? {} : { s: 1 });
    for (let i = 0; i < 20; i++) p.addCandidate(`b${i}`, i % 2 === 0 ? { s: 0 } : {});
    const c = p.coverage('s');
    expect(c.missingBaseline).toEqual({ count: 7, examples: ['b0', 'b3', 'b6', 'b9', 'b12'] });
    expect(c.missingCandidate).toEqual({ count: 10, examples: ['b1', 'b3', 'b5', 'b7', 'b9'] });
    // b3, b9 and b15 lack it on both sides: 20 - (7 + 10 - 3) items have it on both.
    expect(c.items).toBe(6);
  });

  it('adds a score first seen late, with earlier items absent', () => {
    const p = new PairedScores();
    for (let i = 0; i < 3000; i++) p.addBaseline(`id${i}`, i < 2500 ? { s: 1 } : { s: 1, late: 0.5 });
    for (let i = 0; i < 3000; i++) p.addCandidate(`id${i}`, { s: i % 2, late: 1 });
    expect(p.deltas('late').length).toBe(500);
    expect(p.coverage('late').missingBaseline.count).toBe(2500);
    expect(p.deltas('s').length).toBe(3000);
  });

  it('counts binary flips in both directions, with ids', () => {
    const p = new PairedScores();
    const base = { a: 1, b: 1, c: 0, d: 0, e: 1 };
    const cand = { a: 0, b: 1, c: 1, d: 0, e: 0 };
    for (const [id, s] of Object.entries(base)) p.addBaseline(id, { pass: s });
    for (const [id, s] of Object.entries(cand)) p.addCandidate(id, { pass: s });
    expect(p.flips('pass')).toEqual({ kind: 'binary', worse: 2, better: 1, worseIds: ['a', 'e'], betterIds: ['c'] });
    expect(p.flips('pass', { limit: 1 })).toMatchObject({ worse: 2, worseIds: ['a'] });
    // For a lower-is-better score (e.g. "failed"), 0 -> 1 is the worsening.
    expect(p.flips('pass', { direction: 'lower' })).toMatchObject({ worse: 1, better: 2, worseIds: ['c'] });
  });

  it('lists the largest continuous worsenings, worst first', () => {
    const p = new PairedScores();
    const deltas = [0.1, -0.3, -0.05, -0.3, 0, -0.9, 0.4];
    deltas.forEach((d, i) => {
      p.addBaseline(`i${i}`, { f1: 0.5 });
      p.addCandidate(`i${i}`, { f1: 0.5 + d });
    });
    const f = p.flips('f1', { top: 3 });
    expect(f.kind).toBe('continuous');
    if (f.kind !== 'continuous') return;
    expect(f.worse).toBe(4);
    expect(f.better).toBe(2);
    expect(f.largestWorsening.map((c) => c.id)).toEqual(['i5', 'i1', 'i3']);
    expect(f.largestWorsening[0]).toEqual({ id: 'i5', baseline: 0.5, candidate: 0.5 - 0.9, delta: 0.5 - 0.9 - 0.5 });
    const lower = p.flips('f1', { top: 2, direction: 'lower' });
    if (lower.kind !== 'continuous') throw new Error('expected continuous');
    expect(lower.largestWorsening.map((c) => c.id)).toEqual(['i6', 'i0']);
  });
});

describe('PairedScores.addColumns (a side collected off-thread)', () => {
  /** The same side as flat columns: ids concatenated with their end offsets, one array per score (NaN = none). */
  function columns(rows: Array<[string, Record<string, number>]>, names: string[]) {
    let text = '';
    const ends = new Uint32Array(rows.length);
    rows.forEach(([id], i) => {
      text += id;
      ends[i] = text.length;
    });
    const scores = names.map((name) => ({ name, values: Float64Array.from(rows, ([, s]) => s[name] ?? NaN) }));
    return { text, ends, scores };
  }

  it('gives the same pairing, duplicates, samples and flips as adding the rows one by one', () => {
    const baseline: Array<[string, Record<string, number>]> = [['a', { em: 1, f1: 0.5 }], ['b', { em: 0 }], ['c', { em: 1, f1: 0.25 }], ['d', { em: 1, f1: 1 }]];
    // Same order for a run, then a different one; a repeated id; an id only here; an id without scores.
    const candidate: Array<[string, Record<string, number>]> = [['a', { em: 0, f1: 0.75 }], ['b', { em: 1, f1: 0.5 }], ['b', { em: 0, f1: 0 }], ['x', { em: 1 }], ['c', {}], ['a', { em: 1 }]];
    const byRows = new PairedScores();
    for (const [id, s] of baseline) byRows.addBaseline(id, s);
    for (const [id, s] of candidate) byRows.addCandidate(id, Object.keys(s).length ? s : undefined);
    const byColumns = new PairedScores();
    for (const [id, s] of baseline) byColumns.addBaseline(id, s);
    const c = columns(candidate, ['em', 'f1']);
    byColumns.addColumns('candidate', c.text, c.ends, c.scores);

    expect(byColumns.summary()).toEqual(byRows.summary());
    expect(byColumns.summary()).toMatchObject({ paired: 3, duplicates: { candidate: { count: 2, examples: ['b', 'a'] } }, extra: { count: 1, examples: ['x'] }, missing: { count: 1, examples: ['d'] } });
    for (const name of ['em', 'f1']) {
      expect([...byColumns.deltas(name)]).toEqual([...byRows.deltas(name)]);
      expect(byColumns.coverage(name)).toEqual(byRows.coverage(name));
      expect(byColumns.flips(name)).toEqual(byRows.flips(name));
    }
    expect([...byColumns.deltas('em')]).toEqual([-1, 1]); // b's first record is the one kept; c has no em
  });

  it('keeps pairing past the growth of its arrays (more items than the first capacity)', () => {
    const n = 5000;
    const rows: Array<[string, Record<string, number>]> = Array.from({ length: n }, (_, i) => [`q${i}`, { s: i % 7 }]);
    const byRows = new PairedScores();
    const byColumns = new PairedScores();
    const c = columns(rows, ['s']);
    byRows.addColumns('baseline', c.text, c.ends, c.scores);
    byColumns.addColumns('baseline', c.text, c.ends, c.scores);
    for (const [id, s] of [...rows].reverse()) byRows.addCandidate(id, { s: s.s! + 1 });
    const reversed = columns([...rows].reverse().map(([id, s]) => [id, { s: s.s! + 1 }]), ['s']);
    byColumns.addColumns('candidate', reversed.text, reversed.ends, reversed.scores);
    expect(byColumns.summary()).toEqual(byRows.summary());
    expect(byColumns.summary().paired).toBe(n);
    expect([...byColumns.deltas('s')]).toEqual(new Array(n).fill(1));
  });
});
