/**
 * `rollout apply`, the pure part: from the rollout as it is and a decision file, everything
 * the decision changes, as data. The next state (only ever the one `decide` would write, so a
 * hand-edited decision cannot skip a stage), one event with the decision's numbers, and on
 * `promote` the champion archived (the lifecycle's archive plan), the policy pins moved to
 * the challenger and the rollout closed; on `rollback` the challenger at 0. The registry
 * calls are listed here and made by the applier before the state is written.
 */
import { z } from 'zod';
import { UsageError } from '../contract/errors.js';
import { planArchive } from '../lifecycle/archive.js';
import type { StoreChange } from '../lifecycle/change.js';
import { eventFile, type EventFile, type EventInput } from '../store/events.js';
import type { StoreEntry } from '../store/status.js';
import { registryOps } from './registry-ops.js';
import { DECISION_SCHEMA, EMPTY_SHA256, nextState, type RolloutDecision } from './decide.js';
import { describeState, withState, type LoadedRollout } from './load.js';
import { decisionMarkdown, decisionTitle } from './markdown.js';
import { movePins } from './pins.js';
import { DECISIONS, allocationSchema, stateSchema, type Rollout } from './schema.js';

import type { RegistryOp } from '../registry/ops.js';
const decisionFileSchema = z.looseObject({
  schema: z.literal(DECISION_SCHEMA),
  rollout: z.string(),
  decision: z.enum(DECISIONS),
  decided_at: z.string(),
  from: stateSchema.extend({ allocation: allocationSchema }),
  to: stateSchema.extend({ allocation: allocationSchema }),
  looks: z.number().int().nonnegative(),
  telemetry: z.looseObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
});

export interface RolloutApplyPlan {
  id: string;
  decision: RolloutDecision;
  /** Store-relative path and new text of the rollout file (written last). */
  rolloutRel: string;
  rolloutText: string;
  /** Folders moved (the champion, on promote) and event files, for the lifecycle appliers. */
  change: StoreChange;
  policy?: { text: string; changes: string[] };
  registry: RegistryOp[];
  title: string;
  body: string;
}

export type ApplyOutcome = { kind: 'already'; message: string } | { kind: 'plan'; plan: RolloutApplyPlan };

export interface ApplyInput {
  loaded: LoadedRollout;
  /** The decision file's parsed JSON. */
  decision: unknown;
  decisionDisplay: string;
  /** Entries of the store (for archiving the champion on promote). */
  entries: StoreEntry[];
  /** The policy's text and how to name it, when it exists. */
  policy?: { text: string; display: string };
  actor: string;
  workflowRunUrl?: string;
}

const sameState = (a: Rollout['state'], b: Rollout['state']): boolean =>
  a.stage === b.stage && a.status === b.status && Date.parse(a.since) === Date.parse(b.since) && a.looks === b.looks && a.last?.telemetry_sha256 === b.last?.telemetry_sha256 && a.last?.decision === b.last?.decision;

function parseDecision(value: unknown, display: string): RolloutDecision {
  const parsed = decisionFileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${display}: not a ${DECISION_SCHEMA} file: ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data as unknown as RolloutDecision;
}

const stageName = (rollout: Rollout, state: Rollout['state']): string =>
  state.status === 'running' ? `stage ${state.stage} (${rollout.stages[state.stage]?.allocation ?? '?'})` : state.status === 'promoted' ? 'promoted (1)' : 'rolled back (0)';

/** The decision's numbers, as kept in the event (section 10: "the decision's numbers for rollouts"). */
function numbers(d: RolloutDecision): Record<string, unknown> {
  return {
    rollout: d.rollout,
    decision: d.decision,
    reasons: d.reasons,
    allocation: d.to.allocation,
    looks: d.looks,
    days_at_stage: d.stage.days,
    telemetry_sha256: d.telemetry.sha256,
    srm: d.srm ? { p_value: d.srm.p_value, observed_challenger_share: d.srm.observed_challenger_share, planned_challenger_share: d.srm.planned_challenger_share } : null,
    guardrails: (d.guardrails ?? []).map((g) => ({ metric: g.metric, estimate: g.estimate, interval: g.interval, margin: g.margin, status: g.status, n: [g.champion.n, g.challenger.n] })),
    limits: (d.limits ?? []).map((l) => ({ metric: l.metric, estimate: l.estimate, interval: l.interval, exceeded: l.exceeded })),
  };
}

export function planRolloutApply(input: ApplyInput): ApplyOutcome {
  const { loaded } = input;
  const { rollout, id } = loaded;
  const decision = parseDecision(input.decision, input.decisionDisplay);
  if (decision.rollout !== id) throw new UsageError(`${input.decisionDisplay}: the decision is for rollout "${decision.rollout}", not "${id}"`);
  const current = rollout.state;
  const { from, to } = decision;
  if (!sameState(current, from)) {
    if (sameState(current, to)) return { kind: 'already', message: `${loaded.display} already holds this decision (${decision.decision} at ${decision.decided_at}): nothing to do` };
    throw new UsageError(
      `${input.decisionDisplay}: the decision was made for ${describeState(from)} (since ${from.since}, ${from.looks} looks) but ${loaded.display} is at ${describeState(current)} ` +
        `(since ${current.since}, ${current.looks} looks): decide again on the current state`,
    );
  }
  if (current.status !== 'running') throw new UsageError(`${loaded.display}: the rollout is ${current.status.replace('_', ' ')}; it is closed`);
  // The only state this decision may lead to: what decide computes from the current one.
  const sha = decision.telemetry.sha256 ?? EMPTY_SHA256;
  const expected = nextState(rollout, decision.decision, decision.decided_at, sha, decision.looks);
  if (!statesEqual(expected, to)) {
    throw new UsageError(`${input.decisionDisplay}: "to" is not the state a ${decision.decision} decision leads to from ${describeState(current)}; the decision file was edited`);
  }
  const now = new Date(Date.parse(decision.decided_at)).toISOString().replace(/\.000Z$/, 'Z');
  const base = { at: now, actor: input.actor, ...(input.workflowRunUrl ? { workflow_run_url: input.workflowRunUrl } : {}) };
  const events: EventFile[] = [];
  const moves: StoreChange['moves'] = [];
  let policy: RolloutApplyPlan['policy'];
  const type: EventInput['type'] = decision.decision === 'increase' ? 'rollout_advanced' : decision.decision === 'rollback' ? 'rolled_back' : decision.decision === 'promote' ? 'promoted_to_production' : 'rollout_decision';
  const reason = decision.reasons.join(' ').slice(0, 4000);
  if (decision.decision === 'promote') {
    events.push(eventFile({ ...base, type, subject: rollout.challenger, from: rollout.champion, to: rollout.challenger, reason, ...numbers(decision) }));
    if (input.policy) {
      const moved = movePins(input.policy.text, input.policy.display, rollout.champion, rollout.challenger);
      if (moved.changes.length > 0) {
        policy = { text: moved.text, changes: moved.changes.map((c) => c.description) };
        for (const c of moved.changes) {
          events.push(eventFile({ ...base, type: 'pin_changed', subject: rollout.challenger, from: rollout.champion, to: rollout.challenger, pin: c.pin, reason: `rollout ${id} promoted ${rollout.challenger} to production` }));
        }
      }
    }
    const archive = planArchive(input.entries, {
      name: `baselines/${rollout.champion}`,
      reason: `replaced in production by ${rollout.challenger} (rollout ${id})`,
      ...base,
      now,
      names: { id: 'champion', reason: 'reason' },
    });
    if (archive.kind === 'change') {
      moves.push(...archive.change.moves);
      events.push(...archive.change.events);
    }
  } else {
    events.push(eventFile({ ...base, type, subject: id, from: stageName(rollout, current), to: stageName(rollout, to), reason, ...numbers(decision) }));
  }
  const rolloutText = withState(loaded.text, { stage: to.stage, since: to.since, looks: to.looks, status: to.status, allocation: to.allocation, ...(to.last ? { last: to.last } : {}) }, loaded.display);
  const change: StoreChange = {
    kind: 'archive',
    title: decisionTitle(decision),
    body: decision.reasons.join('\n'),
    moves,
    deletes: [],
    events,
  };
  return {
    kind: 'plan',
    plan: {
      id,
      decision,
      rolloutRel: loaded.rel,
      rolloutText,
      change,
      ...(policy ? { policy } : {}),
      registry: registryOps(rollout.registry, decision.decision),
      title: decisionTitle(decision),
      body: decisionMarkdown(decision),
    },
  };
}

function statesEqual(a: Rollout['state'], b: Rollout['state']): boolean {
  return sameState(a, b) && JSON.stringify(a.allocation) === JSON.stringify(b.allocation);
}
