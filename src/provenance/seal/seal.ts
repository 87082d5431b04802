/**
 * Sealing a run folder with manifest.json. Re-sealing after `fingerprint` completes a
 * fingerprint is allowed only when nothing else changed since the last seal: the command
 * must never bless a tampered file by hashing it into a fresh manifest.
 */
import { ArtifactError, UsageError } from '../../contract/errors.js';
import type { StoreLocation } from '../../store/location.js';
import { buildManifest, compareManifest, describeDiff, MANIFEST_FILE, METADATA_FILE, parseManifest } from './manifest.js';
import { scanRun } from './run-scan.js';
import { readOptionalJson, runPath } from '../../store/run-files.js';
import { writeRunJson } from '../../store/writer.js';

const MAX_JSON = 64 * 1024 * 1024;

/** Throws when the folder differs from its manifest other than in `mayChange` files. */
export async function assertSealIntact(location: StoreLocation, relDir: string, display: string, mayChange: string[]): Promise<void> {
  let value: unknown;
  try {
    value = await readOptionalJson(location, runPath(relDir, MANIFEST_FILE), MAX_JSON);
  } catch (error) {
    if (error instanceof ArtifactError) throw new UsageError(`${error.message}: refusing to re-seal a folder whose manifest cannot be read`);
    throw error;
  }
  if (value === undefined) return;
  const scan = await scanRun(location, relDir, { secrets: false });
  const metadata = await readOptionalJson(location, runPath(relDir, METADATA_FILE), MAX_JSON).catch(() => undefined);
  let diff;
  try {
    diff = compareManifest(parseManifest(value, `${display}/${MANIFEST_FILE}`), scan, metadata);
  } catch (error) {
    if (error instanceof ArtifactError) throw new UsageError(error.message);
    throw error;
  }
  const strip = (entry: string): string => entry.replace(/ \(.*\)$/, '');
  diff.changed = diff.changed.filter((p) => !mayChange.includes(p));
  diff.extra = diff.extra.filter((p) => !mayChange.includes(strip(p)));
  const problems = describeDiff(diff, 10);
  if (problems.length > 0) {
    throw new UsageError(`${display} differs from its ${MANIFEST_FILE} (${problems.join('; ')}): refusing to re-seal it; run \`promotion-gate verify ${display}\``);
  }
}

export async function writeSeal(location: StoreLocation, relDir: string, runDir: string): Promise<void> {
  const scan = await scanRun(location, relDir, { secrets: false });
  const metadata = await readOptionalJson(location, runPath(relDir, METADATA_FILE), MAX_JSON).catch(() => undefined);
  await writeRunJson(runDir, MANIFEST_FILE, buildManifest(scan, metadata));
}
