/**
 * Multi-model dependencies (DESIGN.md section 12), the pure part. A policy says
 * `dependencies: [{ upstream: {dataset?, task?}, downstream: [{dataset?, task?}] }]`: the
 * downstream models consume the upstream model's outputs (a summarizer built on an NER
 * model's entities). A downstream run's fingerprint.json records which upstream baseline it
 * was produced with, under `upstream`:
 *
 *   "upstream": "baseline_ner_v2"                                   one upstream
 *   "upstream": {"baseline": "baseline_ner_v2", "task": "ner"}      with its pin keys
 *   "upstream": [{"baseline": "...", "dataset": "...", "task": "..."}, ...]   several
 *
 * An entry belongs to a dependency when the keys it states agree with the dependency's
 * upstream match; an entry stating no keys belongs to the dependency only when it is the
 * run's one entry. The pinned upstream is the policy pin matching the upstream's keys.
 *
 * Two decisions come out: a downstream candidate built on an upstream other than the pinned
 * one fails (naming both), and promoting an upstream lists the downstream baselines produced
 * with the previous (pinned) upstream, to be re-evaluated.
 */
import type { Check } from '../contract/check.js';
import { quoteForMessage } from '../parse/json.js';
import type { Dependency, Pin, PinMatch } from '../policy/schema.js';
import { ID_PATTERN } from '../store/ids.js';

export interface Identity {
  dataset?: string;
  task?: string;
}

export interface UpstreamRef {
  baseline: string;
  dataset?: string;
  task?: string;
}

export interface Upstreams {
  entries: UpstreamRef[];
  /** `upstream` is there but not in a readable shape (said in one line). */
  problem?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The upstream entries a fingerprint records (none when it has no `upstream`). */
export function upstreamsOf(fingerprint: unknown): Upstreams {
  if (!isRecord(fingerprint) || fingerprint.upstream === undefined) return { entries: [] };
  const raw = fingerprint.upstream;
  const list = Array.isArray(raw) ? raw : [raw];
  const entries: UpstreamRef[] = [];
  for (const [i, item] of list.entries()) {
    const at = Array.isArray(raw) ? `upstream[${i}]` : 'upstream';
    if (typeof item === 'string' && item !== '') {
      if (!ID_PATTERN.test(item)) return { entries, problem: `${at}: ${quoteForMessage(item)} is not a baseline id` };
      entries.push({ baseline: item });
      continue;
    }
    if (!isRecord(item) || typeof item.baseline !== 'string' || item.baseline === '') {
      return { entries, problem: `${at}: must be a baseline id or {"baseline": id, "dataset"?: ..., "task"?: ...}` };
    }
    for (const key of ['dataset', 'task'] as const) {
      if (item[key] !== undefined && typeof item[key] !== 'string') return { entries, problem: `${at}.${key}: must be a string` };
    }
    if (!ID_PATTERN.test(item.baseline)) return { entries, problem: `${at}.baseline: ${quoteForMessage(item.baseline)} is not a baseline id` };
    entries.push({
      baseline: item.baseline,
      ...(typeof item.dataset === 'string' ? { dataset: item.dataset } : {}),
      ...(typeof item.task === 'string' ? { task: item.task } : {}),
    });
  }
  return { entries };
}

/** Every key the match states equals the identity's. */
export function matchesIdentity(match: PinMatch, identity: Identity): boolean {
  if (match.dataset !== undefined && match.dataset !== identity.dataset) return false;
  if (match.task !== undefined && match.task !== identity.task) return false;
  return true;
}

/** `dataset ds, task ner`: how a match is named in messages. */
export function matchText(match: PinMatch): string {
  return [match.dataset !== undefined && `dataset ${match.dataset}`, match.task !== undefined && `task ${match.task}`].filter(Boolean).join(', ');
}

/**
 * The baseline pinned for the upstream: among the pins whose keys do not contradict the match
 * (a key either side leaves out agrees with anything), the one stating most of the match's keys,
 * the first in policy order on a tie. So `upstream: {task: ner}` finds the pin
 * `{baseline: ner_v2, dataset: ds1, task: ner}` that `set-pin` keeps for the NER runs.
 */
export function pinnedUpstream(match: PinMatch, pins: readonly Pin[]): string | undefined {
  let best: { baseline: string; score: number } | undefined;
  for (const pin of pins) {
    const keys = (['dataset', 'task'] as const);
    if (keys.some((k) => pin[k] !== undefined && match[k] !== undefined && pin[k] !== match[k])) continue;
    const score = keys.filter((k) => match[k] !== undefined && pin[k] === match[k]).length;
    if (!best || score > best.score) best = { baseline: pin.baseline, score };
  }
  return best?.baseline;
}

/** The entry of a run's upstreams that belongs to this dependency's upstream. */
export function entryFor(dependency: Dependency, upstreams: readonly UpstreamRef[]): UpstreamRef | undefined {
  const stated = upstreams.filter((e) => e.dataset !== undefined || e.task !== undefined);
  const agreeing = stated.find((e) => (e.dataset === undefined || dependency.upstream.dataset === undefined || e.dataset === dependency.upstream.dataset)
    && (e.task === undefined || dependency.upstream.task === undefined || e.task === dependency.upstream.task));
  if (agreeing) return agreeing;
  return upstreams.length === 1 && stated.length === 0 ? upstreams[0] : undefined;
}

export interface DownstreamInput {
  dependencies: readonly Dependency[];
  pins: readonly Pin[];
  candidate: Identity;
  upstreams: Upstreams;
  /** How the candidate's fingerprint is named, e.g. `data/eval/runs/x/fingerprint.json`. */
  fingerprintFile: string;
}

/** The compliance checks of a downstream candidate: one per dependency it is downstream of. */
export function downstreamChecks(input: DownstreamInput): Check[] {
  const checks: Check[] = [];
  for (const [index, dependency] of input.dependencies.entries()) {
    if (!dependency.downstream.some((d) => matchesIdentity(d, input.candidate))) continue;
    const id = `dependencies.${index}.upstream`;
    const upstream = matchText(dependency.upstream);
    const pinned = pinnedUpstream(dependency.upstream, input.pins);
    const file = input.fingerprintFile;
    if (input.upstreams.problem) {
      checks.push({ id, status: 'fail', message: `${file}: ${input.upstreams.problem}`, file });
      continue;
    }
    const entry = entryFor(dependency, input.upstreams.entries);
    if (pinned === undefined) {
      checks.push({ id, status: 'warn', message: `no pin for the upstream (${upstream}) of dependencies[${index}]: which upstream this run should be built on is unknown` });
    } else if (!entry) {
      checks.push({ id, status: 'warn', message: `${file} names no upstream for ${upstream} (dependencies[${index}]): add "upstream": "${pinned}" so the gate can check it was built on the pinned upstream`, file });
    } else if (entry.baseline !== pinned) {
      checks.push({
        id, status: 'fail', file,
        message: `built on upstream ${entry.baseline}, but the pinned upstream (${upstream}) is ${pinned}: re-run this downstream model on ${pinned}'s outputs (${file} names ${entry.baseline})`,
      });
    } else {
      checks.push({ id, status: 'pass', message: `built on upstream ${pinned}, the pinned one (${upstream})` });
    }
  }
  return checks;
}

/** A downstream baseline as read from the store. */
export interface DownstreamBaseline {
  id: string;
  identity: Identity;
  upstreams: Upstreams;
}

export interface StaleDownstream {
  baseline: string;
  dataset?: string;
  task?: string;
  /** The upstream its fingerprint names: the previous upstream. */
  upstream: string;
  dependency: number;
}

export interface UpstreamImpact {
  /** The upstream being gated (and perhaps promoted): its keys, and the pinned upstream it would replace. */
  dependency: number;
  upstream: PinMatch;
  previous?: string;
  stale: StaleDownstream[];
}

/**
 * For a candidate that is an upstream model: the downstream baselines produced with the
 * previous upstream (the pinned one), which a promotion of this candidate leaves stale.
 */
export function upstreamImpact(input: { dependencies: readonly Dependency[]; pins: readonly Pin[]; candidate: Identity; candidateRun: string; baselines: readonly DownstreamBaseline[] }): UpstreamImpact[] {
  const impacts: UpstreamImpact[] = [];
  for (const [index, dependency] of input.dependencies.entries()) {
    if (!matchesIdentity(dependency.upstream, input.candidate)) continue;
    const previous = pinnedUpstream(dependency.upstream, input.pins);
    const stale: StaleDownstream[] = [];
    for (const b of input.baselines) {
      if (!dependency.downstream.some((d) => matchesIdentity(d, b.identity))) continue;
      const entry = entryFor(dependency, b.upstreams.entries);
      if (!entry || previous === undefined || entry.baseline !== previous) continue;
      stale.push({ baseline: b.id, ...b.identity, upstream: entry.baseline, dependency: index });
    }
    stale.sort((a, b) => (a.baseline < b.baseline ? -1 : a.baseline > b.baseline ? 1 : 0));
    impacts.push({ dependency: index, upstream: dependency.upstream, ...(previous !== undefined ? { previous } : {}), stale });
  }
  return impacts;
}
