/**
 * manifest.json of a promoted folder: the sha256 and size of every other file in it, so that
 * anyone can later prove the folder is still what was promoted (immutability). The format is
 * the provenance manifest's (src/provenance/seal/manifest.ts), so the gate and `verify` read it;
 * `promotion` records where the files came from.
 */
import { TOOL_NAME, TOOL_VERSION } from '../../contract/version.js';
import { MANIFEST_FILE, METADATA_FILE } from '../../provenance/seal/manifest.js';
import { metadataCore } from './metadata.js';
import type { PlannedFile } from './types.js';

export interface ManifestInput {
  files: PlannedFile[];
  metadata: Record<string, unknown>;
  promotedAt: string;
  sourceDir: string;
  destinationDir: string;
  /** sha256 of the run's own manifest.json (from `run create`), which this one replaces. */
  sourceManifestSha256?: string;
}

export function promotionManifestText(input: ManifestInput): string {
  const files: Record<string, { sha256: string; size: number; core_sha256?: string }> = {};
  for (const file of [...input.files].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0))) {
    if (file.rel === MANIFEST_FILE) continue;
    files[file.rel] = {
      sha256: file.sha256,
      size: file.size,
      ...(file.rel === METADATA_FILE ? { core_sha256: metadataCore(input.metadata) } : {}),
    };
  }
  const manifest = {
    manifest_version: 1,
    algorithm: 'sha256',
    created_at: input.promotedAt,
    created_by: { name: TOOL_NAME, version: TOOL_VERSION },
    promotion: {
      from: input.sourceDir,
      to: input.destinationDir,
      ...(input.sourceManifestSha256 ? { source_manifest_sha256: input.sourceManifestSha256 } : {}),
    },
    files,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
