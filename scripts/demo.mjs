// `npm run demo`: gates the two example candidates with the bundled CLI (dist/cli), exactly as
// a user would run it, and prints both reports; then promotes the passing one to a baseline in
// a throwaway git repository (no GitHub needed). Builds the bundle first when it is missing.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// PROMOTION_GATE_CLI points the demo at another bundle (as it does the tests).
const cli = process.env.PROMOTION_GATE_CLI ?? 'dist/cli/index.js';
if (!existsSync(cli)) spawnSync(process.execPath, ['scripts/bundle.mjs'], { stdio: 'inherit' });

const candidates = [
  { run: 'run_candidate_better', expect: 0 },
  { run: 'run_candidate_regressed', expect: 1 },
];
let unexpected = 0;
for (const { run, expect } of candidates) {
  const args = [cli, 'gate', '--store', 'examples/eval', '--run', run, '--json', `.demo/${run}.json`, '--markdown', `.demo/${run}.md`];
  console.log(`\n$ promotion-gate ${args.slice(1).join(' ')}\n`);
  const { status } = spawnSync(process.execPath, args, { stdio: 'inherit' });
  console.log(`\n(exit code ${status}; expected ${expect})`);
  if (status !== expect) unexpected++;
}
console.log('\nReports written to .demo/ (JSON and the Markdown PR comment).');

// Local promotion of the passing candidate, committed on a new branch of a copy of the store:
// examples/ itself is never changed.
const repo = mkdtempSync(join(tmpdir(), 'promotion-gate-demo-'));
try {
  cpSync('examples/eval', join(repo, 'data', 'eval'), { recursive: true });
  const identity = { GIT_AUTHOR_NAME: 'Demo', GIT_AUTHOR_EMAIL: 'demo@example.com', GIT_COMMITTER_NAME: 'Demo', GIT_COMMITTER_EMAIL: 'demo@example.com' };
  const git = (...args) => spawnSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, ...identity } });
  for (const args of [['init', '--quiet', '-b', 'main'], ['config', 'user.name', 'Demo'], ['config', 'user.email', 'demo@example.com'], ['add', '-A'], ['commit', '--quiet', '-m', 'example store']]) git(...args);
  const args = ['promote', '--store', 'data/eval', '--run', 'run_candidate_better', '--as', 'baseline', '--id', 'baseline_demo_v2',
    '--reason', 'Better exact match and F1 than baseline_demo_v1', '--set-pin', '--commit', '--no-color'];
  console.log(`\n$ promotion-gate ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}\n  (in a temporary git repository holding a copy of examples/eval)\n`);
  const { status } = spawnSync(process.execPath, [resolve(cli), ...args], { cwd: repo, stdio: 'inherit' });
  console.log(`\n(exit code ${status}; expected 0)`);
  if (status !== 0) unexpected++;
  else console.log(`\n$ git show --stat promote/baseline_demo_v2\n\n${git('show', '--stat', '--format=%s%n%n%b', 'promote/baseline_demo_v2').stdout}`);
} finally {
  rmSync(repo, { recursive: true, force: true });
}
process.exitCode = unexpected === 0 ? 0 : 1;
