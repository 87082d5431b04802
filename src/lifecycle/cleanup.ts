/**
 * `cleanup`, read -> plan -> change: reads what retention needs from the store (entries and
 * what they record, the event log, rollout files, commit dates), plans (retention.ts, pure)
 * and turns the plan's actions into a StoreChange with one event per action. The CLI and the
 * action both come through here; only the open pull requests differ (the action lists them).
 */
import { ArtifactError, UsageError } from '../contract/errors.js';
import type { StoreLocation } from '../store/location.js';
import { parseYamlStrict } from '../parse/yaml.js';
import { folderAddedDates } from '../git/branch-commit.js';
import { GitRepo } from '../git/repo.js';
import type { Policy } from '../policy/schema.js';
import { isDirectoryInStore, listDirInStore, readTextInStore } from '../store/read.js';
import type { StoreChange } from './change.js';
import { readEventLog, requireCleanLog } from '../store/event-log.js';
import { eventFile, type LifecycleEvent } from '../store/events.js';
import { readEntryRecord, readStoreEntries } from './read-entries.js';
import { planRetention, type CleanupPlan, type RecordedTime, type RetentionEntry } from './retention.js';
import { entryAt } from '../store/status.js';

/** Where rollout files live (DESIGN.md section 11), relative to the store root. */
export const ROLLOUTS_DIR = 'rollouts';
const MAX_ROLLOUT_BYTES = 1024 * 1024;

/** The ids each rollout file names (champion, challenger): a rollout keeps both. */
export async function readRolloutPointers(store: StoreLocation): Promise<{ file: string; ids: string[] }[]> {
  const root = { path: store.root, display: store.display };
  if (!(await isDirectoryInStore(root, ROLLOUTS_DIR))) return [];
  const pointers: { file: string; ids: string[] }[] = [];
  for (const entry of await listDirInStore(root, ROLLOUTS_DIR)) {
    if (!/\.ya?ml$/.test(entry.name) || entry.name.startsWith('.')) continue;
    const rel = `${ROLLOUTS_DIR}/${entry.name}`;
    const display = `${store.display}/${rel}`;
    try {
      const value = parseYamlStrict(await readTextInStore(root, rel, MAX_ROLLOUT_BYTES), display).value;
      const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
      const ids = ['champion', 'challenger'].map((key) => record[key]).filter((id): id is string => typeof id === 'string' && id !== '');
      pointers.push({ file: rel, ids });
    } catch (error) {
      // A rollout file that cannot be read may point at anything: nothing is cleaned up blind.
      if (error instanceof ArtifactError) throw new UsageError(`${error.message} (cleanup cannot tell which entries this rollout keeps)`);
      throw error;
    }
  }
  return pointers;
}

/** The store's path inside its git repository ('' at the root, else ending in '/'), or null outside one. */
async function repoPrefix(store: StoreLocation): Promise<{ repo: GitRepo; prefix: string } | null> {
  const repo = await GitRepo.containing(store.root).catch(() => undefined);
  if (!repo) return null;
  const prefix = await repo.prefixOf(store.root).catch(() => '');
  return { repo, prefix };
}

/** Dates of the commits that added each run folder (runs/<id>, runs/_archived/<id>), by store path. */
async function commitDates(store: StoreLocation, notes: string[]): Promise<Map<string, RecordedTime>> {
  const repo = await repoPrefix(store);
  const out = new Map<string, RecordedTime>();
  if (!repo) return out;
  const folders = [`${repo.prefix}runs`];
  const toEntry = (repoPath: string): string | undefined => {
    if (!repoPath.startsWith(repo.prefix)) return undefined;
    const parts = repoPath.slice(repo.prefix.length).split('/');
    const candidate = parts[1] === '_archived' ? parts.slice(0, 3).join('/') : parts.slice(0, 2).join('/');
    return entryAt(candidate) ? candidate : undefined;
  };
  const dates = await folderAddedDates(repo.repo, folders, toEntry);
  if (dates === null) {
    notes.push('the repository is a shallow clone: commit dates are unknown (fetch the history, e.g. fetch-depth: 0, or record created_at in baseline.json)');
    return out;
  }
  for (const [entry, { at, commit }] of dates) out.set(entry, { at, source: `commit ${commit.slice(0, 12)}` });
  return out;
}

/** When each archived entry was archived: its latest `archived` event moving it there. */
function archivedTimes(events: { name: string; event: LifecycleEvent }[]): Map<string, RecordedTime> {
  const out = new Map<string, RecordedTime>();
  for (const { name, event } of events) if (event.type === 'archived' && event.to !== null) out.set(event.to, { at: event.at, source: `event ${name}` });
  return out;
}

export interface CleanupReading {
  entries: RetentionEntry[];
  pins: { index: number; baseline: string; dataset?: string; task?: string }[];
  rollouts: { file: string; ids: string[] }[];
  /** Store-wide notes (a shallow clone). */
  notes: string[];
}

/** Everything retention needs from the store, except open pull requests. */
export async function readCleanup(store: StoreLocation, policy: Policy): Promise<CleanupReading> {
  const log = await readEventLog(store);
  requireCleanLog(log);
  const notes: string[] = [];
  const listed = await readStoreEntries(store);
  const dates = listed.some((e) => e.kind === 'run') ? await commitDates(store, notes) : new Map<string, RecordedTime>();
  const archivedAt = archivedTimes(log.events);
  const entries: RetentionEntry[] = [];
  for (const entry of listed) {
    const record = await readEntryRecord(store, entry);
    const created = record.created ?? dates.get(entry.path);
    const archived = entry.status === 'archived' ? (archivedAt.get(entry.path) ?? dates.get(entry.path)) : undefined;
    entries.push({
      entry,
      ...(created ? { created } : {}),
      ...(archived ? { archived } : {}),
      ...(record.experiment ? { experiment: record.experiment } : {}),
      ...(record.configBaseline ? { configBaseline: record.configBaseline } : {}),
      ...(record.notes.length > 0 ? { notes: record.notes } : {}),
    });
  }
  const pins = policy.pins.map((pin, index) => ({ index, baseline: pin.baseline, ...(pin.dataset ? { dataset: pin.dataset } : {}), ...(pin.task ? { task: pin.task } : {}) }));
  return { entries, pins, rollouts: await readRolloutPointers(store), notes };
}

export function planCleanup(reading: CleanupReading, policy: Policy, now: string, pullRequests: { number: number; paths: string[] }[] = []): CleanupPlan {
  return planRetention({ now, retention: policy.retention, entries: reading.entries, pins: reading.pins, rollouts: reading.rollouts, pullRequests });
}

export interface EventContext {
  actor: string;
  /** When the events happen (the plan's now, or the time adopted from an earlier attempt). */
  at: string;
  workflowRunUrl?: string;
}

/** The plan's actions as one change: archives are moves, deletions remove the folder; one event each. */
export function cleanupChange(plan: CleanupPlan, context: EventContext): StoreChange {
  const change: StoreChange = { kind: 'cleanup', title: '', body: '', moves: [], deletes: [], events: [] };
  for (const row of plan.rows) {
    if (row.action === 'keep') continue;
    const url = context.workflowRunUrl === undefined ? {} : { workflow_run_url: context.workflowRunUrl };
    if (row.action === 'archive' && row.to) {
      change.moves.push({ from: row.path, to: row.to });
      change.events.push(eventFile({ type: 'archived', at: context.at, actor: context.actor, subject: row.id, from: row.path, to: row.to, reason: `cleanup: ${row.rule}`, ...url }));
    } else if (row.action === 'delete') {
      change.deletes.push(row.path);
      change.events.push(eventFile({ type: 'deleted', at: context.at, actor: context.actor, subject: row.id, from: row.path, to: null, reason: `cleanup: ${row.rule}`, ...url }));
    }
  }
  const { archive, delete: deleted } = plan.counts;
  change.title = `Clean up the evaluation store: archive ${archive}, delete ${deleted}`;
  change.body = [
    ...change.moves.map((m) => `archive ${m.from} -> ${m.to}`),
    ...change.deletes.map((d) => `delete ${d}`),
  ].join('\n');
  return change;
}
