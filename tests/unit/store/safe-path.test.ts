import { execFileSync } from 'node:child_process';
import { constants, existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, open, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactError, UsageError } from '../../../src/contract/errors.js';
import { openResolved, resolveInStore, storeRoot, type StoreRoot } from '../../../src/store/safe-path.js';

const SECRET = 'root:x:0:0:TOP-SECRET-CONTENT';

let tmp: string;
let store: StoreRoot;
let outside: string;
let socketServer: net.Server;

/** tmp/data/eval is the store (named `data/eval` in messages); tmp/outside is not. */
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'pg-safe-path-'));
  const root = path.join(tmp, 'data/eval');
  store = storeRoot(root, 'data/eval');
  outside = path.join(tmp, 'outside');
  await mkdir(outside);
  await writeFile(path.join(outside, 'passwd'), SECRET);
  await mkdir(path.join(outside, 'run'));
  await writeFile(path.join(outside, 'run/metrics.json'), SECRET);

  const run = path.join(root, 'runs/run_ok');
  await mkdir(run, { recursive: true });
  await writeFile(path.join(run, 'metrics.json'), '{"f1": 0.5}');
  await mkdir(path.join(root, 'baselines/base_v1'), { recursive: true });
  await writeFile(path.join(root, 'baselines/base_v1/metrics.json'), '{"f1": 0.4}');

  const evil = path.join(root, 'runs/run_evil');
  await mkdir(evil);
  await symlink('/etc/passwd', path.join(evil, 'metrics.json'));
  await symlink('../../../../outside/passwd', path.join(evil, 'relative.json'));
  await symlink('/dev/null', path.join(evil, 'devnull.json'));
  await symlink('../run_ok/metrics.json', path.join(evil, 'inside.json'));
  await symlink('inside.json', path.join(evil, 'chain.json'));
  await symlink('escape-hop.json', path.join(evil, 'chain-out.json'));
  await symlink(path.join(outside, 'passwd'), path.join(evil, 'escape-hop.json'));
  await symlink('nowhere.json', path.join(evil, 'dangling.json'));
  await symlink('loop-b.json', path.join(evil, 'loop-a.json'));
  await symlink('loop-a.json', path.join(evil, 'loop-b.json'));
  await mkdir(path.join(evil, 'folder.json'));
  execFileSync('mkfifo', [path.join(evil, 'fifo.json')]);
  await symlink('fifo.json', path.join(evil, 'fifo-link.json'));
  socketServer = net.createServer();
  await new Promise<void>((resolve) => socketServer.listen(path.join(evil, 'socket.json'), resolve));

  // Parent folders that are links: one leads out of the store, one stays inside.
  await symlink(path.join(outside, 'run'), path.join(root, 'runs/run_linked_out'));
  await symlink('../baselines/base_v1', path.join(root, 'runs/run_linked_in'));
  await writeFile(path.join(root, 'runs/not_a_folder'), 'x');
});

afterAll(async () => {
  await new Promise((resolve) => socketServer.close(resolve));
  await rm(tmp, { recursive: true, force: true });
});

async function refusal(relative: string, root: StoreRoot = store): Promise<ArtifactError> {
  try {
    await resolveInStore(root, relative);
  } catch (error) {
    if (error instanceof ArtifactError) return error;
    throw error;
  }
  throw new Error(`expected ${relative} to be refused`);
}

describe('resolveInStore follows plain paths', () => {
  it('resolves a regular file to its real path, not symlinked', async () => {
    const resolved = await resolveInStore(store, 'runs/run_ok/metrics.json');
    expect(resolved.path).toBe(path.join(await realpath(tmp), 'data/eval/runs/run_ok/metrics.json'));
    expect(resolved.display).toBe('data/eval/runs/run_ok/metrics.json');
    expect(resolved.symlinked).toBe(false);
    expect(resolved.stats.isFile()).toBe(true);
  });

  it('resolves a folder when a folder is expected', async () => {
    expect((await resolveInStore(store, 'runs/run_ok', 'dir')).stats.isDirectory()).toBe(true);
  });

  it('accepts a store root that is itself reached through a link', async () => {
    const alias = path.join(tmp, 'alias');
    await symlink(path.join(tmp, 'data/eval'), alias);
    const resolved = await resolveInStore(storeRoot(alias, 'alias'), 'runs/run_ok/metrics.json');
    expect(resolved.symlinked).toBe(false);
    expect(resolved.display).toBe('alias/runs/run_ok/metrics.json');
  });

  it('names paths relative to the working directory by default', () => {
    expect(storeRoot(path.join(process.cwd(), 'data/eval')).display).toBe('data/eval');
  });
});

describe('links that stay inside the store are followed and reported (F3)', () => {
  it('follows a file link to another run', async () => {
    const resolved = await resolveInStore(store, 'runs/run_evil/inside.json');
    expect(resolved.symlinked).toBe(true);
    expect(resolved.path).toBe(path.join(await realpath(tmp), 'data/eval/runs/run_ok/metrics.json'));
  });

  it('follows a chain of links that ends inside', async () => {
    expect((await resolveInStore(store, 'runs/run_evil/chain.json')).symlinked).toBe(true);
  });

  it('follows a parent folder link that stays inside', async () => {
    const resolved = await resolveInStore(store, 'runs/run_linked_in/metrics.json');
    expect(resolved.symlinked).toBe(true);
    expect(resolved.display).toBe('data/eval/runs/run_linked_in/metrics.json');
    expect(resolved.path).toBe(path.join(await realpath(tmp), 'data/eval/baselines/base_v1/metrics.json'));
  });

  const corpus = path.resolve('../shared/corpus/podcast_scraper/data/eval/references/gold/qmsum_phase21_v1_gold_paragraph');
  it.skipIf(!existsSync(corpus))('reads the real store symlink (silver reference -> gold folder) from the podcast_scraper corpus', async () => {
    // The corpus checkout stores that link as a text file holding its target; recreate it.
    const root = path.join(tmp, 'corpus-store');
    await cp(corpus, path.join(root, 'references/gold/qmsum_phase21_v1_gold_paragraph'), { recursive: true });
    await mkdir(path.join(root, 'references/silver'));
    await symlink('../gold/qmsum_phase21_v1_gold_paragraph', path.join(root, 'references/silver/qmsum_phase21_v1_gold_paragraph'));
    const resolved = await resolveInStore(storeRoot(root, 'data/eval'), 'references/silver/qmsum_phase21_v1_gold_paragraph/predictions.jsonl');
    expect(resolved.symlinked).toBe(true);
    expect(resolved.path.endsWith('references/gold/qmsum_phase21_v1_gold_paragraph/predictions.jsonl')).toBe(true);
  });
});

describe('unsafe entries are refused without being read (F2)', () => {
  it.each([
    ['runs/run_evil/metrics.json', 'is a symbolic link that points outside the store (refused, not read)'],
    ['runs/run_evil/relative.json', 'is a symbolic link that points outside the store (refused, not read)'],
    ['runs/run_evil/devnull.json', 'is a symbolic link that points outside the store (refused, not read)'],
    ['runs/run_evil/chain-out.json', 'is a symbolic link that points outside the store (refused, not read)'],
    ['runs/run_evil/fifo.json', 'is a FIFO (named pipe), not a regular file (refused, not read)'],
    ['runs/run_evil/fifo-link.json', 'is a FIFO (named pipe), not a regular file (refused, not read)'],
    ['runs/run_evil/socket.json', 'is a socket, not a regular file (refused, not read)'],
    ['runs/run_evil/folder.json', 'is a folder, not a regular file (refused, not read)'],
    ['runs/run_evil/loop-a.json', 'is a symbolic link in a loop (refused)'],
  ])('refuses %s', async (relative, reason) => {
    const error = await refusal(relative);
    expect(error.message).toBe(`data/eval/${relative}: ${reason}`);
    expect(error.code).toBe('artifact.unsafe');
    expect(error.message).not.toContain('passwd');
    expect(error.message).not.toContain(SECRET);
  });

  it('refuses a parent folder that links outside, naming that folder', async () => {
    const error = await refusal('runs/run_linked_out/metrics.json');
    expect(error.message).toBe(
      'data/eval/runs/run_linked_out/metrics.json: parent folder data/eval/runs/run_linked_out is a symbolic link that points outside the store (refused, not read)',
    );
    expect(error.code).toBe('artifact.unsafe');
  });

  it('refuses a file where a folder is expected', async () => {
    const error = await refusal('runs/not_a_folder/metrics.json');
    expect(error.message).toBe('data/eval/runs/not_a_folder/metrics.json: data/eval/runs/not_a_folder is a regular file, not a folder (refused)');
  });

  it.each(['../outside/passwd', 'runs/../../outside/passwd', '/etc/passwd', 'runs//x', 'runs/./x', 'runs\\x'])(
    'refuses the non-plain relative path %j before touching the file system',
    async (relative) => {
      const error = await refusal(relative);
      expect(error.reason).toBe('not a plain relative path inside the store (refused)');
      expect(error.code).toBe('artifact.unsafe');
    },
  );
});

describe('missing entries', () => {
  it('reports a missing file as artifact.missing', async () => {
    const error = await refusal('runs/run_ok/predictions.jsonl');
    expect(error.message).toBe('data/eval/runs/run_ok/predictions.jsonl: not found');
    expect(error.code).toBe('artifact.missing');
  });

  it('names the missing run folder', async () => {
    expect((await refusal('runs/run_typo/metrics.json')).message).toBe(
      'data/eval/runs/run_typo/metrics.json: not found (no folder data/eval/runs/run_typo)',
    );
  });

  it('reports a dangling link as missing', async () => {
    const error = await refusal('runs/run_evil/dangling.json');
    expect(error.message).toBe('data/eval/runs/run_evil/dangling.json: is a symbolic link to a missing target');
    expect(error.code).toBe('artifact.missing');
  });

  it('reports a missing store root as a usage error', async () => {
    await expect(resolveInStore(storeRoot(path.join(tmp, 'nope'), 'nope'), 'runs')).rejects.toThrow(
      new UsageError('store nope: folder not found'),
    );
  });
});

describe('openResolved refuses a file swapped after the check', () => {
  it('opens the checked file', async () => {
    const handle = await openResolved(await resolveInStore(store, 'runs/run_ok/metrics.json'));
    expect((await handle.readFile('utf8')).toString()).toBe('{"f1": 0.5}');
    await handle.close();
  });

  it('refuses when the path now holds another inode', async () => {
    const checked = await resolveInStore(store, 'runs/run_ok/metrics.json');
    const other = await resolveInStore(store, 'baselines/base_v1/metrics.json');
    // Same path as checked, but the inode seen at check time differs: a swap.
    await expect(openResolved({ ...checked, stats: other.stats })).rejects.toThrow(
      'data/eval/runs/run_ok/metrics.json: changed while being opened (refused, not read)',
    );
  });

  it('refuses a final component swapped for a link (O_NOFOLLOW)', async () => {
    const dir = path.join(tmp, 'data/eval/runs/run_swap');
    await mkdir(dir);
    await writeFile(path.join(dir, 'metrics.json'), '{}');
    const checked = await resolveInStore(store, 'runs/run_swap/metrics.json');
    await rm(path.join(dir, 'metrics.json'));
    await symlink(path.join(outside, 'passwd'), path.join(dir, 'metrics.json'));
    await expect(openResolved(checked)).rejects.toThrow('changed while being opened (refused, not read)');
  });

  it('does not block on a FIFO swapped in after the check', async () => {
    const dir = path.join(tmp, 'data/eval/runs/run_swap_fifo');
    await mkdir(dir);
    await writeFile(path.join(dir, 'metrics.json'), '{}');
    const checked = await resolveInStore(store, 'runs/run_swap_fifo/metrics.json');
    await rm(path.join(dir, 'metrics.json'));
    execFileSync('mkfifo', [path.join(dir, 'metrics.json')]);
    await expect(openResolved(checked)).rejects.toThrow('changed while being opened (refused, not read)');
    // Nothing is left open on the FIFO: a writer opening it non-blocking finds no reader.
    await expect(open(path.join(dir, 'metrics.json'), constants.O_WRONLY | constants.O_NONBLOCK)).rejects.toThrow(/ENXIO/);
  });
});
