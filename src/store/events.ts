/**
 * The event log's file format (DESIGN.md section 10): one JSON file per change of meaning,
 * `events/<UTC yyyymmddThhmmssZ>-<type>-<subject>.json` under the store, schema
 * `promotion-gate/event@1`. One file per event is what lets two pull requests that each
 * write an event merge without a conflict (RELIABILITY L2).
 *
 * Pure: `eventFile(event)` gives the path and bytes to write, `parseEventFile(name, text)`
 * reads one back and throws an ArtifactError naming the file, line and field when it is
 * malformed (L3). Reading the folder is event-log.ts; every writer (promote, archive,
 * restore, cleanup, set-pin, rollouts) goes through `eventFile`.
 *
 * Fields: `type`, `at` (ISO 8601 UTC), `actor`, `subject` (an id), `from` and `to` (for
 * entries: store-relative folders such as `runs/x` and `runs/_archived/x`, null when there
 * is none; for `pin_changed`: baseline ids), `reason`, `gate_report_sha256` where a gate
 * ran, `workflow_run_url` in the action. Rollout events (issue 15) use the rollout id as
 * `subject` and baseline ids in `from`/`to` (`promoted_to_production`: from the old champion
 * to the new one, which is how `events --at` answers what served traffic). Any other field
 * is kept as written (a rollout decision's numbers), so writers may add fields freely.
 *
 * For other writers (rollouts): build the event with `eventFile({...})`, then write
 * `file.content` at `<store>/${file.path}` (working tree: `writeEventFiles` in event-log.ts;
 * a commit or the Git Data API: add it as one more file). Read with `readEventLog`.
 */
import { z } from 'zod';
import { ArtifactError, UsageError } from '../contract/errors.js';
import { parseStrictJson } from '../parse/json.js';
import { ID_PATTERN, validateId } from './ids.js';

export const EVENT_SCHEMA = 'promotion-gate/event@1';
/** The events folder, relative to the store root. */
export const EVENTS_DIR = 'events';

export const EVENT_TYPES = [
  'promoted',
  'archived',
  'restored',
  'deleted',
  'rollout_decision',
  'rollout_advanced',
  'rolled_back',
  'promoted_to_production',
  'pin_changed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?Z$/;

const isoUtc = z
  .string()
  .regex(ISO_UTC, 'must be an ISO 8601 UTC time such as 2026-03-03T10:00:00Z')
  .refine(isRealTime, 'is not a real date');

/** Date.parse rolls 30 February over into March; a real time survives the round trip. */
function isRealTime(value: string): boolean {
  const match = ISO_UTC.exec(value);
  if (!match) return false;
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 19) === value.slice(0, 19);
}

/** A pin's match keys, on `pin_changed` events: which pin of the policy changed. */
export const eventPinSchema = z.strictObject({
  dataset: z.string().min(1).optional(),
  task: z.string().min(1).optional(),
});

export const eventSchema = z
  .looseObject({
    schema: z.literal(EVENT_SCHEMA),
    type: z.enum(EVENT_TYPES),
    at: isoUtc,
    actor: z.string().min(1).max(200),
    subject: z.string().regex(ID_PATTERN, 'must be a store id'),
    from: z.string().min(1).nullable(),
    to: z.string().min(1).nullable(),
    reason: z.string().max(4000).optional(),
    gate_report_sha256: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256:<64 hex digits>').optional(),
    workflow_run_url: z.url({ protocol: /^https?$/ }).optional(),
    pin: eventPinSchema.optional(),
  })
  .superRefine((event, ctx) => {
    if (event.type === 'pin_changed' && event.pin === undefined) {
      ctx.addIssue({ code: 'custom', path: ['pin'], message: 'a pin_changed event names its pin (an object with optional dataset and task)' });
    }
  });

export type LifecycleEvent = z.output<typeof eventSchema>;

/** What a writer provides; `schema` is added by `eventFile`. Extra fields are kept as written. */
export interface EventInput {
  type: EventType;
  at: string;
  actor: string;
  subject: string;
  from: string | null;
  to: string | null;
  reason?: string;
  gate_report_sha256?: string;
  workflow_run_url?: string;
  pin?: { dataset?: string; task?: string };
  [extra: string]: unknown;
}

/** `2026-03-03T10:04:05.123Z` -> `20260303T100405Z`: the file name's time, to the second. */
export function eventStamp(at: string): string {
  const match = ISO_UTC.exec(at);
  if (!match) throw new UsageError(`event time "${at}": expected an ISO 8601 UTC time such as 2026-03-03T10:00:00Z`);
  const [, year, month, day, hour, minute, second] = match;
  return `${year}${month}${day}T${hour}${minute}${second}Z`;
}

/** The file name of an event: `<stamp>-<type>-<subject>.json`. */
export function eventFileName(event: Pick<LifecycleEvent, 'at' | 'type' | 'subject'>): string {
  return `${eventStamp(event.at)}-${event.type}-${event.subject}.json`;
}

const CORE_ORDER = ['schema', 'type', 'at', 'actor', 'subject', 'from', 'to', 'reason', 'gate_report_sha256', 'workflow_run_url', 'pin'];

/** The event with its fields in a fixed order (core fields first, others by name). */
function ordered(event: LifecycleEvent): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of CORE_ORDER) if (event[key] !== undefined) out[key] = event[key];
  for (const key of Object.keys(event).filter((k) => !CORE_ORDER.includes(k)).sort()) {
    if (event[key] !== undefined) out[key] = event[key];
  }
  return out;
}

export interface EventFile {
  /** Store-relative path, `events/<name>`. */
  path: string;
  /** The file's bytes: pretty JSON with a final newline. */
  content: string;
  event: LifecycleEvent;
}

/**
 * The one way to write an event: validates it (a writer's bug is caught here, not by the next
 * reader) and returns where it goes and its exact bytes, so that the same event always makes
 * the same file and a re-run changes nothing.
 */
export function eventFile(input: EventInput): EventFile {
  validateId('run', input.subject, `event subject`);
  const parsed = eventSchema.safeParse({ ...input, schema: EVENT_SCHEMA });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`event ${input.type} of ${input.subject}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`);
  }
  const event = parsed.data;
  return { path: `${EVENTS_DIR}/${eventFileName(event)}`, content: `${JSON.stringify(ordered(event), null, 2)}\n`, event };
}

// Longest type first, so `promoted` never matches the start of `promoted_to_production`.
const TYPE_ALTERNATION = [...EVENT_TYPES].sort((a, b) => b.length - a.length).join('|');
const NAME_PATTERN = new RegExp(`^(\\d{8}T\\d{6}Z)-(${TYPE_ALTERNATION})-(.+)\\.json$`);

/** The parts of an event file name, or undefined when the name does not follow the pattern. */
export function parseEventFileName(name: string): { stamp: string; type: EventType; subject: string } | undefined {
  const match = NAME_PATTERN.exec(name);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { stamp: match[1], type: match[2] as EventType, subject: match[3] };
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

/**
 * Reads one event file. `name` is its file name (checked against the content: the time to the
 * second, the type and the subject must agree), `display` how messages name the file.
 * Throws an ArtifactError (`event.invalid`) naming the file and, for JSON errors, the line.
 */
export function parseEventFile(name: string, text: string, display: string): LifecycleEvent {
  const parts = parseEventFileName(name);
  if (!parts) {
    throw new ArtifactError({ file: display }, `not an event file name (expected <yyyymmddThhmmssZ>-<type>-<subject>.json, type one of ${EVENT_TYPES.join(', ')})`, 'event.invalid');
  }
  const value = parseStrictJson(text, display);
  const parsed = eventSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problem(s))` : '';
    throw new ArtifactError({ file: display }, `${fieldPath(issue?.path ?? []) || '(top level)'}: ${issue?.message ?? 'invalid'}${more}`, 'event.invalid');
  }
  const event = parsed.data;
  const disagreements = [
    eventStamp(event.at) !== parts.stamp && `its name says ${parts.stamp} but "at" is ${event.at}`,
    event.type !== parts.type && `its name says type ${parts.type} but "type" is ${event.type}`,
    event.subject !== parts.subject && `its name says subject ${parts.subject} but "subject" is ${event.subject}`,
  ].filter((d): d is string => typeof d === 'string');
  if (disagreements.length > 0) throw new ArtifactError({ file: display }, `${disagreements.join('; ')}`, 'event.invalid');
  return event;
}

/** Oldest first; events of the same instant by file name, so the order never depends on the disk. */
export function compareEvents(a: { event: LifecycleEvent; name: string }, b: { event: LifecycleEvent; name: string }): number {
  const ta = Date.parse(a.event.at);
  const tb = Date.parse(b.event.at);
  if (ta !== tb) return ta - tb;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
