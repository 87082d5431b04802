// `npm run demo`: gates the two example candidates with the bundled CLI (dist/cli), exactly as
// a user would run it, and prints both reports. Builds the bundle first when it is missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const cli = 'dist/cli/index.js';
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
process.exitCode = unexpected === 0 ? 0 : 1;
