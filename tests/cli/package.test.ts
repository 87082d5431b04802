/**
 * The published package is the bundle: `npm pack` gives a tarball with no runtime
 * dependencies that installs into an empty folder without a registry, and whose
 * `promotion-gate` bin answers `--version` and gates the example store.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.js';
import { cleanupTempDirs, copyDir, EXAMPLE_STORE, tempDir } from '../support/temp-store.js';
import { TOOL_VERSION } from '../../src/contract/version.js';

interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  bin: Record<string, string>;
  files: string[];
  engines: { node: string };
}

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as PackageJson;

afterAll(cleanupTempDirs);

/** npm with a private empty cache and a registry that cannot answer: any fetch would fail. */
function npm(args: string[], cwd: string, cache: string): SpawnSyncReturns<string> {
  return spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      npm_config_cache: cache,
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
      NO_COLOR: '1',
    },
  });
}

describe('package.json', () => {
  it('publishes the bundle: public, no runtime dependencies, a files list, the bin in it', () => {
    expect(pkg.private).toBeUndefined();
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.bin['promotion-gate']).toBe('dist/cli/index.js');
    expect(pkg.files).toEqual(expect.arrayContaining(['dist/cli/', 'dist/scan-worker/', 'dist/site/', 'schema/']));
    expect(pkg.engines.node).toBe('>=22');
  });

  it('has the version the tool reports', () => {
    expect(TOOL_VERSION).toBe(pkg.version);
  });
});

describe('npm pack, then install the tarball into an empty folder', () => {
  let app = '';
  let cache = '';
  let tarballFiles: string[] = [];

  beforeAll(() => {
    const out = tempDir('pg-pack-');
    cache = tempDir('pg-npm-cache-');
    const pack = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', out], REPO_ROOT, cache);
    expect(pack.status, pack.stderr).toBe(0);
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    if (info === undefined) throw new Error('npm pack printed no tarball');
    tarballFiles = info.files.map((f) => f.path).sort();
    app = tempDir('pg-app-');
    const install = npm(['install', '--offline', '--ignore-scripts', '--no-package-lock', join(out, info.filename)], app, cache);
    expect(install.status, install.stderr).toBe(0);
  }, 120_000);

  it('ships the CLI bundle, its worker, the dashboard\'s assets and the schema, and no sources or tests', () => {
    expect(tarballFiles).toEqual(expect.arrayContaining([
      'dist/cli/index.js', 'dist/scan-worker/index.js', 'dist/site/app.js', 'dist/site/style.css', 'dist/site/LICENSES.txt',
      'schema/policy.schema.json', 'package.json', 'README.md', 'LICENSE',
    ]));
    expect(tarballFiles.filter((f) => /^(src|tests|scripts|examples|node_modules|dist\/action)\//.test(f))).toEqual([]);
  });

  it('installs exactly one package: itself', () => {
    expect(readdirSync(join(app, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual(['promotion-gate']);
  });

  it('runs as `npx promotion-gate --version`', () => {
    const result = npm(['exec', '--offline', '--no', '--', 'promotion-gate', '--version'], app, cache);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it('gates the example store: the regressed run fails with exit 1, the better one passes', () => {
    copyDir(EXAMPLE_STORE, join(app, 'eval'));
    const failing = npm(['exec', '--offline', '--no', '--', 'promotion-gate', 'gate', '--store', 'eval', '--run', 'run_candidate_regressed', '--json', 'failing.json'], app, cache);
    expect(failing.status, failing.stderr).toBe(1);
    const report = JSON.parse(readFileSync(join(app, 'failing.json'), 'utf8')) as { verdict: string; candidate: { id: string } };
    expect(report).toMatchObject({ verdict: 'fail', candidate: { id: 'run_candidate_regressed' } });
    const passing = npm(['exec', '--offline', '--no', '--', 'promotion-gate', 'gate', '--store', 'eval', '--run', 'run_candidate_better'], app, cache);
    expect(passing.status, passing.stderr).toBe(0);
    expect(passing.stdout).toContain('PASS');
  });

  it('writes the store as a static site with the dashboard\'s assets from the package', () => {
    copyDir(EXAMPLE_STORE, join(app, 'site-store'));
    const site = npm(['exec', '--offline', '--no', '--', 'promotion-gate', 'site', '--store', 'site-store', '--out', '_site'], app, cache);
    expect(site.status, site.stderr).toBe(0);
    expect(readFileSync(join(app, '_site/assets/app.js'))).toEqual(readFileSync(join(app, 'node_modules/promotion-gate/dist/site/app.js')));
    expect(readFileSync(join(app, '_site/index.html'), 'utf8')).toContain('run_candidate_regressed');
  });
});
