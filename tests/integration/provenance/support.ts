/**
 * Real git repositories with an evaluation store and a small evaluation script, for the
 * provenance integration tests. The CLI runs in-process (runCli with the real commands),
 * so these tests need no bundle; tests/cli/provenance.test.ts covers the bundled CLI.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main.js';
import { COMMANDS } from '../../../src/cli/commands.js';
import { writeSeal } from '../../../src/provenance/seal/seal.js';
import { commitAll as commitFiles, git, initRepo } from '../../support/git.js';
import { tempDir, writeFiles } from '../../support/temp-store.js';
import { Rng } from '../../../src/stats/rng.js';

export { git };

/** Commits everything but the store's runs (candidates stay untracked, as in a working copy). */
export function commitAll(cwd: string, message = 'change'): string {
  return commitFiles(cwd, message, ['.', ':(exclude)data/eval/runs']);
}

/**
 * Writes predictions.jsonl and metrics.json into $PROMOTION_GATE_RUN_DIR. Arguments are
 * `key=value`: exit=N fails, sleep=MS waits first, items=a,b,c, secret=TOKEN plants it in the first output,
 * metrics=bad writes a NaN, prompts=1 writes its own prompts.json.
 */
export const EVAL_SCRIPT = `import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
const dir = process.env.PROMOTION_GATE_RUN_DIR;
const dataset = process.env.PROMOTION_GATE_DATASET_ID;
const args = Object.fromEntries(process.argv.slice(2).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
console.log('evaluating ' + dataset + ' as ' + process.env.PROMOTION_GATE_RUN_ID);
console.log('config ' + (process.env.PROMOTION_GATE_CONFIG ?? 'none'));
console.log('argv ' + JSON.stringify(process.argv.slice(2).filter((a) => !a.startsWith('secret='))));
console.error('progress 100%');
if (args.sleep) {
  console.log('sleeping');
  await new Promise((resolve) => setTimeout(resolve, Number(args.sleep)));
}
if (args.exit) process.exit(Number(args.exit));
const items = (args.items ?? 'a,b,c').split(',');
const lines = items.map((id, i) => JSON.stringify({ id, dataset_id: dataset, output: i === 0 && args.secret ? 'use ' + args.secret : 'answer ' + id, scores: { exact_match: 1 } }));
writeFileSync(join(dir, 'predictions.jsonl'), lines.join('\\n') + '\\n');
writeFileSync(join(dir, 'metrics.json'), args.metrics === 'bad' ? '{"exact_match": NaN}' : JSON.stringify({ dataset_id: dataset, task: 'qa', exact_match: Number(args.score ?? 1) }));
if (args.prompts) writeFileSync(join(dir, 'prompts.json'), JSON.stringify({ system: 'written by the command' }));
`;

export const CONFIG = `# experiment config
task: qa
data:
  dataset_id: ds1
model:
  name: demo-model
  temperature: 0
  seed: 7
prompt_version: pv_1.0.0
prompts:
  system: {file: prompts/system.txt}
  user: "Answer the question: {{question}}"
training_datasets: [train_v1]
`;

export interface Repo {
  root: string;
  store: string;
  head: string;
}

/** A repository holding eval.mjs, config.yaml, a prompt file and an empty store. */
export function makeRepo(policy = 'version: 1\n'): Repo {
  const root = initRepo(tempDir('pg-prov-'));
  writeFiles(root, {
    'eval.mjs': EVAL_SCRIPT,
    'config.yaml': CONFIG,
    'prompts/system.txt': 'You are a careful assistant.\nAnswer briefly.\n',
    'data/eval/policy.yml': policy,
  });
  const head = commitAll(root, 'initial');
  return { root, store: join(root, 'data/eval'), head };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    isTty: false,
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
  }, COMMANDS);
  return { code, stdout, stderr };
}

/** `run create` of eval.mjs with the repository's config; extra script arguments last. */
export function createArgs(runId: string, scriptArgs: string[] = [], extra: string[] = []): string[] {
  return ['run', 'create', '--store', 'data/eval', '--run-id', runId, '--dataset-id', 'ds1', '--config', 'config.yaml', ...extra, '--', process.execPath, 'eval.mjs', ...scriptArgs];
}

export const readJson = <T = Record<string, unknown>>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

/** What promotion does to a run (the promote command is another module): move, README, fields. */
export function promote(store: string, runId: string, baselineId: string): string {
  const target = join(store, 'baselines', baselineId);
  mkdirSync(join(store, 'baselines'), { recursive: true });
  renameSync(join(store, 'runs', runId), target);
  writeFileSync(join(target, 'README.md'), `# ${baselineId}\n\nPromoted for the tests.\n`);
  const metadata = readJson(join(target, 'baseline.json'));
  writeFileSync(
    join(target, 'baseline.json'),
    JSON.stringify({ ...metadata, promoted_from: runId, promoted_at: '2026-01-01T00:00:00Z', promoted_as: 'baseline', promoted_id: baselineId, reason: 'tests' }, null, 2),
  );
  return target;
}

/** Re-seals a run after a test edited it on purpose (so only the check under test fails). */
export async function reseal(store: string, runId: string): Promise<void> {
  await writeSeal({ root: store, display: 'data/eval' }, `runs/${runId}`, join(store, 'runs', runId));
}

export function editJson(path: string, edit: (value: Record<string, unknown>) => void): void {
  const value = readJson(path);
  edit(value);
  writeFileSync(path, JSON.stringify(value, null, 2));
}

/** A GitHub-token-shaped fake, built at run time so no source file holds one. */
export function fakeToken(seed = 1): string {
  const rng = new Rng(seed);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let body = '';
  for (let i = 0; i < 36; i++) body += alphabet[Math.floor(rng.nextFloat() * alphabet.length)];
  return `ghp_${body}`;
}
