/**
 * The one git fixture of the test suite (the changesets/action `test-utils` way): real
 * repositories in temp folders, driven with argument arrays. Commits get a fixed identity and
 * fixed UTC dates, so the same changes give the same shas on every machine (the fake GitHub
 * mirrors them). Production code never uses this: it speaks to git through src/git/repo.ts.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tempDir } from './temp-store.js';

export const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 't@example.com',
  GIT_AUTHOR_DATE: '2024-01-01T00:00:00+0000',
  GIT_COMMITTER_DATE: '2024-01-01T00:00:00+0000',
};

const { GIT_AUTHOR_DATE: _authorDate, GIT_COMMITTER_DATE: _committerDate, ...identityOnly } = GIT_IDENTITY;

/** No signing prompts, and local clones over file:// allowed (shallow-clone tests need them). */
const CONFIG = ['-c', 'commit.gpgsign=false', '-c', 'protocol.file.allow=always'];

export interface GitCall {
  /** Extra environment, e.g. another identity or given commit dates. */
  env?: Record<string, string>;
  /** `now`: commits get the clock's dates (tests of ages), not the fixed ones. */
  dates?: 'fixed' | 'now';
  /** Bytes for stdin. */
  input?: string | Buffer;
}

/** Runs git in `cwd`; its output, trimmed. */
export function git(cwd: string, ...args: string[]): string {
  return gitWith(cwd, {}, ...args);
}

export function gitWith(cwd: string, call: GitCall, ...args: string[]): string {
  return execFileSync('git', [...CONFIG, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...(call.dates === 'now' ? identityOnly : GIT_IDENTITY), ...call.env },
    ...(call.input === undefined ? {} : { input: call.input }),
    maxBuffer: 64 * 1024 * 1024,
  }).trim();
}

/** Runs git in `cwd`; its output as bytes (blobs). */
export function gitBytes(cwd: string, ...args: string[]): Buffer {
  return execFileSync('git', [...CONFIG, ...args], { cwd, env: { ...process.env, ...GIT_IDENTITY }, maxBuffer: 64 * 1024 * 1024 });
}

/** A new repository on `main` (a fresh temp folder unless `dir` is given); its path. */
export function initRepo(dir: string = tempDir('pg-git-'), options: { bare?: boolean } = {}): string {
  git(options.bare ? join(dir, '..') : dir, 'init', '--quiet', ...(options.bare ? ['--bare'] : []), '-b', 'main', dir);
  return dir;
}

/** Stages `pathspec` (everything by default) and commits, even when nothing changed; the new commit's sha. */
export function commitAll(cwd: string, message = 'change', pathspec: string[] = ['.']): string {
  git(cwd, 'add', '-A', '--', ...pathspec);
  git(cwd, 'commit', '--quiet', '--allow-empty', '-m', message);
  return git(cwd, 'rev-parse', 'HEAD');
}
