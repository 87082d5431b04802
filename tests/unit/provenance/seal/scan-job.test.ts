/**
 * What the gate's scan of the run folders asks for: the candidate's files are secret-scanned,
 * and a side's files are hashed only when something compares the hashes (its manifest.json,
 * checked by the policy, or a promotion's plan). Hashing is the largest cost of the gate after
 * parsing, so a run without a manifest is not hashed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanJobFor, type ScanJobInput } from '../../../../src/provenance/seal/scan-job.js';
import { digestsWanted } from '../../../../src/provenance/checks/gate-hook.js';

const root = mkdtempSync(join(tmpdir(), 'pg-scan-job-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function side(relDir: string, manifest: boolean) {
  mkdirSync(join(root, relDir), { recursive: true });
  if (manifest) writeFileSync(join(root, relDir, 'manifest.json'), '{}');
  return { relDir } as ScanJobInput['candidate'];
}

function input(candidateManifest: boolean, baselineManifest: boolean, policy: { secrets?: string; manifest?: string } = {}, gitBlobs = false): ScanJobInput {
  const tag = `${candidateManifest}-${baselineManifest}-${Math.random().toString(36).slice(2)}`;
  const location = { root, display: 'store' } as ScanJobInput['store'];
  return {
    store: location,
    baseStore: location,
    candidate: side(`runs/c-${tag}`, candidateManifest),
    baseline: side(`baselines/b-${tag}`, baselineManifest),
    policy: { compliance: { secrets: policy.secrets ?? 'fail', manifest: policy.manifest ?? 'warn' } } as ScanJobInput['policy'],
    ...(gitBlobs ? { gitBlobs: true } : {}),
  };
}

describe('scanJobFor', () => {
  it('hashes a side that has a manifest.json, and not one that has none', () => {
    const job = scanJobFor(input(true, false));
    expect(job.candidate).toMatchObject({ secrets: true });
    expect(job.candidate.hashes).toBeUndefined();
    expect(job.baseline).toMatchObject({ secrets: false, hashes: false });
    expect(digestsWanted(scanJobFor(input(false, true)))).toEqual({ candidate: { secrets: true, sha256: false }, baseline: { secrets: false } });
  });

  it('hashes nothing when the policy does not check manifests, and scans no baseline', () => {
    const job = scanJobFor(input(true, true, { manifest: 'off', secrets: 'off' }));
    expect(job).toEqual({ candidate: expect.objectContaining({ secrets: false, hashes: false }) });
  });

  it('always hashes the candidate of a promotion (its plan names every file by sha256 and blob id)', () => {
    const job = scanJobFor(input(false, false, {}, true));
    expect(job.candidate).toMatchObject({ gitBlobs: true });
    expect(job.candidate.hashes).toBeUndefined();
    expect(digestsWanted(job).candidate).toEqual({ secrets: true, gitBlob: true });
  });

  it('sees a manifest that appears later: each job asks again', () => {
    const later = input(false, false);
    expect(scanJobFor(later).candidate.hashes).toBe(false);
    writeFileSync(join(root, later.candidate.relDir, 'manifest.json'), '{}');
    expect(scanJobFor(later).candidate.hashes).toBeUndefined();
  });
});
