/**
 * Local promotion through the bundled CLI on real git repositories in temp folders (issue 4):
 * the destination holds every source file byte-identical (checked against manifest.json) plus
 * README and metadata, the run is gone (on the branch only, with --commit), and the base
 * branch is unchanged. Also the real corpus, promoted to a baseline and to references.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBundledCli } from '../support/cli.js';
import { gitBytes, gitWith } from '../support/git.js';
import { CORPUS, EXAMPLE_STORE, cleanupTempDirs, copyDir, readTree, tempDir } from '../support/temp-store.js';

afterAll(cleanupTempDirs);

const IDENTITY = { GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com' };
const git = (cwd: string, ...args: string[]): string => gitWith(cwd, { env: IDENTITY }, ...args);
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const RUN = 'run_candidate_better';

/** The example store committed in a fresh repository on `main`. */
function exampleRepo(): { repo: string; store: string } {
  const repo = tempDir('pg-promote-');
  const store = join(repo, 'data', 'eval');
  copyDir(EXAMPLE_STORE, store);
  git(repo, 'init', '--quiet', '-b', 'main');
  git(repo, 'config', 'user.name', 'Ada');
  git(repo, 'config', 'user.email', 'ada@example.com');
  git(repo, 'add', '-A');
  git(repo, 'commit', '--quiet', '-m', 'store');
  return { repo, store };
}

/** Files of a folder at a git ref, by path inside the folder. */
function filesAt(repo: string, ref: string, folder: string): Map<string, Buffer> {
  const names = git(repo, 'ls-tree', '-r', '--name-only', ref, '--', folder).split('\n').filter(Boolean);
  return new Map(names.map((name) => [name.slice(folder.length + 1), gitBytes(repo, 'show', `${ref}:${name}`)]));
}

/** Every source file byte-identical at the destination and in manifest.json, which covers every other file too. */
function expectFaithful(source: Map<string, Buffer>, destination: Map<string, Buffer>): Record<string, unknown> {
  const manifest = JSON.parse(destination.get('manifest.json')?.toString('utf8') ?? '{}') as { files: Record<string, { sha256: string; size: number }> };
  for (const [rel, content] of source) {
    if (rel === 'baseline.json' || rel === 'README.md' || rel === 'manifest.json') continue;
    expect(destination.get(rel)?.equals(content), `${rel} byte-identical`).toBe(true);
    expect(manifest.files[rel]?.sha256, `${rel} in the manifest`).toBe(sha256(content));
  }
  for (const [rel, content] of destination) {
    if (rel !== 'manifest.json') expect(manifest.files[rel], `${rel} in the manifest`).toEqual(expect.objectContaining({ sha256: sha256(content), size: content.length }));
  }
  expect(Object.keys(manifest.files).sort()).toEqual([...destination.keys()].filter((r) => r !== 'manifest.json').sort());
  expect(destination.get('README.md')?.toString('utf8')).toMatch(/^# (Baseline|Reference)/);
  return JSON.parse(destination.get('baseline.json')?.toString('utf8') ?? '{}') as Record<string, unknown>;
}

describe('promote --commit: a new branch, nothing else touched', () => {
  it('commits the promotion on promote/<id>; main, the index and the working tree are unchanged', async () => {
    const { repo, store } = exampleRepo();
    const main = git(repo, 'rev-parse', 'main');
    const source = readTree(join(store, 'runs', RUN));
    const result = await runBundledCli(['promote', '--store', 'data/eval', '--run', RUN, '--as', 'baseline', '--id', 'baseline_demo_v2',
      '--reason', 'Better exact match', '--commit', '--set-pin'], { cwd: repo });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/committed [0-9a-f]{40} on new branch promote\/baseline_demo_v2 \(based on main\)/);

    expect(git(repo, 'rev-parse', 'main')).toBe(main);
    expect(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(existsSync(join(store, 'runs', RUN, 'metrics.json'))).toBe(true);

    const branch = 'promote/baseline_demo_v2';
    expect(git(repo, 'rev-parse', `${branch}^`)).toBe(main);
    expect(filesAt(repo, branch, `data/eval/runs/${RUN}`).size, 'the run is gone on the branch').toBe(0);
    expect(filesAt(repo, 'main', `data/eval/runs/${RUN}`).size, 'and still on main').toBe(source.size);
    const metadata = expectFaithful(source, filesAt(repo, branch, 'data/eval/baselines/baseline_demo_v2'));
    expect(metadata).toMatchObject({ promoted_from: RUN, promoted_as: 'baseline', promoted_id: 'baseline_demo_v2', reason: 'Better exact match', promoted_by: 'Ada' });
    expect(git(repo, 'diff', '--name-status', '-M', 'main', branch).split('\n')).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^R100\\tdata/eval/runs/${RUN}/predictions.jsonl\\tdata/eval/baselines/baseline_demo_v2/predictions.jsonl$`)),
      'M\tdata/eval/policy.yml',
    ]));
    expect(git(repo, 'log', '-1', '--format=%B', branch)).toContain('Promotion-Gate-Id: baseline_demo_v2');

    const again = await runBundledCli(['promote', '--store', 'data/eval', '--run', RUN, '--as', 'baseline', '--id', 'baseline_demo_v2',
      '--reason', 'Better exact match', '--commit', '--set-pin'], { cwd: repo });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already holds exactly this promotion');
    expect(git(repo, 'for-each-ref', '--format=%(refname)', 'refs/heads/promote/')).toBe(`refs/heads/${branch}`);
  });

  it('passes shell metacharacters in the reason through as text (no shell anywhere, G15)', async () => {
    const { repo } = exampleRepo();
    const reason = 'Better; $(touch pwned) `touch pwned2` && echo "done" | tee x > y';
    const result = await runBundledCli(['promote', '--store', 'data/eval', '--run', RUN, '--as', 'baseline', '--id', 'b_shell', '--reason', reason, '--commit'], { cwd: repo });
    expect(result.code).toBe(0);
    expect(git(repo, 'log', '-1', '--format=%B', 'promote/b_shell')).toContain(reason);
    expect(JSON.parse(gitBytes(repo, 'show', 'promote/b_shell:data/eval/baselines/b_shell/baseline.json').toString('utf8'))).toMatchObject({ reason });
    expect(readdirSync(repo).filter((n) => n.startsWith('pwned') || n === 'x' || n === 'y')).toEqual([]);
  });

  it('refuses when promote/<id> exists with other content, and leaves it alone', async () => {
    const { repo } = exampleRepo();
    git(repo, 'branch', 'promote/b9');
    const before = git(repo, 'rev-parse', 'promote/b9');
    const result = await runBundledCli(['promote', '--store', 'data/eval', '--run', RUN, '--as', 'baseline', '--id', 'b9', '--reason', 'x', '--commit'], { cwd: repo });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/branch promote\/b9 already exists and was not made by promotion-gate/);
    expect(git(repo, 'rev-parse', 'promote/b9')).toBe(before);
  });
});

describe('promote in the working tree', () => {
  it('moves the run (byte-identical, manifest-checked) and a re-run says it is already promoted', async () => {
    const { repo, store } = exampleRepo();
    const source = readTree(join(store, 'runs', RUN));
    const args = ['promote', '--store', store, '--run', RUN, '--as', 'reference', '--id', 'silver_demo_v2', '--reason', 'A strong model\'s answers'];
    const result = await runBundledCli(args, { cwd: repo });
    expect(result.code).toBe(0);
    expect(existsSync(join(store, 'runs', RUN))).toBe(false);
    const metadata = expectFaithful(source, readTree(join(store, 'references', 'silver', 'silver_demo_v2')));
    expect(metadata).toMatchObject({ promoted_as: 'reference', reference_quality: 'silver' });
    expect(readdirSync(join(store, 'references', 'silver')).filter((n) => n.startsWith('.'))).toEqual([]);
    const again = await runBundledCli(args, { cwd: repo });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('was already promoted to');
  });

  it.each([
    { name: 'an existing destination', args: ['--as', 'baseline', '--id', 'baseline_demo_v1'], code: 1, message: /baselines\/baseline_demo_v1 already exists and differs/ },
    { name: 'a reference with --set-pin', args: ['--as', 'reference', '--id', 'r1', '--set-pin'], code: 2, message: /a reference can never be promoted as blocking/ },
    { name: 'a bad id', args: ['--as', 'baseline', '--id', 'a/b'], code: 2, message: /--id "a\/b": an id is a single path segment/ },
    { name: 'a missing --as', args: ['--id', 'x'], code: 2, message: /--as is required/ },
  ])('refuses $name and changes nothing', async ({ args, code, message }) => {
    const { repo, store } = exampleRepo();
    const result = await runBundledCli(['promote', '--store', store, '--run', RUN, '--reason', 'r', ...args], { cwd: repo });
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });

  it('refuses a run whose functional gate fails', async () => {
    const { repo, store } = exampleRepo();
    writeFileSync(join(store, 'runs', RUN, 'metrics.json'), '{"quality": {"exact_match": NaN}}');
    git(repo, 'commit', '--quiet', '-am', 'broken');
    const result = await runBundledCli(['promote', '--store', store, '--run', RUN, '--as', 'baseline', '--id', 'b2', '--reason', 'r'], { cwd: repo });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/promotion refused: the functional gate failed \(functional\.metrics\.valid/);
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });

  it('baseline-create (legacy) promotes an existing run with a default reason', async () => {
    const { repo, store } = exampleRepo();
    const result = await runBundledCli(['baseline-create', '--store', store, '--run', RUN, '--id', 'baseline_legacy'], { cwd: repo });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('legacy');
    const metadata = JSON.parse(readFileSync(join(store, 'baselines', 'baseline_legacy', 'baseline.json'), 'utf8')) as Record<string, unknown>;
    expect(metadata).toMatchObject({ promoted_as: 'baseline', reason: 'Created with the legacy baseline-create command' });
  });
});

describe('the real corpus (podcast_scraper), copied in as runs', () => {
  const SEED_FIELDS = ['dataset_id', 'created_at', 'fingerprint_ref', 'promoted_from', 'promoted_at', 'promoted_as', 'promoted_id'];
  const PROMOTION_FIELDS = ['promoted_from', 'promoted_at', 'promoted_as', 'promoted_id', 'reason', 'reference_quality', 'promoted_by', 'gate_report_sha256'];

  function corpusRepo(): { repo: string; store: string } {
    const repo = tempDir('pg-corpus-promote-');
    const store = join(repo, 'data', 'eval');
    copyDir(join(CORPUS, 'baselines', 'baseline_ml_prod_authority_smoke_v1'), join(store, 'runs', 'smoke_run'));
    copyDir(join(CORPUS, 'baselines', 'baseline_ner_prod_authority_v1'), join(store, 'runs', 'ner_run'));
    // The corpus runs were produced from dirty trees at commits this repository lacks.
    writeFileSync(join(store, 'policy.yml'), 'version: 1\ncompliance:\n  allow_dirty: true\n  require_commit: false\n');
    git(repo, 'init', '--quiet', '-b', 'main');
    git(repo, 'add', '-A');
    git(repo, 'commit', '--quiet', '-m', 'corpus runs');
    return { repo, store };
  }

  it.each([
    { as: 'baseline', id: 'baseline_prod_authority_v2', run: 'smoke_run', corpus: 'baseline_ml_prod_authority_smoke_v1', dest: 'baselines/baseline_prod_authority_v2', extra: [] as string[] },
    { as: 'reference', id: 'silver_prod_v1', run: 'smoke_run', corpus: 'baseline_ml_prod_authority_smoke_v1', dest: 'references/silver/silver_prod_v1', extra: ['--quality', 'silver'] },
    { as: 'reference', id: 'ner_gold_v1', run: 'ner_run', corpus: 'baseline_ner_prod_authority_v1', dest: 'references/gold/ner_entities/ner_gold_v1', extra: ['--quality', 'gold'] },
  ])('$corpus as $as $id', async ({ as, id, run, corpus, dest, extra }) => {
    const { repo } = corpusRepo();
    const result = await runBundledCli(['promote', '--store', 'data/eval', '--run', run, '--as', as, '--id', id, '--reason', 'Promoted from the corpus', '--commit', ...extra], { cwd: repo });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const original = readTree(join(CORPUS, 'baselines', corpus));
    const promoted = filesAt(repo, `promote/${id}`, `data/eval/${dest}`);
    const metadata = expectFaithful(original, promoted);
    const seed = JSON.parse(original.get('baseline.json')?.toString('utf8') ?? '{}') as Record<string, unknown>;
    for (const field of SEED_FIELDS) expect(metadata, `the seed's ${field}`).toHaveProperty(field);
    for (const [key, value] of Object.entries(seed)) if (!PROMOTION_FIELDS.includes(key)) expect(metadata[key], key).toEqual(value);
    expect(metadata).toMatchObject({ promoted_from: run, promoted_as: as, promoted_id: id, reason: 'Promoted from the corpus' });
    if (as === 'reference') expect(metadata['reference_quality']).toBe(extra[1]);
    else expect(metadata).not.toHaveProperty('reference_quality');
    // The run's own lines survive byte for byte (Python's `1.0` stays `1.0`).
    const originalText = original.get('baseline.json')?.toString('utf8') ?? '';
    const ownPart = originalText.slice(0, originalText.indexOf('  "promoted_from"'));
    expect(ownPart.length).toBeGreaterThan(100);
    expect(promoted.get('baseline.json')?.toString('utf8').startsWith(ownPart)).toBe(true);
    expect(filesAt(repo, 'main', `data/eval/runs/${run}`).size).toBe(original.size);
  });

  it('refuses the dirty corpus run under the default policy (compliance)', async () => {
    const { repo, store } = corpusRepo();
    writeFileSync(join(store, 'policy.yml'), 'version: 1\ncompliance:\n  require_commit: false\n');
    const result = await runBundledCli(['promote', '--store', store, '--run', 'smoke_run', '--as', 'baseline', '--id', 'b', '--reason', 'r'], { cwd: repo });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/compliance gate failed \(compliance\.fingerprint\.clean-tree/);
  });
});
