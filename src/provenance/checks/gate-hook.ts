/**
 * Provenance checks for the compliance gate: commit existence and reachability, dataset
 * fingerprint, prompt bundle and config hashes, train/eval overlap, run status, secrets,
 * and manifest hashes (candidate and baseline). Returns the checks plus the report's
 * `provenance` section. Every message passes through the secret masker on the way out.
 * The run folders' bytes (hashes, secrets) are read by `startProvenanceScans`, which the gate
 * calls after streaming predictions: the predictions files were hashed (and the candidate's
 * secret-scanned) by that same read, so only the run's other files are read here, in-thread.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactError } from '../../contract/errors.js';
import type { Check } from '../../contract/check.js';
import type { LoadedSide } from '../../artifacts/load-run.js';
import type { StoreLocation } from '../../store/location.js';
import type { Policy } from '../../policy/schema.js';
import { configHashCheck, datasetMatchCheck, promptHashCheck, runStatusCheck, sideRef, trainingOverlapCheck } from './content.js';
import { entriesCheck, manifestCheck, secretsCheck, summarizeSecrets } from './files.js';
import { lineageChecks, validateHeadRef } from './lineage.js';
import { MANIFEST_FILE, METADATA_FILE } from '../seal/manifest.js';
import { provenanceSection } from './section.js';
import { asksRemote, sharedRemoteLookup, type RemoteLookup } from './commit-link.js';
import { fingerprintGit } from '../../artifacts/fingerprint.js';
import type { ProvenanceSection } from '../../contract/report-sections.js';
import type { RunScan } from '../seal/run-scan.js';
import { scanJobFor, type ScanJob, type ScanJobInput } from '../seal/scan-job.js';
import type { DigestOptions, PrecomputedDigests } from '../seal/file-digest.js';
import { bundledWorkerUrl, WORKER_MIN_BYTES } from '../../parse/bundled-worker.js';
import { startRunScans, type RunScans } from '../seal/scan-transport.js';
import { redactSecrets } from '../secrets/patterns.js';
import { readOptionalJson, runPath } from '../../store/run-files.js';

export interface ProvenanceInput {
  store: StoreLocation;
  baseStore: StoreLocation;
  candidate: LoadedSide;
  baseline: LoadedSide | null;
  policy: Policy;
  /** The commit being gated (a PR's head); default HEAD of the store's repository. */
  headRef?: string;
  /** How messages name the head input (default `--head`). */
  headInput?: string;
  /** The scans started by `startProvenanceScans` for this same input; default: run them now, in-thread. */
  scans?: RunScans;
  /** The git questions started by `startProvenanceGit` for this same input; default: ask them now. */
  git?: ProvenanceGit;
}

/** The git answers the provenance checks need, being asked (see startProvenanceGit). */
export interface ProvenanceGit {
  /** The lineage checks, when the candidate has a fingerprint. */
  lineage: Promise<Check[]> | undefined;
  /** The origin remote per repository, for the commit links (already asked for the sides that need one). */
  remoteOf: RemoteLookup;
}

/**
 * Starts the git processes of the provenance checks: the lineage checks (repository, head,
 * the commit's existence and ancestry) and the remote lookups of the commit links. The gate
 * calls this before reading the predictions, so the processes run during the read, forked from
 * a process that is still small, instead of one after the other at the end.
 */
export function startProvenanceGit(input: Omit<ProvenanceInput, 'scans' | 'git'>): ProvenanceGit {
  const { candidate, baseline, store, baseStore } = input;
  const lineage = candidate.fingerprint
    ? lineageChecks({
        fingerprint: candidate.fingerprint,
        repoPath: store.root,
        repoDisplay: store.display,
        headRef: input.headRef,
        ...(input.headInput === undefined ? {} : { headInput: input.headInput }),
        requireCommit: input.policy.compliance.require_commit,
        fingerprintFile: `${candidate.facts.display}/fingerprint.json`,
      })
    : undefined;
  lineage?.catch(() => undefined); // awaited by provenanceChecks; never an unhandled rejection meanwhile
  const remoteOf = sharedRemoteLookup();
  const commitOf = (side: LoadedSide) => (side.fingerprint ? fingerprintGit(side.fingerprint)?.commit : undefined);
  if (asksRemote(commitOf(candidate))) void remoteOf(store.root);
  if (baseline && asksRemote(commitOf(baseline))) void remoteOf(baseStore.root);
  return { lineage, remoteOf };
}

export interface ProvenanceOutput {
  checks: Check[];
  section?: ProvenanceSection;
  /** The candidate's one read (hashes, and git blob ids when asked), when it could be scanned. */
  candidateScan?: RunScan;
}

const MAX_JSON = 64 * 1024 * 1024;


/**
 * The candidate's predictions.jsonl when it is big and no precomputed digest covers it (0
 * otherwise): the bytes the scan would have to read itself, to choose where it runs.
 */
function unreadPredictionsBytes(input: ScanJobInput, precomputed: PrecomputedDigests): number {
  try {
    // By its place in the run folder: a reader that failed has cleared the side's predictionsPath.
    const stats = statSync(join(input.store.root, input.candidate.relDir, 'predictions.jsonl'));
    if (precomputed.some((d) => d.identity.ino === stats.ino && d.identity.dev === stats.dev)) return 0;
    return stats.size;
  } catch {
    return 0;
  }
}

/** What the predictions readers should also compute from their read, for the scans of `job`. */
export function digestsWanted(job: ScanJob): { candidate: DigestOptions; baseline?: DigestOptions } {
  const options = (side: ScanJob['candidate']): DigestOptions => ({
    secrets: side.secrets,
    ...(side.gitBlobs ? { gitBlob: true } : {}),
    ...(side.hashes === false ? { sha256: false } : {}),
  });
  return { candidate: options(job.candidate), ...(job.baseline ? { baseline: options(job.baseline) } : {}) };
}

/**
 * Starts reading the run folders for this gate, taking the digests the predictions readers
 * computed (`precomputed`) instead of reading those files again. Only when the candidate's big
 * predictions file still has to be read (its reader failed) does the scan go to the bundled
 * worker, to overlap the rest of the gate.
 */
export function startProvenanceScans(input: ScanJobInput, precomputed: PrecomputedDigests = []): RunScans {
  const job = { ...scanJobFor(input), ...(precomputed.length > 0 ? { precomputed } : {}) };
  return startRunScans(job, unreadPredictionsBytes(input, precomputed) >= WORKER_MIN_BYTES ? bundledWorkerUrl('scan-worker') : null);
}

const masked = (check: Check): Check => ({ ...check, message: redactSecrets(check.message) });

/** manifest.json and baseline.json of a side, read leniently: a broken file is a finding. */
async function sealFiles(store: StoreLocation, side: LoadedSide): Promise<{ manifest: unknown; metadata: unknown; error?: string }> {
  try {
    const manifest = await readOptionalJson(store, runPath(side.relDir, MANIFEST_FILE), MAX_JSON);
    const metadata = await readOptionalJson(store, runPath(side.relDir, METADATA_FILE), MAX_JSON).catch(() => undefined);
    return { manifest, metadata };
  } catch (error) {
    return { manifest: undefined, metadata: undefined, error: (error as Error).message };
  }
}

async function sideManifest(id: string, store: StoreLocation, side: LoadedSide, scan: RunScan, policy: Policy) {
  const seal = await sealFiles(store, side);
  if (seal.error) {
    return { check: { id, status: policy.compliance.manifest === 'off' ? 'skip' : 'fail', message: seal.error } satisfies Check, diff: undefined };
  }
  return manifestCheck(id, side.facts.display, seal.manifest, scan, seal.metadata, policy.compliance.manifest);
}

export async function provenanceChecks(input: ProvenanceInput): Promise<ProvenanceOutput> {
  const { candidate, baseline, policy, store, baseStore } = input;
  const scans = input.scans ?? startRunScans(scanJobFor(input), null);
  const { compliance } = policy;
  validateHeadRef(input.headRef, input.headInput);
  const git = input.git ?? startProvenanceGit(input);
  const checks: Check[] = [];
  if (candidate.fingerprint && git.lineage) {
    checks.push(
      ...(await git.lineage),
      datasetMatchCheck(candidate, baseline, policy),
      await promptHashCheck(store, sideRef(candidate), compliance.prompt_hash),
      await configHashCheck(store, sideRef(candidate), compliance.config_hash),
      trainingOverlapCheck(candidate, compliance.training_overlap),
    );
  }
  checks.push(runStatusCheck(candidate));

  // One read of every candidate file serves the secret scan and the manifest.
  let scan: RunScan;
  try {
    scan = await scans.candidate();
  } catch (error) {
    if (!(error instanceof ArtifactError)) throw error;
    const message = `the run folder cannot be scanned: ${error.message}`;
    checks.push({ id: 'artifacts.secrets', status: 'fail', message }, { id: 'manifest.hashes', status: 'fail', message });
    return { checks: checks.map(masked) };
  }
  const secrets = compliance.secrets === 'off' ? undefined : summarizeSecrets(scan);
  checks.push(secretsCheck(secrets, compliance.secrets), entriesCheck(candidate.facts.display, scan, compliance.non_regular_entries));
  const mine = await sideManifest('manifest.hashes', store, candidate, scan, policy);
  checks.push(mine.check);
  let theirs: Awaited<ReturnType<typeof sideManifest>> | undefined;
  if (baseline && compliance.manifest !== 'off') {
    // A promoted baseline is immutable: its manifest proves it still is what was promoted.
    const baselineScan = await scans.baseline();
    if (!baselineScan) throw new Error('internal error: the provenance scans were started without the baseline side');
    theirs = await sideManifest('manifest.baseline-hashes', baseStore, baseline, baselineScan, policy);
    checks.push(theirs.check);
  }

  const section = await provenanceSection({
    store,
    baseStore,
    candidate,
    baseline,
    secrets,
    manifest: mine.diff || theirs?.diff ? { ...(mine.diff ? { candidate: mine.diff } : {}), ...(theirs?.diff ? { baseline: theirs.diff } : {}) } : undefined,
    remoteOf: git.remoteOf,
  });
  return { checks: checks.map(masked), section, candidateScan: scan };
}
