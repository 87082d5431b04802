/**
 * A run that is no longer in runs/ may simply have been promoted already: when the folder it
 * would go to records exactly this promotion (promoted_from and promoted_id in its
 * baseline.json), a re-run says so and succeeds instead of failing with "no run".
 */
import type { StoreLocation } from '../store/location.js';
import { readOptionalText } from '../store/run-files.js';
import { isDirectoryInStore, listDirInStore } from '../store/read.js';
import { storePaths } from '../store/layout.js';
import { recordedPromotion } from './plan/plan.js';
import type { PromotionRequest } from './plan/types.js';

async function candidates(store: StoreLocation, request: PromotionRequest): Promise<string[]> {
  if (request.as === 'baseline') return [storePaths.baseline(request.id)];
  if ((request.quality ?? 'silver') === 'silver') return [storePaths.silverReference(request.id)];
  if (request.task !== undefined) return [storePaths.goldReference(request.task, request.id)];
  const tasks = await listDirInStore(store.root, storePaths.goldReferences, store.display).catch(() => []);
  return tasks.filter((t) => t.kind === 'directory' && !t.symlinked).map((t) => `${storePaths.goldReferences}/${t.name}/${request.id}`);
}

/** The store-relative folder that already holds this promotion, when the run itself is gone. */
export async function findEarlierPromotion(store: StoreLocation, request: PromotionRequest): Promise<string | undefined> {
  if (await isDirectoryInStore(store.root, storePaths.run(request.run), store.display)) return undefined;
  for (const dir of await candidates(store, request)) {
    const text = await readOptionalText(store, `${dir}/baseline.json`, 4 * 1024 * 1024).catch(() => undefined);
    if (recordedPromotion(text, request.run, request.id)) return dir;
  }
  return undefined;
}
