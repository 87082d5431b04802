/**
 * Fingerprints a run folder: reads its config, predictions and prompts, captures (or takes
 * the already captured) git state and environment, and writes fingerprint.json plus the
 * canonical prompt bundle. Shared by `run create` and `promotion-gate fingerprint`.
 */
import { join } from 'node:path';
import { ArtifactError, UsageError } from '../contract/errors.js';
import { fingerprintSchema, FINGERPRINT_FILE } from '../artifacts/fingerprint.js';
import type { StoreLocation } from '../store/location.js';
import { CONFIG_FILE, MAX_CONFIG_BYTES, parseAndHashConfig, type ParsedConfig } from '../provenance/config-hash.js';
import { fingerprintPredictions, type DatasetFingerprint } from '../artifacts/dataset-fingerprint.js';
import { captureEnvironment } from './environment.js';
import { completeFingerprint, composeFingerprint } from './fingerprint-build.js';
import { captureGitState, type GitState } from './git-state.js';
import { bundleFileText, canonicalizeBundle, PROMPT_BUNDLE_FILE, type CanonicalBundle } from '../provenance/prompt-bundle.js';
import { promptVersionFromConfig, promptsFromConfig } from './prompt-source.js';
import { readOptionalJson, readOptionalText, runPath } from '../store/run-files.js';
import { writeRunFile, writeRunJson } from '../store/writer.js';

const MAX_JSON_BYTES = 64 * 1024 * 1024;

export interface FingerprintRunRequest {
  location: StoreLocation;
  /** The run folder inside `location` ('' when the location is the run folder itself). */
  relDir: string;
  /** Where the repository is (git state, and the root of prompt template files). */
  repoCwd: string;
  repoRoot: string;
  /** Git state captured before the run's command started; captured now when absent. */
  git?: { state: GitState | undefined };
  excludeFromDirty: string[];
  runId?: string;
  baselineId?: string;
  datasetId?: string;
  task?: string;
  artifactType: string;
  idField: string;
  timestamp?: string;
  /** `--prompt-version`: wins over the config's `prompt_version`. */
  promptVersion?: string;
  /** More top-level fields to record (experiment_id, arm, tags). */
  record?: Record<string, unknown>;
}

export interface FingerprintRunResult {
  fingerprint: Record<string, unknown>;
  /** Fields added to an existing fingerprint (empty when the file was created). */
  added: string[];
  created: boolean;
  dataset?: DatasetFingerprint;
  bundle?: CanonicalBundle;
  git: GitState | undefined;
}


function asUsage(error: unknown): never {
  if (error instanceof ArtifactError) throw new UsageError(error.message);
  throw error;
}

async function readConfig(request: FingerprintRunRequest): Promise<ParsedConfig | undefined> {
  const path = runPath(request.relDir, CONFIG_FILE);
  const text = await readOptionalText(request.location, path, MAX_CONFIG_BYTES).catch(asUsage);
  return text === undefined ? undefined : parseAndHashConfig(text, `${request.location.display}/${path}`);
}

/** The bundle the command wrote, else the config's prompts (then saved as prompts.json). */
async function promptBundle(request: FingerprintRunRequest, config: ParsedConfig | undefined, runDir: string): Promise<CanonicalBundle | undefined> {
  const path = runPath(request.relDir, PROMPT_BUNDLE_FILE);
  const written = await readOptionalJson(request.location, path, MAX_JSON_BYTES).catch(asUsage);
  if (written !== undefined) return canonicalizeBundle(written, `${request.location.display}/${path}`);
  const fromConfig = await promptsFromConfig(config?.value, { root: request.repoRoot, source: CONFIG_FILE });
  if (!fromConfig) return undefined;
  const bundle = canonicalizeBundle(fromConfig, CONFIG_FILE);
  await writeRunFile(runDir, PROMPT_BUNDLE_FILE, bundleFileText(bundle.bundle));
  return bundle;
}

export async function fingerprintRun(request: FingerprintRunRequest): Promise<FingerprintRunResult> {
  const runDir = join(request.location.root, ...request.relDir.split('/').filter(Boolean));
  const timestamp = request.timestamp ?? new Date().toISOString();
  const config = await readConfig(request).catch(asUsage);
  const existingRaw = await readOptionalJson(request.location, runPath(request.relDir, FINGERPRINT_FILE), MAX_JSON_BYTES).catch(asUsage);
  if (existingRaw !== undefined) {
    const parsed = fingerprintSchema.safeParse(existingRaw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UsageError(`${request.location.display}/${runPath(request.relDir, FINGERPRINT_FILE)}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message}`);
    }
  }
  let dataset: DatasetFingerprint | undefined;
  try {
    dataset = await fingerprintPredictions(request.location, runPath(request.relDir, 'predictions.jsonl'), request.idField);
  } catch (error) {
    if (!(error instanceof ArtifactError)) throw error;
    if (error.code !== 'artifact.missing') throw new UsageError(`cannot fingerprint the dataset: ${error.message}`);
  }
  const bundle = await promptBundle(request, config, runDir);
  const git = request.git ? request.git.state : await captureGitState(request.repoCwd, request.excludeFromDirty);
  const fresh = composeFingerprint({
    runId: request.runId,
    baselineId: request.baselineId,
    datasetId: request.datasetId,
    task: request.task ?? (typeof config?.value?.task === 'string' ? config.value.task : undefined),
    artifactType: request.artifactType,
    timestamp,
    git,
    environment: await captureEnvironment(),
    config,
    dataset,
    prompts: bundle ? { hash: bundle.hash, version: request.promptVersion ?? promptVersionFromConfig(config?.value), file: PROMPT_BUNDLE_FILE } : undefined,
  });
  // A version without a bundle still says which prompt the run used.
  if (!bundle && request.promptVersion) fresh.prompts = { prompt_version: request.promptVersion };
  Object.assign(fresh, request.record);
  const existing = existingRaw as Record<string, unknown> | undefined;
  const { fingerprint, added } = existing ? completeFingerprint(existing, fresh, timestamp) : { fingerprint: fresh, added: [] };
  if (!existing || added.length > 0) await writeRunJson(runDir, FINGERPRINT_FILE, fingerprint);
  return { fingerprint, added, created: !existing, dataset, bundle, git };
}
