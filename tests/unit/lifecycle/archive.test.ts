// archive and restore, planned without I/O, and carried out in a working tree: which entry
// is meant, where it goes, its event, and every refusal naming the input.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/contract/errors.js';
import { applyToWorkingTree } from '../../../src/lifecycle/apply-working-tree.js';
import { planArchive, planRestore, type LifecycleRequest } from '../../../src/lifecycle/archive.js';
import { eventFile } from '../../../src/store/events.js';
import { entriesFromFolders } from '../../../src/store/status.js';
import { cleanupTempDirs, tempDir } from '../../support/temp-store.js';

afterAll(cleanupTempDirs);

const entries = entriesFromFolders(['runs/r1', 'runs/both', 'baselines/both', 'baselines/b1', 'runs/_archived/old', 'baselines/_archived/b0', 'references/silver/s1', 'references/silver/_archive/s0', 'runs/taken', 'runs/_archived/taken']);
const request = (name: string, more: Partial<LifecycleRequest> = {}): LifecycleRequest => ({
  name, reason: 'stale', actor: 'Ada', now: '2026-03-03T10:00:00Z', names: { id: 'ID', reason: '--reason' }, ...more,
});

describe('planArchive', () => {
  it('moves a run to runs/_archived with an archived event', () => {
    const outcome = planArchive(entries, request('r1'));
    expect(outcome.kind).toBe('change');
    if (outcome.kind !== 'change') return;
    expect(outcome.change.moves).toEqual([{ from: 'runs/r1', to: 'runs/_archived/r1' }]);
    expect(outcome.change.events.map((e) => e.path)).toEqual(['events/20260303T100000Z-archived-r1.json']);
    expect(outcome.change.events[0]?.event).toMatchObject({ type: 'archived', subject: 'r1', from: 'runs/r1', to: 'runs/_archived/r1', reason: 'stale', actor: 'Ada' });
  });

  it('warns when a pin still names the baseline it archives', () => {
    const outcome = planArchive(entries, request('b1'), [{ baseline: 'b1', dataset: 'ds' }]);
    expect(outcome.kind === 'change' && outcome.warnings).toEqual(['policy pins[0] still names b1: gates that match it will stop with "archived" until you pin another baseline or restore b1']);
  });

  it('says an archived entry is already archived', () => {
    expect(planArchive(entries, request('old'))).toMatchObject({ kind: 'nothing', message: 'runs/_archived/old is already archived: nothing to do' });
  });

  it.each([
    ['both', /ID "both" names 2 entries \(baseline at baselines\/both; experimental at runs\/both\): name one by its path/],
    ['s1', /references\/silver\/s1 is a reference; references are immutable and never archived/],
    ['nope', /ID "nope": no such entry in the store/],
    ['taken', /cannot archive runs\/taken: runs\/_archived\/taken already exists/],
  ])('refuses %s', (name, message) => {
    expect(() => planArchive(entries, request(name))).toThrow(UsageError);
    expect(() => planArchive(entries, request(name))).toThrow(message);
  });

  it('takes a qualified path when an id is in two places', () => {
    const outcome = planArchive(entries, request('baselines/both'));
    expect(outcome.kind === 'change' && outcome.change.moves).toEqual([{ from: 'baselines/both', to: 'baselines/_archived/both' }]);
  });

  it('needs a reason', () => {
    expect(() => planArchive(entries, request('r1', { reason: '  ' }))).toThrow(/--reason is required/);
  });

  it('names the deletion when the id is gone', () => {
    const deleted = eventFile({ type: 'deleted', at: '2026-01-01T00:00:00Z', actor: 'bot', subject: 'gone', from: 'runs/_archived/gone', to: null }).event;
    expect(() => planRestore(entries, [deleted], request('gone'))).toThrow(/ID "gone": deleted on 2026-01-01T00:00:00Z by bot/);
  });
});

describe('planRestore', () => {
  it('moves an archived baseline back, with a restored event', () => {
    const outcome = planRestore(entries, [], request('b0', { reason: undefined }));
    expect(outcome.kind === 'change' && outcome.change.moves).toEqual([{ from: 'baselines/_archived/b0', to: 'baselines/b0' }]);
    expect(outcome.kind === 'change' && outcome.change.events[0]?.event).toMatchObject({ type: 'restored', from: 'baselines/_archived/b0', to: 'baselines/b0' });
  });

  it.each([
    ['taken', /restoring onto an existing id: runs\/taken already exists/],
    ['r1', /experimental at runs\/r1 is not archived/],
    ['s0', /archived reference; references are immutable/],
  ])('refuses %s', (name, message) => {
    expect(() => planRestore(entries, [], request(name))).toThrow(message);
  });
});

describe('applyToWorkingTree', () => {
  function store(): string {
    const root = tempDir();
    for (const dir of ['runs/r1', 'runs/_archived/gone']) {
      mkdirSync(join(root, dir), { recursive: true });
      writeFileSync(join(root, dir, 'metrics.json'), `{"dir": "${dir}"}\n`);
    }
    return root;
  }
  const archive = planArchive(entriesFromFolders(['runs/r1']), request('r1'));
  const change = archive.kind === 'change' ? archive.change : undefined;

  it('moves, deletes and writes the events', async () => {
    const root = store();
    if (!change) throw new Error('no change');
    await applyToWorkingTree({ root, display: 's' }, { ...change, deletes: ['runs/_archived/gone'] });
    expect(readFileSync(join(root, 'runs/_archived/r1/metrics.json'), 'utf8')).toBe('{"dir": "runs/r1"}\n');
    expect(existsSync(join(root, 'runs/r1'))).toBe(false);
    expect(existsSync(join(root, 'runs/_archived/gone'))).toBe(false);
    expect(readdirSync(join(root, 'events'))).toEqual(['20260303T100000Z-archived-r1.json']);
    expect(readdirSync(root).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('puts everything back when a step fails (an event name already taken with other content)', async () => {
    const root = store();
    if (!change) throw new Error('no change');
    mkdirSync(join(root, 'events'));
    writeFileSync(join(root, change.events[0]?.path ?? ''), '{"other": true}\n');
    await expect(applyToWorkingTree({ root, display: 's' }, { ...change, deletes: ['runs/_archived/gone'] })).rejects.toThrow(/already exists with other content/);
    expect(readFileSync(join(root, 'runs/r1/metrics.json'), 'utf8')).toBe('{"dir": "runs/r1"}\n');
    expect(readFileSync(join(root, 'runs/_archived/gone/metrics.json'), 'utf8')).toBe('{"dir": "runs/_archived/gone"}\n');
    expect(existsSync(join(root, 'runs/_archived/r1'))).toBe(false);
    expect(readdirSync(root).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('refuses before touching anything when a source is missing or a destination exists', async () => {
    const root = store();
    if (!change) throw new Error('no change');
    mkdirSync(join(root, 'runs/_archived/r1'));
    await expect(applyToWorkingTree({ root, display: 's' }, change)).rejects.toThrow(/s\/runs\/_archived\/r1 already exists: it is never overwritten/);
    await expect(applyToWorkingTree({ root, display: 's' }, { ...change, deletes: ['runs/_archived/missing'] })).rejects.toThrow(/s\/runs\/_archived\/missing: not found/);
    expect(existsSync(join(root, 'runs/r1/metrics.json'))).toBe(true);
  });
});
