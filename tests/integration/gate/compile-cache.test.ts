/**
 * The bundled CLI starts through Node's compile cache: dist/cli/index.js turns it on and loads
 * the CLI proper (dist/cli/main.js), whose compiled code is then kept in the cache folder (the
 * user's cache home, or NODE_COMPILE_CACHE) and reused by the next start.
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off.
 */
import { spawnSync } from 'node:child_process';
import module from 'node:module';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../../support/cli.js';
import { cleanupTempDirs, tempDir } from '../../support/temp-store.js';

afterAll(cleanupTempDirs);

const files = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
const run = (env: Record<string, string>) => spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8', env: { ...process.env, ...env } });

// Node 22.1 and later (the CLI's supported versions); Node 20 has no compile cache and runs without it.
const hasCompileCache = 'enableCompileCache' in module;

describe('the CLI start-up', () => {
  it('runs without a compile cache where Node has none', () => {
    const result = run({});
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.skipIf(!hasCompileCache)('compiles the CLI through the compile cache, and starts the same from it', () => {
    const cache = tempDir('pg-compile-cache-');
    const first = run({ NODE_COMPILE_CACHE: cache });
    expect(first.status).toBe(0);
    // One entry per module compiled: the few lines of index.js and the CLI itself.
    expect(files(cache).length).toBeGreaterThanOrEqual(2);
    const second = run({ NODE_COMPILE_CACHE: cache });
    expect(second.status).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(first.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.skipIf(!hasCompileCache)('keeps the cache in the user\'s cache home by default, not the shared temp folder', () => {
    const home = tempDir('pg-cache-home-');
    const result = run({ XDG_CACHE_HOME: home, NODE_COMPILE_CACHE: '' });
    expect(result.status).toBe(0);
    // The CLI itself (index.js, compiled before it turns the cache on, is not in it).
    expect(files(join(home, 'promotion-gate', 'compile-cache')).length).toBeGreaterThanOrEqual(1);
  });

  it('writes no cache when NODE_DISABLE_COMPILE_CACHE is set', () => {
    const cache = tempDir('pg-compile-cache-');
    const result = run({ NODE_COMPILE_CACHE: cache, NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(result.status).toBe(0);
    expect(files(cache)).toEqual([]);
  });
});
