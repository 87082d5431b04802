import { describe, expect, it } from 'vitest';
import { buildManifest, compareManifest, describeDiff, hasDifferences, metadataCoreHash, parseManifest } from '../../../../src/provenance/seal/manifest.js';
import type { RunScan, ScannedFile } from '../../../../src/provenance/seal/run-scan.js';

const file = (rel: string, sha: string, size = 10, problem?: string): ScannedFile => ({
  rel,
  storeRel: `runs/x/${rel}`,
  display: `data/eval/runs/x/${rel}`,
  kind: problem ? 'fifo' : 'file',
  symlinked: false,
  ...(problem ? { problem } : { digest: { sha256: sha.repeat(64).slice(0, 64), size } }),
});
const scan = (...files: ScannedFile[]): RunScan => ({ files, bytes: 0, seconds: 0 });
const metadata = { run_id: 'x', status: 'completed' };

describe('manifest', () => {
  const original = scan(file('baseline.json', 'a'), file('metrics.json', 'b'), file('predictions.jsonl', 'c', 99), file('manifest.json', 'd'));
  const manifest = parseManifest(JSON.parse(JSON.stringify(buildManifest(original, metadata, 'now'))), 'm.json');

  it('records every file but itself, with the metadata core hash', () => {
    expect(Object.keys(manifest.files)).toEqual(['baseline.json', 'metrics.json', 'predictions.jsonl']);
    expect(manifest.files['baseline.json']?.core_sha256).toBe(metadataCoreHash(metadata));
    expect(manifest.files['predictions.jsonl']).toEqual({ sha256: 'c'.repeat(64), size: 99 });
  });

  it('finds nothing in an unchanged folder', () => {
    const diff = compareManifest(manifest, original, metadata);
    expect(hasDifferences(diff)).toBe(false);
    expect(diff.checked).toBe(3);
  });

  it('names changed, missing, extra and unreadable files', () => {
    const now = scan(file('baseline.json', 'a'), file('metrics.json', 'e'), file('notes.txt', 'f'), file('predictions.jsonl', 'c', 99, 'a FIFO (not read)'));
    const diff = compareManifest(manifest, now, metadata);
    expect(describeDiff(diff)).toEqual(['changed: metrics.json', 'extra: notes.txt', 'unreadable: predictions.jsonl (a FIFO (not read))']);
    expect(describeDiff(compareManifest(manifest, scan(file('baseline.json', 'a')), metadata))).toEqual(['missing: metrics.json', 'missing: predictions.jsonl']);
  });

  it('counts a file scanned without its sha256 as changed: an unhashed scan never verifies', () => {
    const unhashed: ScannedFile = { ...file('metrics.json', 'b'), digest: { size: 10 } };
    const diff = compareManifest(manifest, scan(file('baseline.json', 'a'), unhashed, file('predictions.jsonl', 'c', 99)), metadata);
    expect(describeDiff(diff)).toEqual(['changed: metrics.json']);
    expect(() => buildManifest(scan(unhashed), metadata)).toThrow(/without its sha256/);
  });

  it('accepts what promotion adds, and nothing more', () => {
    const promotedMeta = { ...metadata, promoted_at: 't', promoted_as: 'baseline', promoted_id: 'b', promoted_from: 'x', reason: 'r' };
    const promoted = scan(file('README.md', '1'), file('baseline.json', '9'), file('metrics.json', 'b'), file('predictions.jsonl', 'c', 99));
    const diff = compareManifest(manifest, promoted, promotedMeta);
    expect(hasDifferences(diff)).toBe(false);
    expect(diff.expected).toEqual([expect.stringMatching(/^baseline\.json: promotion fields added after this manifest was written \(promoted_from, .*\); not covered by it, because the manifest predates the promotion$/), 'README.md: added by promotion']);
    // A manifest written by promotion covers the audit fields too (issue 10, item 8).
    expect(describeDiff(compareManifest({ ...manifest, promotion: { from: 'runs/x', to: 'baselines/b' } }, promoted, promotedMeta))).toEqual(['changed: baseline.json', 'extra: README.md']);
    expect(describeDiff(compareManifest(manifest, promoted, { ...promotedMeta, status: 'failed' }))).toEqual(['changed: baseline.json']);
    expect(describeDiff(compareManifest(manifest, promoted, metadata))).toEqual(['changed: baseline.json', 'extra: README.md']);
  });

  it('accepts scores written by `score` after sealing (derived, informational), and nothing like them elsewhere', () => {
    const scored = scan(file('baseline.json', 'a'), file('metrics.json', 'b'), file('predictions.jsonl', 'c', 99), file('scores/gold_v1.json', '5'), file('scoresheet.json', '6'));
    const diff = compareManifest(manifest, scored, metadata);
    expect(diff.expected).toEqual(['scores/gold_v1.json: written by `score`']);
    expect(describeDiff(diff)).toEqual(['extra: scoresheet.json']);
  });

  it('rejects a manifest of another shape', () => {
    expect(() => parseManifest({ files: {} }, 'm.json')).toThrow(/m\.json: not a valid manifest/);
    expect(() => parseManifest({ manifest_version: 1, algorithm: 'sha256', files: { a: { sha256: 'x', size: 1 } } }, 'm.json')).toThrow(/files\.a\.sha256/);
  });
});
