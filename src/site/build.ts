/**
 * `site`, the plan: from what read.ts read, every file of the site as path and bytes.
 * Precomputed comparisons are made here by the compare command's own code (`runCompare`,
 * promotion-gate/comparison@1) for the pairs pairs.ts chose; the compare page computes
 * metric deltas for any other pair with compare's `metricDeltas`, bundled into the page.
 * Writing the files is write.ts.
 */
import { DEFAULT_TOP } from '../compare/comparison.js';
import { runCompare } from '../compare/run-compare.js';
import { ArtifactError, UsageError } from '../contract/errors.js';
import type { StoreLocation } from '../store/location.js';
import type { LifecycleEvent } from '../store/events.js';
import { redactSecrets } from '../provenance/secrets/patterns.js';
import type { CompareData, HistoryData, PrecomputedPair, RolloutsData, RolloutView, SiteEntry } from './data.js';
import { formatNumber, formatPercent } from './format.js';
import { buildHistories, type HistoryBaseline } from './history.js';
import { dataBlock, jsonForScript } from './html.js';
import { entryPagePath, page } from './layout.js';
import { choosePairs, DEFAULT_MAX_COMPARISONS } from './pairs.js';
import { compareBody } from './pages/compare.js';
import { entryBody, type EntryEventLine } from './pages/entry.js';
import { eventsBody, type EventView } from './pages/events.js';
import { historyBody } from './pages/history.js';
import { overviewBody, STATUS_ORDER } from './pages/overview.js';
import { rolloutsBody, type RolloutDecisionRow, type RolloutPageInput } from './pages/rollouts.js';
import { flattenFields, type EntryDetail, type StoreRead } from './read.js';
import { unitsOf } from './units.js';

/** Metrics listed on an entry page. */
export const MAX_ENTRY_METRICS = 500;

/** Seconds spent precomputing comparisons at most; pairs left when it runs out are counted, not computed. */
export const DEFAULT_COMPARE_BUDGET_SECONDS = 20;

export interface SiteOptions {
  maxComparisons?: number;
  compareBudgetSeconds?: number;
  baseUrl?: string;
  progress?: (line: string) => void;
}

export interface SiteFile {
  path: string;
  content: string;
}

export interface SitePlan {
  files: SiteFile[];
  counts: { entries: number; unreadable: number; events: number; rollouts: number; histories: number; comparisons: number; comparisonsRefused: number; pairsOverCap: number; pairsOverBudget: number };
  problems: string[];
}

const mask = (text: string): string => redactSecrets(text);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? mask(v) : null);

function siteEntry(d: EntryDetail): SiteEntry {
  const e = d.described;
  return {
    key: e.path, id: e.id, status: e.status, kind: e.kind, quality: e.quality, task: e.task, dataset: e.dataset, model: e.model,
    prompt_version: e.prompt_version, prompt_hash: e.prompt_hash, created: e.created, items: e.items, cost: e.cost, tokens: e.tokens,
    experiment: e.experiment, arm: e.arm, page: entryPagePath(e.path), problems: e.notes,
  };
}

const CORE_EVENT_FIELDS = new Set(['schema', 'type', 'at', 'actor', 'subject', 'from', 'to', 'reason', 'gate_report_sha256', 'workflow_run_url']);

function extraFields(event: LifecycleEvent): [string, string][] {
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(event)) if (!CORE_EVENT_FIELDS.has(k) && v !== undefined) extra[k] = v;
  return flattenFields(extra);
}

/** Does an event name this entry (as subject, or by its folder in from/to)? */
function mentions(event: LifecycleEvent, entry: SiteEntry): boolean {
  const named = (v: string | null): boolean => v !== null && (v === entry.key || v === entry.id);
  return event.subject === entry.id || named(event.from) || named(event.to);
}

function rolloutDecisionRow(event: LifecycleEvent): RolloutDecisionRow {
  const num = (v: unknown): string => (typeof v === 'number' ? formatNumber(v) : '—');
  const allocation = event['allocation'] as { champion?: unknown; challenger?: unknown } | undefined;
  const share = (v: unknown): string => (typeof v === 'number' ? `${formatNumber(Math.round(v * 10000) / 100)}%` : '—');
  const srm = event['srm'] as { p_value?: unknown } | null | undefined;
  const guardrails = Array.isArray(event['guardrails']) ? (event['guardrails'] as Record<string, unknown>[]) : [];
  const limits = Array.isArray(event['limits']) ? (event['limits'] as Record<string, unknown>[]) : [];
  const interval = (v: unknown, pct: boolean): string => (Array.isArray(v) && v.length === 2 ? `[${v.map((x) => (typeof x === 'number' ? (pct ? formatPercent(x) : formatNumber(x)) : '—')).join(', ')}]` : '—');
  return {
    at: event.at,
    type: event.type,
    decision: text(event['decision']) ?? event.type,
    allocation: allocation ? `${share(allocation.champion)} / ${share(allocation.challenger)}` : '—',
    looks: num(event['looks']),
    days: typeof event['days_at_stage'] === 'number' ? (event['days_at_stage'] as number).toFixed(2) : '—',
    srm: srm && typeof srm.p_value === 'number' ? srm.p_value.toExponential(2) : '—',
    guardrails: guardrails.map((g) => {
      const n = Array.isArray(g['n']) ? (g['n'] as unknown[]).map((x) => num(x)).join('/') : '—';
      return mask(`${String(g['metric'])}: ${typeof g['estimate'] === 'number' ? formatPercent(g['estimate']) : '—'} ${interval(g['interval'], true)}, margin ${typeof g['margin'] === 'number' ? formatPercent(g['margin']) : '—'}, ${String(g['status'])}, n ${n}`);
    }),
    limits: limits.map((l) => mask(`${String(l['metric'])}: ${num(l['estimate'])} ${interval(l['interval'], false)}${l['exceeded'] === true ? ', exceeded' : ''}`)),
    reasons: Array.isArray(event['reasons']) ? mask((event['reasons'] as unknown[]).map(String).join(' ')) : (event.reason ?? ''),
  };
}

function rolloutPages(read: StoreRead, events: LifecycleEvent[], pageOf: (id: string) => string | null): { inputs: RolloutPageInput[]; data: RolloutsData } {
  const inputs: RolloutPageInput[] = [];
  for (const r of read.rollouts) {
    if (!r.loaded) {
      const view: RolloutView = { id: r.id, file: r.file, error: r.error, champion: null, challenger: null, champion_page: null, challenger_page: null, status: null, stage: null, allocation: null, stages: [], timeline: [] };
      inputs.push({ view, guardrails: [], limits: [], decisions: [] });
      continue;
    }
    const { rollout } = r.loaded;
    const mine = events.filter((e) => e['rollout'] === r.id || (e.subject === r.id && e.type.startsWith('rollout')));
    const decisions = mine.filter((e) => e['decision'] !== undefined || e.type === 'rollout_decision' || e.type === 'rollout_advanced' || e.type === 'rolled_back' || e.type === 'promoted_to_production');
    const unique = [...new Map(decisions.map((e) => [`${e.at}\n${String(e['decision'] ?? e.type)}`, e])).values()];
    const timeline: RolloutView['timeline'] = [];
    const first = rollout.stages[0]?.allocation ?? 0;
    const startAt = unique[0]?.at ?? rollout.state.since;
    timeline.push({ at: startAt, challenger: unique.length === 0 ? (rollout.state.allocation?.challenger ?? first) : first, decision: 'start' });
    for (const e of unique) {
      const allocation = e['allocation'] as { challenger?: unknown } | undefined;
      if (typeof allocation?.challenger === 'number') timeline.push({ at: e.at, challenger: allocation.challenger, decision: text(e['decision']) ?? e.type });
    }
    const current = rollout.state.allocation ?? { champion: 1 - (rollout.state.status === 'rolled_back' ? 0 : rollout.state.status === 'promoted' ? 1 : (rollout.stages[rollout.state.stage]?.allocation ?? 0)), challenger: rollout.state.status === 'rolled_back' ? 0 : rollout.state.status === 'promoted' ? 1 : (rollout.stages[rollout.state.stage]?.allocation ?? 0) };
    const view: RolloutView = {
      id: r.id, file: r.file, error: null, champion: rollout.champion, challenger: rollout.challenger,
      champion_page: pageOf(rollout.champion), challenger_page: pageOf(rollout.challenger),
      status: rollout.state.status, stage: rollout.state.stage, allocation: current,
      stages: rollout.stages.map((s) => ({ allocation: s.allocation, min_days: s.min_days, max_days: s.max_days ?? null })), timeline,
    };
    const limits = rollout.limits.map((l) => mask(l.max_worse_pct !== undefined ? `${l.metric}: ${l.direction ?? ''} is better, at most ${l.max_worse_pct}% worse than the champion` : `${l.metric}: ${[l.max !== undefined ? `at most ${l.max}` : '', l.min !== undefined ? `at least ${l.min}` : ''].filter(Boolean).join(', ')}`));
    inputs.push({ view, guardrails: rollout.guardrails.map((g) => ({ metric: g.metric, direction: g.direction, max_worse_pct: g.max_worse_pct })), limits, decisions: unique.map(rolloutDecisionRow) });
  }
  return { inputs, data: { rollouts: inputs.map((i) => i.view) } };
}

export async function planSite(store: StoreLocation, read: StoreRead, options: SiteOptions = {}): Promise<SitePlan> {
  const progress = options.progress ?? (() => undefined);
  const maxComparisons = options.maxComparisons ?? DEFAULT_MAX_COMPARISONS;
  const files: SiteFile[] = [];
  const storeName = mask(store.display);
  const canonical = (path: string): string | undefined => (options.baseUrl ? `${options.baseUrl.replace(/\/+$/, '')}/${path}` : undefined);
  const events = read.log.events.map((e) => e.event);

  // Entries, in status order then path (the overview's initial sort).
  const details = [...read.entries].sort((a, b) => STATUS_ORDER.indexOf(a.described.status) - STATUS_ORDER.indexOf(b.described.status) || (a.described.path < b.described.path ? -1 : 1));
  const entries = details.map(siteEntry);
  const unreadable: SiteEntry[] = read.unreadable.map((u) => ({
    key: u.path, id: u.name, status: 'unreadable', kind: null, quality: null, task: null, dataset: null, model: null, prompt_version: null, prompt_hash: null,
    created: null, items: null, cost: null, tokens: null, experiment: null, arm: null, page: null, problems: [u.problem],
  }));
  const byKey = new Map(entries.map((e) => [e.key, e]));
  const baselineKey = (id: string): string | undefined => entries.find((e) => e.id === id && e.kind === 'baseline' && e.status === 'baseline')?.key ?? entries.find((e) => e.id === id)?.key;
  const pageOf = (id: string): string | null => {
    const key = baselineKey(id);
    return key ? (byKey.get(key)?.page ?? null) : null;
  };

  // Histories.
  const baselines: HistoryBaseline[] = details
    .filter((d) => d.described.kind === 'baseline')
    .map((d) => ({
      id: d.described.id, key: d.described.path, status: d.described.status, page: entryPagePath(d.described.path), dataset: d.described.dataset, task: d.described.task,
      metrics: Object.fromEntries(d.metrics), promoted_from: text(d.metadata?.['promoted_from']), promoted_at: text(d.metadata?.['promoted_at']),
      promoted_by: text(d.metadata?.['promoted_by']), reason: text(d.metadata?.['reason']), created: d.described.created,
    }));
  const histories = buildHistories({ pins: read.pins, events, baselines, anchors: read.anchors, roots: read.roots });
  const historyUnits = unitsOf(new Set(histories.flatMap((h) => h.metrics)));

  // Comparisons.
  const chosen = choosePairs({
    histories, rollouts: read.rollouts.flatMap((r) => (r.loaded ? [{ id: r.id, champion: r.loaded.rollout.champion, challenger: r.loaded.rollout.challenger }] : [])),
    entries: details.map((d) => ({ key: d.described.path, id: d.described.id, status: d.described.status, created: d.described.created, dataset: d.described.dataset, task: d.described.task, experiment: d.described.experiment, arm: d.described.arm, configBaseline: d.configBaseline })),
    pins: read.pins, baselineKey,
  }, maxComparisons);
  const pairs: PrecomputedPair[] = [];
  const budgetMs = (options.compareBudgetSeconds ?? DEFAULT_COMPARE_BUDGET_SECONDS) * 1000;
  const compareStarted = Date.now();
  let overBudget = 0;
  for (const [i, pair] of chosen.pairs.entries()) {
    if (Date.now() - compareStarted > budgetMs) {
      overBudget = chosen.pairs.length - i;
      break;
    }
    try {
      const comparison = await runCompare({ store, a: pair.a, b: pair.b, top: DEFAULT_TOP });
      const file = `data/compare/${i}.js`;
      files.push({ path: file, content: `(window.PG_COMPARISONS = window.PG_COMPARISONS || {})[${JSON.stringify(file)}] = ${jsonForScript(comparison)};\n` });
      pairs.push({ a: pair.a, b: pair.b, why: pair.why, file, error: null });
    } catch (error) {
      if (!(error instanceof UsageError || error instanceof ArtifactError)) throw error;
      pairs.push({ a: pair.a, b: pair.b, why: pair.why, file: null, error: mask(error.message) });
    }
    if ((i + 1) % 25 === 0) progress(`compared ${i + 1} of ${chosen.pairs.length} pairs`);
  }
  progress(`precomputed ${pairs.filter((p) => p.file).length} comparisons${chosen.overCap > 0 ? ` (${chosen.overCap} more pairs over the cap of ${maxComparisons})` : ''}${overBudget > 0 ? ` (${overBudget} left out: the ${budgetMs / 1000} s budget ran out)` : ''}`);

  // Entry pages.
  const historyLinks = new Map<string, { label: string; href: string }[]>();
  histories.forEach((h, i) => {
    for (const p of h.points) if (p.key) historyLinks.set(p.key, [...(historyLinks.get(p.key) ?? []), { label: h.label, href: `history.html#history-${i}` }]);
  });
  for (const [i, d] of details.entries()) {
    const entry = entries[i] as SiteEntry;
    const mine = events.filter((e) => mentions(e, entry)).map((e): EntryEventLine => ({ at: e.at, type: e.type, from: e.from, to: e.to, actor: mask(e.actor), reason: e.reason ? mask(e.reason) : null, workflow_run_url: e.workflow_run_url ?? null }));
    const comparisons = pairs.filter((p) => p.a === entry.key || p.b === entry.key).map((p) => ({ label: `${p.a} → ${p.b}`, href: `compare.html#a=${encodeURIComponent(p.a)}&b=${encodeURIComponent(p.b)}` }));
    const metrics = d.metrics.slice(0, MAX_ENTRY_METRICS);
    const body = entryBody({
      entry, metrics, units: unitsOf(metrics.map(([k]) => k)), otherMetrics: d.otherMetrics.slice(0, 50), metadata: d.metadataFields, fingerprint: d.fingerprintFields,
      readme: d.readme, manifest: d.manifest, events: mine, comparisons, histories: historyLinks.get(entry.key) ?? [], metricsOmitted: Math.max(0, d.metrics.length - MAX_ENTRY_METRICS),
    }, '../');
    files.push({ path: entry.page as string, content: page({ page: 'entry', title: entry.id, root: '../', store: storeName, body, canonical: canonical(entry.page as string) }) });
  }
  progress(`wrote ${details.length} entry pages`);

  // Overview.
  const all = [...entries, ...unreadable];
  const storeProblems = [...read.problems];
  files.push({
    path: 'index.html',
    content: page({
      page: 'overview', title: 'Overview', root: '', store: storeName, canonical: canonical('index.html'),
      body: overviewBody({ entries: all, storeProblems, links: { events: events.length, rollouts: read.rollouts.length, histories: histories.length, comparisons: pairs.filter((p) => p.file).length } }),
    }),
  });

  // Compare.
  const compareData: CompareData = {
    entries: entries.map((e) => ({ key: e.key, id: e.id, status: e.status, dataset: e.dataset })),
    metrics: Object.fromEntries(details.map((d) => [d.described.path, d.metrics])),
    units: unitsOf(new Set(details.flatMap((d) => d.metrics.map(([k]) => k)))),
    pairs, pairs_over_cap: chosen.overCap + overBudget, max_pairs: maxComparisons,
    initial: pairs.find((p) => p.file) ?? pairs[0] ?? (entries.length >= 2 ? { a: (entries[0] as SiteEntry).key, b: (entries[1] as SiteEntry).key } : null),
  };
  files.push({ path: 'compare.html', content: page({ page: 'compare', title: 'Compare', root: '', store: storeName, canonical: canonical('compare.html'), body: compareBody(pairs, chosen.overCap, maxComparisons, overBudget, budgetMs / 1000), data: dataBlock('pg-compare', compareData) }) });

  // History.
  const historyData: HistoryData = { groups: histories, units: historyUnits };
  const historyNotes = read.pins.length === 0 && !events.some((e) => e.type === 'pin_changed') ? ['The policy pins no baseline and no pin_changed event is recorded, so the baselines are grouped by dataset.'] : [];
  files.push({ path: 'history.html', content: page({ page: 'history', title: 'History', root: '', store: storeName, canonical: canonical('history.html'), body: historyBody(histories, historyUnits, historyNotes), data: dataBlock('pg-history', historyData) }) });

  // Events.
  const views: EventView[] = read.log.events.map(({ event, file }) => {
    const entry = entries.find((e) => e.id === event.subject);
    const rollout = read.rollouts.find((r) => r.id === event.subject);
    return {
      file: mask(file), at: event.at, type: event.type, actor: mask(event.actor), subject: event.subject, from: event.from, to: event.to,
      reason: event.reason ? mask(event.reason) : null, gate_report_sha256: event.gate_report_sha256 ?? null, workflow_run_url: event.workflow_run_url ?? null,
      extra: extraFields(event), subjectHref: entry?.page ?? (rollout ? `rollouts.html#rollout-${rollout.id}` : null),
    };
  });
  const types = [...new Set(events.map((e) => e.type))].sort();
  files.push({ path: 'events.html', content: page({ page: 'events', title: 'Events', root: '', store: storeName, canonical: canonical('events.html'), body: eventsBody(views, read.log.problems.map((p) => ({ file: mask(p.file), message: mask(p.message) })), types) }) });

  // Rollouts.
  const rollouts = rolloutPages(read, events, pageOf);
  files.push({ path: 'rollouts.html', content: page({ page: 'rollouts', title: 'Rollouts', root: '', store: storeName, canonical: canonical('rollouts.html'), body: rolloutsBody(rollouts.inputs), data: dataBlock('pg-rollouts', rollouts.data) }) });

  return {
    files,
    counts: {
      entries: entries.length, unreadable: unreadable.length, events: events.length, rollouts: read.rollouts.length, histories: histories.length,
      comparisons: pairs.filter((p) => p.file).length, comparisonsRefused: pairs.filter((p) => p.error).length, pairsOverCap: chosen.overCap, pairsOverBudget: overBudget,
    },
    problems: storeProblems,
  };
}
