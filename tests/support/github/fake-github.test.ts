// Unit tests of the fake GitHub on its own (in-process, no Prism): git object ids match real
// git, tree and ref rules, fault matching, auth, and the trimmed OpenAPI description.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubSession } from './control-client.js';
import { FakeGitHub } from './fake-github.js';
import { ObjectStore } from './git-objects.js';
import { githubSpecPath, trimSpec } from './prism.js';
import { openapiOperations, routes } from './routes/index.js';
import { gitWith } from '../git.js';

let fake: FakeGitHub;
let gh: GitHubSession;

beforeAll(async () => {
  fake = await FakeGitHub.start();
  gh = await GitHubSession.create('unit', { apiUrl: fake.url, fakeUrl: fake.url, controlUrl: `${fake.url}/__control` });
});

afterAll(async () => {
  await fake.close();
});

async function api(method: string, path: string, body?: unknown, token = gh.tokens.write): Promise<{ status: number; data: unknown; headers: Headers }> {
  const response = await fetch(fake.url + path, {
    method,
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, data: text === '' ? undefined : (JSON.parse(text) as unknown), headers: response.headers };
}

const git = (cwd: string, args: string[]): string => gitWith(cwd, {}, ...args);

describe('git objects', () => {
  it('gives trees and commits the ids real git gives them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-github-git-'));
    try {
      git(dir, ['init', '-q']);
      mkdirSync(join(dir, 'runs', 'r1', 'deep'), { recursive: true });
      writeFileSync(join(dir, 'runs', 'r1', 'metrics.json'), '{"acc":0.9}\n');
      writeFileSync(join(dir, 'runs', 'r1', 'deep', 'b.bin'), Buffer.from([0, 255, 10]));
      writeFileSync(join(dir, 'run.sh'), '#!/bin/sh\n');
      chmodSync(join(dir, 'run.sh'), 0o755);
      writeFileSync(join(dir, 'runs-index'), 'sorts after the runs/ folder in git order\n');
      symlinkSync('runs/r1/metrics.json', join(dir, 'latest'));
      git(dir, ['add', '-A']);
      const tree = git(dir, ['write-tree']);

      const seeded = await gh.seedBranch(
        'git',
        'ids',
        'main',
        {
          'runs/r1/metrics.json': '{"acc":0.9}\n',
          'runs/r1/deep/b.bin': Buffer.from([0, 255, 10]),
          'run.sh': { content: '#!/bin/sh\n', mode: '100755' },
          'runs-index': readFileSync(join(dir, 'runs-index')),
          latest: { content: 'runs/r1/metrics.json', mode: '120000' },
        },
        { replace: true },
      );
      expect(seeded.tree).toBe(tree);

      const when = '2024-05-01T10:00:00Z';
      const env = {
        GIT_AUTHOR_NAME: 'A',
        GIT_AUTHOR_EMAIL: 'a@example.com',
        GIT_AUTHOR_DATE: when,
        GIT_COMMITTER_NAME: 'C',
        GIT_COMMITTER_EMAIL: 'c@example.com',
        GIT_COMMITTER_DATE: when,
      };
      const commit = gitWith(dir, { env, input: 'Promote r1\n' }, 'commit-tree', tree);
      const sha = new ObjectStore().putCommit({
        tree,
        parents: [],
        message: 'Promote r1\n',
        author: { name: 'A', email: 'a@example.com', date: when },
        committer: { name: 'C', email: 'c@example.com', date: when },
        verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
      });
      expect(sha).toBe(commit);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('trees and refs', () => {
  it('applies nested changes and refuses what GitHub refuses', async () => {
    const { tree } = await gh.seedBranch('o', 'trees', 'main', { 'a/b/c.txt': 'c', 'a/d.txt': 'd', 'e.txt': 'e' });
    const post = (changes: unknown[]): ReturnType<typeof api> => api('POST', '/repos/o/trees/git/trees', { base_tree: tree, tree: changes });

    const moved = await post([
      { path: 'a/b', mode: '040000', type: 'tree', sha: null },
      { path: 'x/y/z.txt', mode: '100644', type: 'blob', content: 'z' },
    ]);
    expect(moved.status).toBe(201);
    const sha = (moved.data as { sha: string }).sha;
    const listed = await api('GET', `/repos/o/trees/git/trees/${sha}?recursive=1`);
    expect((listed.data as { tree: Array<{ path: string }> }).tree.map((e) => e.path)).toEqual(['a', 'a/d.txt', 'e.txt', 'x', 'x/y', 'x/y/z.txt']);

    const missing = await post([{ path: 'nope.txt', mode: '100644', type: 'blob', sha: null }]);
    expect(missing.data).toMatchObject({ message: 'GitRPC::BadObjectState' });
    const clash = await post([{ path: 'e.txt/under-a-file', mode: '100644', type: 'blob', content: 'x' }]);
    expect(clash.status).toBe(422);
    const both = await post([{ path: 'f.txt', mode: '100644', type: 'blob', content: 'x', sha: 'a'.repeat(40) }]);
    expect(both.data).toMatchObject({ message: expect.stringContaining('Must supply either tree.sha or tree.content') });
    const malformed = await post([{ path: '../escape', mode: '100644', type: 'blob', content: 'x' }]);
    expect(malformed.data).toMatchObject({ message: 'tree.path contains a malformed path component' });
  });

  it('closes a pull request when its head branch is deleted', async () => {
    await gh.seedBranch('o', 'close', 'main', { 'a.txt': 'a' });
    await gh.seedBranch('o', 'close', 'topic', { 'b.txt': 'b' }, { from: 'main' });
    const number = await gh.seedPullRequest('o', 'close', { head: 'topic', base: 'main' });
    const head = await gh.getRef('o', 'close', 'topic');
    expect((await api('DELETE', '/repos/o/close/git/refs/heads%2Ftopic')).status).toBe(204);
    const pull = (await gh.snapshot('o', 'close')).pulls.find((p) => p.number === number);
    expect(pull).toMatchObject({ state: 'closed', headSha: head });
  });

  it('refuses bad ref names and unknown objects', async () => {
    const { commit } = await gh.seedBranch('o', 'refs', 'main', { 'a.txt': 'a' });
    expect((await api('POST', '/repos/o/refs/git/refs', { ref: 'refs/heads/bad..name', sha: commit })).status).toBe(422);
    expect((await api('POST', '/repos/o/refs/git/refs', { ref: 'heads/no-refs-prefix', sha: commit })).status).toBe(422);
    expect((await api('POST', '/repos/o/refs/git/refs', { ref: 'refs/heads/ok', sha: 'f'.repeat(40) })).data).toMatchObject({ message: 'Object does not exist' });
    expect((await api('PATCH', '/repos/o/refs/git/refs/heads%2Fmissing', { sha: commit })).data).toMatchObject({ message: 'Reference does not exist' });
  });
});

describe('faults, auth and logging', () => {
  it('counts afterNthWrite from when the fault was added, over writes only', async () => {
    await gh.reset();
    await gh.seedBranch('o', 'f', 'main', { 'a.txt': 'a' });
    await api('POST', '/repos/o/f/git/blobs', { content: 'before' });
    await gh.faults.add({ kind: 'status', status: 503, afterNthWrite: 1, times: 'always' });
    expect((await api('GET', '/repos/o/f')).status).toBe(200);
    expect((await api('POST', '/repos/o/f/git/blobs', { content: 'first' })).status).toBe(201);
    expect((await api('POST', '/repos/o/f/git/blobs', { content: 'second' })).status).toBe(503);
    expect((await api('POST', '/repos/o/f/git/blobs', { content: 'third' })).status).toBe(503);
    expect((await gh.faults.list())[0]).toMatchObject({ fired: 2, exhausted: false });
    await gh.faults.clear();
    expect((await api('POST', '/repos/o/f/git/blobs', { content: 'fourth' })).status).toBe(201);
    expect(await gh.writeCount()).toBe(5);
  });

  it('answers 401 to unknown or missing tokens and 403 to writes with a read token', async () => {
    await gh.seedBranch('o', 'auth', 'main', { 'a.txt': 'a' });
    expect((await api('GET', '/repos/o/auth', undefined, 'ghs_unknown')).data).toMatchObject({ message: 'Bad credentials' });
    expect((await fetch(`${fake.url}/repos/o/auth`)).status).toBe(401);
    expect((await api('GET', '/repos/o/auth', undefined, gh.tokens.read)).status).toBe(200);
    const denied = await api('POST', '/repos/o/auth/git/blobs', { content: 'x' }, gh.tokens.read);
    expect(denied).toMatchObject({ status: 403, data: { message: 'Resource not accessible by integration' } });
  });

  it('keeps filters on Link pages', async () => {
    await gh.seedBranch('o', 'pages', 'main', { 'a.txt': 'a' });
    for (let i = 0; i < 3; i++) {
      await gh.seedBranch('o', 'pages', `b${i}`, { [`b${i}.txt`]: 'x' }, { from: 'main' });
      await gh.seedPullRequest('o', 'pages', { head: `b${i}`, base: 'main' });
    }
    const page = await api('GET', '/repos/o/pages/pulls?state=all&per_page=2');
    expect(page.headers.get('link')).toBe(
      `<${fake.url}/repos/o/pages/pulls?state=all&per_page=2&page=2>; rel="next", <${fake.url}/repos/o/pages/pulls?state=all&per_page=2&page=2>; rel="last"`,
    );
    expect((await api('GET', '/repos/o/pages/pulls?per_page=5')).headers.get('link')).toBeNull();
  });

  it('reports a control mistake clearly', async () => {
    await expect(gh.readTree('nobody', 'nothing', 'main')).rejects.toThrow(/no repository nobody\/nothing/);
  });
});

describe('the trimmed OpenAPI description', () => {
  it('keeps every served operation and resolves every $ref inside itself', () => {
    const spec = JSON.parse(readFileSync(githubSpecPath(), 'utf8')) as Record<string, unknown>;
    const trimmed = trimSpec(spec, openapiOperations());
    const paths = trimmed['paths'] as Record<string, Record<string, unknown>>;
    const served = routes.filter((r) => r.openapi !== false);
    for (const route of served) expect(paths[route.path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();

    const text = JSON.stringify(trimmed);
    const components = trimmed['components'] as Record<string, Record<string, unknown>>;
    for (const [, section, name] of text.matchAll(/"#\/components\/([^/"]+)\/([^"]+)"/g)) {
      expect(components[section ?? '']?.[name ?? ''], `${section}/${name}`).toBeDefined();
    }
  });
});

describe('the Actions artifact service', () => {
  it('serves @actions/artifact: one job uploads, another job of the run lists and downloads the zip raw; other runs see nothing', async () => {
    const { DefaultArtifactClient } = await import('@actions/artifact');
    const dir = mkdtempSync(join(tmpdir(), 'pg-fake-artifacts-'));
    const saved = { ...process.env };
    try {
      writeFileSync(join(dir, 'report.json'), '{"verdict":"pass"}\n');
      Object.assign(process.env, await gh.actionsRuntime('run-1', 'job-a'), { GITHUB_SERVER_URL: 'https://github.com', GITHUB_WORKSPACE: dir });
      const uploaded = await new DefaultArtifactClient().uploadArtifact('promotion-gate-report-chunk-1', [join(dir, 'report.json')], dir);
      expect(uploaded.id).toBeGreaterThan(0);

      Object.assign(process.env, await gh.actionsRuntime('run-1', 'job-b'));
      const client = new DefaultArtifactClient();
      const { artifacts } = await client.listArtifacts({ latest: true });
      expect(artifacts.map((a) => a.name)).toEqual(['promotion-gate-report-chunk-1']);
      const into = join(dir, 'download');
      mkdirSync(into);
      await client.downloadArtifact(artifacts[0]!.id, { path: into, skipDecompress: true });
      const zip = readFileSync(join(into, 'promotion-gate-report-chunk-1.zip'));
      expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
      expect(zip.includes(Buffer.from('report.json'))).toBe(true);
      // A second upload of the same name in the same run is refused (names are unique per run).
      Object.assign(process.env, await gh.actionsRuntime('run-1', 'job-c'));
      await expect(new DefaultArtifactClient().uploadArtifact('promotion-gate-report-chunk-1', [join(dir, 'report.json')], dir)).rejects.toThrow(/409|already exists|Conflict/i);

      Object.assign(process.env, await gh.actionsRuntime('run-2', 'job-a'));
      expect((await new DefaultArtifactClient().listArtifacts()).artifacts).toEqual([]);
      expect((await gh.artifacts()).map((a) => [a.name, a.runBackendId, a.jobBackendId, a.finalized])).toEqual([['promotion-gate-report-chunk-1', 'run-1', 'job-a', true]]);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
