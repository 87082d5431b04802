/**
 * End-to-end support for `command: rollout`: a workspace holding a store with a rollout (what
 * actions/checkout leaves), the same files on `main` in the fake GitHub behind Prism, telemetry
 * written relative to the real clock, and the bundled action started as the runner starts it
 * (with MLFLOW_TRACKING_URI pointing at the fake MLflow server).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { GitHubSession } from '../support/github/control-client.js';
import type { FakeMlflow } from '../support/mlflow/fake-mlflow.js';
import { GOOD, ROLLOUT_ID, rolloutYaml, unitRows, writeRolloutStore, type ArmBehaviour } from '../support/rollout.js';
import { tempDir, writeFiles } from '../support/temp-store.js';
import { ACTION, OWNER, REPO, type ActionResult } from './promote-support.js';

export const STORE = 'data/eval';
export const ROLLOUT_PATH = `${STORE}/rollouts/${ROLLOUT_ID}.yml`;
export const BRANCH = `rollout/${ROLLOUT_ID}`;

const DAY = 86_400_000;
const iso = (t: number): string => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');

function walk(root: string, dir = root, out = new Map<string, Buffer>()): Map<string, Buffer> {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(root, full, out);
    else out.set(relative(root, full).split(sep).join('/'), readFileSync(full));
  }
  return out;
}

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
  const { commit } = await gh.seedBranch(OWNER, REPO, 'main', Object.fromEntries(walk(dir)), { replace: true });
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

function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const m of text.matchAll(/^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1] ?? ''] = m[3] ?? '';
  return outputs;
}

export function runRollout(gh: GitHubSession, ws: RolloutWorkspace, mlflow: FakeMlflow, inputs: Record<string, string> = {}): Promise<ActionResult> {
  const dir = tempDir('pg-rollout-runner-');
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary.md');
  const eventPath = join(dir, 'event.json');
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  writeFileSync(eventPath, JSON.stringify({ schedule: '0 6 * * *' }));
  mkdirSync(join(dir, 'tmp'));
  const all: Record<string, string> = { command: 'rollout', store: STORE, telemetry: 'telemetry', 'github-token': gh.tokens.write, 'auto-merge': 'none', ...inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    ...gh.env(),
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'schedule',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: ws.baseSha,
    GITHUB_ACTOR: 'github-actions[bot]',
    GITHUB_WORKSPACE: ws.dir,
    GITHUB_RUN_ID: '3003',
    GITHUB_JOB: 'rollout',
    RUNNER_TEMP: join(dir, 'tmp'),
    MLFLOW_TRACKING_URI: mlflow.url,
    MLFLOW_TRACKING_TOKEN: mlflow.token,
  };
  for (const [name, value] of Object.entries(all)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ACTION], { cwd: ws.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, outputs: parseOutputs(readFileSync(outputPath, 'utf8')), summary: readFileSync(summaryPath, 'utf8') }));
  });
}
