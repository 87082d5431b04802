/**
 * `archive` and `restore`, planned without I/O: which entry the user means, where it goes,
 * and the event that records it. An archived baseline is kept but no longer a comparison
 * point; a reference is immutable and never archived; nothing is ever moved onto an
 * existing entry. Bad input is a UsageError naming the input (exit 2).
 */
import { didYouMean } from '../contract/did-you-mean.js';
import { UsageError } from '../contract/errors.js';
import type { Pin } from '../policy/schema.js';
import type { StoreChange } from './change.js';
import { eventFile, type LifecycleEvent } from '../store/events.js';
import { archivedPath, findEntries, restoredPath, statusOf, type StoreEntry } from '../store/status.js';

export interface LifecycleRequest {
  /** An id, or a qualified path such as `baselines/x` or `runs/_archived/x`. */
  name: string;
  reason?: string;
  actor: string;
  now: string;
  workflowRunUrl?: string;
  /** How the id and reason are named in messages (CLI: `ID`, `--reason`). */
  names: { id: string; reason: string };
}

export type LifecycleOutcome =
  | { kind: 'nothing'; entry: StoreEntry; message: string }
  | { kind: 'change'; entry: StoreEntry; to: string; change: StoreChange; warnings: string[] };

const MAX_REASON = 2000;

function describe(entry: StoreEntry): string {
  return `${entry.status === 'archived' ? `archived ${entry.kind}` : entry.status} at ${entry.path}`;
}

function ambiguous(name: string, found: StoreEntry[], input: string): UsageError {
  return new UsageError(`${input} "${name}" names ${found.length} entries (${found.map(describe).join('; ')}): name one by its path, e.g. ${found[0]?.path ?? ''}`);
}

function unknown(name: string, entries: StoreEntry[], events: LifecycleEvent[], input: string): UsageError {
  const gone = name.includes('/') ? undefined : statusOf(name, entries, events);
  if (gone?.status === 'deleted' && gone.deletedBy) {
    return new UsageError(`${input} "${name}": deleted on ${gone.deletedBy.at} by ${gone.deletedBy.actor} (from ${gone.deletedBy.from ?? '?'}); it can only come back from git history`);
  }
  const names = entries.flatMap((e) => [e.id, e.path]);
  const hint = didYouMean(name, names) || ' (runs/, runs/_archived/, baselines/, baselines/_archived/, references/)';
  return new UsageError(`${input} "${name}": no such entry in the store${hint}`);
}

function reasonOf(request: LifecycleRequest, required: boolean): string | undefined {
  const reason = request.reason?.trim();
  if (required && !reason) throw new UsageError(`${request.names.reason} is required: say why the entry is archived (it goes into the event and the commit)`);
  if (reason && reason.length > MAX_REASON) throw new UsageError(`${request.names.reason}: ${reason.length} characters, over the ${MAX_REASON}-character limit`);
  return reason || undefined;
}

function occupied(entries: StoreEntry[], target: string, what: string): void {
  const there = entries.find((e) => e.path === target);
  if (there) throw new UsageError(`${what}: ${target} already exists (${describe(there)}); an entry is never moved onto another`);
}

export function planArchive(entries: StoreEntry[], request: LifecycleRequest, pins: Pin[] = [], events: LifecycleEvent[] = []): LifecycleOutcome {
  const found = findEntries(entries, request.name, request.names.id);
  if (found.length === 0) throw unknown(request.name, entries, events, request.names.id);
  const live = found.filter((e) => e.status !== 'archived');
  if (live.length === 0) {
    const entry = found[0] as StoreEntry;
    return { kind: 'nothing', entry, message: `${entry.path} is already archived: nothing to do` };
  }
  if (live.length > 1) throw ambiguous(request.name, live, request.names.id);
  const entry = live[0] as StoreEntry;
  if (entry.kind === 'reference') {
    throw new UsageError(`${request.names.id} "${request.name}": ${entry.path} is a reference; references are immutable and never archived`);
  }
  const reason = reasonOf(request, true);
  const to = archivedPath(entry);
  occupied(entries, to, `cannot archive ${entry.path}`);
  const warnings = pins
    .map((pin, index) => ({ pin, index }))
    .filter(({ pin }) => entry.kind === 'baseline' && pin.baseline === entry.id)
    .map(({ index }) => `policy pins[${index}] still names ${entry.id}: gates that match it will stop with "archived" until you pin another baseline or restore ${entry.id}`);
  const event = eventFile({
    type: 'archived', at: request.now, actor: request.actor, subject: entry.id, from: entry.path, to,
    ...(reason === undefined ? {} : { reason }),
    ...(request.workflowRunUrl === undefined ? {} : { workflow_run_url: request.workflowRunUrl }),
  });
  const change: StoreChange = {
    kind: 'archive',
    title: `Archive ${entry.kind} ${entry.id}`,
    body: `${entry.path} -> ${to}\n\n${reason ?? ''}`.trim(),
    moves: [{ from: entry.path, to }],
    deletes: [],
    events: [event],
  };
  return { kind: 'change', entry, to, change, warnings };
}

export function planRestore(entries: StoreEntry[], events: LifecycleEvent[], request: LifecycleRequest): LifecycleOutcome {
  const found = findEntries(entries, request.name, request.names.id);
  if (found.length === 0) throw unknown(request.name, entries, events, request.names.id);
  const archived = found.filter((e) => e.status === 'archived');
  if (archived.length === 0) {
    const entry = found[0] as StoreEntry;
    throw new UsageError(`${request.names.id} "${request.name}": ${describe(entry)} is not archived, so there is nothing to restore`);
  }
  if (archived.length > 1) throw ambiguous(request.name, archived, request.names.id);
  const entry = archived[0] as StoreEntry;
  if (entry.kind === 'reference') {
    throw new UsageError(`${request.names.id} "${request.name}": ${entry.path} is an archived reference; references are immutable and are not restored by promotion-gate`);
  }
  const reason = reasonOf(request, false);
  const to = restoredPath(entry);
  occupied(entries, to, `restoring onto an existing id`);
  const event = eventFile({
    type: 'restored', at: request.now, actor: request.actor, subject: entry.id, from: entry.path, to,
    ...(reason === undefined ? {} : { reason }),
    ...(request.workflowRunUrl === undefined ? {} : { workflow_run_url: request.workflowRunUrl }),
  });
  const change: StoreChange = {
    kind: 'restore',
    title: `Restore ${entry.kind} ${entry.id}`,
    body: `${entry.path} -> ${to}${reason ? `\n\n${reason}` : ''}`,
    moves: [{ from: entry.path, to }],
    deletes: [],
    events: [event],
  };
  return { kind: 'change', entry, to, change, warnings: [] };
}
