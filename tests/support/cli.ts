/**
 * Runs the bundled CLI (dist/cli/index.js) as a child process, as a user would. Tests of the
 * shells go through here so that a broken bundle fails them.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** PROMOTION_GATE_CLI lets a developer point the tests at a private bundle (e.g. in /tmp). */
export const CLI = process.env.PROMOTION_GATE_CLI ?? fileURLToPath(new URL('../../dist/cli/index.js', import.meta.url));
/**
 * The bundle's folder (dist/ unless PROMOTION_GATE_CLI says otherwise), built once per run by
 * `npm test` before vitest starts: tests copy or run it, never build it themselves.
 */
export const BUNDLE_DIR = dirname(dirname(CLI));
/** The provenance scan's worker thread, beside the CLI bundle. */
export const SCAN_WORKER = join(BUNDLE_DIR, 'scan-worker', 'index.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runBundledCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      // Progress is off unless a test asks for it: a slow machine must not add stderr lines.
      env: { ...process.env, NO_COLOR: '1', PROMOTION_GATE_PROGRESS: 'never', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** A string as one word for `sh -c`. */
function shellWord(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs the bundled CLI on a pseudo-terminal of `columns` columns (util-linux `script`), as a
 * person at a terminal would: stdout and stderr are both the terminal, so both come back
 * together in `output`, with the terminal's CRLF line ends.
 */
export function runBundledCliInPty(args: string[], options: { env?: NodeJS.ProcessEnv; columns?: number; cwd?: string } = {}): Promise<{ code: number | null; output: string }> {
  const command = `stty cols ${options.columns ?? 100} rows 50; exec ${[process.execPath, CLI, ...args].map(shellWord).join(' ')}`;
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, PROMOTION_GATE_PROGRESS: 'never', ...options.env };
    for (const name of ['NO_COLOR', 'FORCE_COLOR']) if (options.env?.[name] === undefined) delete env[name];
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: options.cwd ?? REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end();
  });
}
