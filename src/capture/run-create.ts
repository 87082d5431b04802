/**
 * `run create`: every baseline, reference and experiment is produced the same way. Creates
 * runs/<id>/ (never reusing one), snapshots the config, runs the evaluation command with
 * the run's coordinates in its environment, applies the functional gate to what it wrote,
 * then writes fingerprint.json, baseline.json and, last, manifest.json. Any failure on the
 * way leaves baseline.json with `status: "failed"` and no manifest.
 */
import { mkdir, realpath } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { userInfo } from 'node:os';
import { UsageError } from '../contract/errors.js';
import type { Check } from '../contract/check.js';
import type { StoreLocation } from '../store/location.js';
import { CLI_NAMES } from '../contract/inputs.js';
import { readPolicy } from '../policy/read.js';
import { validateId } from '../store/ids.js';
import { TOOL_NAME } from '../contract/version.js';
import { resolveExecutable, runCommand } from './command-runner.js';
import { CONFIG_FILE } from '../provenance/config-hash.js';
import { loadConfigSnapshot, type ConfigSnapshot } from './config-snapshot.js';
import { fingerprintRun } from './fingerprint-run.js';
import { captureGitState, repositoryRoot, type GitState } from './git-state.js';
import { buildManifest, MANIFEST_FILE, METADATA_FILE } from '../provenance/seal/manifest.js';
import { promptsFromConfig } from './prompt-source.js';
import { functionalProblems } from './run-functional.js';
import { scanRun } from '../provenance/seal/run-scan.js';
import { redactSecrets } from '../provenance/secrets/patterns.js';
import { summarizeSecrets } from '../provenance/checks/files.js';
import { writeRunFile, writeRunJson } from '../store/writer.js';

export interface CreateRunRequest {
  store: StoreLocation;
  runId?: string;
  datasetId: string;
  config?: { path: string; display: string };
  baselineId?: string;
  command: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  now?: () => Date;
  /** `--experiment EXP --arm control|treatment`. */
  experiment?: { id: string; arm: string };
  promptVersion?: string;
  tags?: Record<string, string>;
}

export interface CreateRunResult {
  runId: string;
  runDir: string;
  status: 'completed' | 'failed';
  reason?: string;
  problems: Check[];
  fingerprint?: Record<string, unknown>;
}

export const ENV = {
  runDir: 'PROMOTION_GATE_RUN_DIR',
  runId: 'PROMOTION_GATE_RUN_ID',
  datasetId: 'PROMOTION_GATE_DATASET_ID',
  config: 'PROMOTION_GATE_CONFIG',
  baselineId: 'PROMOTION_GATE_BASELINE_ID',
} as const;

/** `run_20260402T074348Z`: sortable, and a valid id. */
export function timestampedRunId(now: Date): string {
  return `run_${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
}

function whoAmI(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.USERNAME ?? 'unknown';
  }
}

/** Creates runs/<id>/ atomically; an existing folder is refused (default ids step aside). */
async function makeRunDir(store: StoreLocation, requested: string | undefined, now: Date): Promise<{ runId: string; runDir: string }> {
  const runs = join(store.root, 'runs');
  await mkdir(runs, { recursive: true });
  const realStore = await realpath(store.root);
  const realRuns = await realpath(runs);
  if (realRuns !== join(realStore, 'runs')) throw new UsageError(`${store.display}/runs is a link out of the store (refused)`);
  const base = requested ?? timestampedRunId(now);
  for (let attempt = 1; attempt <= (requested ? 1 : 20); attempt++) {
    const runId = attempt === 1 ? base : `${base}-${attempt}`;
    try {
      await mkdir(join(realRuns, runId));
      return { runId, runDir: join(realRuns, runId) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new UsageError(`run ${base} already exists at ${store.display}/runs/${base}: runs are never overwritten; choose another --run-id`);
}

/** What an experiment run records in baseline.json and the fingerprint (DESIGN.md section 9). */
function experimentRecord(request: Pick<CreateRunRequest, 'experiment' | 'tags'>): Record<string, unknown> {
  return {
    ...(request.experiment ? { experiment_id: request.experiment.id, arm: request.experiment.arm } : {}),
    ...(request.tags && Object.keys(request.tags).length > 0 ? { tags: request.tags } : {}),
  };
}

function failureReason(outcome: { exitCode: number | null; signal: string | null; error?: string }): string | undefined {
  if (outcome.error) return outcome.error;
  if (outcome.signal) return `the command was stopped by ${outcome.signal}`;
  if (outcome.exitCode !== 0) return `the command exited with code ${outcome.exitCode}`;
  return undefined;
}

export async function createRun(request: CreateRunRequest): Promise<CreateRunResult> {
  const now = request.now?.() ?? new Date();
  const [program, ...args] = request.command;
  if (!program) throw new UsageError('no command given: put the evaluation command after `--`, e.g. `-- python eval.py`');
  validateId('dataset', request.datasetId, '--dataset-id');
  if (request.runId !== undefined) validateId('run', request.runId, '--run-id');
  if (request.baselineId !== undefined) validateId('baseline', request.baselineId, '--baseline');
  const executable = await resolveExecutable(program, request.cwd, request.env);
  if (!executable) throw new UsageError(`command not found: ${JSON.stringify(program)} (not an executable file${program.includes('/') ? '' : ' on PATH'})`);
  const snapshot: ConfigSnapshot | undefined = await loadConfigSnapshot(request.config, request.datasetId, request.baselineId);
  const repoRoot = (await repositoryRoot(request.cwd)) ?? request.cwd;
  // Prompt template files are checked now, not after an hour of evaluation.
  await promptsFromConfig(snapshot?.parsed.value, { root: repoRoot, source: request.config?.display ?? CONFIG_FILE });
  const { policy } = await readPolicy({ store: request.store }, CLI_NAMES);

  const { runId, runDir } = await makeRunDir(request.store, request.runId, now);
  const relDir = `runs/${runId}`;
  const display = `${request.store.display}/${relDir}`;
  // The tree is read before the command runs: that is the code that produces the run.
  const git: GitState | undefined = await captureGitState(request.cwd, [join(request.store.root, 'runs')], request.env);
  if (!git) request.stderr(`${TOOL_NAME}: warning: ${request.cwd} is not in a git repository: the fingerprint records no commit and the compliance gate will fail unless compliance.require_commit is false\n`);
  const metadata: Record<string, unknown> = {
    run_id: runId,
    dataset_id: request.datasetId,
    ...(typeof snapshot?.parsed.value?.task === 'string' ? { task: snapshot.parsed.value.task } : {}),
    ...(request.baselineId ? { baseline_id: request.baselineId } : {}),
    ...experimentRecord(request),
    ...(request.promptVersion ? { prompt_version: request.promptVersion } : {}),
    status: 'running',
    created_at: now.toISOString(),
    created_by: whoAmI(request.env),
    command: request.command.map(redactSecrets),
    fingerprint_ref: 'fingerprint.json',
    ...(snapshot?.parsed.value ? { config: snapshot.parsed.value } : {}),
  };
  if (snapshot) await writeRunFile(runDir, CONFIG_FILE, snapshot.text);
  await writeRunJson(runDir, METADATA_FILE, metadata);
  const fail = async (reason: string, problems: Check[] = []): Promise<CreateRunResult> => {
    const finished = { ...metadata, status: 'failed', finished_at: new Date().toISOString(), failure: { reason: redactSecrets(reason), checks: problems.map((p) => redactSecrets(p.message)) } };
    await writeRunJson(runDir, METADATA_FILE, finished);
    return { runId, runDir, status: 'failed', reason, problems };
  };

  request.stderr(`${TOOL_NAME}: run ${runId}: running ${basename(program)} in ${display}\n`);
  const childEnv: NodeJS.ProcessEnv = { ...request.env, [ENV.runDir]: runDir, [ENV.runId]: runId, [ENV.datasetId]: request.datasetId };
  delete childEnv[ENV.config];
  delete childEnv[ENV.baselineId];
  if (snapshot) childEnv[ENV.config] = join(runDir, CONFIG_FILE);
  if (request.baselineId) childEnv[ENV.baselineId] = request.baselineId;
  const outcome = await runCommand({ executable, argv0: program, args, cwd: request.cwd, env: childEnv, logPath: join(runDir, 'run.log'), stdout: request.stdout, stderr: request.stderr });
  metadata.exit_code = outcome.exitCode;
  const commandFailure = failureReason(outcome);
  if (commandFailure) return fail(commandFailure);

  try {
    const problems = await functionalProblems(request.store, relDir, request.datasetId, policy.predictions.id_field);
    if (problems.length > 0) return fail(`the command's artifacts failed the functional gate (${problems.length} problem(s))`, problems);
    const { fingerprint } = await fingerprintRun({
      location: request.store,
      relDir,
      repoCwd: request.cwd,
      repoRoot,
      git: { state: git },
      excludeFromDirty: [],
      runId,
      baselineId: request.baselineId,
      datasetId: request.datasetId,
      artifactType: 'evaluation',
      idField: policy.predictions.id_field,
      timestamp: now.toISOString(),
      promptVersion: request.promptVersion,
      record: experimentRecord(request),
    });
    const completed = { ...metadata, status: 'completed', finished_at: new Date().toISOString() };
    await writeRunJson(runDir, METADATA_FILE, completed);
    const scan = await scanRun(request.store, relDir, { secrets: true });
    await writeRunJson(runDir, MANIFEST_FILE, buildManifest(scan, completed));
    for (const finding of summarizeSecrets(scan).findings) {
      request.stderr(`${TOOL_NAME}: warning: possible secret at ${finding.file}:${finding.line} (${finding.kind} ${finding.masked}): the compliance gate will refuse this run\n`);
    }
    return { runId, runDir, status: 'completed', problems: [], fingerprint };
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}
