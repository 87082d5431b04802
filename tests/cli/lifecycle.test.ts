/**
 * The lifecycle commands through the bundled CLI on real git repositories (issue 14): a copy
 * of the corpus store (its baselines, references and archived baseline) plus generated runs
 * with spread-out creation times, archived runs, a pin, a config pointer, an experiment, a
 * rollout and commit dates. `cleanup` is a dry run that changes nothing; `--apply` moves and
 * deletes exactly the plan with one event per action, and a second `--apply` is a no-op.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBundledCli } from '../support/cli.js';
import { gitWith } from '../support/git.js';
import { CORPUS, EXAMPLE_STORE, cleanupTempDirs, copyDir, tempDir, writeFiles } from '../support/temp-store.js';

afterAll(cleanupTempDirs);

const IDENTITY = { GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com' };
// The clock's commit dates: ages come from them where a test gives none.
const git = (cwd: string, args: string[], env: Record<string, string> = {}): string => gitWith(cwd, { env: { ...IDENTITY, ...env }, dates: 'now' }, ...args);

const NOW = '2026-06-01T00:00:00.000Z';
const DAY = 24 * 60 * 60 * 1000;
const ago = (days: number): string => new Date(Date.parse(NOW) - days * DAY).toISOString();
const STORE = 'data/eval';

/** The working tree (tracked and untracked files) as one git tree id, through a throwaway index. */
function treeHash(repo: string): string {
  const index = join(tempDir('pg-index-'), 'index');
  git(repo, ['add', '-A'], { GIT_INDEX_FILE: index });
  return git(repo, ['write-tree'], { GIT_INDEX_FILE: index });
}

/** Every file below `dir`, path -> sha256. */
function digests(dir: string): Map<string, string> {
  if (!existsSync(dir)) return new Map();
  return new Map(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const full = join(e.parentPath, e.name);
        return [full.slice(dir.length + 1), createHash('sha256').update(readFileSync(full)).digest('hex')];
      }),
  );
}

const metadata = (created: string | undefined, extra: Record<string, unknown> = {}): string =>
  `${JSON.stringify({ run_id: 'x', ...(created === undefined ? {} : { created_at: created }), ...extra }, null, 2)}\n`;

const archivedEvent = (id: string, at: string): [string, string] => {
  const stamp = at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return [
    `events/${stamp}-archived-${id}.json`,
    `${JSON.stringify({ schema: 'promotion-gate/event@1', type: 'archived', at, actor: 'Ada', subject: id, from: `runs/${id}`, to: `runs/_archived/${id}`, reason: 'by hand' }, null, 2)}\n`,
  ];
};

/**
 * The corpus store plus runs. Expected under the policy below (keep 3, archive after 30
 * days, delete archived after 90), at NOW:
 *   archive: run_old_1 (200 d), run_old_2 (120 d), run_commit_old (no created_at, committed 2025)
 *   delete:  runs/_archived/arch_old (archived 200 d ago, event), runs/_archived/arch_commit (committed 2025)
 *   kept:    run_new_1..3 (newest 3), run_commit_new (committed 2 d ago), run_pinned (pin),
 *            run_cfg_target (run_new_1's config), run_arm_a (arm of run_new_2), run_rollout (rollout),
 *            runs/_archived/arch_young (archived 10 d ago), the corpus's archived baseline.
 */
function corpusRepo(): { repo: string; store: string } {
  const repo = tempDir('pg-lifecycle-');
  const store = join(repo, STORE);
  copyDir(CORPUS, store);
  writeFiles(store, {
    'policy.yml': [
      'version: 1',
      'pins:',
      '  - baseline: baseline_ml_prod_authority_v1',
      '    dataset: curated_5feeds_benchmark_v1',
      '  - baseline: run_pinned',
      '    dataset: scratch',
      'retention:',
      '  keep_experimental: 3',
      '  archive_after_days: 30',
      '  delete_archived_after_days: 90',
      '',
    ].join('\n'),
    'runs/run_commit_old/metrics.json': '{"f1": 0.5}\n',
    'runs/_archived/arch_commit/metrics.json': '{"f1": 0.4}\n',
  });
  git(repo, ['init', '--quiet', '-b', 'main']);
  git(repo, ['config', 'user.name', 'Ada']);
  git(repo, ['config', 'user.email', 'ada@example.com']);
  git(repo, ['add', '-A']);
  git(repo, ['commit', '--quiet', '-m', 'corpus store'], { GIT_AUTHOR_DATE: '2025-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2025-01-01T00:00:00Z' });
  const [oldName, oldEvent] = archivedEvent('arch_old', ago(200));
  const [youngName, youngEvent] = archivedEvent('arch_young', ago(10));
  writeFiles(store, {
    'runs/run_new_1/baseline.json': metadata(ago(1)),
    'runs/run_new_1/config.yaml': 'baseline: run_cfg_target\n',
    'runs/run_new_2/baseline.json': metadata(ago(2), { experiment_id: 'exp_prompt_v3', arm: 'treatment' }),
    'runs/run_new_3/baseline.json': metadata(ago(3)),
    'runs/run_old_1/baseline.json': metadata(ago(200)),
    'runs/run_old_2/baseline.json': metadata(ago(120)),
    'runs/run_pinned/baseline.json': metadata(ago(300)),
    'runs/run_cfg_target/baseline.json': metadata(ago(150)),
    'runs/run_arm_a/baseline.json': metadata(ago(90), { experiment_id: 'exp_prompt_v3', arm: 'control' }),
    'runs/run_rollout/baseline.json': metadata(ago(95)),
    'runs/run_commit_new/metrics.json': '{"f1": 0.6}\n',
    'runs/_archived/arch_old/baseline.json': metadata(ago(400)),
    'runs/_archived/arch_young/baseline.json': metadata(ago(400)),
    'rollouts/planner.yml': 'version: 1\nchampion: baseline_ml_prod_authority_v1\nchallenger: run_rollout\n',
    [oldName]: oldEvent,
    [youngName]: youngEvent,
  });
  git(repo, ['add', '-A']);
  git(repo, ['commit', '--quiet', '-m', 'runs'], { GIT_AUTHOR_DATE: ago(2), GIT_COMMITTER_DATE: ago(2) });
  return { repo, store };
}

const ARCHIVED = ['runs/run_commit_old', 'runs/run_old_1', 'runs/run_old_2'];
const DELETED = ['runs/_archived/arch_commit', 'runs/_archived/arch_old'];

interface PlanJson {
  schema: string;
  rows: { path: string; action: string; rule: string; to?: string; kept_by: { kind: string; detail: string }[]; created_source: string | null }[];
  untouched: { baselines: number; references: number; archived_baselines: number };
}

const cli = (repo: string, ...args: string[]) => runBundledCli(args, { cwd: repo });

describe('cleanup on the corpus store', () => {
  it('a dry run prints the plan and changes nothing', async () => {
    const { repo } = corpusRepo();
    const before = treeHash(repo);
    const result = await cli(repo, 'cleanup', '--store', STORE, '--now', NOW, '--json', '../plan.json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(treeHash(repo), 'the working tree is byte-for-byte the same').toBe(before);
    expect(git(repo, ['status', '--porcelain'])).toBe('');
    expect(result.stdout).toContain('(dry run: nothing changed)');
    expect(result.stdout).toMatch(/^archive {2}runs\/run_old_1 +200 d {2}archive_after_days: 30 \(200 days old\)$/m);
    expect(result.stdout).toMatch(/^delete {3}runs\/_archived\/arch_old +400 d {2}delete_archived_after_days: 90 \(archived 200 days ago\)$/m);
    expect(result.stdout).toMatch(/^keep +runs\/run_pinned .*kept: policy pins\[1\] \(dataset scratch\) names it$/m);
    expect(result.stdout).toMatch(/^keep +runs\/run_cfg_target .*kept: runs\/run_new_1\/config\.yaml names it as its baseline$/m);
    expect(result.stdout).toMatch(/^keep +runs\/run_arm_a .*kept: experiment exp_prompt_v3: arm of runs\/run_new_2, which is kept$/m);
    expect(result.stdout).toMatch(/^keep +runs\/run_rollout .*kept: rollouts\/planner\.yml names it$/m);
    expect(result.stdout).toMatch(/^keep +baselines\/_archived\/baseline_ml_prod_authority_v1_smoke_test .*archived baselines are never deleted$/m);
    expect(result.stdout).toMatch(/^3 to archive, 2 to delete, 10 kept; never touched by retention: 57 baselines, 26 references, 1 archived baselines/m);
    expect(result.stdout).toContain('Run with --apply to carry it out.');

    const plan = JSON.parse(readFileSync(join(repo, '..', 'plan.json'), 'utf8')) as PlanJson;
    expect(plan.schema).toBe('promotion-gate/cleanup-plan@1');
    expect(plan.rows.filter((r) => r.action === 'archive').map((r) => r.path)).toEqual(ARCHIVED);
    expect(plan.rows.filter((r) => r.action === 'delete').map((r) => r.path)).toEqual(DELETED);
    const commitDated = plan.rows.find((r) => r.path === 'runs/run_commit_old');
    expect(commitDated?.created_source).toMatch(/^commit [0-9a-f]{12}$/);
    expect(plan.rows.find((r) => r.path === 'runs/run_commit_new')).toMatchObject({ action: 'keep' });
  });

  it('--apply moves and deletes exactly the plan, one event per action; a second --apply is a no-op', async () => {
    const { repo, store } = corpusRepo();
    const plan = await cli(repo, 'cleanup', '--store', STORE, '--now', NOW, '--json', '../plan.json');
    expect(plan.code).toBe(0);
    const planned = JSON.parse(readFileSync(join(repo, '..', 'plan.json'), 'utf8')) as PlanJson;
    const before = digests(store);

    const applied = await cli(repo, 'cleanup', '--store', STORE, '--now', NOW, '--apply');
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const after = digests(store);

    const moved = new Map(planned.rows.filter((r) => r.action === 'archive').map((r) => [r.path, r.to ?? '']));
    const deleted = planned.rows.filter((r) => r.action === 'delete').map((r) => r.path);
    const expected = new Map<string, string>();
    for (const [path, digest] of before) {
      const from = [...moved.keys()].find((m) => path.startsWith(`${m}/`));
      if (deleted.some((d) => path.startsWith(`${d}/`))) continue;
      expected.set(from ? `${moved.get(from)}${path.slice(from.length)}` : path, digest);
    }
    const newEvents = [...after.keys()].filter((p) => p.startsWith('events/') && !before.has(p)).sort();
    for (const path of newEvents) expect(expected.has(path)).toBe(false);
    const rest = new Map([...after].filter(([p]) => !newEvents.includes(p)));
    expect(rest, 'every other file is where the plan says, byte for byte').toEqual(expected);

    const events = newEvents.map((p) => JSON.parse(readFileSync(join(store, p), 'utf8')) as { type: string; subject: string; from: string; to: string | null; actor: string; at: string });
    expect(events.map((e) => `${e.type} ${e.from} ${e.to}`).sort()).toEqual(
      [...[...moved].map(([from, to]) => `archived ${from} ${to}`), ...deleted.map((d) => `deleted ${d} null`)].sort(),
    );
    for (const event of events) expect(event).toMatchObject({ actor: 'Ada', at: NOW });

    const treeAfter = treeHash(repo);
    const again = await cli(repo, 'cleanup', '--store', STORE, '--now', NOW, '--apply');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^0 to archive, 0 to delete, /m);
    expect(again.stdout).toContain('(nothing to do)');
    expect(treeHash(repo), 'the second --apply changed nothing').toBe(treeAfter);

    const log = await cli(repo, 'events', '--store', STORE, '--subject', 'run_old_1');
    expect(log.code).toBe(0);
    expect(log.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^2026-06-01T00:00:00\.000Z {2}archived +run_old_1 runs\/run_old_1 -> runs\/_archived\/run_old_1 {2}by Ada: cleanup: archive_after_days: 30 \(200 days old\)$/)]);
  });

  it('--apply --commit puts the same result on promotion-gate/cleanup; main and the working tree are untouched', async () => {
    const { repo } = corpusRepo();
    const main = git(repo, ['rev-parse', 'main']);
    const before = treeHash(repo);
    const result = await cli(repo, 'cleanup', '--store', STORE, '--now', NOW, '--apply', '--commit');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/committed [0-9a-f]{40} on new branch promotion-gate\/cleanup \(based on main\)/);
    expect(git(repo, ['rev-parse', 'main'])).toBe(main);
    expect(treeHash(repo)).toBe(before);
    expect(git(repo, ['rev-parse', '--abbrev-ref', 'HEAD'])).toBe('main');

    // The branch holds exactly what applying in the working tree gives.
    const applied = await cli(repo, 'cleanup', '--store', STORE, '--now', NOW, '--apply');
    expect(applied.code).toBe(0);
    expect(treeHash(repo)).toBe(git(repo, ['rev-parse', 'promotion-gate/cleanup^{tree}']));
    expect(git(repo, ['log', '-1', '--format=%B', 'promotion-gate/cleanup'])).toMatch(/^Clean up the evaluation store: archive 3, delete 2\n/);

    git(repo, ['checkout', '--quiet', '--', '.']);
    git(repo, ['clean', '--quiet', '-fd']);
    const again = await cli(repo, 'cleanup', '--store', STORE, '--now', NOW, '--apply', '--commit');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already holds exactly this change');
  });
});

describe('archive and restore', () => {
  it('archives a pinned baseline (the gate then names the way out) and restores it, with two events', async () => {
    const { repo, store } = corpusRepo();
    const original = digests(join(store, 'baselines', 'baseline_ml_prod_authority_v1'));
    const archived = await cli(repo, 'archive', '--store', STORE, 'baseline_ml_prod_authority_v1', '--reason', 'replaced by v2');
    expect(archived.code).toBe(0);
    expect(archived.stdout).toContain('Archived baseline baseline_ml_prod_authority_v1: data/eval/baselines/baseline_ml_prod_authority_v1 -> data/eval/baselines/_archived/baseline_ml_prod_authority_v1');
    expect(archived.stderr).toMatch(/warning: policy pins\[0\] still names baseline_ml_prod_authority_v1/);
    expect(existsSync(join(store, 'baselines', 'baseline_ml_prod_authority_v1'))).toBe(false);
    expect(digests(join(store, 'baselines', '_archived', 'baseline_ml_prod_authority_v1'))).toEqual(original);

    copyDir(join(CORPUS, 'baselines', 'baseline_ml_prod_authority_smoke_v1'), join(store, 'runs', 'cand'));
    const gate = await cli(repo, 'gate', '--store', STORE, '--run', 'cand', '--baseline', 'baseline_ml_prod_authority_v1');
    expect(gate.code).toBe(2);
    expect(gate.stderr).toContain('restore it with `promotion-gate restore baseline_ml_prod_authority_v1`');
    rmSync(join(store, 'runs', 'cand'), { recursive: true });

    const restored = await cli(repo, 'restore', '--store', STORE, 'baseline_ml_prod_authority_v1');
    expect(restored.code).toBe(0);
    expect(digests(join(store, 'baselines', 'baseline_ml_prod_authority_v1'))).toEqual(original);
    const log = await cli(repo, 'events', '--store', STORE, '--subject', 'baseline_ml_prod_authority_v1', '--json', '../events.json');
    expect(log.code).toBe(0);
    const json = JSON.parse(readFileSync(join(repo, '..', 'events.json'), 'utf8')) as { events: { type: string; reason?: string }[] };
    expect(json.events.map((e) => e.type)).toEqual(['archived', 'restored']);
    expect(json.events[0]?.reason).toBe('replaced by v2');
  });

  it('--commit archives on a new branch archive/<id>, leaving the working tree and main alone', async () => {
    const { repo } = corpusRepo();
    const before = treeHash(repo);
    const result = await cli(repo, 'archive', '--store', STORE, 'run_old_1', '--reason', 'stale', '--commit');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(treeHash(repo)).toBe(before);
    const changed = git(repo, ['diff', '--name-status', '--no-renames', 'main', 'archive/run_old_1']).split('\n');
    expect(changed).toEqual(expect.arrayContaining(['D\tdata/eval/runs/run_old_1/baseline.json', 'A\tdata/eval/runs/_archived/run_old_1/baseline.json', expect.stringMatching(/^A\tdata\/eval\/events\/\d{8}T\d{6}Z-archived-run_old_1\.json$/)]));
    expect(changed).toHaveLength(3);
  });

  it.each([
    ['an unknown id', ['archive', 'no_such_run', '--reason', 'x'], /archive: error: ID "no_such_run": no such entry in the store/],
    ['a reference', ['archive', 'silver_sonnet46_smoke_v1', '--reason', 'x'], /silver_sonnet46_smoke_v1 is a reference; references are immutable and never archived/],
    ['an id that is not one', ['archive', '../baselines', '--reason', 'x'], /ID "\.\.\/baselines": not an entry path/],
    ['no reason', ['archive', 'run_old_1'], /--reason is required/],
    ['restoring what is not archived', ['restore', 'run_old_1'], /runs\/run_old_1 is not archived/],
    ['two ids', ['archive', 'run_old_1', 'run_old_2', '--reason', 'x'], /expected exactly one ID/],
  ])('refuses %s (exit 2, naming the input)', async (_what, args, message) => {
    const { repo } = corpusRepo();
    const before = treeHash(repo);
    const [command, ...rest] = args as [string, ...string[]];
    const result = await cli(repo, command, '--store', STORE, ...rest);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(treeHash(repo)).toBe(before);
  });

  it('refuses to restore onto an existing id (exit 2), changing nothing', async () => {
    const { repo, store } = corpusRepo();
    writeFiles(store, { 'runs/arch_young/baseline.json': metadata(ago(1)) });
    const before = treeHash(repo);
    const result = await cli(repo, 'restore', '--store', STORE, 'arch_young');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/restoring onto an existing id: runs\/arch_young already exists/);
    expect(treeHash(repo)).toBe(before);
  });
});

describe('bad input', () => {
  it.each([
    ['  keep_experimental: -1\n', /data\/eval\/policy\.yml:\d+:\d+: retention\.keep_experimental: must be 0 or more/],
    ['  archive_after_days: 7.5\n', /retention\.archive_after_days: must be a whole number \(no fraction\)/],
  ])('a retention value %j is exit 2 naming the field', async (line, message) => {
    const { repo, store } = corpusRepo();
    writeFileSync(join(store, 'policy.yml'), `version: 1\nretention:\n${line}`);
    const result = await cli(repo, 'cleanup', '--store', STORE, '--now', NOW);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('a malformed event file is reported by events (exit 2) and stops cleanup, never skipped', async () => {
    const { repo, store } = corpusRepo();
    writeFileSync(join(store, 'events', '20260101T000000Z-archived-broken.json'), '{"schema": "promotion-gate/event@1",\n  "type": 12}\n');
    const events = await cli(repo, 'events', '--store', STORE);
    expect(events.code).toBe(2);
    expect(events.stdout).toMatch(/archived +arch_old/);
    expect(events.stderr).toMatch(/malformed event file: data\/eval\/events\/20260101T000000Z-archived-broken\.json: type: /);
    const cleanup = await cli(repo, 'cleanup', '--store', STORE, '--now', NOW, '--apply');
    expect(cleanup.code).toBe(2);
    expect(cleanup.stderr).toMatch(/malformed event file: data\/eval\/events\/20260101T000000Z-archived-broken\.json/);
  });

  it('an unreadable rollout file stops cleanup rather than guessing what it keeps', async () => {
    const { repo, store } = corpusRepo();
    writeFileSync(join(store, 'rollouts', 'planner.yml'), 'champion: [unclosed\n');
    const result = await cli(repo, 'cleanup', '--store', STORE, '--now', NOW);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/data\/eval\/rollouts\/planner\.yml:\d+:\d+: invalid YAML.*cleanup cannot tell which entries this rollout keeps/);
  });

  it('--now must be a time', async () => {
    const { repo } = corpusRepo();
    const result = await cli(repo, 'cleanup', '--store', STORE, '--now', 'yesterday');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--now "yesterday": expected an ISO 8601 date or time/);
  });
});

/** The example store committed in a fresh repository on `main`. */
function exampleRepo(): { repo: string; store: string } {
  const repo = tempDir('pg-lifecycle-promote-');
  const store = join(repo, STORE);
  copyDir(EXAMPLE_STORE, store);
  git(repo, ['init', '--quiet', '-b', 'main']);
  git(repo, ['config', 'user.name', 'Ada']);
  git(repo, ['config', 'user.email', 'ada@example.com']);
  git(repo, ['add', '-A']);
  git(repo, ['commit', '--quiet', '-m', 'store']);
  return { repo, store };
}

describe('promotion events', () => {
  it('promote --set-pin writes promoted and pin_changed; events --at answers which baseline the pin named then', async () => {
    const { repo } = exampleRepo();
    const started = new Date();
    const result = await cli(repo, 'promote', '--store', STORE, '--run', 'run_candidate_better', '--as', 'baseline', '--id', 'baseline_demo_v2', '--reason', 'Better exact match', '--set-pin', '--json', '../report.json');
    expect(result.code).toBe(0);
    const log = await cli(repo, 'events', '--store', STORE, '--json', '../events.json');
    expect(log.code).toBe(0);
    const { events } = JSON.parse(readFileSync(join(repo, '..', 'events.json'), 'utf8')) as { events: Record<string, unknown>[] };
    // Same instant: ordered by file name.
    expect(events.map((e) => e['type'])).toEqual(['pin_changed', 'promoted']);
    expect(events[1]).toMatchObject({ subject: 'baseline_demo_v2', from: 'runs/run_candidate_better', to: 'baselines/baseline_demo_v2', actor: 'Ada', reason: 'Better exact match' });
    const promoted = JSON.parse(readFileSync(join(repo, STORE, 'baselines', 'baseline_demo_v2', 'baseline.json'), 'utf8')) as Record<string, unknown>;
    expect(events[1]?.['gate_report_sha256']).toBe(promoted['gate_report_sha256']);
    expect(events[0]).toMatchObject({ from: 'baseline_demo_v1', to: 'baseline_demo_v2', pin: { dataset: 'demo_support_qa_v1', task: 'qa' } });

    const day = (offset: number): string => new Date(started.getTime() + offset * DAY).toISOString().slice(0, 10);
    const before = await cli(repo, 'events', '--store', STORE, '--at', day(-1));
    expect(before.stdout).toMatch(/pin \(dataset demo_support_qa_v1, task qa\): baseline_demo_v1 {2}\[before the first recorded change/);
    const after = await cli(repo, 'events', '--store', STORE, '--at', day(1));
    expect(after.stdout).toMatch(/pin \(dataset demo_support_qa_v1, task qa\): baseline_demo_v2 {2}\[pin_changed event of .* by Ada\]/);
  });

  it('two promotions merged in either order leave both event files, without a conflict (L2)', async () => {
    const { repo } = exampleRepo();
    for (const [run, id] of [['run_candidate_better', 'baseline_a'], ['run_candidate_regressed', 'baseline_b']] as const) {
      const result = await cli(repo, 'promote', '--store', STORE, '--run', run, '--as', 'baseline', '--id', id, '--reason', `promote ${run}`, '--commit');
      expect(result.code, result.stderr).toBe(0);
    }
    const main = git(repo, ['rev-parse', 'main']);
    for (const order of [['promote/baseline_a', 'promote/baseline_b'], ['promote/baseline_b', 'promote/baseline_a']]) {
      git(repo, ['checkout', '--quiet', '-B', 'merged', main]);
      for (const branch of order) git(repo, ['merge', '--no-ff', '--quiet', '-m', `merge ${branch}`, branch]);
      const names = git(repo, ['ls-tree', '--name-only', 'HEAD', `${STORE}/events/`]).split('\n');
      expect(names.map((n) => n.replace(/^.*\/\d{8}T\d{6}Z-/, ''))).toEqual(['promoted-baseline_a.json', 'promoted-baseline_b.json']);
      const log = await cli(repo, 'events', '--store', STORE);
      expect(log.code).toBe(0);
      expect(log.stdout.trim().split('\n')).toHaveLength(2);
    }
  });
});

