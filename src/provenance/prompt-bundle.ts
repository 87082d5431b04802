/**
 * The canonical prompt bundle: every prompt a run used, as one JSON object, normalised so
 * that its sha256 (`prompt_hash`) changes exactly when some prompt text changes, never with
 * key order, line endings or trailing whitespace. The bundle is saved beside the
 * fingerprint (`prompts.json`) so that a later run can diff against it.
 */
import { UsageError } from '../contract/errors.js';
import { canonicalJson, normalizeText, sha256Hex } from './hashing.js';

export type BundleValue = string | number | boolean | null | BundleValue[] | { [key: string]: BundleValue };
export type Bundle = { [key: string]: BundleValue };

export const PROMPT_BUNDLE_FILE = 'prompts.json';

export interface CanonicalBundle {
  bundle: Bundle;
  /** RFC 8785 text the hash is computed over. */
  canonical: string;
  /** sha256 hex of `canonical` (UTF-8). */
  hash: string;
}

function normalizeValue(value: unknown, path: string): BundleValue {
  if (typeof value === 'string') return normalizeText(value);
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new UsageError(`prompt bundle: ${path} is not a finite number`);
    return value;
  }
  if (Array.isArray(value)) return value.map((item, i) => normalizeValue(item, `${path}[${i}]`));
  if (typeof value === 'object') {
    const out: Bundle = {};
    for (const [key, child] of Object.entries(value)) out[key] = normalizeValue(child, path ? `${path}.${key}` : key);
    return out;
  }
  throw new UsageError(`prompt bundle: ${path} has a value JSON cannot hold`);
}

/** Normalises any JSON object into a canonical bundle and hashes it. */
export function canonicalizeBundle(raw: unknown, source = 'prompt bundle'): CanonicalBundle {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UsageError(`${source}: a prompt bundle must be a JSON object of named prompts`);
  }
  const bundle = normalizeValue(raw, '') as Bundle;
  const canonical = canonicalJson(bundle);
  return { bundle, canonical, hash: sha256Hex(canonical) };
}

function sortKeys(value: BundleValue): BundleValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Bundle = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key] as BundleValue);
    return out;
  }
  return value;
}

/**
 * The saved file: sorted keys, two-space indent, one trailing newline. Readable in a pull
 * request; its hash is recomputed from the parsed content, so the indentation is free.
 */
export function bundleFileText(bundle: Bundle): string {
  return `${JSON.stringify(sortKeys(bundle), null, 2)}\n`;
}

/**
 * A line-oriented rendering for unified diffs: one `## path` heading per prompt followed by
 * its text, in sorted order, so a one-word change shows as a one-line change.
 */
export function readableBundle(bundle: Bundle): string {
  const blocks: string[] = [];
  const walk = (value: BundleValue, path: string): void => {
    if (typeof value === 'string') blocks.push(`## ${path}\n${value}`);
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const key of Object.keys(value).sort()) walk(value[key] as BundleValue, path ? `${path}.${key}` : key);
    } else blocks.push(`## ${path}\n${JSON.stringify(value)}`);
  };
  walk(bundle, '');
  return `${blocks.join('\n\n')}\n`;
}
