/**
 * Reads the run to promote from a store on disk: every file hashed once (sha256 for the
 * manifest, git's blob id for trees), plus the few facts the plan needs (task claims, dataset,
 * commit, metadata text). Only regular files inside the store are promoted: a link, FIFO or
 * device in the run is refused by name, never opened.
 */
import { createHash } from 'node:crypto';
import { ArtifactError } from '../errors.js';
import { fingerprintGit } from '../artifacts/fingerprint.js';
import { loadSide, type StoreLocation } from '../gate/load-side.js';
import { DEFAULT_LIMITS } from '../json/jsonl.js';
import { listRunEntries, openInRun, readOptionalText } from '../provenance/store-access.js';
import { readJsonlInStore } from '../store/read.js';
import { resolveInStore } from '../store/safe-path.js';
import { PromotionRefused } from './errors.js';
import { gitBlobHasher } from './git-blob.js';
import type { PromoteAs, PromotionSource, SourceFile } from './types.js';

const CHUNK_BYTES = 4 * 1024 * 1024;
const MAX_TEXT_BYTES = 4 * 1024 * 1024;

export async function hashFile(store: StoreLocation, storeRel: string, rel: string): Promise<SourceFile> {
  const { handle, size, display } = await openInRun(store, storeRel);
  try {
    const sha256 = createHash('sha256');
    const sha1 = gitBlobHasher(size);
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(size, 1)));
    let read = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, read);
      if (bytesRead === 0) break;
      sha256.update(buffer.subarray(0, bytesRead));
      sha1.update(buffer.subarray(0, bytesRead));
      read += bytesRead;
      if (read > size) break;
    }
    if (read !== size) throw new PromotionRefused(`${display}: changed while being read (promotion refused; try again when the run is complete)`);
    const executable = ((await handle.stat()).mode & 0o111) !== 0;
    return { rel, size, sha256: sha256.digest('hex'), gitSha: sha1.digest('hex'), mode: executable ? '100755' : '100644' };
  } finally {
    await handle.close();
  }
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

/** Where a store keeps its promotion README templates (the real store's names). */
export const README_TEMPLATES: Record<PromoteAs, string> = {
  baseline: 'baselines/BASELINE_PROMOTION_README_TEMPLATE.md',
  reference: 'references/REFERENCE_PROMOTION_README_TEMPLATE.md',
};

async function template(store: StoreLocation, as: PromoteAs | undefined): Promise<PromotionSource['template']> {
  if (!as) return undefined;
  const path = README_TEMPLATES[as];
  const text = await readOptionalText(store, path, MAX_TEXT_BYTES);
  return text === undefined ? undefined : { path: `${store.display}/${path}`, text };
}

export async function loadPromotionSource(store: StoreLocation, run: string, as?: PromoteAs): Promise<PromotionSource> {
  const runDir = `runs/${run}`;
  const folder = await resolveInStore({ path: store.root, display: store.display }, runDir, 'dir');
  if (folder.symlinked) throw new PromotionRefused(`${folder.display} is reached through a symbolic link: promote the real folder (promotion refused)`);
  const files: SourceFile[] = [];
  for (const entry of await listRunEntries(store, runDir)) {
    if (entry.kind !== 'file' || entry.symlinked) {
      const what = entry.symlinked ? 'a symbolic link' : `not a regular file (${entry.kind})`;
      throw new PromotionRefused(`${entry.display} is ${what}: a promoted folder holds regular files only (promotion refused)`);
    }
    files.push(await hashFile(store, entry.storeRel, entry.rel));
  }
  // The gate has read these already and reported any problem; here only the facts are needed.
  const side = await loadSide(store, runDir, 'candidate');
  const metrics = await readOptionalText(store, `${runDir}/metrics.json`, DEFAULT_LIMITS.maxJsonBytes).catch(() => undefined);
  const schema = metrics === undefined ? undefined : schemaOf(metrics);
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
    ...(side.fingerprint && fingerprintGit(side.fingerprint)?.commit ? { commit: fingerprintGit(side.fingerprint)?.commit } : {}),
  };
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
