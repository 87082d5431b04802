/**
 * Git's object id of a file's content (`git hash-object`): sha1 over "blob <size>\0" and the
 * bytes. The plan names every file by it, so a tree on GitHub or in a local repository can be
 * compared with the plan without downloading anything, and moved files reuse their blobs.
 */
import { createHash, type Hash } from 'node:crypto';

export function gitBlobHasher(size: number): Hash {
  return createHash('sha1').update(`blob ${size}\0`);
}

export function gitBlobSha(content: Uint8Array): string {
  return gitBlobHasher(content.length).update(content).digest('hex');
}
