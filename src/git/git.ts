/**
 * The only way this project runs git: `execFile` with an argument array (never a shell, so
 * branch names and paths with metacharacters are inert) and a bounded output buffer. Used by
 * the verbs of src/git/ only (repo.ts and its neighbours); nothing outside src/git/ imports it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { GitError } from './errors.js';

const run = promisify(execFile);

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
