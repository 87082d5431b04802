/**
 * The metric history of each pin across promotions, from what the store records (pure).
 *
 * A pin is known by its match keys (dataset, task). Its baselines, in order, are the first
 * `pin_changed` event's `from`, then each change's `to` (promotions with --set-pin and
 * rollouts that reach production both write one), then the policy's pin today if it differs
 * (edited by hand, without an event). A pin with no event is its one baseline. Each point
 * carries that baseline's metrics and its promotion record (baseline.json `promoted_from`,
 * `promoted_at`, `promoted_by`, `reason`). Baselines of datasets that no pin covers are
 * grouped by dataset in promotion order, labelled as not being a pin's history.
 *
 * The drift anchor (DESIGN.md section 12, `drift: { anchor: <baseline id> | first }` in a
 * policy rule) is marked where the history holds it: `first` is the root of each pin's
 * promotion chain as the gate finds it; an id is marked in the history that contains it. No rule with `drift`: no mark,
 * and the page says so.
 */
import type { LifecycleEvent } from '../store/events.js';
import { inferDirection } from '../policy/direction.js';
import type { HistoryGroup, HistoryPoint, SiteStatus } from './data.js';

export interface HistoryBaseline {
  id: string;
  key: string;
  status: SiteStatus;
  page: string | null;
  dataset: string | null;
  task: string | null;
  metrics: Record<string, number>;
  promoted_from: string | null;
  promoted_at: string | null;
  promoted_by: string | null;
  reason: string | null;
  created: string | null;
}

export interface PinKeys {
  baseline: string;
  dataset?: string | undefined;
  task?: string | undefined;
}

export interface DriftAnchor {
  anchor: string;
  /** The rule's metric pattern, for the note. */
  rule: string;
  max_worse_pct: number | null;
}

/** Metrics offered per history (the select box); the rest are left out. */
export const MAX_HISTORY_METRICS = 200;

const keyOf = (pin: { dataset?: string | undefined; task?: string | undefined }): string => JSON.stringify([pin.dataset ?? null, pin.task ?? null]);

function labelOf(pin: { dataset?: string | undefined; task?: string | undefined }): string {
  const parts = [pin.dataset !== undefined ? `dataset ${pin.dataset}` : 'any dataset', ...(pin.task !== undefined ? [`task ${pin.task}`] : [])];
  return parts.join(' · ');
}

function point(id: string, baselines: Map<string, HistoryBaseline>, deleted: Set<string>, at: string | null, by: string | null, reason: string | null): HistoryPoint {
  const b = baselines.get(id);
  return {
    id,
    key: b?.key ?? null,
    page: b?.page ?? null,
    status: b ? b.status : deleted.has(id) ? 'deleted' : 'missing',
    at: at ?? b?.promoted_at ?? b?.created ?? null,
    promoted_from: b?.promoted_from ?? null,
    by: by ?? b?.promoted_by ?? null,
    reason: b?.reason ?? reason ?? null,
    metrics: b?.metrics ?? {},
  };
}

function metricsOf(points: HistoryPoint[]): { metrics: string[]; default_metric: string | null } {
  const order: string[] = [];
  const seen = new Map<string, number>();
  for (const p of points) {
    for (const name of Object.keys(p.metrics)) {
      if (!seen.has(name)) order.push(name);
      seen.set(name, (seen.get(name) ?? 0) + 1);
    }
  }
  const withValues = points.filter((p) => Object.keys(p.metrics).length > 0).length;
  const everywhere = order.filter((m) => seen.get(m) === withValues);
  const metrics = [...everywhere, ...order.filter((m) => seen.get(m) !== withValues)].slice(0, MAX_HISTORY_METRICS);
  const default_metric = everywhere.find((m) => inferDirection(m) === 'higher') ?? everywhere[0] ?? metrics[0] ?? null;
  return { metrics, default_metric };
}

/**
 * `root` is the gate's own answer for `first` (src/drift/read-chain.ts: the chain followed back
 * from the pin's baseline through config.yaml and pin_changed events); without one (no pin
 * today, or the chain could not be read) the first point of this history stands for it.
 */
function anchorFor(points: HistoryPoint[], source: 'pin' | 'dataset', anchors: DriftAnchor[], root?: string): Pick<HistoryGroup, 'anchor' | 'anchor_note'> {
  if (anchors.length === 0) return { anchor: null, anchor_note: 'The policy names no drift anchor (a rule\'s drift: { anchor: … }), so none is marked.' };
  for (const a of anchors) {
    const pct = a.max_worse_pct === null ? '' : `, at most ${a.max_worse_pct}% worse`;
    if (a.anchor === 'first') {
      if (source === 'dataset' || points.length === 0) continue;
      const index = root === undefined ? 0 : points.findIndex((p) => p.id === root);
      if (index < 0) return { anchor: null, anchor_note: `Drift anchor: the root of this pin's promotion chain, ${root ?? ''}, which this history does not show (rule ${a.rule}: anchor first${pct}).` };
      return { anchor: { index, rule: a.rule, max_worse_pct: a.max_worse_pct }, anchor_note: `Drift anchor: the root of this pin's chain, ${points[index]?.id ?? ''} (rule ${a.rule}: anchor first${pct}).` };
    }
    const index = points.findIndex((p) => p.id === a.anchor);
    if (index >= 0) return { anchor: { index, rule: a.rule, max_worse_pct: a.max_worse_pct }, anchor_note: `Drift anchor: ${a.anchor} (rule ${a.rule}${pct}).` };
  }
  return { anchor: null, anchor_note: `The policy's drift anchor${anchors.length === 1 ? '' : 's'} (${anchors.map((a) => a.anchor).join(', ')}) ${anchors.length === 1 ? 'is' : 'are'} not in this history.` };
}

/** `roots`: for a pin's baseline today, the root of its promotion chain as the gate finds it (the `first` anchor). */
export function buildHistories(input: { pins: PinKeys[]; events: LifecycleEvent[]; baselines: HistoryBaseline[]; anchors: DriftAnchor[]; roots?: Record<string, string> }): HistoryGroup[] {
  const byId = new Map<string, HistoryBaseline>();
  // A live baseline wins over an archived one of the same id.
  for (const b of input.baselines) if (!byId.has(b.id) || b.status === 'baseline') byId.set(b.id, b);
  const deleted = new Set(input.events.filter((e) => e.type === 'deleted').map((e) => e.subject));
  const changes = input.events.filter((e) => e.type === 'pin_changed' && e.pin !== undefined).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  const keys = new Map<string, { dataset?: string | undefined; task?: string | undefined }>();
  for (const pin of input.pins) keys.set(keyOf(pin), { dataset: pin.dataset, task: pin.task });
  for (const change of changes) if (change.pin) keys.set(keyOf(change.pin), { dataset: change.pin.dataset, task: change.pin.task });

  const groups: HistoryGroup[] = [];
  const covered = new Set<string>();
  for (const [key, match] of keys) {
    const mine = changes.filter((c) => c.pin !== undefined && keyOf(c.pin) === key);
    const points: HistoryPoint[] = [];
    const push = (p: HistoryPoint): void => {
      if (points[points.length - 1]?.id !== p.id) points.push(p);
    };
    const first = mine[0];
    if (first?.from) push(point(first.from, byId, deleted, null, null, null));
    for (const change of mine) if (change.to) push(point(change.to, byId, deleted, change.at, change.actor, change.reason ?? null));
    const current = input.pins.find((p) => keyOf(p) === key);
    if (current) push(point(current.baseline, byId, deleted, null, null, null));
    for (const p of points) covered.add(p.id);
    groups.push({ key: `pin:${key}`, label: labelOf(match), source: 'pin', points, ...anchorFor(points, 'pin', input.anchors, current ? input.roots?.[current.baseline] : undefined), ...metricsOf(points) });
  }

  const pinnedDatasets = new Set([...keys.values()].map((k) => k.dataset).filter((d): d is string => d !== undefined));
  const byDataset = new Map<string, HistoryBaseline[]>();
  for (const b of input.baselines) {
    if (covered.has(b.id) || b.dataset === null || pinnedDatasets.has(b.dataset)) continue;
    const key = JSON.stringify([b.dataset, b.task]);
    byDataset.set(key, [...(byDataset.get(key) ?? []), b]);
  }
  const time = (b: HistoryBaseline): number => Date.parse(b.promoted_at ?? b.created ?? '') || 0;
  for (const [key, list] of [...byDataset.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const points = list.sort((a, b) => time(a) - time(b) || (a.id < b.id ? -1 : 1)).map((b) => point(b.id, byId, deleted, null, null, null));
    const first = list[0];
    groups.push({ key: `dataset:${key}`, label: labelOf({ dataset: first?.dataset ?? undefined, task: first?.task ?? undefined }), source: 'dataset', points, ...anchorFor(points, 'dataset', input.anchors), ...metricsOf(points) });
  }
  return groups;
}
