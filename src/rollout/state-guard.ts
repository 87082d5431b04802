/**
 * RELIABILITY T4: a rollout's `state:` is written only by promotion-gate, one decision at a
 * time, on its `rollout/<id>` branch. The gate checks every pull request that changes a
 * rollout file: a state that changes on any other branch, jumps further than one decision
 * can (skipping a stage, reviving a rolled-back challenger), or changes together with the
 * rollout's settings fails the compliance gate, naming the file. Settings alone may change
 * through a reviewed pull request; a new rollout starts at stage 0.
 */
import type { Check } from '../contract/check.js';
import { UsageError } from '../contract/errors.js';
import { nextState } from './decide.js';
import { describeState, parseRollout } from './load.js';
import { DECISIONS, allocationFor, type Rollout } from './schema.js';

import type { RolloutFileChange } from '../git/rollout-changes.js';

const CHECK_ID = 'rollout.state';

function parse(text: string, path: string): Rollout | string {
  try {
    return parseRollout(text, path);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
}

const withoutState = (r: Rollout): string => JSON.stringify({ ...r, state: undefined });

function sameState(a: Rollout['state'], b: Rollout['state']): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether `after` is a state one decision of the tool leads to from `before`. */
function oneDecision(before: Rollout, after: Rollout): boolean {
  const last = after.state.last;
  if (!last) return false;
  return DECISIONS.some((kind) => {
    if (kind !== last.decision) return false;
    const looks = before.state.looks + (before.state.last?.telemetry_sha256 === last.telemetry_sha256 ? 0 : 1);
    const expected = nextState(before, kind, last.at, last.telemetry_sha256, looks);
    return (
      expected.stage === after.state.stage &&
      expected.status === after.state.status &&
      Date.parse(expected.since) === Date.parse(after.state.since) &&
      expected.looks === after.state.looks &&
      JSON.stringify(expected.allocation) === JSON.stringify(after.state.allocation ?? allocationFor(after, after.state))
    );
  });
}

export function rolloutStateChecks(changes: RolloutFileChange[], headBranch: string | undefined): Check[] {
  const checks: Check[] = [];
  const fail = (path: string, message: string): void => {
    checks.push({ id: CHECK_ID, status: 'fail', message: `${path}: ${message}`, file: path });
  };
  for (const change of changes) {
    const branch = `rollout/${change.id}`;
    if (change.after === undefined) {
      const before = change.before === undefined ? undefined : parse(change.before, change.path);
      if (typeof before === 'object' && before.state.status === 'running') fail(change.path, 'deletes a running rollout; close it with a rollback or a promotion first');
      continue;
    }
    const after = parse(change.after, change.path);
    if (typeof after === 'string') {
      fail(change.path, `invalid rollout file: ${after}`);
      continue;
    }
    if (change.before === undefined) {
      const s = after.state;
      if (s.stage !== 0 || s.looks !== 0 || s.status !== 'running' || s.last !== undefined) fail(change.path, `a new rollout starts at stage 0, running, with no looks; it has ${describeState(s)}, ${s.looks} looks`);
      continue;
    }
    const before = parse(change.before, change.path);
    if (typeof before === 'string') continue; // a broken file on the base is being repaired
    if (sameState(before.state, after.state)) continue; // settings only: a reviewed change
    if (headBranch !== branch) {
      fail(change.path, `state: changed on branch ${headBranch ?? '(unknown)'}; only promotion-gate's ${branch} branch changes a rollout's state (${describeState(before.state)} → ${describeState(after.state)})`);
      continue;
    }
    if (withoutState(before) !== withoutState(after)) {
      fail(change.path, 'changes the rollout\'s settings and its state in one pull request; the state must follow one decision on the settings as they were');
      continue;
    }
    if (!oneDecision(before, after)) {
      fail(change.path, `state: ${describeState(before.state)} → ${describeState(after.state)} is not what one decision leads to (skipping a stage, reviving a closed rollout, or a hand edit)`);
    }
  }
  if (changes.length > 0 && checks.length === 0) {
    checks.push({ id: CHECK_ID, status: 'pass', message: `rollout files changed (${changes.map((c) => c.path).join(', ')}); every state change is one decision on its rollout branch` });
  }
  return checks;
}
