/**
 * The one runner for the bundled action (dist/action/index.js), started the way the GitHub
 * runner starts a JavaScript action: INPUT_* variables (upper-cased, spaces as underscores,
 * hyphens kept), the event payload in GITHUB_EVENT_PATH, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY
 * files, RUNNER_TEMP, and the fake GitHub's URLs. Writes to the fake are not spaced
 * (PROMOTION_GATE_GITHUB_SPACING_MS=0): tests/unit/github/client.test.ts proves the real spacing.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GitHubSession } from './github/control-client.js';
import { tempDir } from './temp-store.js';

/** PROMOTION_GATE_ACTION points the tests at a private bundle (e.g. /tmp/issue3-action/index.js). */
export const ACTION = process.env.PROMOTION_GATE_ACTION ?? fileURLToPath(new URL('../../dist/action/index.js', import.meta.url));

export const OWNER = 'octo';
export const REPO = 'evals';
export const STORE = 'data/eval';

export interface ActionRun {
  gh: GitHubSession;
  /** GITHUB_WORKSPACE, also the working directory. */
  workspace: string;
  eventName: string;
  event: Record<string, unknown>;
  inputs: Record<string, string>;
  /** More runner variables (GITHUB_SHA, GITHUB_REF, GITHUB_ACTOR, GITHUB_JOB, ...), or overrides. */
  env?: Record<string, string>;
}

export interface ActionResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** `::error ...::` and `::warning ...::` workflow commands. */
  annotations: string[];
  failed: boolean;
}

/** GITHUB_OUTPUT's `name<<DELIMITER` blocks, as @actions/core writes them. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const m of text.matchAll(/^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1] ?? ''] = m[3] ?? '';
  return outputs;
}

export function runBundledAction(run: ActionRun): Promise<ActionResult> {
  const dir = tempDir('pg-runner-');
  const eventPath = join(dir, 'event.json');
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary.md');
  writeFileSync(eventPath, JSON.stringify(run.event));
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const runnerTemp = join(dir, 'tmp');
  mkdirSync(runnerTemp);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    ...run.gh.env(),
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: run.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_WORKSPACE: run.workspace,
    RUNNER_TEMP: runnerTemp,
    PROMOTION_GATE_GITHUB_SPACING_MS: '0',
    ...run.env,
  };
  for (const [name, value] of Object.entries(run.inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ACTION], { cwd: run.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({
        code,
        stdout,
        stderr,
        outputs: parseOutputs(readFileSync(outputPath, 'utf8')),
        summary: existsSync(summaryPath) ? readFileSync(summaryPath, 'utf8') : '',
        annotations: stdout.split('\n').filter((l) => /^::(error|warning)\b/.test(l)),
        failed: code !== 0,
      });
    });
  });
}
