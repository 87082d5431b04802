// RELIABILITY T4 on a real git repository: the gate's check of rollout-file changes between the
// merge base and a pull request's head. Hand edits of `state:` (skipping a stage, reviving a
// rolled-back challenger) fail on any branch; one decision on rollout/<id> passes; settings
// alone may change through review.
import { afterAll, describe, expect, it } from 'vitest';
import { GitRepo } from '../../../src/git/repo.js';
import { changedRolloutFiles } from '../../../src/git/rollout-changes.js';
import { rolloutStateChecks } from '../../../src/rollout/state-guard.js';
import { git as fixtureGit } from '../../support/git.js';
import { rolloutYaml } from '../../support/rollout.js';
import { cleanupTempDirs, tempDir, writeFiles } from '../../support/temp-store.js';

afterAll(() => cleanupTempDirs());

const SINCE = '2026-11-20T00:00:00Z';
const PATH = 'data/eval/rollouts/planner.yml';
const base = rolloutYaml({ stage: 0, since: SINCE });
const last = (decision: string, at: string) => `  allocation: { champion: ${decision === 'increase' ? 0.75 : decision === 'rollback' ? 1 : 0.9}, challenger: ${decision === 'increase' ? 0.25 : decision === 'rollback' ? 0 : 0.1} }\n  last: { decision: ${decision}, at: "${at}", telemetry_sha256: "${'a'.repeat(64)}" }\n`;

/** The tool's own increase: stage 1 since the decision time, looks 0. */
const increased = rolloutYaml({ stage: 1, since: '2026-11-24T00:00:00Z' }) + last('increase', '2026-11-24T00:00:00Z');
const skipped = rolloutYaml({ stage: 2, since: '2026-11-24T00:00:00Z' });
const rolledBack = rolloutYaml({ stage: 0, since: SINCE, looks: 1, status: 'rolled_back' }) + last('rollback', '2026-11-21T00:00:00Z');

const git = (dir: string, args: string[]): string => fixtureGit(dir, ...args);

async function checksFor(before: string | undefined, after: string | undefined, branch: string) {
  const dir = tempDir('pg-t4-');
  git(dir, ['init', '-q', '-b', 'main']);
  writeFiles(dir, { 'README.md': 'x\n', ...(before !== undefined ? { [PATH]: before } : {}) });
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-qm', 'base']);
  const mergeBase = git(dir, ['rev-parse', 'HEAD']);
  git(dir, ['checkout', '-qb', branch]);
  if (after === undefined) git(dir, ['rm', '-q', PATH]);
  else writeFiles(dir, { [PATH]: after });
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-qm', 'change']);
  return rolloutStateChecks(await changedRolloutFiles(GitRepo.at(dir), mergeBase, git(dir, ['rev-parse', 'HEAD']), 'data/eval'), branch);
}

describe('rollout state changes on pull requests (T4)', () => {
  it.each([
    ['a hand edit that skips a stage, on a feature branch', base, skipped, 'edit-state', 'only promotion-gate\'s rollout/planner branch changes a rollout\'s state (stage 0 → stage 2)'],
    ['a skip even on the rollout branch', base, skipped, 'rollout/planner', 'stage 0 → stage 2 is not what one decision leads to'],
    ['reviving a rolled-back challenger', rolledBack, base, 'rollout/planner', 'is not what one decision leads to'],
    ['settings and state in one PR', base, increased.replace('min_samples: 1000', 'min_samples: 10'), 'rollout/planner', 'changes the rollout\'s settings and its state in one pull request'],
    ['a new rollout that starts past stage 0', undefined, skipped, 'add-rollout', 'a new rollout starts at stage 0'],
    ['deleting a running rollout', base, undefined, 'cleanup', 'deletes a running rollout'],
  ])('fails %s', async (_what, before, after, branch, message) => {
    const checks = await checksFor(before, after, branch);
    expect(checks).toEqual([expect.objectContaining({ id: 'rollout.state', status: 'fail', file: PATH })]);
    expect(checks[0]?.message).toContain(message);
  });

  it.each([
    ['one increase by the tool on its branch', base, increased, 'rollout/planner'],
    ['a settings change reviewed on any branch', base, base.replace('min_samples: 1000', 'min_samples: 5000'), 'tune-rollout'],
    ['a new rollout at stage 0', undefined, base, 'add-rollout'],
  ])('passes %s', async (_what, before, after, branch) => {
    const checks = await checksFor(before, after, branch);
    expect(checks).toEqual([expect.objectContaining({ id: 'rollout.state', status: 'pass' })]);
  });
});
