/**
 * The dashboard's settings as a user writes them (CLI flags, action inputs), checked once
 * here for both shells: a bad value is a usage error naming the flag or input.
 */
import { UsageError } from '../contract/errors.js';
import { DEFAULT_COMPARE_BUDGET_SECONDS } from './build.js';
import { DEFAULT_MAX_COMPARISONS } from './pairs.js';

const MAX_COMPARISONS_CAP = 10_000;

export function parseBaseUrl(value: string | undefined, input: string): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new UsageError(`${input} ${JSON.stringify(value.slice(0, 200))}: not a URL (expected e.g. https://octo-org.github.io/evals/)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`${input} ${JSON.stringify(value.slice(0, 200))}: expected an http(s) URL`);
  return url.href;
}

export function parseMaxComparisons(value: string | undefined, input: string): number {
  if (value === undefined) return DEFAULT_MAX_COMPARISONS;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > MAX_COMPARISONS_CAP) throw new UsageError(`${input} ${JSON.stringify(value.slice(0, 40))}: expected an integer from 0 to ${MAX_COMPARISONS_CAP}`);
  return n;
}

export function parseBudget(value: string | undefined, input: string): number {
  if (value === undefined || value.trim() === '') return DEFAULT_COMPARE_BUDGET_SECONDS;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 86_400) throw new UsageError(`${input} ${JSON.stringify(value.slice(0, 40))}: expected seconds from 0 to 86400`);
  return n;
}
