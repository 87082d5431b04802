/**
 * A candidate run downloaded from a workflow artifact (inputs `artifact`, `artifact-run-id`).
 * The zip is fetched raw into one fresh folder and extracted by the guarded extractor into
 * another (RELIABILITY F4), laid out as a store: either the archive already holds
 * `runs/<id>/...`, or it holds one run's files and becomes `runs/<run or artifact name>/`.
 */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../contract/errors.js';
import type { StoreLocation } from '../store/location.js';
import { validateId } from '../store/ids.js';
import type { ActionDeps } from './deps.js';
import { createScratchRepo } from './scratch-repo.js';
import type { ActionSettings } from './settings.js';
import { DEFAULT_LIMITS, extractZip, vetZip } from './zip/extract-zip.js';
import { UnsafeArchiveError } from './zip/read-zip.js';
import type { GitRepo } from '../git/repo.js';

export interface ArtifactRuns {
  store: StoreLocation;
  runs: string[];
}

function runsInArchive(names: string[]): string[] | undefined {
  if (names.length === 0 || !names.every((n) => n.startsWith('runs/') && n.split('/').length >= 3)) return undefined;
  return [...new Set(names.map((n) => n.split('/')[1] ?? ''))].sort();
}

export async function downloadArtifactRuns(settings: ActionSettings, deps: ActionDeps, repo: GitRepo | undefined, storeDisplay: string): Promise<ArtifactRuns> {
  const name = settings.artifact ?? '';
  const { context } = deps;
  const downloadDir = await mkdtemp(join(context.tempDir, 'promotion-gate-download-'));
  const from = settings.artifactRunId === undefined
    ? undefined
    : { runId: settings.artifactRunId, owner: context.repository.owner, repo: context.repository.repo, token: settings.githubToken ?? '' };
  if (from && !from.token) throw new UsageError('input github-token: needed to download an artifact from another workflow run (artifact-run-id)');
  let zipPath: string;
  try {
    zipPath = await deps.artifacts.downloadZip(name, downloadDir, from);
  } catch (error) {
    throw new UsageError(`input artifact: cannot download "${name}"${from ? ` from workflow run ${from.runId}` : ''}: ${(error as Error).message}`);
  }
  // The two size caps are inputs; the entry count, per-file cap and ZIP64 refusal are fixed.
  const limits = { ...DEFAULT_LIMITS, maxArchiveBytes: settings.artifactMaxBytes, maxTotalBytes: settings.artifactMaxTotalBytes };
  const { entries } = await vetZip(zipPath, limits).catch((error: unknown) => {
    // A size cap was hit: say which inputs set it, so raising it is one step away.
    if (error instanceof UnsafeArchiveError && /^the archive (is [0-9]+ bytes, over the cap|expands to over [0-9]+ bytes)/.test(error.message)) {
      throw new UnsafeArchiveError(`${error.message} (the size caps are the inputs artifact-max-bytes, ${settings.artifactMaxBytes}, and artifact-max-total-bytes, ${settings.artifactMaxTotalBytes})`);
    }
    throw error;
  });
  const files = entries.filter((e) => !e.isDirectory).map((e) => e.name);
  const listed = runsInArchive(files);
  if (listed && settings.run && !listed.includes(settings.run)) throw new UsageError(`input run: artifact ${name} has no runs/${settings.run}/ (it has ${listed.join(', ')})`);
  const runs = listed ? listed.filter((r) => !settings.run || r === settings.run) : [settings.run ?? name];
  for (const id of runs) validateId('run', id, listed ? `artifact ${name}` : settings.run ? 'input run' : 'input artifact (used as the run id)');
  const scratch = await createScratchRepo(context.tempDir, repo);
  const root = join(scratch, 'store');
  const into = listed ? root : join(root, 'runs', runs[0] ?? '');
  await mkdir(into, { recursive: true });
  await extractZip(zipPath, into, { limits });
  return { store: { root, display: storeDisplay }, runs };
}
