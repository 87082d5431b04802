/**
 * The dashboard's static files (the client script with Observable Plot bundled in, the style
 * sheet, the libraries' licences) are built by `npm run bundle` into dist/site/ next to the
 * CLI and action bundles, and copied into every site. Found next to the running bundle
 * (dist/cli/index.js -> dist/site/), or, when running from the sources (tests), in dist/site/
 * of the repository.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../contract/errors.js';

// Kept in variables: ncc turns a literal path next to import.meta.url into a bundled asset.
const SITE_DIR = 'site';
const DIST_DIR = 'dist';
export const ASSET_FILES = ['app.js', 'style.css', 'LICENSES.txt'] as const;

export function siteAssetsDir(base: string = import.meta.url): string {
  const candidates = [new URL(`../${SITE_DIR}/`, base), new URL(`../../${DIST_DIR}/${SITE_DIR}/`, base)];
  for (const url of candidates) {
    const dir = fileURLToPath(url);
    if (existsSync(`${dir}${ASSET_FILES[0]}`)) return dir;
  }
  throw new UsageError(`the dashboard's assets (${ASSET_FILES.join(', ')}) are missing next to the bundle: run npm run bundle`);
}

export async function readSiteAssets(dir = siteAssetsDir()): Promise<{ name: string; content: Buffer }[]> {
  return Promise.all(ASSET_FILES.map(async (name) => ({ name, content: await readFile(`${dir}${name}`) })));
}
