/**
 * `report.provenance`: where each side came from (commit with a link, dirty state,
 * dataset fingerprint, prompt version and hash) and, when the candidate's prompts or
 * config differ from the baseline's, bounded unified diffs of them.
 */
import { fingerprintDataset, fingerprintGit } from '../../artifacts/fingerprint.js';
import type { LoadedSide } from '../../artifacts/load-run.js';
import { boundedDiff } from './bounded-diff.js';
import { commitUrl, sharedRemoteLookup, type RemoteLookup } from './commit-link.js';
import { CONFIG_FILE, MAX_CONFIG_BYTES } from '../config-hash.js';
import { canonicalizeBundle, PROMPT_BUNDLE_FILE, readableBundle, type CanonicalBundle } from '../prompt-bundle.js';
import { redactSecrets } from '../secrets/patterns.js';
import { readOptionalJson, readOptionalText, runPath } from '../../store/run-files.js';
import type { StoreLocation } from '../../store/location.js';
import type { SecretSummary, SideProvenance, ProvenanceSection } from '../../contract/report-sections.js';

const MAX_SECTION_PATHS = 20;

async function sideProvenance(side: LoadedSide, repoPath: string, remoteOf: RemoteLookup): Promise<SideProvenance> {
  const fp = side.fingerprint;
  const git = fp ? fingerprintGit(fp) : undefined;
  const commit = git?.commit ?? null;
  const url = commit ? await commitUrl(repoPath, commit, process.env, remoteOf) : undefined;
  const paths = git?.dirtyPaths ?? [];
  return {
    commit,
    ...(url ? { commit_url: url } : {}),
    branch: git?.branch ?? null,
    dirty: git?.dirty ?? null,
    dirty_paths: paths.slice(0, MAX_SECTION_PATHS).map(redactSecrets),
    // null when the fingerprint recorded neither paths nor a count: "not recorded", not "0".
    dirty_count: git?.dirtyCount === undefined && git?.dirtyPaths === undefined ? null : Math.max(git.dirtyCount ?? 0, paths.length),
    ...(fp?.timestamp ? { timestamp: fp.timestamp } : {}),
    dataset: { id: (fp && fingerprintDataset(fp)) ?? side.dataset, fingerprint: fp?.dataset?.fingerprint },
    prompt_version: fp?.prompts?.prompt_version ?? null,
    ...(fp?.prompts?.prompt_hash ? { prompt_hash: fp.prompts.prompt_hash } : {}),
    ...(fp?.config_hash ? { config_hash: fp.config_hash } : {}),
  };
}

/** The canonical prompt bundle of a side, or undefined when it has no (valid) bundle. */
export async function promptBundleOf(store: StoreLocation, side: Pick<LoadedSide, 'fingerprint' | 'relDir'>): Promise<CanonicalBundle | undefined> {
  const name = side.fingerprint?.prompts?.bundle_file ?? PROMPT_BUNDLE_FILE;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) return undefined;
  try {
    const value = await readOptionalJson(store, runPath(side.relDir, name), 64 * 1024 * 1024);
    return value === undefined ? undefined : canonicalizeBundle(value);
  } catch {
    return undefined; // the prompt-hash check reports the problem
  }
}

/** The readable prompt text of a side, or undefined when it has no (valid) bundle. */
async function promptText(store: StoreLocation, side: LoadedSide): Promise<string | undefined> {
  const bundle = await promptBundleOf(store, side);
  return bundle === undefined ? undefined : readableBundle(bundle.bundle);
}

async function configText(store: StoreLocation, side: LoadedSide): Promise<string | undefined> {
  return readOptionalText(store, runPath(side.relDir, CONFIG_FILE), MAX_CONFIG_BYTES).catch(() => undefined);
}

const changed = (a: string | undefined, b: string | undefined): boolean | null => (a && b ? a !== b : null);

export interface SectionInput {
  store: StoreLocation;
  baseStore: StoreLocation;
  candidate: LoadedSide;
  baseline: LoadedSide | null;
  secrets?: SecretSummary;
  manifest?: ProvenanceSection['manifest'];
  /** The remote lookup to use (one that may have been asked already); default a new shared one. */
  remoteOf?: RemoteLookup;
}

export async function provenanceSection(input: SectionInput): Promise<ProvenanceSection> {
  const { candidate, baseline } = input;
  // Both sides at once; git is asked for the remote's URL once per repository (a process each).
  const remoteOf = input.remoteOf ?? sharedRemoteLookup();
  const [mine, theirs] = await Promise.all([sideProvenance(candidate, input.store.root, remoteOf), baseline ? sideProvenance(baseline, input.baseStore.root, remoteOf) : null]);
  const section: ProvenanceSection = {
    candidate: mine,
    baseline: theirs,
    dataset_match: mine.dataset.fingerprint && theirs?.dataset.fingerprint ? mine.dataset.fingerprint === theirs.dataset.fingerprint : null,
    prompt_changed: changed(mine.prompt_hash, theirs?.prompt_hash),
    config_changed: changed(mine.config_hash, theirs?.config_hash),
    diffs: {},
  };
  if (baseline) {
    const [a, b] = [await promptText(input.baseStore, baseline), await promptText(input.store, candidate)];
    const prompts = a !== undefined && b !== undefined ? boundedDiff(`baseline/${PROMPT_BUNDLE_FILE}`, `candidate/${PROMPT_BUNDLE_FILE}`, a, b) : undefined;
    if (prompts) section.diffs.prompts = prompts;
    const [c, d] = [await configText(input.baseStore, baseline), await configText(input.store, candidate)];
    const config = c !== undefined && d !== undefined ? boundedDiff(`baseline/${CONFIG_FILE}`, `candidate/${CONFIG_FILE}`, c, d) : undefined;
    if (config) section.diffs.config = config;
  }
  if (input.secrets) {
    const { seconds, bytes } = input.secrets;
    section.secrets = { ...input.secrets, seconds: Math.round(seconds * 1000) / 1000, mb_per_s: bytes >= 1e6 && seconds > 0 ? Math.round(bytes / 1e6 / seconds) : null };
  }
  if (input.manifest) section.manifest = input.manifest;
  return section;
}
