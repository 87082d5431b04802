/**
 * A throwaway git repository that borrows the workspace's objects (git "alternates"). Runs
 * read from git objects (a fork's head that is not checked out) or from a downloaded
 * artifact are written here, so the gate's provenance checks can still ask git whether a
 * fingerprint's commit exists and is reachable, without checking untrusted code out into
 * the workspace.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { git, gitMaybe } from '../git/git.js';

export async function createScratchRepo(parent: string, workspaceTop: string | undefined): Promise<string> {
  const dir = await mkdtemp(join(parent, 'promotion-gate-'));
  if (!workspaceTop) return dir;
  await git(['init', '--quiet', dir], { cwd: parent });
  const objects = (await gitMaybe(['rev-parse', '--git-path', 'objects'], { cwd: workspaceTop }))?.trim();
  if (objects) {
    const absolute = isAbsolute(objects) ? objects : resolve(workspaceTop, objects);
    await writeFile(join(dir, '.git', 'objects', 'info', 'alternates'), `${absolute}\n`);
  }
  return dir;
}

/** The top of the workspace's repository, or undefined when it is not a git checkout. */
export async function repositoryTop(path: string): Promise<string | undefined> {
  return (await gitMaybe(['rev-parse', '--show-toplevel'], { cwd: path }))?.trim() || undefined;
}
