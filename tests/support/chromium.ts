/**
 * Debian's Chromium driven by playwright-core, for the browser tests: never a downloaded
 * browser, always the same flags (the project's brief), one launch per test file.
 */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.PROMOTION_GATE_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
}
