/**
 * Loads one side of a comparison (the candidate run or the baseline) from the store: the
 * small artifacts are read and validated here; predictions are only located, because they
 * are streamed later together with the other side's.
 */
import { ArtifactError } from '../contract/errors.js';
import type { Check } from '../contract/check.js';
import { describeKeys, flattenMetrics, metricsIdentity, type FlatMetrics } from './metrics.js';
import { fingerprintDataset, fingerprintSchema, type Fingerprint } from './fingerprint.js';
import { configDataset, runConfigSchema, runMetadataSchema, type RunConfig, type RunMetadata } from './run-metadata.js';
import { parseYamlStrict } from '../parse/yaml.js';
import type { StoreLocation } from '../store/location.js';
import { readJsonInStore, readTextInStore, resolveInStore } from '../store/read.js';
import type { z } from 'zod';

const MAX_SMALL_ARTIFACT_BYTES = 64 * 1024 * 1024;
const MAX_CONFIG_BYTES = 1024 * 1024;

/** What one side's loading established. */
export interface SideFacts {
  label: 'candidate' | 'baseline';
  /** Display path of the run directory. */
  display: string;
  /** Failing or noteworthy checks raised while loading (missing, unsafe, unparsable files). */
  problems: Check[];
  /** Dataset and task claims, by the artifact that made them (e.g. `metrics.json`). */
  datasetClaims: Map<string, string>;
  taskClaims: Map<string, string>;
  items: number;
  idField?: string;
}

/** config.yaml records what was requested; every other artifact records what was produced. */
export const REQUESTED = 'config.yaml';

/** The claims made by produced artifacts (everything but config.yaml), in reading order. */
export function produced(claims: Map<string, string>): [string, string][] {
  return [...claims].filter(([source]) => source !== REQUESTED);
}

/**
 * The dataset (or task) a side is of: what its produced artifacts say, else what its
 * config.yaml requested. A run-time override (`DATASET_ID=...`) wins over the config.
 */
export function agreedValue(claims: Map<string, string>): string | undefined {
  return produced(claims)[0]?.[1] ?? claims.get(REQUESTED);
}

export interface LoadedSide {
  facts: SideFacts;
  /** Directory relative to the store root, e.g. `runs/x`. */
  relDir: string;
  metrics: FlatMetrics | null;
  fingerprint: Fingerprint | undefined;
  metadata: RunMetadata | undefined;
  config: RunConfig | undefined;
  /** Store-relative path of predictions.jsonl when it exists and is safe to read. */
  predictionsPath: string | null;
  dataset?: string;
  task?: string;
}

const fileCheck = (id: string, error: ArtifactError | Error, file: string): Check => ({
  id,
  status: 'fail',
  message: error instanceof ArtifactError ? `${error.message}` : `${file}: ${error.message}`,
  file: error instanceof ArtifactError ? error.where.file : file,
  ...(error instanceof ArtifactError && error.where.line ? { line: error.where.line, column: error.where.column } : {}),
});

function nonFiniteHint(error: ArtifactError): ArtifactError {
  if (/NaN|Infinity/.test(error.reason)) {
    return new ArtifactError(error.where, `non-finite metric: ${error.reason}`, 'metrics.non-finite');
  }
  return error;
}

async function readOptionalJson<T extends z.ZodType>(
  store: StoreLocation,
  relPath: string,
  schema: T,
  problems: Check[],
  id: string,
): Promise<z.output<T> | undefined> {
  const display = `${store.display}/${relPath}`;
  try {
    const value = await readJsonInStore(store.root, relPath, MAX_SMALL_ARTIFACT_BYTES, store.display);
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push({ id, status: 'fail', message: `${display}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message}`, file: display });
      return undefined;
    }
    return parsed.data;
  } catch (error) {
    if (error instanceof ArtifactError && error.code === 'artifact.missing') return undefined;
    problems.push(fileCheck(id, error as Error, display));
    return undefined;
  }
}

export async function loadSide(store: StoreLocation, relDir: string, label: 'candidate' | 'baseline'): Promise<LoadedSide> {
  const problems: Check[] = [];
  const display = `${store.display}/${relDir}`;
  const datasetClaims = new Map<string, string>();
  const taskClaims = new Map<string, string>();

  let metrics: FlatMetrics | null = null;
  try {
    const value = await readJsonInStore(store.root, `${relDir}/metrics.json`, MAX_SMALL_ARTIFACT_BYTES, store.display);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ArtifactError({ file: `${display}/metrics.json` }, 'metrics.json must be a JSON object', 'metrics.shape');
    }
    const root = value as Record<string, unknown>;
    metrics = flattenMetrics(root);
    const identity = metricsIdentity(root);
    if (identity.dataset) datasetClaims.set('metrics.json', identity.dataset);
    if (identity.task) taskClaims.set('metrics.json', identity.task);
    if (metrics.nonFinite.length > 0) {
      problems.push({
        id: 'metrics.finite',
        status: 'fail',
        message: `${display}/metrics.json: non-finite metric ${metrics.nonFinite.slice(0, 5).join(', ')} (a NaN or infinite value can never pass)`,
        file: `${display}/metrics.json`,
      });
    }
    if (metrics.collisions.length > 0) {
      const shown = metrics.collisions.slice(0, 5).map((c) => `${JSON.stringify(c.name)} is both ${describeKeys(c.first)} and ${describeKeys(c.second)}`);
      const more = metrics.collisions.length > shown.length ? `, and ${metrics.collisions.length - shown.length} more` : '';
      problems.push({
        id: 'metrics.unique-names',
        status: 'fail',
        message: `${display}/metrics.json: two metrics flatten to one name: ${shown.join('; ')}${more} (rename one of them)`,
        file: `${display}/metrics.json`,
      });
    }
    if (metrics.values.size === 0) {
      problems.push({ id: 'metrics.nonempty', status: 'fail', message: `${display}/metrics.json: nothing to evaluate (no numeric metrics)`, file: `${display}/metrics.json` });
    }
  } catch (error) {
    const id = error instanceof ArtifactError && error.code === 'artifact.missing' ? 'artifacts.present' : 'metrics.valid';
    problems.push(fileCheck(id, error instanceof ArtifactError ? nonFiniteHint(error) : (error as Error), `${display}/metrics.json`));
  }

  let predictionsPath: string | null = null;
  try {
    const resolved = await resolveInStore(store.root, `${relDir}/predictions.jsonl`, store.display);
    predictionsPath = `${relDir}/predictions.jsonl`;
    if (resolved.symlinked) {
      problems.push({ id: 'artifacts.symlink', status: 'pass', message: `${display}/predictions.jsonl is a symbolic link that stays inside the store (followed)` });
    }
  } catch (error) {
    const id = error instanceof ArtifactError && error.code === 'artifact.missing' ? 'artifacts.present' : 'artifacts.safe';
    problems.push(fileCheck(id, error as Error, `${display}/predictions.jsonl`));
  }

  const fingerprint = await readOptionalJson(store, `${relDir}/fingerprint.json`, fingerprintSchema, problems, 'fingerprint.valid');
  const metadata = await readOptionalJson(store, `${relDir}/baseline.json`, runMetadataSchema, problems, 'metadata.valid');
  const config = await readConfig(store, relDir, problems);

  const fpDataset = fingerprint && fingerprintDataset(fingerprint);
  if (fpDataset) datasetClaims.set('fingerprint.json', fpDataset);
  if (metadata?.dataset_id) datasetClaims.set('baseline.json', metadata.dataset_id);
  const cfgDataset = config && configDataset(config);
  if (cfgDataset) datasetClaims.set('config.yaml', cfgDataset);
  if (fingerprint?.task) taskClaims.set('fingerprint.json', fingerprint.task);
  if (metadata?.task) taskClaims.set('baseline.json', metadata.task);
  if (config?.task) taskClaims.set('config.yaml', config.task);

  return {
    facts: { label, display, problems, datasetClaims, taskClaims, items: 0 },
    relDir,
    metrics,
    fingerprint,
    metadata,
    config,
    predictionsPath,
    dataset: agreedValue(datasetClaims),
    task: agreedValue(taskClaims),
  };
}

async function readConfig(store: StoreLocation, relDir: string, problems: Check[]): Promise<RunConfig | undefined> {
  const display = `${store.display}/${relDir}/config.yaml`;
  try {
    const text = await readTextInStore(store.root, `${relDir}/config.yaml`, MAX_CONFIG_BYTES, store.display);
    const { value } = parseYamlStrict(text, display);
    if (value === null || value === undefined) return undefined;
    const parsed = runConfigSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push({ id: 'config.valid', status: 'fail', message: `${display}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message}`, file: display });
      return undefined;
    }
    return parsed.data;
  } catch (error) {
    if (error instanceof ArtifactError && error.code === 'artifact.missing') return undefined;
    problems.push(fileCheck('config.valid', error as Error, display));
    return undefined;
  }
}
