/**
 * ActionDeps for unit tests: a recording core, inputs from a record, a runner context over
 * a temp workspace, and a filesystem fake of artifact storage (no runner service needed).
 */
import { copyFileSync, cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ActionDeps, ArtifactTransfer, RunnerContext } from '../../../src/action/deps.js';
import { getOctokit } from '@actions/github';
import { tempDir } from '../../support/temp-store.js';

export interface Recorded {
  outputs: Record<string, string>;
  failed: string[];
  warnings: string[];
  errors: { message: string; title?: string; file?: string; line?: number }[];
  infos: string[];
  summary: string[];
  uploads: { name: string; files: string[]; root: string }[];
}

/** Artifact storage in a folder: uploads are copied in, downloads hand back a zip placed there. */
export function folderArtifacts(rec: Recorded, zips: Record<string, string> = {}, failUpload?: Error): ArtifactTransfer {
  const store = tempDir('pg-artifacts-');
  return {
    async upload(name, files, root) {
      if (failUpload) throw failUpload;
      const into = join(store, name);
      mkdirSync(into, { recursive: true });
      for (const file of files) copyFileSync(file, join(into, file.slice(root.length + 1)));
      rec.uploads.push({ name, files, root });
    },
    async downloadZip(name, directory) {
      const zip = zips[name];
      if (!zip) throw new Error(`Artifact not found: ${name}`);
      const target = join(directory, `${name}.zip`);
      cpSync(zip, target);
      return target;
    },
    async list() {
      return [...new Set([...Object.keys(zips), ...rec.uploads.map((u) => u.name)])].sort();
    },
  };
}

export function fakeDeps(options: { inputs?: Record<string, string>; workspace: string; eventName?: string; payload?: Record<string, unknown>; artifacts?: (rec: Recorded) => ArtifactTransfer }): { deps: ActionDeps; rec: Recorded } {
  const rec: Recorded = { outputs: {}, failed: [], warnings: [], errors: [], infos: [], summary: [], uploads: [] };
  const context: RunnerContext = {
    eventName: options.eventName ?? 'workflow_dispatch',
    payload: options.payload ?? {},
    repository: { owner: 'octo', repo: 'evals' },
    sha: '',
    ref: 'refs/heads/main',
    workspace: options.workspace,
    apiUrl: 'http://127.0.0.1:9',
    serverUrl: 'https://github.com',
    graphqlUrl: 'http://127.0.0.1:9/graphql',
    runId: 1,
    runAttempt: 1,
    job: 'gate',
    tempDir: tempDir('pg-runner-temp-'),
  };
  const inputs = { store: 'data/eval', comment: 'true', ...options.inputs };
  const deps: ActionDeps = {
    input: (name) => inputs[name as keyof typeof inputs] ?? '',
    core: {
      info: (m: string) => void rec.infos.push(m),
      debug: () => undefined,
      notice: (m: string | Error) => void rec.infos.push(String(m)),
      warning: (m: string | Error) => void rec.warnings.push(String(m)),
      error: (m: string | Error, p?: { title?: string; file?: string; startLine?: number }) =>
        void rec.errors.push({ message: String(m), ...(p?.title ? { title: p.title } : {}), ...(p?.file ? { file: p.file } : {}), ...(p?.startLine ? { line: p.startLine } : {}) }),
      setOutput: (name: string, value: unknown) => void (rec.outputs[name] = String(value)),
      setFailed: (m: string | Error) => void rec.failed.push(String(m)),
      setSecret: () => undefined,
      startGroup: () => undefined,
      endGroup: () => undefined,
      writeSummary: async (markdown: string) => void rec.summary.push(markdown),
    },
    context,
    env: {},
    github: (token) => getOctokit(token, { baseUrl: context.apiUrl }),
    artifacts: (options.artifacts ?? ((r) => folderArtifacts(r)))(rec),
  };
  return { deps, rec };
}
