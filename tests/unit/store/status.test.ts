// Statuses come from where an entry lives, and from nothing else (DESIGN.md section 10).
import { describe, expect, it } from 'vitest';
import { eventFile } from '../../../src/store/events.js';
import { archivedPath, entriesFromFolders, entryAt, findEntries, restoredPath, statusOf } from '../../../src/store/status.js';

describe('entryAt', () => {
  it.each([
    ['runs/r1', { id: 'r1', status: 'experimental', kind: 'run' }],
    ['runs/_archived/r1', { id: 'r1', status: 'archived', kind: 'run' }],
    ['baselines/b1', { id: 'b1', status: 'baseline', kind: 'baseline' }],
    ['baselines/_archived/b1', { id: 'b1', status: 'archived', kind: 'baseline' }],
    ['references/silver/s1', { id: 's1', status: 'reference', kind: 'reference', quality: 'silver' }],
    ['references/gold/ner_entities/g1', { id: 'g1', status: 'reference', kind: 'reference', quality: 'gold', task: 'ner_entities' }],
    ['references/silver/_archive/s0', { id: 's0', status: 'archived', kind: 'reference', quality: 'silver' }],
    ['references/silver/_archived/s0', { id: 's0', status: 'archived', kind: 'reference', quality: 'silver' }],
  ])('%s', (path, expected) => {
    expect(entryAt(path)).toEqual({ ...expected, path });
  });

  it.each(['runs', 'runs/_archived', 'runs/.hidden', 'runs/r1/sub', 'baselines/_archived/b/x', 'references/silver', 'references/gold/ner', 'references/gold/_x/y', 'other/x', 'runs/has space'])(
    '%s is not an entry',
    (path) => {
      expect(entryAt(path)).toBeUndefined();
    },
  );

  it('sorts a listing by path and drops what is not an entry', () => {
    expect(entriesFromFolders(['runs/b', 'baselines/README', 'runs/a', 'runs/_archived']).map((e) => e.path)).toEqual(['baselines/README', 'runs/a', 'runs/b']);
  });
});

describe('moves', () => {
  it('archives runs and baselines, and restores them where they came from', () => {
    const run = entryAt('runs/r')!;
    const base = entryAt('baselines/b')!;
    expect(archivedPath(run)).toBe('runs/_archived/r');
    expect(archivedPath(base)).toBe('baselines/_archived/b');
    expect(restoredPath(entryAt('runs/_archived/r')!)).toBe('runs/r');
    expect(restoredPath(entryAt('baselines/_archived/b')!)).toBe('baselines/b');
  });

  it('never archives or restores a reference', () => {
    expect(() => archivedPath(entryAt('references/silver/s')!)).toThrow(/references are immutable and never archived/);
    expect(() => restoredPath(entryAt('references/silver/_archive/s')!)).toThrow(/not restored/);
  });
});

describe('finding and statusOf', () => {
  const entries = entriesFromFolders(['runs/x', 'baselines/x', 'runs/_archived/y']);

  it('finds every entry of an id, or one by its qualified path', () => {
    expect(findEntries(entries, 'x', 'ID').map((e) => e.path)).toEqual(['baselines/x', 'runs/x']);
    expect(findEntries(entries, 'baselines/x/', 'ID').map((e) => e.path)).toEqual(['baselines/x']);
    expect(() => findEntries(entries, '../x', 'ID')).toThrow(/not an entry path/);
    expect(() => findEntries(entries, '..', 'ID')).toThrow(/ID "\.\."/);
  });

  it('is deleted only when the log says so, else unknown', () => {
    const deleted = eventFile({ type: 'deleted', at: '2026-01-01T00:00:00Z', actor: 'a', subject: 'gone', from: 'runs/_archived/gone', to: null }).event;
    expect(statusOf('y', entries, [])).toMatchObject({ status: 'archived' });
    expect(statusOf('gone', entries, [deleted])).toMatchObject({ status: 'deleted', deletedBy: deleted });
    expect(statusOf('never', entries, [deleted])).toBeUndefined();
  });
});
