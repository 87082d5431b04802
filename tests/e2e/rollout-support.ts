/**
 * End-to-end support for `command: rollout`: a workspace holding a store with a rollout (what
 * actions/checkout leaves), the same files on `main` in the fake GitHub behind Prism, telemetry
 * written relative to the real clock, and the bundled action started as the runner starts it
 * (with MLFLOW_TRACKING_URI pointing at the fake MLflow server).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GitHubSession } from '../support/github/control-client.js';
import type { FakeMlflow } from '../support/mlflow/fake-mlflow.js';
import { GOOD, ROLLOUT_ID, rolloutYaml, unitRows, writeRolloutStore, type ArmBehaviour } from '../support/rollout.js';
import { readTree, tempDir, writeFiles } from '../support/temp-store.js';
import { OWNER, REPO, runBundledAction, type ActionResult } from '../support/action-runner.js';

export const STORE = 'data/eval';
export const ROLLOUT_PATH = `${STORE}/rollouts/${ROLLOUT_ID}.yml`;
export const BRANCH = `rollout/${ROLLOUT_ID}`;

const DAY = 86_400_000;
const iso = (t: number): string => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface RolloutWorkspace {
  dir: string;
  baseSha: string;
}

/** A store whose rollout is at `stage`, started `daysAgo` days ago, with telemetry for the stage. */
export async function makeRolloutWorkspace(
  gh: GitHubSession,
  options: { stage: number; daysAgo: number; allocation: number; challenger?: ArmBehaviour; perDay?: number; registry?: boolean },
): Promise<RolloutWorkspace> {
  const dir = tempDir('pg-rollout-ws-');
  const since = iso(Date.now() - options.daysAgo * DAY);
  writeRolloutStore(dir, STORE, rolloutYaml({ stage: options.stage, since }, options.registry ?? true));
  writeFiles(dir, { 'README.md': '# evals\n' });
  const { commit } = await gh.seedBranch(OWNER, REPO, 'main', Object.fromEntries(readTree(dir)), { replace: true });
  mkdirSync(join(dir, 'telemetry'));
  writeFileSync(
    join(dir, 'telemetry', `${ROLLOUT_ID}.jsonl`),
    unitRows({ since, until: iso(Date.now() - 60_000), perDay: options.perDay ?? 40_000, allocation: options.allocation, champion: GOOD, challenger: options.challenger ?? GOOD }),
  );
  return { dir, baseSha: commit };
}

/** A workspace checked out from the fake's `main` (after a merge), with the same telemetry folder. */
export async function checkoutMain(gh: GitHubSession, from: RolloutWorkspace): Promise<RolloutWorkspace> {
  const dir = tempDir('pg-rollout-ws-');
  const tree = await gh.readTree(OWNER, REPO, 'main');
  writeFiles(dir, Object.fromEntries([...tree].map(([path, file]) => [path, file.content])));
  mkdirSync(join(dir, 'telemetry'));
  for (const name of readdirSync(join(from.dir, 'telemetry'))) writeFileSync(join(dir, 'telemetry', name), readFileSync(join(from.dir, 'telemetry', name)));
  return { dir, baseSha: (await gh.getRef(OWNER, REPO, 'main')) ?? '' };
}

export function runRollout(gh: GitHubSession, ws: RolloutWorkspace, mlflow: FakeMlflow, inputs: Record<string, string> = {}): Promise<ActionResult> {
  return runBundledAction({
    gh,
    workspace: ws.dir,
    eventName: 'schedule',
    event: { schedule: '0 6 * * *' },
    inputs: { command: 'rollout', store: STORE, telemetry: 'telemetry', 'github-token': gh.tokens.write, 'auto-merge': 'none', ...inputs },
    env: {
      GITHUB_REF: 'refs/heads/main',
      GITHUB_SHA: ws.baseSha,
      GITHUB_ACTOR: 'github-actions[bot]',
      GITHUB_RUN_ID: '3003',
      GITHUB_JOB: 'rollout',
      MLFLOW_TRACKING_URI: mlflow.url,
      MLFLOW_TRACKING_TOKEN: mlflow.token,
    },
  });
}
