/**
 * The run to promote, read once: the gate's scan of the folder already hashed every file
 * (sha256 for the manifest, git's blob id for trees, in the same pass as the secret scan), and
 * the gate's loaded side already holds the task claims, dataset and commit. Only the few small
 * texts the plan quotes are read here (baseline.json, the metrics schema, the first
 * prediction, the run's own README.md, the store's README template). Only regular files
 * inside the store are promoted: a link, FIFO or device in the run is refused by name, never
 * opened.
 */
import { ArtifactError } from '../contract/errors.js';
import { fingerprintGit } from '../artifacts/fingerprint.js';
import { loadSide, type LoadedSide } from '../artifacts/load-run.js';
import { DEFAULT_LIMITS } from '../parse/jsonl.js';
import { scanRun, type RunScan, type ScannedFile } from '../provenance/seal/run-scan.js';
import type { StoreLocation } from '../store/location.js';
import { storePaths } from '../store/layout.js';
import { readJsonlInStore } from '../store/read.js';
import { readOptionalText } from '../store/run-files.js';
import { resolveInStore } from '../store/safe-path.js';
import { PromotionRefused } from './plan/errors.js';
import type { PromoteAs, PromotionSource, SourceFile } from './plan/types.js';

const MAX_TEXT_BYTES = 4 * 1024 * 1024;

/** A scanned entry as a file to promote, or the refusal that names why it cannot be one. */
export function sourceFile(entry: ScannedFile): SourceFile {
  if (entry.kind !== 'file' || entry.symlinked) {
    const what = entry.symlinked ? 'a symbolic link' : `not a regular file (${entry.kind})`;
    throw new PromotionRefused(`${entry.display} is ${what}: a promoted folder holds regular files only (promotion refused)`);
  }
  if (entry.problem !== undefined || !entry.digest) throw new ArtifactError({ file: entry.display }, entry.problem ?? 'not read', 'artifact.unsafe');
  const git = entry.digest.git;
  if (!git?.sha) throw new PromotionRefused(`${entry.display}: changed while being read (promotion refused; try again when the run is complete)`);
  if (entry.digest.sha256 === undefined) throw new Error(`internal: ${entry.display} was scanned without its sha256`);
  return { rel: entry.rel, size: entry.digest.size, sha256: entry.digest.sha256, gitSha: git.sha, mode: git.executable ? '100755' : '100644' };
}

async function firstPrediction(store: StoreLocation, runDir: string): Promise<unknown> {
  try {
    for await (const record of readJsonlInStore({ path: store.root, display: store.display }, `${runDir}/predictions.jsonl`, DEFAULT_LIMITS)) {
      return record.value;
    }
  } catch (error) {
    if (!(error instanceof ArtifactError)) throw error;
  }
  return undefined;
}

/** The run folder itself: a real folder inside the store, never one reached through a link. */
export async function checkRunFolder(store: StoreLocation, run: string): Promise<void> {
  const folder = await resolveInStore({ path: store.root, display: store.display }, `runs/${run}`, 'dir');
  if (folder.symlinked) throw new PromotionRefused(`${folder.display} is reached through a symbolic link: promote the real folder (promotion refused)`);
}

async function template(store: StoreLocation, as: PromoteAs | undefined): Promise<PromotionSource['template']> {
  if (!as) return undefined;
  const path = storePaths.promotionReadmeTemplates[as];
  const text = await readOptionalText(store, path, MAX_TEXT_BYTES);
  return text === undefined ? undefined : { path: `${store.display}/${path}`, text };
}

/** `scan` is the gate's scan of the run folder, made with git blob ids; `as` picks the store's README template. */
export async function promotionSource(store: StoreLocation, run: string, side: LoadedSide, scan: RunScan, as?: PromoteAs): Promise<PromotionSource> {
  const runDir = `runs/${run}`;
  await checkRunFolder(store, run);
  const files = scan.files.map(sourceFile);
  const metrics = await readOptionalText(store, `${runDir}/metrics.json`, DEFAULT_LIMITS.maxJsonBytes).catch(() => undefined);
  const schema = metrics === undefined ? undefined : schemaOf(metrics);
  const commit = side.fingerprint ? fingerprintGit(side.fingerprint)?.commit : undefined;
  const readme = await readOptionalText(store, `${runDir}/README.md`, MAX_TEXT_BYTES);
  const storeTemplate = await template(store, as);
  return {
    files,
    ...(readme === undefined ? {} : { readme }),
    ...(storeTemplate === undefined ? {} : { template: storeTemplate }),
    metadataText: await readOptionalText(store, `${runDir}/baseline.json`, MAX_TEXT_BYTES),
    taskClaims: [...side.facts.taskClaims].map(([source, task]) => ({ source, task })),
    ...(schema === undefined ? {} : { metricsSchema: schema }),
    firstPrediction: await firstPrediction(store, runDir),
    ...(side.dataset === undefined ? {} : { dataset: side.dataset }),
    ...(commit ? { commit } : {}),
  };
}

/**
 * The run read on its own, for a promotion that did not just gate it in the same call
 * (auto-promotion after the gate's reports): the folder checked, loaded and scanned once.
 */
export async function readPromotionSource(store: StoreLocation, run: string, as?: PromoteAs): Promise<PromotionSource> {
  await checkRunFolder(store, run);
  const side = await loadSide(store, `runs/${run}`, 'candidate');
  const scan = await scanRun(store, `runs/${run}`, { secrets: false, gitBlobs: true });
  return promotionSource(store, run, side, scan, as);
}

function schemaOf(text: string): string | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    const schema = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['schema'] : undefined;
    return typeof schema === 'string' ? schema : undefined;
  } catch {
    return undefined;
  }
}
