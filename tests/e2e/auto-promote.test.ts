// auto_promote end to end (DESIGN.md section 12): `command: gate` on a push to the default branch,
// the bundled action against the fake GitHub behind Prism. A run that passes every gate and beats
// its baseline by the margin (significantly: it has per-item scores) gets one promotion pull
// request, opened as `command: promote` opens one (verified commit, lifecycle events, set-pin),
// with the evidence in its body; a re-run is unchanged. A run under the margin, and a run that
// beats it but fails a gate, get none. Nothing is ever merged.
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useGitHubSession } from '../support/github/use-session.js';
import { EXAMPLE_STORE, tempDir } from '../support/temp-store.js';
import { commitAll, git } from '../support/git.js';
import { OWNER, REPO, runAction, STORE, type ActionResult, type PrRepo } from './gate-support.js';

const gh = useGitHubSession('auto-promote');

const AUTO_PROMOTE = '\nauto_promote:\n  metric: quality.exact_match\n  min_gain: 0.05\n  id_prefix: baseline_auto_\n';

type RunFiles = Record<string, string>;

/** run_candidate_better (0.785 against the baseline's 0.755) as it is. */
function betterRun(): RunFiles {
  const dir = join(EXAMPLE_STORE, 'runs/run_candidate_better');
  return Object.fromEntries(['config.yaml', 'fingerprint.json', 'metrics.json', 'predictions.jsonl'].map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

/** run_candidate_better with 20 more items answered exactly (0.885): a gain of 0.13, scores and metric agreeing. */
function bigGainRun(options: { dirty?: boolean } = {}): RunFiles {
  const files = betterRun();
  let fixed = 0;
  const lines = files['predictions.jsonl']!.trim().split('\n').map((line) => {
    const item = JSON.parse(line) as { scores: { exact_match: number } };
    if (item.scores.exact_match === 0 && fixed < 20) {
      item.scores.exact_match = 1;
      fixed++;
    }
    return item;
  });
  const mean = lines.reduce((sum, item) => sum + item.scores.exact_match, 0) / lines.length;
  const metrics = JSON.parse(files['metrics.json']!) as { quality: { exact_match: number } };
  metrics.quality.exact_match = mean;
  const fingerprint = JSON.parse(files['fingerprint.json']!) as { git: { dirty: boolean } };
  fingerprint.git.dirty = options.dirty ?? false;
  return {
    ...files,
    'predictions.jsonl': `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`,
    'metrics.json': `${JSON.stringify(metrics, null, 2)}\n`,
    'fingerprint.json': `${JSON.stringify(fingerprint, null, 2)}\n`,
  };
}

function filesOf(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name === '.git') continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(root, full).split(sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return out;
}

interface Pushed {
  repo: PrRepo;
  event: Record<string, unknown>;
  mainSha: string;
}

/** main holds the example store (no runs) with auto_promote; a push adds runs/<run>. The fake's main holds the pushed tree. */
async function pushRun(run: string, files: RunFiles): Promise<Pushed> {
  const dir = tempDir('pg-auto-');
  const work = join(dir, 'work');
  git(dir, 'init', '--quiet', '-b', 'main', work);
  cpSync(EXAMPLE_STORE, join(work, STORE), { recursive: true, filter: (src) => !src.includes(`${join('eval', 'runs')}`) });
  writeFileSync(join(work, STORE, 'policy.yml'), readFileSync(join(EXAMPLE_STORE, 'policy.yml'), 'utf8') + AUTO_PROMOTE);
  writeFileSync(join(work, 'README.md'), '# evals\n');
  const before = commitAll(work, 'base: store with auto_promote');
  mkdirSync(join(work, STORE, 'runs', run), { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(work, STORE, 'runs', run, name), content);
  const after = commitAll(work, `add ${run}`);
  const { commit: mainSha } = await gh.seedBranch(OWNER, REPO, 'main', filesOf(work), { replace: true });
  const event = {
    ref: 'refs/heads/main', before, after,
    repository: { name: REPO, full_name: `${OWNER}/${REPO}`, default_branch: 'main', owner: { login: OWNER } },
    pusher: { name: 'octocat' },
  };
  return { repo: { dir, origin: '', work, baseSha: before, headSha: after, number: 0 }, event, mainSha };
}

function runOnPush(pushed: Pushed, env: Record<string, string> = {}): Promise<ActionResult> {
  return runAction({
    gh, repo: pushed.repo, event: pushed.event, eventName: 'push', sha: pushed.repo.headSha,
    env: { GITHUB_REF: 'refs/heads/main', GITHUB_ACTOR: 'octocat', ...env },
  });
}

/** Markdown with its backslash escapes removed, for matching the text a reader sees. */
const plain = (markdown: string | null | undefined): string => (markdown ?? '').replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1');

const failure = (result: ActionResult): string => `${result.stdout.split('\n').filter((l) => l.startsWith('::error')).join('\n')}\n${result.stderr}`;

describe('a run over the margin', () => {
  it('opens one promotion pull request with the evidence, as command: promote would; a re-run is unchanged; nothing is merged', async () => {
    const pushed = await pushRun('run_big', bigGainRun());
    const first = await runOnPush(pushed);
    expect(first.code, failure(first)).toBe(0);
    const id = 'baseline_auto_run_big';
    const branch = `promote/${id}`;
    expect(first.outputs).toMatchObject({ verdict: 'pass', 'pull-request-operation': 'created', 'promoted-path': `${STORE}/baselines/${id}` });

    const snapshot = await gh.snapshot(OWNER, REPO);
    expect(snapshot.pulls).toHaveLength(1);
    const [pull] = snapshot.pulls;
    expect(pull).toMatchObject({ state: 'open', head: branch, base: 'main', title: `Promote run run_big to baseline ${id}` });
    expect(first.outputs['pull-request-url']).toBe(`https://github.com/${OWNER}/${REPO}/pull/${pull?.number}`);
    // The evidence: the reason (with the paired test) and the report's auto-promotion section.
    expect(plain(pull?.body)).toMatch(/\*\*Reason:\*\* Auto-promotion \(policy auto_promote\): quality\.exact_match 0\.755 → 0\.885 \(gain 0\.13\) beats min_gain 0\.05 significantly: p = 0\.000\d+ against a gain of 0\.05 \(exact McNemar\); 95% interval of the mean per-item change \[0\.07\d+, 0\.18\d+\] over 200 items/);
    expect(pull?.body).toContain('#### Auto-promotion on `quality.exact_match`');
    expect(pull?.body).toContain('✅ **eligible**');

    // The promotion itself: the run moved with its metadata, the pin moved (set_pin), the lifecycle events, a verified commit on main's tip.
    const tree = await gh.readTree(OWNER, REPO, branch);
    expect(tree.has(`${STORE}/runs/run_big/metrics.json`)).toBe(false);
    expect(tree.get(`${STORE}/baselines/${id}/predictions.jsonl`)?.content.toString('utf8')).toBe(bigGainRun()['predictions.jsonl']);
    const metadata = JSON.parse(tree.get(`${STORE}/baselines/${id}/baseline.json`)?.content.toString('utf8') ?? '{}') as Record<string, unknown>;
    expect(metadata).toMatchObject({ promoted_from: 'run_big', promoted_as: 'baseline', promoted_id: id, promoted_by: 'octocat' });
    expect(String(metadata['reason'])).toMatch(/^Auto-promotion \(policy auto_promote\): quality.exact_match 0.755 → 0.885/);
    expect(tree.get(`${STORE}/policy.yml`)?.content.toString('utf8')).toContain(`  - baseline: ${id}\n    dataset: demo_support_qa_v1\n    task: qa`);
    const events = [...tree].filter(([path]) => path.startsWith(`${STORE}/events/`)).map(([, file]) => JSON.parse(file.content.toString('utf8')) as Record<string, unknown>);
    expect(events.map((e) => e['type']).sort()).toEqual(['pin_changed', 'promoted']);
    expect(events.find((e) => e['type'] === 'promoted')).toMatchObject({ subject: id, from: 'runs/run_big', to: `baselines/${id}`, actor: 'octocat', workflow_run_url: `https://github.com/${OWNER}/${REPO}/actions/runs/1001` });
    const [commit] = await gh.listCommits(OWNER, REPO, branch, 1);
    expect(commit).toMatchObject({ parents: [pushed.mainSha], verified: true });
    expect(await gh.getRef(OWNER, REPO, 'main'), 'never merges').toBe(pushed.mainSha);
    expect(first.summary).toMatch(/### 📦 Auto-promotion on `quality.exact_match` \(push to `main`\)/);

    const again = await runOnPush(pushed, { GITHUB_RUN_ID: '1002' });
    expect(again.code, failure(again)).toBe(0);
    expect(again.outputs['pull-request-operation']).toBe('unchanged');
    expect(await gh.getRef(OWNER, REPO, branch)).toBe(commit?.sha);
    const later = await gh.snapshot(OWNER, REPO);
    expect(later.pulls).toHaveLength(1);
    expect(later.pulls[0]?.body).toBe(pull?.body);
    expect(await gh.getRef(OWNER, REPO, 'main')).toBe(pushed.mainSha);
  });
});

describe('runs that get no promotion', () => {
  it('under the margin: the gate passes, the summary says why, and nothing is written to GitHub', async () => {
    const pushed = await pushRun('run_small', betterRun());
    const result = await runOnPush(pushed);
    expect(result.code, failure(result)).toBe(0);
    expect(result.outputs.verdict).toBe('pass');
    expect(result.outputs['pull-request-operation']).toBe('');
    expect(plain(result.summary)).toMatch(/`run_small`: not promoted: quality\.exact_match 0\.755 → 0\.785 \(gain 0\.03\) is not more than min_gain 0\.05/);
    expect(result.summary).toContain('⏸️ **not eligible**');
    const snapshot = await gh.snapshot(OWNER, REPO);
    expect(snapshot.pulls).toEqual([]);
    expect(Object.keys(snapshot.refs)).toEqual(['refs/heads/main']);
    expect(await gh.writeCount()).toBe(0);
  });

  it('beating the margin but failing a gate (a dirty tree, compliance): the step fails, no promotion', async () => {
    const pushed = await pushRun('run_dirty', bigGainRun({ dirty: true }));
    const result = await runOnPush(pushed);
    expect(result.code).toBe(1);
    expect(result.outputs.verdict).toBe('fail');
    expect(result.outputs['failed-checks']).toContain('compliance.fingerprint.clean-tree');
    expect(result.summary).toMatch(/`run_dirty`: not promoted: the gate failed/);
    const snapshot = await gh.snapshot(OWNER, REPO);
    expect(snapshot.pulls).toEqual([]);
    expect(Object.keys(snapshot.refs)).toEqual(['refs/heads/main']);
    expect(await gh.writeCount()).toBe(0);
  });

  it('a push to another branch: the report shows the evidence, nothing is promoted', async () => {
    const pushed = await pushRun('run_side', bigGainRun());
    const result = await runAction({
      gh, repo: pushed.repo, event: { ...pushed.event, ref: 'refs/heads/feature' }, eventName: 'push', sha: pushed.repo.headSha,
      env: { GITHUB_REF: 'refs/heads/feature' },
    });
    expect(result.code, failure(result)).toBe(0);
    expect(result.stdout).toContain('auto_promote applies to pushes to the default branch (main); this push is to feature: nothing promoted');
    expect(result.summary).toContain('✅ **eligible**');
    expect((await gh.snapshot(OWNER, REPO)).pulls).toEqual([]);
    expect(await gh.writeCount()).toBe(0);
  });
});
