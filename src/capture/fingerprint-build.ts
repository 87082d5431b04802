/**
 * Composes fingerprint.json from what was captured (git state, environment, config,
 * dataset, prompts), and completes an existing one: fields already recorded are never
 * overwritten (they describe the moment the run was produced), missing ones are added and
 * listed under `completed`, and unknown fields are kept as they are.
 */
import { TOOL_NAME, TOOL_VERSION } from '../contract/version.js';
import type { DatasetFingerprint } from '../artifacts/dataset-fingerprint.js';
import type { RunEnvironment } from './environment.js';
import type { GitState } from './git-state.js';
import { modelFieldsFromConfig, trainingDatasetsFromConfig } from './model-fields.js';

export const FINGERPRINT_VERSION = '2';

export interface FingerprintFacts {
  runId?: string;
  baselineId?: string;
  datasetId?: string;
  task?: string;
  artifactType: string;
  timestamp: string;
  git: GitState | undefined;
  environment: RunEnvironment;
  config?: { value: Record<string, unknown> | undefined; hash: string };
  dataset?: DatasetFingerprint;
  prompts?: { hash: string; version?: string; file: string };
}

type Json = Record<string, unknown>;

export function composeFingerprint(facts: FingerprintFacts): Json {
  const fp: Json = {
    fingerprint_version: FINGERPRINT_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    artifact_type: facts.artifactType,
    timestamp: facts.timestamp,
  };
  if (facts.runId) fp.run_id = facts.runId;
  if (facts.baselineId) fp.baseline_id = facts.baselineId;
  if (facts.task) fp.task = facts.task;
  // Outside a repository there is no commit to record: the compliance gate says so.
  if (facts.git) fp.git = { ...facts.git };
  fp.environment = { ...facts.environment };
  if (facts.config) fp.config_hash = facts.config.hash;
  if (facts.datasetId || facts.dataset) {
    fp.dataset = {
      ...(facts.datasetId ? { id: facts.datasetId } : {}),
      ...(facts.dataset
        ? {
            fingerprint: facts.dataset.fingerprint,
            items: facts.dataset.items,
            fingerprint_basis: facts.dataset.basis,
            ...(facts.dataset.idField ? { id_field: facts.dataset.idField } : {}),
          }
        : {}),
    };
  }
  const model = modelFieldsFromConfig(facts.config?.value);
  if (model) fp.model = model;
  const training = trainingDatasetsFromConfig(facts.config?.value);
  if (training) fp.training_datasets = training;
  if (facts.prompts) {
    fp.prompts = { prompt_hash: facts.prompts.hash, prompt_version: facts.prompts.version ?? null, bundle_file: facts.prompts.file };
  }
  return fp;
}

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const absent = (value: unknown): boolean => value === undefined || value === null;

export interface Completion {
  fingerprint: Json;
  added: string[];
}

/**
 * Facts about the moment and the machine of the completion, not of the run: a run made
 * elsewhere keeps its own (or none), and these go into the `completed` record instead.
 */
const OF_THE_COMPLETION = new Set(['timestamp', 'tool', 'environment', 'fingerprint_version']);

/**
 * Adds what `fresh` knows and `existing` lacks. Nested objects are completed key by key.
 * The corpus shape keeps git and the dataset id under `run_context`: those count as present.
 * The time, tool and machine of the completion are never written as the run's: the
 * `completed` record says what was added, when (`at`), by what (`by`) and where (`on`).
 */
export function completeFingerprint(existing: Json, fresh: Json, timestamp: string): Completion {
  const merged: Json = structuredClone(existing);
  const added: string[] = [];
  const context = isObject(existing.run_context) ? existing.run_context : undefined;
  for (const [key, value] of Object.entries(fresh)) {
    if (absent(value)) continue; // nothing known: adding a null would say nothing, forever
    if (OF_THE_COMPLETION.has(key)) continue;
    if (key === 'git' && isObject(context?.git)) continue;
    if (key === 'run_id' && context?.run_id !== undefined) continue;
    if (absent(merged[key])) {
      merged[key] = value;
      added.push(key);
    } else if (isObject(merged[key]) && isObject(value)) {
      const target = merged[key] as Json;
      for (const [sub, subValue] of Object.entries(value)) {
        if (key === 'dataset' && sub === 'id' && context?.dataset_id !== undefined) continue;
        if (absent(target[sub]) && !absent(subValue)) {
          target[sub] = subValue;
          added.push(`${key}.${sub}`);
        }
      }
    }
  }
  if (added.length > 0) {
    const previous = Array.isArray(existing.completed) ? existing.completed : [];
    const on = isObject(fresh.environment) ? { on: fresh.environment } : {};
    merged.completed = [...previous, { by: `${TOOL_NAME} ${TOOL_VERSION}`, at: timestamp, ...on, fields: added }];
  }
  return { fingerprint: merged, added };
}
