/**
 * Temporary evaluation stores for tests: built from small literal artifacts or copied from
 * the read-only corpus (../shared/corpus/podcast_scraper), always in a fresh temp folder.
 */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS = fileURLToPath(new URL('../../../shared/corpus/podcast_scraper/data/eval', import.meta.url));
export const EXAMPLE_STORE = fileURLToPath(new URL('../../examples/eval', import.meta.url));

const created: string[] = [];

/** A fresh temp folder, removed by `cleanupTempDirs` (call it in afterAll/afterEach). */
export function tempDir(prefix = 'pg-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function cleanupTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Copies a directory and makes the copy writable (the corpus is read-only). */
export function copyDir(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  const makeWritable = (path: string): void => {
    const info = statSync(path);
    chmodSync(path, info.isDirectory() ? 0o755 : 0o644);
    if (info.isDirectory()) for (const entry of readdirSync(path)) makeWritable(join(path, entry));
  };
  makeWritable(to);
}

export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

export interface RunSpec {
  metrics?: Record<string, unknown> | string;
  predictions?: { id: string; scores?: Record<string, number>; [key: string]: unknown }[] | string | Buffer;
  fingerprint?: Record<string, unknown> | string | null;
  config?: string;
  extra?: Record<string, string | Buffer>;
}

export const SHA = '0123456789abcdef0123456789abcdef01234567';

/** Every file below `root` with its bytes, by `/`-separated path: the inverse of `writeFiles`. */
export function readTree(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'), readFileSync(join(entry.parentPath, entry.name)));
  }
  return files;
}

/** Writes a run-like directory (run, baseline or reference) with sensible defaults. */
export function writeRun(root: string, relDir: string, spec: RunSpec = {}): void {
  const predictions = spec.predictions ?? [
    { id: 'a', dataset_id: 'ds1', scores: { exact_match: 1 } },
    { id: 'b', dataset_id: 'ds1', scores: { exact_match: 0 } },
    { id: 'c', dataset_id: 'ds1', scores: { exact_match: 1 } },
  ];
  const metrics = spec.metrics ?? { dataset_id: 'ds1', task: 'qa', exact_match: 0.66 };
  const files: Record<string, string | Buffer> = {
    'metrics.json': typeof metrics === 'string' ? metrics : JSON.stringify(metrics, null, 2),
    'predictions.jsonl': typeof predictions === 'string' || Buffer.isBuffer(predictions) ? predictions : predictions.map((p) => JSON.stringify(p)).join('\n') + '\n',
    ...spec.extra,
  };
  if (spec.fingerprint !== null) {
    const fingerprint = spec.fingerprint ?? { git: { commit: SHA, dirty: false }, dataset: { id: 'ds1' } };
    files['fingerprint.json'] = typeof fingerprint === 'string' ? fingerprint : JSON.stringify(fingerprint);
  }
  if (spec.config) files['config.yaml'] = spec.config;
  writeFiles(join(root, relDir), files);
}

/** A store with one baseline `base_v1` pinned for ds1 and a candidate `cand` equal to it. */
/** The default policy pins base_v1 and waives the commit check: temp stores are not git repos. */
export const SIMPLE_POLICY = 'version: 1\npins:\n  - baseline: base_v1\n    dataset: ds1\ncompliance:\n  require_commit: false\n';

export function simpleStore(candidate: RunSpec = {}, baseline: RunSpec = {}, policy = SIMPLE_POLICY): string {
  const root = tempDir();
  writeFiles(root, { 'policy.yml': policy });
  writeRun(root, 'baselines/base_v1', baseline);
  writeRun(root, 'runs/cand', candidate);
  return root;
}
