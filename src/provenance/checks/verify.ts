/**
 * `verify DIR`: re-checks a run (or a promoted folder) against what was recorded when it
 * was made: every file against manifest.json (changed, missing, extra: by name), and the
 * fingerprint's own claims (prompt bundle hash, config hash, dataset fingerprint).
 */
import { ArtifactError } from '../../contract/errors.js';
import { fingerprintSchema, type Fingerprint, FINGERPRINT_FILE } from '../../artifacts/fingerprint.js';
import type { StoreLocation } from '../../store/location.js';
import { configHashCheck, promptHashCheck } from './content.js';
import { fingerprintPredictions } from '../../artifacts/dataset-fingerprint.js';
import { compareManifest, describeDiff, MANIFEST_FILE, METADATA_FILE, parseManifest } from '../seal/manifest.js';
import { scanRun } from '../seal/run-scan.js';
import { readOptionalJson, runPath } from '../../store/run-files.js';

export interface VerifyResult {
  /** One line per difference; empty when everything matches. */
  differences: string[];
  /** What matched, and differences promotion is expected to make. */
  notes: string[];
}

const MAX_JSON = 64 * 1024 * 1024;

async function readJson(location: StoreLocation, rel: string, result: VerifyResult): Promise<unknown> {
  try {
    return await readOptionalJson(location, rel, MAX_JSON);
  } catch (error) {
    if (!(error instanceof ArtifactError)) throw error;
    result.differences.push(`unreadable: ${error.message}`);
    return undefined;
  }
}

async function checkManifest(location: StoreLocation, relDir: string, display: string, result: VerifyResult): Promise<void> {
  const scan = await scanRun(location, relDir, { secrets: false });
  const value = await readJson(location, runPath(relDir, MANIFEST_FILE), result);
  if (value === undefined) {
    result.differences.push(`missing: ${MANIFEST_FILE} (nothing to verify the files against)`);
    return;
  }
  try {
    const metadata = await readOptionalJson(location, runPath(relDir, METADATA_FILE), MAX_JSON).catch(() => undefined);
    const diff = compareManifest(parseManifest(value, `${display}/${MANIFEST_FILE}`), scan, metadata);
    result.differences.push(...describeDiff(diff));
    result.notes.push(`${diff.checked} file(s) checked against ${MANIFEST_FILE}`, ...diff.expected);
  } catch (error) {
    if (!(error instanceof ArtifactError)) throw error;
    result.differences.push(`invalid: ${error.message}`);
  }
}

/** Files the manifest check already reported missing: each deleted file is named once. */
function reportedMissing(result: VerifyResult): Set<string> {
  return new Set(result.differences.filter((line) => line.startsWith('missing: ')).map((line) => line.slice('missing: '.length)));
}

async function checkFingerprint(location: StoreLocation, relDir: string, display: string, result: VerifyResult): Promise<void> {
  const missing = reportedMissing(result);
  const value = await readJson(location, runPath(relDir, FINGERPRINT_FILE), result);
  if (value === undefined) {
    if (!missing.has(FINGERPRINT_FILE)) result.differences.push(`missing: ${FINGERPRINT_FILE}`);
    return;
  }
  const parsed = fingerprintSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    result.differences.push(`invalid: ${display}/${FINGERPRINT_FILE}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message}`);
    return;
  }
  const fingerprint: Fingerprint = parsed.data;
  const side = { fingerprint, relDir, display };
  const checks = [
    ...(missing.has('prompts.json') ? [] : [await promptHashCheck(location, side, 'fail')]),
    ...(missing.has('config.yaml') ? [] : [await configHashCheck(location, side, 'fail')]),
  ];
  for (const check of checks) {
    if (check.status === 'fail' || check.status === 'warn') result.differences.push(`fingerprint: ${check.message}`);
    else if (check.status === 'pass') result.notes.push(check.message);
  }
  const recorded = fingerprint.dataset?.fingerprint;
  if (!recorded || missing.has('predictions.jsonl')) return;
  const idField = typeof fingerprint.dataset?.id_field === 'string' ? fingerprint.dataset.id_field : 'auto';
  try {
    const actual = await fingerprintPredictions(location, runPath(relDir, 'predictions.jsonl'), idField);
    if (actual.fingerprint === recorded) result.notes.push(`predictions.jsonl matches the dataset fingerprint (${actual.items} items)`);
    else result.differences.push(`fingerprint: the items of predictions.jsonl no longer match dataset.fingerprint ${recorded.slice(0, 12)}… (now ${actual.fingerprint.slice(0, 12)}…)`);
  } catch (error) {
    if (!(error instanceof ArtifactError)) throw error;
    result.differences.push(`fingerprint: cannot recompute the dataset fingerprint: ${error.message}`);
  }
}

export async function verifyRun(location: StoreLocation, relDir: string, display: string): Promise<VerifyResult> {
  const result: VerifyResult = { differences: [], notes: [] };
  await checkManifest(location, relDir, display, result);
  await checkFingerprint(location, relDir, display, result);
  return result;
}
