/**
 * The only way this project runs git: `execFile` with an argument array (never a shell, so
 * branch names and paths with metacharacters are inert) and a bounded output buffer.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class GitError extends Error {
  override name = 'GitError';
  constructor(
    readonly args: string[],
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(`git ${args.join(' ')} failed${exitCode === null ? '' : ` (exit ${exitCode})`}: ${stderr.trim().split('\n')[0] ?? ''}`);
  }
}

export interface GitOptions {
  cwd: string;
  /** Extra environment (e.g. author identity for commits). */
  env?: NodeJS.ProcessEnv;
  maxBuffer?: number;
  input?: string;
}

export async function git(args: string[], options: GitOptions): Promise<string> {
  try {
    const { stdout } = await run('git', args, {
      cwd: options.cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...options.env },
      maxBuffer: options.maxBuffer ?? 64 * 1024 * 1024,
      encoding: 'utf8',
    });
    return stdout;
  } catch (error) {
    const failure = error as { stderr?: string; code?: number | string };
    if (failure.code === 'ENOENT') throw new GitError(args, 'git is not installed or not on PATH', null);
    throw new GitError(args, failure.stderr ?? String(error), typeof failure.code === 'number' ? failure.code : null);
  }
}

/** Like `git`, but a non-zero exit returns null (for questions such as "does this exist?"). */
export async function gitMaybe(args: string[], options: GitOptions): Promise<string | null> {
  try {
    return await git(args, options);
  } catch (error) {
    if (error instanceof GitError && error.exitCode !== null) return null;
    throw error;
  }
}

/** A ref name the user gave: refuse anything git itself would not accept as a ref. */
export function isSafeRefName(ref: string): boolean {
  return (
    ref.length > 0 &&
    ref.length <= 255 &&
    !ref.startsWith('-') &&
    // eslint-disable-next-line no-control-regex -- control characters are exactly what git refuses
    !/[\s~^:?*[\\\x00-\x1f\x7f]/.test(ref) &&
    !ref.includes('..') &&
    !ref.includes('@{') &&
    !ref.endsWith('.lock') &&
    !ref.endsWith('/') &&
    !ref.endsWith('.')
  );
}

/**
 * The commit a revision the user gave names (`HEAD~1`, `main`, `origin/main^`, a sha), or
 * undefined when git knows none. Any revision git accepts works; it is validated by
 * `git rev-parse --verify` alone (never a shell), after `--end-of-options` so a revision
 * that looks like an option (`--output=x`) is only ever a revision.
 */
export async function resolveCommit(cwd: string, revision: string): Promise<string | undefined> {
  // eslint-disable-next-line no-control-regex -- control characters never name a revision
  if (revision.length === 0 || revision.length > 1024 || revision.startsWith('-') || /[\x00-\x1f\x7f]/.test(revision)) return undefined;
  const sha = await gitMaybe(['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`], { cwd });
  return sha?.trim() || undefined;
}
