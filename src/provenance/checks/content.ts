/**
 * Provenance checks on what the fingerprint claims about the run's content: same data as
 * the baseline, prompt bundle and config still hashing to the recorded values, evaluation
 * data not declared as training data, and a run that finished.
 */
import { fingerprintDataset, type Fingerprint } from '../../artifacts/fingerprint.js';
import { ArtifactError } from '../../contract/errors.js';
import type { Check, CheckStatus } from '../../contract/check.js';
import type { LoadedSide } from '../../artifacts/load-run.js';
import type { Policy } from '../../policy/schema.js';
import { CONFIG_FILE, MAX_CONFIG_BYTES, parseAndHashConfig } from '../config-hash.js';
import { canonicalizeBundle, PROMPT_BUNDLE_FILE } from '../prompt-bundle.js';
import { readOptionalJson, readOptionalText, runPath } from '../../store/run-files.js';

import type { StoreLocation } from '../../store/location.js';
type Mode = 'fail' | 'warn' | 'off';
const short = (hash: string): string => `${hash.slice(0, 12)}…`;
const onProblem = (mode: Mode): CheckStatus => (mode === 'fail' ? 'fail' : 'warn');

export function datasetMatchCheck(candidate: LoadedSide, baseline: LoadedSide | null, policy: Policy): Check {
  const id = 'fingerprint.dataset-match';
  if (!baseline) return { id, status: 'skip', message: 'no baseline to compare the dataset with' };
  const mine = candidate.fingerprint?.dataset?.fingerprint;
  const theirs = baseline.fingerprint?.dataset?.fingerprint;
  if (!theirs) return { id, status: 'skip', message: 'the baseline records no dataset fingerprint' };
  if (!mine) {
    return { id, status: 'warn', message: 'the candidate records no dataset fingerprint, so the same data cannot be proven: record one with `promotion-gate fingerprint --run DIR`' };
  }
  if (mine === theirs) return { id, status: 'pass', message: `same dataset as the baseline (fingerprint ${short(mine)})` };
  return {
    id,
    status: policy.compliance.require_same_dataset ? 'fail' : 'warn',
    message: `not comparable: different data (dataset fingerprint ${short(mine)} vs the baseline's ${short(theirs)})`,
    file: `${candidate.facts.display}/fingerprint.json`,
  };
}

/** What the checks need to know about one side (a loaded gate side, or a folder to verify). */
export interface SideRef {
  fingerprint: Fingerprint | undefined;
  relDir: string;
  display: string;
}

export function sideRef(side: LoadedSide): SideRef {
  return { fingerprint: side.fingerprint, relDir: side.relDir, display: side.facts.display };
}

export async function promptHashCheck(store: StoreLocation, side: SideRef, mode: Mode): Promise<Check> {
  const id = 'fingerprint.prompt-hash';
  const recorded = side.fingerprint?.prompts?.prompt_hash;
  if (mode === 'off') return { id, status: 'skip', message: 'disabled by the policy (compliance.prompt_hash: off)' };
  if (!recorded) return { id, status: 'skip', message: 'the fingerprint records no prompt_hash' };
  const name = side.fingerprint?.prompts?.bundle_file ?? PROMPT_BUNDLE_FILE;
  const display = `${side.display}/${name}`;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    return { id, status: 'fail', message: `the fingerprint's prompts.bundle_file must be a file name in the run folder, not ${JSON.stringify(name)}` };
  }
  try {
    const value = await readOptionalJson(store, runPath(side.relDir, name), 64 * 1024 * 1024);
    if (value === undefined) {
      return { id, status: onProblem(mode), message: `${display} is missing: the fingerprint records prompt_hash ${short(recorded)} but the bundle is gone`, file: display };
    }
    const actual = canonicalizeBundle(value, display).hash;
    if (actual === recorded) {
      const version = side.fingerprint?.prompts?.prompt_version;
      return { id, status: 'pass', message: `${name} hashes to prompt_hash ${short(recorded)}${version ? ` (prompt_version ${version})` : ''}` };
    }
    return { id, status: onProblem(mode), message: `${display} was changed after fingerprinting: it hashes to ${short(actual)}, the fingerprint records ${short(recorded)}`, file: display };
  } catch (error) {
    return { id, status: onProblem(mode), message: `${display}: ${(error as Error).message}`, file: display };
  }
}

export async function configHashCheck(store: StoreLocation, side: SideRef, mode: Mode): Promise<Check> {
  const id = 'fingerprint.config-hash';
  const recorded = side.fingerprint?.config_hash;
  if (mode === 'off') return { id, status: 'skip', message: 'disabled by the policy (compliance.config_hash: off)' };
  if (!recorded) return { id, status: 'skip', message: 'the fingerprint records no config_hash' };
  const display = `${side.display}/${CONFIG_FILE}`;
  try {
    const text = await readOptionalText(store, runPath(side.relDir, CONFIG_FILE), MAX_CONFIG_BYTES);
    if (text === undefined) return { id, status: onProblem(mode), message: `${display} is missing but the fingerprint records config_hash ${short(recorded)}`, file: display };
    const actual = parseAndHashConfig(text, display).hash;
    if (actual === recorded) return { id, status: 'pass', message: `${CONFIG_FILE} hashes to config_hash ${short(recorded)}` };
    return { id, status: onProblem(mode), message: `${display} was changed after fingerprinting: it hashes to ${short(actual)}, the fingerprint records ${short(recorded)}`, file: display };
  } catch (error) {
    const message = error instanceof ArtifactError ? error.message : `${display}: ${(error as Error).message}`;
    return { id, status: onProblem(mode), message, file: display };
  }
}

function declaredTraining(fp: Fingerprint): { id?: string; fingerprint?: string }[] {
  return (fp.training_datasets ?? []).map((entry) => (typeof entry === 'string' ? { id: entry } : entry));
}

export function trainingOverlapCheck(side: LoadedSide, mode: Mode): Check {
  const id = 'fingerprint.training-overlap';
  const fp = side.fingerprint;
  if (mode === 'off') return { id, status: 'skip', message: 'disabled by the policy (compliance.training_overlap: off)' };
  if (!fp) return { id, status: 'skip', message: 'no fingerprint' };
  const training = declaredTraining(fp);
  if (training.length === 0) return { id, status: 'skip', message: 'the fingerprint declares no training datasets' };
  const evalId = fingerprintDataset(fp) ?? side.dataset;
  const evalPrint = fp.dataset?.fingerprint;
  const index = training.findIndex((t) => (t.id !== undefined && t.id === evalId) || (t.fingerprint !== undefined && t.fingerprint === evalPrint));
  if (index === -1) {
    return { id, status: 'pass', message: `the evaluation dataset ${JSON.stringify(evalId ?? 'unknown')} is not among the ${training.length} declared training dataset(s)` };
  }
  const hit = training[index]!;
  const how = hit.id !== undefined && hit.id === evalId ? `id ${JSON.stringify(evalId)}` : `dataset fingerprint ${short(evalPrint ?? '')}`;
  return {
    id,
    status: onProblem(mode),
    message: `testing with training data: the evaluation dataset is declared as training data (training_datasets[${index}], same ${how})`,
    file: `${side.facts.display}/fingerprint.json`,
  };
}

/** A run whose command failed or never finished is not a result, whatever its files say. */
export function runStatusCheck(side: LoadedSide): Check {
  const id = 'run.status';
  const metadata = side.metadata as Record<string, unknown> | undefined;
  const status = metadata?.status;
  if (status === undefined) return { id, status: 'skip', message: 'baseline.json records no run status' };
  if (status === 'failed' || status === 'running') {
    const failure = metadata?.failure as { reason?: unknown } | undefined;
    const reason = typeof failure?.reason === 'string' ? `: ${failure.reason}` : '';
    return {
      id,
      status: 'fail',
      message: status === 'failed' ? `the run is marked failed${reason}` : 'the run never finished (status "running"): its command was interrupted',
      file: `${side.facts.display}/baseline.json`,
    };
  }
  return { id, status: 'pass', message: `run status ${JSON.stringify(status)}` };
}
