/**
 * Debian's Chromium driven by playwright-core, for the browser tests: never a downloaded
 * browser, always the same flags (the project's brief), one launch per test file.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.PROMOTION_GATE_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
}

/**
 * Where the browser tests save their screenshots: the README's pictures (docs/images/) only
 * when asked (`npm run screenshots`), else a temp folder, so that `npm test` never rewrites
 * tracked files.
 */
export function screenshotDir(repoRoot: string): string {
  if (process.env.PROMOTION_GATE_SCREENSHOTS === 'update') {
    const dir = join(repoRoot, 'docs/images');
    mkdirSync(dir, { recursive: true });
    return dir;
  }
  return mkdtempSync(join(tmpdir(), 'pg-screenshots-'));
}
