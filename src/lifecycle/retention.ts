/**
 * The retention plan (DESIGN.md section 10), computed without I/O: which experimental runs
 * are archived, which archived runs are deleted, and for every entry the rule that chose its
 * action or what kept it (RELIABILITY L1).
 *
 * Rules, in the policy's `retention` block (all optional; absent means "never"):
 * - `keep_experimental: N`: the newest N experimental runs are kept whatever their age.
 * - `archive_after_days: D`: an experimental run more than D days old is archived.
 * - `delete_archived_after_days: D`: a run archived more than D days ago is deleted.
 *   The clock starts when it was archived (its `archived` event, else the commit that
 *   moved it), so archiving is always a grace period. Archived baselines are never deleted.
 * Baselines and references are never touched. Age is the entry's recorded creation time,
 * else the date of the commit that added it; an entry of unknown age is kept.
 *
 * Nothing that is still pointed to is archived or deleted: a policy pin, another entry's
 * config.yaml `baseline:`, a rollout file, an open pull request touching the entry, or an
 * experiment arm of a kept entry (an arm is never taken further than its partner: an old
 * arm stays while its partner stays, and is not deleted while its partner is only archived).
 * A pointer from an entry this plan deletes does not count, so applying the plan and
 * planning again finds nothing more to do.
 */
import type { StoreEntry } from '../store/status.js';

export interface RetentionPolicy {
  keep_experimental?: number;
  archive_after_days?: number;
  delete_archived_after_days?: number;
}

export interface RecordedTime {
  at: string;
  /** Where it was found: `baseline.json created_at`, `commit <sha>`, `event <file>`, ... */
  source: string;
}

export interface RetentionEntry {
  entry: StoreEntry & { symlink?: boolean };
  /** Recorded creation time, else the date of the commit that added the entry. */
  created?: RecordedTime;
  /** Archived entries: when they were archived. */
  archived?: RecordedTime;
  experiment?: string;
  /** `baseline:` named by the entry's config.yaml. */
  configBaseline?: string;
  notes?: string[];
}

export interface RetentionInput {
  /** ISO 8601 UTC. */
  now: string;
  retention: RetentionPolicy | undefined;
  /** Every entry of the store (baselines and references too: they point and are pointed to). */
  entries: readonly RetentionEntry[];
  pins: readonly { index: number; baseline: string; dataset?: string; task?: string }[];
  /** Rollout files and the ids they name (champion, challenger). */
  rollouts: readonly { file: string; ids: readonly string[] }[];
  /** Open pull requests (action only) and the store-relative paths they touch. */
  pullRequests: readonly { number: number; paths: readonly string[] }[];
}

export type PointerKind = 'pin' | 'config' | 'experiment' | 'rollout' | 'pull-request';

export interface Pointer {
  kind: PointerKind;
  detail: string;
}

export type CleanupAction = 'archive' | 'delete' | 'keep';

export interface CleanupRow {
  id: string;
  path: string;
  status: 'experimental' | 'archived';
  kind: StoreEntry['kind'];
  created_at: string | null;
  created_source: string | null;
  /** Whole days since creation; null when unknown. */
  age_days: number | null;
  archived_at?: string | null;
  archived_source?: string | null;
  archived_days?: number | null;
  action: CleanupAction;
  /** Where an archived entry goes. */
  to?: string;
  /** The rule that chose the action (for a kept entry, the rule that would have acted, if any). */
  rule: string;
  /** What kept an entry that a rule would have archived or deleted. */
  kept_by: Pointer[];
  notes?: string[];
}

export interface CleanupPlan {
  schema: 'promotion-gate/cleanup-plan@1';
  now: string;
  retention: RetentionPolicy;
  /** Archives and deletions first, then kept entries; each group by path. */
  rows: CleanupRow[];
  counts: { archive: number; delete: number; keep: number };
  /** Entries retention never touches. */
  untouched: { baselines: number; references: number; archived_baselines: number; archived_references: number };
}

const DAY_MS = 24 * 60 * 60 * 1000;
const ACTION_ORDER: Record<CleanupAction, number> = { delete: 0, archive: 1, keep: 2 };

/** 0 experimental, 1 archived, 2 deleted: an arm is never taken to a higher level than its partner. */
type Level = 0 | 1 | 2;

interface Draft {
  item: RetentionEntry;
  row: CleanupRow;
  /** The level a rule would take the entry to, before pointers. */
  ruled: Level;
  own: Level;
}

function elapsed(now: number, time: RecordedTime | undefined): number | null {
  if (!time) return null;
  const at = Date.parse(time.at);
  return Number.isNaN(at) ? null : now - at;
}

const days = (ms: number | null): number | null => (ms === null ? null : Math.floor(ms / DAY_MS));
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** Newest first; unknown times count as newest (they are kept anyway); ties by id. */
function newestFirst(now: number) {
  return (a: RetentionEntry, b: RetentionEntry): number => {
    const ea = elapsed(now, a.created) ?? -Infinity;
    const eb = elapsed(now, b.created) ?? -Infinity;
    if (ea !== eb) return ea - eb;
    return a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0;
  };
}

function baseRow(item: RetentionEntry, now: number): CleanupRow {
  const { entry } = item;
  const row: CleanupRow = {
    id: entry.id,
    path: entry.path,
    status: entry.status === 'archived' ? 'archived' : 'experimental',
    kind: entry.kind,
    created_at: item.created?.at ?? null,
    created_source: item.created?.source ?? null,
    age_days: days(elapsed(now, item.created)),
    action: 'keep',
    rule: '',
    kept_by: [],
  };
  if (entry.status === 'archived') {
    row.archived_at = item.archived?.at ?? null;
    row.archived_source = item.archived?.source ?? null;
    row.archived_days = days(elapsed(now, item.archived));
  }
  if (item.notes && item.notes.length > 0) row.notes = [...item.notes];
  return row;
}

/** The experimental run's rule: keep, or archive (level 1). */
function experimentalRule(item: RetentionEntry, rank: number, total: number, policy: RetentionPolicy, now: number): { level: Level; rule: string } {
  const age = elapsed(now, item.created);
  if (item.entry.symlink) return { level: 0, rule: 'a symbolic link: never moved by retention' };
  if (age === null) return { level: 0, rule: 'age unknown (no recorded creation time, not committed): kept' };
  const keep = policy.keep_experimental;
  if (keep !== undefined && rank < keep) return { level: 0, rule: `keep_experimental: ${keep} (newest ${rank + 1} of ${total})` };
  const limit = policy.archive_after_days;
  if (limit === undefined) return { level: 0, rule: 'no archive_after_days in the retention policy' };
  const shown = plural(days(age) ?? 0, 'day');
  if (age <= limit * DAY_MS) return { level: 0, rule: `archive_after_days: ${limit} (${shown} old, not more than ${limit})` };
  return { level: 1, rule: `archive_after_days: ${limit} (${shown} old)` };
}

/** The archived entry's rule: keep, or delete (level 2). */
function archivedRule(item: RetentionEntry, policy: RetentionPolicy, now: number): { level: Level; rule: string } {
  if (item.entry.kind === 'baseline') return { level: 1, rule: 'archived baselines are never deleted' };
  if (item.entry.symlink) return { level: 1, rule: 'a symbolic link: never deleted by retention' };
  const limit = policy.delete_archived_after_days;
  if (limit === undefined) return { level: 1, rule: 'no delete_archived_after_days in the retention policy' };
  const since = elapsed(now, item.archived);
  if (since === null) return { level: 1, rule: 'archive time unknown (no archived event, not committed): kept' };
  const shown = `archived ${plural(days(since) ?? 0, 'day')} ago`;
  if (since <= limit * DAY_MS) return { level: 1, rule: `delete_archived_after_days: ${limit} (${shown}, not more than ${limit})` };
  return { level: 2, rule: `delete_archived_after_days: ${limit} (${shown})` };
}

/** Direct pointers to an entry: pins, other entries' config.yaml, rollouts, open pull requests. */
function directPointers(item: RetentionEntry, input: RetentionInput, gone: Set<string>): Pointer[] {
  const { id, path } = item.entry;
  const pointers: Pointer[] = [];
  for (const pin of input.pins) {
    if (pin.baseline !== id) continue;
    const keys = [pin.dataset !== undefined && `dataset ${pin.dataset}`, pin.task !== undefined && `task ${pin.task}`].filter(Boolean).join(', ');
    pointers.push({ kind: 'pin', detail: `policy pins[${pin.index}]${keys ? ` (${keys})` : ''} names it` });
  }
  for (const other of input.entries) {
    if (other.entry.path === path || gone.has(other.entry.path) || other.configBaseline !== id) continue;
    pointers.push({ kind: 'config', detail: `${other.entry.path}/config.yaml names it as its baseline` });
  }
  for (const rollout of input.rollouts) {
    if (rollout.ids.includes(id)) pointers.push({ kind: 'rollout', detail: `${rollout.file} names it` });
  }
  for (const pull of input.pullRequests) {
    const touched = pull.paths.find((p) => p === path || p.startsWith(`${path}/`));
    if (touched !== undefined) pointers.push({ kind: 'pull-request', detail: `open pull request #${pull.number} touches ${touched}` });
  }
  return pointers;
}

/** The store's entries retention never touches, counted for the summary. */
function untouched(entries: readonly RetentionEntry[]): CleanupPlan['untouched'] {
  const count = (test: (e: StoreEntry) => boolean): number => entries.filter((e) => test(e.entry)).length;
  return {
    baselines: count((e) => e.status === 'baseline'),
    references: count((e) => e.status === 'reference'),
    archived_baselines: count((e) => e.status === 'archived' && e.kind === 'baseline'),
    archived_references: count((e) => e.status === 'archived' && e.kind === 'reference'),
  };
}

/** One pass: rules, direct pointers (ignoring pointers from `gone`), then experiment arms. */
function decide(input: RetentionInput, drafts: Draft[], gone: Set<string>): void {
  // An entry outside the plan (baseline, reference) stays where it is: its level is its own.
  const levels = new Map<string, { level: Level; path: string }[]>();
  const finalLevel = new Map<string, Level>();
  for (const draft of drafts) {
    const pointers = draft.ruled > draft.own ? directPointers(draft.item, input, gone) : [];
    draft.row.kept_by = pointers;
    finalLevel.set(draft.row.path, pointers.length > 0 ? draft.own : draft.ruled);
  }
  for (const item of input.entries) {
    if (item.experiment === undefined) continue;
    const level = finalLevel.get(item.entry.path) ?? (item.entry.status === 'archived' ? 1 : 0);
    const group = levels.get(item.experiment) ?? [];
    group.push({ level, path: item.entry.path });
    levels.set(item.experiment, group);
  }
  for (const draft of drafts) {
    let level = finalLevel.get(draft.row.path) ?? draft.own;
    const experiment = draft.item.experiment;
    if (experiment !== undefined && level > draft.own) {
      const partner = (levels.get(experiment) ?? [])
        .filter((p) => p.path !== draft.row.path && p.level < level)
        .sort((a, b) => a.level - b.level || (a.path < b.path ? -1 : 1))[0];
      if (partner) {
        const next = Math.max(draft.own, partner.level) as Level;
        const stays = partner.level === 0 ? 'which is kept' : 'which is not deleted';
        draft.row.kept_by.push({ kind: 'experiment', detail: `experiment ${experiment}: arm of ${partner.path}, ${stays}` });
        level = next;
      }
    }
    draft.row.action = level === draft.own ? 'keep' : level === 1 ? 'archive' : 'delete';
  }
}

export function planRetention(input: RetentionInput): CleanupPlan {
  const now = Date.parse(input.now);
  if (Number.isNaN(now)) throw new Error(`planRetention: invalid now ${input.now}`);
  const policy = input.retention ?? {};
  const experimental = input.entries.filter((e) => e.entry.status === 'experimental').sort(newestFirst(now));
  const drafts: Draft[] = [];
  experimental.forEach((item, rank) => {
    const { level, rule } = experimentalRule(item, rank, experimental.length, policy, now);
    drafts.push({ item, row: { ...baseRow(item, now), rule }, ruled: level, own: 0 });
  });
  for (const item of input.entries) {
    if (item.entry.status !== 'archived' || item.entry.kind === 'reference') continue;
    const { level, rule } = archivedRule(item, policy, now);
    drafts.push({ item, row: { ...baseRow(item, now), rule }, ruled: level, own: 1 });
  }
  // Pointers from entries this plan deletes do not count: repeat until the deleted set is stable.
  let gone = new Set<string>();
  for (;;) {
    decide(input, drafts, gone);
    const next = new Set(drafts.filter((d) => d.row.action === 'delete').map((d) => d.row.path));
    if (next.size === gone.size && [...next].every((p) => gone.has(p))) break;
    gone = next;
  }
  for (const draft of drafts) if (draft.row.action === 'archive') draft.row.to = `runs/_archived/${draft.row.id}`;
  const rows = drafts.map((d) => d.row).sort((a, b) => ACTION_ORDER[a.action] - ACTION_ORDER[b.action] || byPath(a, b));
  const count = (action: CleanupAction): number => rows.filter((r) => r.action === action).length;
  return {
    schema: 'promotion-gate/cleanup-plan@1',
    now: new Date(now).toISOString(),
    retention: policy,
    rows,
    counts: { archive: count('archive'), delete: count('delete'), keep: count('keep') },
    untouched: untouched(input.entries),
  };
}
