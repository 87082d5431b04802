// The event file format (promotion-gate/event@1) and the log reader: a written event reads
// back as itself, and every malformed file is reported naming the file and what is wrong.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/contract/errors.js';
import { readEventLog, requireCleanLog, writeEventFiles } from '../../../src/store/event-log.js';
import { eventFile, eventStamp, parseEventFile, parseEventFileName, type EventInput } from '../../../src/store/events.js';
import { cleanupTempDirs, tempDir } from '../../support/temp-store.js';

afterAll(cleanupTempDirs);

const archived: EventInput = {
  type: 'archived',
  at: '2026-03-03T10:04:05.123Z',
  actor: 'Ada',
  subject: 'run_old',
  from: 'runs/run_old',
  to: 'runs/_archived/run_old',
  reason: 'superseded',
};

describe('eventFile', () => {
  it('names the file <stamp>-<type>-<subject>.json and writes the fields in a fixed order', () => {
    const file = eventFile(archived);
    expect(file.path).toBe('events/20260303T100405Z-archived-run_old.json');
    expect(Object.keys(JSON.parse(file.content) as object)).toEqual(['schema', 'type', 'at', 'actor', 'subject', 'from', 'to', 'reason']);
    expect(file.content.endsWith('}\n')).toBe(true);
  });

  it('gives the same bytes for the same event whatever the key order of the input', () => {
    const reversed = Object.fromEntries(Object.entries(archived).reverse()) as EventInput;
    expect(eventFile(reversed).content).toBe(eventFile(archived).content);
  });

  it('keeps extra fields (a rollout decision\'s numbers) after the core ones, by name', () => {
    const file = eventFile({ ...archived, type: 'rollout_decision', subject: 'planner', from: null, to: null, zeta: 1, decision: { decision: 'hold' } });
    const keys = Object.keys(JSON.parse(file.content) as object);
    expect(keys.slice(-2)).toEqual(['decision', 'zeta']);
    expect(parseEventFile(file.path.slice('events/'.length), file.content, file.path)).toMatchObject({ decision: { decision: 'hold' }, zeta: 1 });
  });

  it.each([
    [{ subject: '../x' }, /event subject "\.\.\/x"/],
    [{ at: '2026-03-03 10:00' }, /at: must be an ISO 8601 UTC time/],
    [{ at: '2026-02-30T10:00:00Z' }, /at: is not a real date/],
    [{ type: 'pin_changed' }, /pin: a pin_changed event names its pin/],
    [{ gate_report_sha256: 'abc' }, /gate_report_sha256: must be sha256:/],
    [{ workflow_run_url: 'javascript:alert(1)' }, /workflow_run_url/],
    [{ actor: '' }, /actor/],
  ] as const)('refuses an invalid event %#', (patch, message) => {
    expect(() => eventFile({ ...archived, ...patch } as EventInput)).toThrow(message);
  });
});

describe('parseEventFile', () => {
  const file = eventFile(archived);
  const name = file.path.slice('events/'.length);

  it('reads back what eventFile wrote', () => {
    expect(parseEventFile(name, file.content, 'e.json')).toEqual(file.event);
  });

  it('tells promoted from promoted_to_production in file names', () => {
    expect(parseEventFileName('20260101T000000Z-promoted_to_production-b-v2.json')).toEqual({ stamp: '20260101T000000Z', type: 'promoted_to_production', subject: 'b-v2' });
    expect(parseEventFileName('20260101T000000Z-promoted-b-v2.json')).toEqual({ stamp: '20260101T000000Z', type: 'promoted', subject: 'b-v2' });
    expect(parseEventFileName('20260101T000000Z-renamed-b.json')).toBeUndefined();
  });

  it.each([
    ['notes.json', file.content, /not an event file name/],
    [name, '{"schema": "promotion-gate/event@1",\n  "type": "archived",\n  "type": "archived"}', /e\.json:3:3: .*duplicate/i],
    [name, '{ "schema": "promotion-gate/event@1", ', /e\.json:1:/],
    [name, file.content.replace('"archived"', '"renamed"'), /type: Invalid option/],
    [name, file.content.replace('"event@1"', '"event@2"').replace('promotion-gate/event@1', 'promotion-gate/event@2'), /schema: /],
    ['20260303T100406Z-archived-run_old.json', file.content, /its name says 20260303T100406Z but "at" is 2026-03-03T10:04:05.123Z/],
    ['20260303T100405Z-restored-run_old.json', file.content, /its name says type restored but "type" is archived/],
    ['20260303T100405Z-archived-run_new.json', file.content, /its name says subject run_new but "subject" is run_old/],
  ])('reports %s as malformed, naming the problem (%#)', (fileName, text, message) => {
    expect(() => parseEventFile(fileName, text, 'e.json')).toThrow(message);
  });

  it('computes the stamp from the time to the second', () => {
    expect(eventStamp('2026-12-31T23:59:59.999Z')).toBe('20261231T235959Z');
    expect(() => eventStamp('2026-12-31T23:59:59+01:00')).toThrow(UsageError);
  });
});

describe('the log on disk', () => {
  it('lists valid events oldest first and reports every other file, never skipping one', async () => {
    const store = tempDir();
    const events = join(store, 'events');
    mkdirSync(events);
    const later = eventFile({ ...archived, at: '2026-03-04T00:00:00Z' });
    const earlier = eventFile({ ...archived, type: 'restored', at: '2026-03-01T00:00:00Z', from: 'runs/_archived/run_old', to: 'runs/run_old' });
    for (const f of [later, earlier]) writeFileSync(join(store, f.path), f.content);
    writeFileSync(join(events, '.gitkeep'), '');
    writeFileSync(join(events, '20260305T000000Z-archived-broken.json'), '{"schema": ');
    writeFileSync(join(events, 'README.md'), '# events\n');
    mkdirSync(join(events, 'nested'));
    symlinkSync('/etc/passwd', join(events, '20260306T000000Z-archived-link.json'));
    const log = await readEventLog({ root: store, display: 'store' });
    expect(log.events.map((e) => e.event.type)).toEqual(['restored', 'archived']);
    expect(log.problems.map((p) => p.file)).toEqual([
      'store/events/20260305T000000Z-archived-broken.json',
      'store/events/20260306T000000Z-archived-link.json',
      'store/events/README.md',
      'store/events/nested',
    ]);
    expect(log.problems[0]?.message).toMatch(/^store\/events\/20260305T000000Z-archived-broken\.json:1:\d+: /);
    expect(log.problems[1]?.message).toMatch(/symbolic link, not an event file/);
    expect(() => requireCleanLog(log)).toThrow(/malformed event file: store\/events\/20260305T000000Z-archived-broken\.json.*and 3 more/);
  });

  it('a store without events/ has an empty log', async () => {
    expect(await readEventLog({ root: tempDir(), display: 's' })).toEqual({ events: [], problems: [] });
  });

  it('writes event files once: the same event again is a no-op, a different one under the same name is refused', async () => {
    const store = tempDir();
    const location = { root: store, display: 's' };
    const file = eventFile(archived);
    expect(await writeEventFiles(location, [file])).toBe(1);
    expect(await writeEventFiles(location, [file])).toBe(0);
    const other = eventFile({ ...archived, reason: 'another reason' });
    await expect(writeEventFiles(location, [other])).rejects.toThrow(/already exists with other content/);
    expect((await readEventLog(location)).events).toHaveLength(1);
  });
});
