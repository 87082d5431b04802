// Builds the two committed bundles with ncc in ESM mode (the toolkit packages are ESM-only,
// and a CommonJS bundle of them builds green but crashes at run time), then writes the
// policy JSON Schema. Run by `npm run bundle`; CI's check-dist compares the result with git.
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';

// dist/scan-worker is the provenance scan's worker thread, shared by both bundles: each finds
// it as ../scan-worker/index.js from its own file (src/provenance/seal/scan-transport.ts).
// dist/predictions-worker reads one side's predictions.jsonl on another thread, found the same
// way (src/gate/predictions-transport.ts). dist/telemetry-worker parses a rollout's
// telemetry on another thread with a capped heap (src/rollout/telemetry-transport.ts).
// dist/cli/index.js is a few lines (src/cli.ts) that turn on Node's compile cache and load the
// CLI itself, dist/cli/main.js (src/cli/entry.ts, built to dist/cli-main and moved beside it).
const entries = [
  { src: 'src/index.ts', out: 'dist/action' },
  { src: 'src/cli/entry.ts', out: 'dist/cli-main' },
  { src: 'src/cli.ts', out: 'dist/cli' },
  { src: 'src/provenance/seal/scan-worker.ts', out: 'dist/scan-worker' },
  { src: 'src/gate/predictions-worker.ts', out: 'dist/predictions-worker' },
  { src: 'src/rollout/telemetry-worker.ts', out: 'dist/telemetry-worker' },
];

const schemaOnly = process.argv.includes('--schema-only');
if (!schemaOnly) {
  // The dashboard's static assets (dist/site/), copied by `site` into every site it writes.
  execFileSync(process.execPath, ['scripts/bundle-site.mjs'], { stdio: 'inherit' });
  // Each ncc build is one process on one core, each writing its own folder: as many at once
  // as there are cores (six builds one after another took over 70 s on two).
  const build = promisify(execFile);
  const queue = [...entries];
  const builder = async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      rmSync(entry.out, { recursive: true, force: true });
      const { stdout, stderr } = await build(
        process.execPath,
        ['node_modules/@vercel/ncc/dist/ncc/cli.js', 'build', entry.src, '-o', entry.out, '--no-source-map-register', '--license', 'licenses.txt', '--quiet', '--target', 'es2022'],
        { maxBuffer: 64 * 1024 * 1024 },
      ).catch((error) => {
        throw new Error(`ncc failed on ${entry.src}:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
      });
      process.stdout.write(stdout);
      process.stderr.write(stderr);
    }
  };
  await Promise.all(Array.from({ length: Math.min(entries.length, availableParallelism()) }, builder));
  // ncc rewrites a literal file name passed to path.resolve/join into a bundled asset path
  // (`__nccwpck_require__.ab + "..."`), silently reading a copy instead of the user's file.
  for (const { out } of entries) {
    if (readFileSync(`${out}/index.js`, 'utf8').includes('__nccwpck_require__.ab + ')) {
      throw new Error(`${out}/index.js: ncc turned a file path into a bundled asset; build the path from a variable`);
    }
  }
  renameSync('dist/cli-main/index.js', 'dist/cli/main.js');
  renameSync('dist/cli-main/licenses.txt', 'dist/cli/licenses.txt'); // the bundled packages are main.js's
  rmSync('dist/cli-main', { recursive: true, force: true });
  const cli = 'dist/cli/index.js';
  const text = readFileSync(cli, 'utf8');
  if (!text.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${text}`);
  chmodSync(cli, 0o755);
}

// The policy JSON Schema is generated from the zod schema inside the CLI bundle, so the
// committed schema can never drift from what the tool enforces.
const schema = execFileSync(process.execPath, ['dist/cli/index.js', 'policy-schema'], { encoding: 'utf8' });
writeFileSync('schema/policy.schema.json', schema);
// The rollout file's schema (DESIGN.md section 11), generated the same way.
writeFileSync('schema/rollout.schema.json', execFileSync(process.execPath, ['dist/cli/index.js', 'rollout', 'schema'], { encoding: 'utf8' }));

// The README's inputs/outputs tables are generated from action.yml.
execFileSync(process.execPath, ['scripts/readme-tables.mjs'], { stdio: 'inherit' });
