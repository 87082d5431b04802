// The merge base of a pull request (RELIABILITY G14): a shallow clone without it is an
// error that says to fetch the history with fetch-depth: 0, never a silent pass.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GitRepo } from '../../../src/git/repo.js';
import { UsageError } from '../../../src/contract/errors.js';
import { commitAll, git, initRepo } from '../../support/git.js';
import { cleanupTempDirs, tempDir } from '../../support/temp-store.js';

afterAll(cleanupTempDirs);

function history(): { repo: string; base: string; head: string; fork: string } {
  const repo = initRepo(tempDir('pg-mb-'));
  const commitFile = (name: string): string => {
    writeFileSync(join(repo, name), name);
    return commitAll(repo, name, [name]);
  };
  const fork = commitFile('a');
  commitFile('b');
  const base = commitFile('c');
  git(repo, 'checkout', '--quiet', '-b', 'feature', fork);
  commitFile('d');
  const head = commitFile('e');
  return { repo, base, head, fork };
}

describe('mergeBase', () => {
  it('finds the fork point and answers ancestry', async () => {
    const { repo, base, head, fork } = history();
    expect(await GitRepo.at(repo).mergeBase(base, head)).toBe(fork);
    expect(await GitRepo.at(repo).isAncestor(fork, head)).toBe(true);
    expect(await GitRepo.at(repo).isAncestor(base, head)).toBe(false);
    expect(await GitRepo.at(repo).isAncestor('f'.repeat(40), head)).toBeUndefined();
  });

  it('says to use fetch-depth: 0 in a shallow clone without the merge base', async () => {
    const { repo, base, head } = history();
    const clone = join(tempDir('pg-mb-clone-'), 'c');
    git(tempDir(), 'clone', '--quiet', '--depth', '1', '--no-single-branch', `file://${repo}`, clone);
    const error = await GitRepo.at(clone).mergeBase(base, head).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(String(error)).toMatch(/shallow clone.*fetch-depth: 0/);
  });

  it('says which commit is missing when the head is not in the checkout', async () => {
    const { repo, base } = history();
    await expect(GitRepo.at(repo).mergeBase(base, 'a'.repeat(40))).rejects.toThrow(/the head commit a{40} is not in the checkout.*fetch-depth: 0/);
    await expect(GitRepo.at(repo).mergeBase(base, 'main; rm -rf /')).rejects.toThrow(/is not a commit sha/);
  });
});
