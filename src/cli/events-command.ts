/**
 * `promotion-gate events`: the event log, oldest first, optionally for one subject; with
 * `--at DATE`, which baseline each pin named then (and what rollouts had in production).
 * A malformed event file is reported on stderr, naming it, and the exit code is 2: the log
 * is never shown as complete when part of it could not be read (RELIABILITY L3).
 */
import { readEventLog, type StoredEvent } from '../store/event-log.js';
import { historyAt } from '../lifecycle/pins-at.js';
import { oneLine, renderEventsTerminal, renderHistoryTerminal } from '../lifecycle/render.js';
import { validateId } from '../store/ids.js';
import { EXIT, stringFlag, type Command } from './command.js';
import { lifecyclePolicy, lifecycleStore, nowFlag, writeJsonFile } from './lifecycle-flags.js';

/** An event concerns an id when it is the subject, or when it moved the entry or pin from or to it. */
function concerns(stored: StoredEvent, subject: string): boolean {
  const { event } = stored;
  const named = (value: string | null): boolean => value !== null && (value === subject || value.endsWith(`/${subject}`));
  return event.subject === subject || named(event.from) || named(event.to);
}

export const eventsCommand: Command = {
  name: 'events',
  summary: 'List the event log (promotions, archives, restores, deletions, pin changes, rollouts); --at DATE for the pins then.',
  usage: 'events --store DIR [--subject ID] [--at ISO-DATE] [--policy FILE] [--json FILE]',
  help: [
    'Flags:',
    '  --store DIR      evaluation store root (default data/eval)',
    '  --subject ID     only events about this id',
    '  --at DATE        which baseline each pin named at this ISO 8601 date or time (end of day for a date)',
    '  --policy FILE    policy file for today\'s pins (default <store>/policy.yml)',
    '  --json FILE      write the events (promotion-gate/events@1)',
    '',
    'Every file under <store>/events/ is either an event or reported as malformed (exit 2).',
  ].join('\n'),
  options: {
    store: { type: 'string' },
    subject: { type: 'string' },
    at: { type: 'string' },
    policy: { type: 'string' },
    json: { type: 'string' },
  },
  async run(values, _positionals, io) {
    const store = lifecycleStore(values, io);
    const subject = stringFlag(values, 'subject');
    if (subject !== undefined) validateId('run', subject, '--subject');
    const atFlag = stringFlag(values, 'at');
    // A bare date means "on that day": its end, so the day's own changes count.
    const at = atFlag === undefined ? undefined : /^\d{4}-\d{2}-\d{2}$/.test(atFlag) ? nowFlag({ at: `${atFlag}T23:59:59.999Z` }, 'at') : nowFlag(values, 'at');
    const log = await readEventLog(store);
    const shown = subject === undefined ? log.events : log.events.filter((e) => concerns(e, subject));
    const history = at === undefined ? undefined : historyAt(at, (await lifecyclePolicy(values, io, store)).policy.pins, log.events.map((e) => e.event));
    const json = stringFlag(values, 'json');
    if (json) {
      await writeJsonFile(io, json, {
        schema: 'promotion-gate/events@1',
        events: shown.map((e) => ({ file: e.file, ...e.event })),
        problems: log.problems,
        ...(history ? { history } : {}),
      });
    }
    io.stdout(history ? renderHistoryTerminal(history) : renderEventsTerminal(shown));
    for (const problem of log.problems) io.stderr(`promotion-gate events: malformed event file: ${oneLine(problem.message)}\n`);
    if (log.problems.length > 0) {
      io.stderr(`promotion-gate events: ${log.problems.length} malformed event file(s): fix or remove them; the log above is incomplete\n`);
      return EXIT.usage;
    }
    return EXIT.pass;
  },
};
