/**
 * `site`, end to end: read the store (read.ts), plan every page and data file (build.ts),
 * add the static assets (assets.ts), write the folder in one swap (write.ts).
 */
import type { StoreLocation } from '../store/location.js';
import { readSiteAssets } from './assets.js';
import { planSite, type SiteOptions, type SitePlan } from './build.js';
import { readStoreForSite } from './read.js';
import { writeSite } from './write.js';

export interface SiteResult {
  counts: SitePlan['counts'];
  problems: string[];
  files: number;
  bytes: number;
}

export async function buildSite(store: StoreLocation, out: { path: string; display: string }, options: SiteOptions = {}): Promise<SiteResult> {
  const read = await readStoreForSite(store, options.progress);
  const plan = await planSite(store, read, options);
  const assets = await readSiteAssets();
  const files = [...plan.files, ...assets.map((a) => ({ path: `assets/${a.name}`, content: a.content }))];
  const bytes = await writeSite(out.path, out.display, files, { counts: plan.counts, ...(options.baseUrl ? { base_url: options.baseUrl } : {}) });
  return { counts: plan.counts, problems: plan.problems, files: files.length + 1, bytes };
}
