/**
 * `changes`: what differs between the two sides' recipes. The prompt sections that changed
 * and a unified diff of the canonical prompt bundles (the provenance code's bundle and bounded
 * diff), a diff of config.yaml, and every fingerprint field that differs (model, parameters,
 * dataset fingerprint, commit, ...), plus the model and parameters real stores keep in
 * baseline.json. Fields that only identify one run (its id, timestamp) are left out: they
 * always differ and say nothing. Everything is bounded and secrets are masked.
 */
import type { LoadedSide } from '../artifacts/load-run.js';
import type { StoreLocation } from '../store/location.js';
import { boundedDiff } from '../provenance/checks/bounded-diff.js';
import type { BoundedDiff } from '../contract/report-sections.js';
import { CONFIG_FILE, MAX_CONFIG_BYTES } from '../provenance/config-hash.js';
import { readableBundle, type Bundle, type BundleValue } from '../provenance/prompt-bundle.js';
import { promptBundleOf } from '../provenance/checks/section.js';
import { redactSecrets } from '../provenance/secrets/patterns.js';
import { readOptionalText, runPath } from '../store/run-files.js';
import { truncate } from '../report/escape.js';

/** Changed fields listed (the count is always complete). */
export const MAX_FIELD_CHANGES = 200;
const MAX_VALUE_CHARS = 200;
const MAX_SECTIONS = 200;

/** Fingerprint paths that identify one run rather than describe how it was made. */
const RUN_IDENTITY = [/^timestamp$/, /^run_id$/, /^run_context\.run_id$/, /^run_context\.baseline_id$/, /^baseline_id$/, /^completed(\.|$)/, /^experiment_id$/, /^arm$/, /^tags(\.|$)/];
/** baseline.json blocks that describe the model and its parameters (the corpus's shape). */
const METADATA_BLOCKS = ['backend', 'params', 'model', 'parameters'];

export interface SectionChangeJson {
  section: string;
  change: 'added' | 'removed' | 'modified';
}

export interface FieldChangeJson {
  field: string;
  source: 'fingerprint.json' | 'baseline.json';
  a: string | null;
  b: string | null;
}

export interface ChangesJson {
  prompt: {
    /** null when neither side records its prompts. */
    changed: boolean | null;
    a_hash: string | null;
    b_hash: string | null;
    a_version: string | null;
    b_version: string | null;
    /** Where the sections come from: the canonical bundles, or the fingerprints' template records. */
    basis: 'bundle' | 'fingerprint' | null;
    sections: SectionChangeJson[];
    diff: BoundedDiff | null;
  };
  config: { changed: boolean | null; diff: BoundedDiff | null };
  fingerprint: { changed: number; fields: FieldChangeJson[] };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function scalarText(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return truncate(redactSecrets(text), MAX_VALUE_CHARS);
}

/** Leaves by dot path; arrays are leaves (shown as JSON). */
export function leaves(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) leaves(child, prefix ? `${prefix}.${key}` : key, out);
    if (Object.keys(value).length === 0 && prefix) out.set(prefix, value);
  } else if (prefix) out.set(prefix, value);
  return out;
}

function fieldChanges(a: Map<string, unknown>, b: Map<string, unknown>, source: FieldChangeJson['source']): FieldChangeJson[] {
  const names = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const out: FieldChangeJson[] = [];
  for (const name of names) {
    const va = a.has(name) ? scalarText(a.get(name)) : null;
    const vb = b.has(name) ? scalarText(b.get(name)) : null;
    if (va !== vb) out.push({ field: name, source, a: va, b: vb });
  }
  return out;
}

function fingerprintLeaves(side: LoadedSide): Map<string, unknown> {
  const all = leaves(side.fingerprint ?? {});
  for (const key of [...all.keys()]) if (RUN_IDENTITY.some((re) => re.test(key))) all.delete(key);
  return all;
}

function metadataLeaves(side: LoadedSide): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const metadata = (side.metadata ?? {}) as Json;
  for (const block of METADATA_BLOCKS) if (metadata[block] !== undefined) leaves({ [block]: metadata[block] }, '', out);
  return out;
}

/** Leaf prompts of a bundle by path (`system`, `user.template`). */
function bundleSections(bundle: Bundle): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (value: BundleValue, path: string): void => {
    if (isObject(value)) for (const key of Object.keys(value)) walk((value as Bundle)[key] as BundleValue, path ? `${path}.${key}` : key);
    else out.set(path, JSON.stringify(value));
  };
  walk(bundle, '');
  return out;
}

/** The corpus records prompt templates in the fingerprint: `prompts: {user: {name, sha256}}`. */
function templateSections(side: LoadedSide): Map<string, string> | undefined {
  const prompts = (side.fingerprint as Json | undefined)?.['prompts'];
  if (!isObject(prompts)) return undefined;
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(prompts)) {
    if (!isObject(value)) continue;
    const identity = value['sha256'] ?? value['hash'] ?? value['name'];
    if (typeof identity === 'string') out.set(name, identity);
  }
  return out.size > 0 ? out : undefined;
}

function sectionChanges(a: Map<string, string>, b: Map<string, string>): SectionChangeJson[] {
  const names = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const out: SectionChangeJson[] = [];
  for (const section of names) {
    if (!b.has(section)) out.push({ section, change: 'removed' });
    else if (!a.has(section)) out.push({ section, change: 'added' });
    else if (a.get(section) !== b.get(section)) out.push({ section, change: 'modified' });
  }
  return out.slice(0, MAX_SECTIONS).map((c) => ({ ...c, section: truncate(redactSecrets(c.section), MAX_VALUE_CHARS) }));
}

const promptHash = (side: LoadedSide): string | null => side.fingerprint?.prompts?.prompt_hash ?? null;

export function promptVersion(side: LoadedSide): string | null {
  const recorded = side.fingerprint?.prompts?.prompt_version ?? (side.metadata as Json | undefined)?.['prompt_version'];
  return typeof recorded === 'string' && recorded !== '' ? recorded : null;
}

export async function readChanges(stores: { a: StoreLocation; b: StoreLocation }, a: LoadedSide, b: LoadedSide): Promise<ChangesJson> {
  const [bundleA, bundleB] = [await promptBundleOf(stores.a, a), await promptBundleOf(stores.b, b)];
  let prompt: ChangesJson['prompt'];
  const common = { a_hash: promptHash(a), b_hash: promptHash(b), a_version: promptVersion(a), b_version: promptVersion(b) };
  if (bundleA && bundleB) {
    const sections = sectionChanges(bundleSections(bundleA.bundle), bundleSections(bundleB.bundle));
    prompt = {
      ...common,
      changed: bundleA.hash !== bundleB.hash,
      basis: 'bundle',
      sections,
      diff: boundedDiff('a/prompts', 'b/prompts', readableBundle(bundleA.bundle), readableBundle(bundleB.bundle)) ?? null,
    };
  } else {
    const [ta, tb] = [templateSections(a), templateSections(b)];
    const sections = ta && tb ? sectionChanges(ta, tb) : [];
    const hashes = common.a_hash !== null && common.b_hash !== null ? common.a_hash !== common.b_hash : null;
    prompt = { ...common, changed: ta && tb ? sections.length > 0 : hashes, basis: ta && tb ? 'fingerprint' : null, sections, diff: null };
  }

  const text = async (store: StoreLocation, side: LoadedSide): Promise<string | undefined> =>
    readOptionalText(store, runPath(side.relDir, CONFIG_FILE), MAX_CONFIG_BYTES).catch(() => undefined);
  const [configA, configB] = [await text(stores.a, a), await text(stores.b, b)];
  const configDiff = configA !== undefined && configB !== undefined ? (boundedDiff(`a/${CONFIG_FILE}`, `b/${CONFIG_FILE}`, configA, configB) ?? null) : null;

  const fields = [
    ...fieldChanges(fingerprintLeaves(a), fingerprintLeaves(b), 'fingerprint.json'),
    ...fieldChanges(metadataLeaves(a), metadataLeaves(b), 'baseline.json'),
  ];
  return {
    prompt,
    config: { changed: configA !== undefined && configB !== undefined ? configDiff !== null : null, diff: configDiff },
    fingerprint: { changed: fields.length, fields: fields.slice(0, MAX_FIELD_CHANGES).map((f) => ({ ...f, field: truncate(redactSecrets(f.field), MAX_VALUE_CHARS) })) },
  };
}
