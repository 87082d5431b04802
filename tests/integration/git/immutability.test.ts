// Immutability of promoted directories (RELIABILITY G13) and the runs a PR changes, on real
// git repositories: every way of touching an existing baseline or reference is caught, each
// path listed; new baselines and references are allowed.
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { changedRuns } from '../../../src/git/changed-runs.js';
import { immutabilityChecks } from '../../../src/gate/checks/immutability.js';
import { promotedChanges, promotedUnit } from '../../../src/git/immutability.js';
import { GitRepo } from '../../../src/git/repo.js';
import { commitAll, git, initRepo } from '../../support/git.js';
import { cleanupTempDirs, tempDir } from '../../support/temp-store.js';

afterAll(cleanupTempDirs);

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** A repository whose store has a baseline, an archived baseline, silver and gold references and a run. */
function repoWithStore(): { repo: string; base: string } {
  const repo = initRepo(tempDir('pg-immut-'));
  git(repo, 'config', 'core.fileMode', 'true');
  write(repo, {
    'data/eval/policy.yml': 'version: 1\n',
    'data/eval/baselines/b1/metrics.json': '{"acc":0.9}\n',
    'data/eval/baselines/b1/predictions.jsonl': '{"id":"a"}\n',
    'data/eval/baselines/_archived/b0/metrics.json': '{}\n',
    'data/eval/references/silver/s1/metrics.json': '{}\n',
    'data/eval/references/gold/ner/g1/items/1.json': '{}\n',
    'data/eval/runs/r1/metrics.json': '{}\n',
    'data/eval/runs/r2/metrics.json': '{}\n',
  });
  return { repo, base: commitAll(repo, 'base') };
}

function commit(repo: string, change: () => void): string {
  change();
  return commitAll(repo, 'change');
}

describe('promotedUnit', () => {
  it('groups paths by promoted directory', () => {
    expect(promotedUnit('baselines/b1/x/y.json')).toBe('baselines/b1');
    expect(promotedUnit('baselines/_archived/b0/m.json')).toBe('baselines/_archived/b0');
    expect(promotedUnit('references/silver/s1/m.json')).toBe('references/silver/s1');
    expect(promotedUnit('references/gold/ner/g1/items/1.json')).toBe('references/gold/ner/g1');
    expect(promotedUnit('baselines/README.md')).toBe('baselines/README.md');
  });
});

describe('promotedChanges', () => {
  const cases: [string, (repo: string) => void, { path: string; kind: string }[]][] = [
    ['an edit', (r) => writeFileSync(join(r, 'data/eval/baselines/b1/metrics.json'), '{"acc":0.1}\n'), [{ path: 'data/eval/baselines/b1/metrics.json', kind: 'edited' }]],
    ['a deletion', (r) => rmSync(join(r, 'data/eval/baselines/b1/predictions.jsonl')), [{ path: 'data/eval/baselines/b1/predictions.jsonl', kind: 'deleted' }]],
    [
      'a rename (both sides listed, not hidden by rename detection)',
      (r) => git(r, 'mv', 'data/eval/baselines/b1/metrics.json', 'data/eval/baselines/b1/metrics.old.json'),
      [{ path: 'data/eval/baselines/b1/metrics.json', kind: 'deleted' }, { path: 'data/eval/baselines/b1/metrics.old.json', kind: 'added' }],
    ],
    ['a chmod', (r) => chmodSync(join(r, 'data/eval/references/silver/s1/metrics.json'), 0o755), [{ path: 'data/eval/references/silver/s1/metrics.json', kind: 'mode changed' }]],
    [
      'a file replaced by a symbolic link',
      (r) => {
        rmSync(join(r, 'data/eval/baselines/b1/metrics.json'));
        symlinkSync('/etc/passwd', join(r, 'data/eval/baselines/b1/metrics.json'));
      },
      [{ path: 'data/eval/baselines/b1/metrics.json', kind: 'type changed' }],
    ],
    ['an added file', (r) => write(r, { 'data/eval/references/gold/ner/g1/items/2.json': '{}' }), [{ path: 'data/eval/references/gold/ner/g1/items/2.json', kind: 'added' }]],
    ['an added symbolic link', (r) => symlinkSync('../../../runs/r1', join(r, 'data/eval/baselines/b1/alias')), [{ path: 'data/eval/baselines/b1/alias', kind: 'added' }]],
    ['an edit of an archived baseline', (r) => write(r, { 'data/eval/baselines/_archived/b0/metrics.json': '{"x":1}' }), [{ path: 'data/eval/baselines/_archived/b0/metrics.json', kind: 'edited' }]],
    [
      'archiving a baseline (a move out of its directory)',
      (r) => git(r, 'mv', 'data/eval/baselines/b1', 'data/eval/baselines/_archived/b1'),
      [{ path: 'data/eval/baselines/b1/metrics.json', kind: 'deleted' }, { path: 'data/eval/baselines/b1/predictions.jsonl', kind: 'deleted' }],
    ],
  ];

  it.each(cases)('catches %s', async (_label, change, expected) => {
    const { repo, base } = repoWithStore();
    const head = commit(repo, () => change(repo));
    const changes = await promotedChanges(GitRepo.at(repo), base, head, 'data/eval');
    expect(changes.map((c) => ({ path: c.path, kind: c.kind }))).toEqual(expected);
    const checks = immutabilityChecks(changes, base);
    expect(checks.every((c) => c.status === 'fail')).toBe(true);
    for (const { path } of expected) expect(checks.map((c) => c.message).join('\n')).toContain(path);
  });

  it('allows new baselines and references, and changes elsewhere', async () => {
    const { repo, base } = repoWithStore();
    const head = commit(repo, () =>
      write(repo, {
        'data/eval/baselines/b2/metrics.json': '{}',
        'data/eval/references/gold/ner/g2/items/1.json': '{}',
        'data/eval/references/silver/s2/metrics.json': '{}',
        'data/eval/runs/r1/metrics.json': '{"changed":true}',
      }),
    );
    const changes = await promotedChanges(GitRepo.at(repo), base, head, 'data/eval');
    expect(changes).toEqual([]);
    expect(immutabilityChecks(changes, base)).toEqual([expect.objectContaining({ id: 'promoted.unchanged', status: 'pass' })]);
  });

  it('works for a store at the repository root', async () => {
    const repo = tempDir('pg-immut-root-');
    git(repo, 'init', '--quiet', '-b', 'main');
    write(repo, { 'baselines/b1/m.json': '1' });
    const base = commit(repo, () => undefined);
    const head = commit(repo, () => write(repo, { 'baselines/b1/m.json': '2' }));
    expect((await promotedChanges(GitRepo.at(repo), base, head, '')).map((c) => c.path)).toEqual(['baselines/b1/m.json']);
  });
});

describe('changedRuns', () => {
  it('lists run folders the PR adds or changes, not deleted ones or loose files', async () => {
    const { repo, base } = repoWithStore();
    const head = commit(repo, () => {
      write(repo, { 'data/eval/runs/r1/metrics.json': '{"v":2}', 'data/eval/runs/new run/metrics.json': '{}', 'data/eval/runs/README.md': 'x' });
      rmSync(join(repo, 'data/eval/runs/r2'), { recursive: true });
      write(repo, { 'data/eval/baselines/b9/metrics.json': '{}' });
    });
    expect(await changedRuns(GitRepo.at(repo), base, head, 'data/eval')).toEqual({ runs: ['new run', 'r1'], deleted: ['r2'] });
  });
});
