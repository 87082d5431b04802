/**
 * Releases users can pin: CHANGELOG.md parses, the release notes of a version are its
 * section (and nothing else), a missing or undated section stops the release before any
 * tag; the release workflow tags vX.Y.Z, moves vX and creates the release from those notes;
 * the files users look for are present.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/cli.js';
import { cleanupTempDirs, tempDir } from '../../support/temp-store.js';

afterAll(cleanupTempDirs);

const read = (path: string): string => readFileSync(join(REPO_ROOT, path), 'utf8');

function releaseNotes(changelog: string, version: string): { code: number | null; stdout: string; stderr: string } {
  const file = join(tempDir(), 'CHANGELOG.md');
  writeFileSync(file, changelog);
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/release-notes.mjs'), version, file], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const SAMPLE = [
  '# Changelog', '', 'Intro text.', '',
  '## [Unreleased]', '', '### Added', '- next thing', '',
  '## [1.2.0] - 2026-03-01', '', '### Added', '- the 1.2 feature', '', '### Fixed', '- a 1.2 fix', '',
  '## [1.1.0]', '', '- undated', '',
  '## [1.0.0] - 2026-01-01', '',
  '[1.2.0]: https://example.invalid/compare/v1.0.0...v1.2.0', '',
].join('\n');

describe('scripts/release-notes.mjs', () => {
  it("prints one version's section, without the heading, the next section or link definitions", () => {
    const result = releaseNotes(SAMPLE, '1.2.0');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('### Added\n- the 1.2 feature\n\n### Fixed\n- a 1.2 fix\n');
  });

  it.each([
    ['1.3.0', /no "## \[1\.3\.0\] - yyyy-mm-dd" section/],
    ['1.1.0', /the 1\.1\.0 section has no date/],
    ['1.0.0', /the 1\.0\.0 section is empty/],
    ['v1.2.0', /not a version/],
  ])('refuses %s with one line and exit 1', (version, message) => {
    const result = releaseNotes(SAMPLE, version);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a changelog with a malformed version heading', () => {
    const result = releaseNotes('## 1.2.0 (March)\n- x\n', '1.2.0');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/heading "## 1\.2\.0 \(March\)"/);
  });
});

describe("the repository's CHANGELOG.md", () => {
  const changelog = read('CHANGELOG.md');
  const version = (JSON.parse(read('package.json')) as { version: string }).version;

  it('has only well-formed headings, and the current version or an [Unreleased] section on top', () => {
    const headings = [...changelog.matchAll(/^## (.*)$/gm)].map((m) => m[1] ?? '');
    expect(headings.length).toBeGreaterThan(0);
    for (const h of headings) expect(h).toMatch(/^\[(Unreleased|\d+\.\d+\.\d+)\]( - \d{4}-\d{2}-\d{2})?$/);
    expect(headings[0] === '[Unreleased]' || headings[0]?.startsWith(`[${version}] - `)).toBe(true);
  });
});

describe('.github/workflows/release.yml', () => {
  const workflow = read('.github/workflows/release.yml');
  const parsed = parse(workflow) as { on: Record<string, unknown>; permissions: unknown; jobs: Record<string, { permissions: unknown }> };

  it('is started by hand, writes contents only in the release job, and publishes to npm only by OIDC', () => {
    expect(Object.keys(parsed.on)).toEqual(['workflow_dispatch']);
    expect(parsed.permissions).toEqual({});
    expect(parsed.jobs.release?.permissions).toEqual({ contents: 'write' });
    expect(parsed.jobs.npm?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
  });

  it('checks the bundle, takes the notes from CHANGELOG.md, tags vX.Y.Z, moves vX and creates the release', () => {
    expect(workflow).toContain('npm run bundle');
    expect(workflow).toContain('node scripts/release-notes.mjs "$version"');
    expect(workflow).toContain('git tag -a "v$VERSION"');
    expect(workflow).toContain('git tag -fa "$MAJOR"');
    expect(workflow).toContain('git push --force origin "refs/tags/$MAJOR"');
    expect(workflow).toMatch(/gh release create "v\$VERSION" --verify-tag .*--notes-file/);
  });
});

describe('files users look for', () => {
  it.each(['CHANGELOG.md', 'SECURITY.md', 'CONTRIBUTING.md', 'LICENSE', '.github/dependabot.yml', '.github/workflows/codeql.yml'])('%s exists', (file) => {
    expect(existsSync(join(REPO_ROOT, file))).toBe(true);
  });

  it('SECURITY.md says how to report privately and which versions get fixes', () => {
    const text = read('SECURITY.md');
    expect(text).toMatch(/## Reporting a vulnerability/);
    expect(text).toMatch(/security\/advisories\/new/);
    expect(text).toMatch(/## Supported versions/);
  });

  it('CONTRIBUTING.md gives the two commands and says how tests reach GitHub and git', () => {
    const text = read('CONTRIBUTING.md');
    expect(text).toContain('npm ci && npm run demo');
    expect(text).toContain('npm test');
    expect(text).toMatch(/Prism/);
    expect(text).toMatch(/real git repositories/);
  });

  it('the README documents pinning by major tag and by full commit SHA', () => {
    const readme = read('README.md');
    expect(readme).toMatch(/promotion-gate\/promotion-gate@v0\b/);
    expect(readme).toMatch(/promotion-gate\/promotion-gate@[0-9a-f]{40} # v\d+\.\d+\.\d+/);
  });
});
