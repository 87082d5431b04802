// Builds the dashboard's static assets into dist/site/ (run by scripts/bundle.mjs before the
// CLI bundle, which copies them into every site): the client script with Observable Plot
// and the parts of d3 it uses, bundled by esbuild as one classic script (module scripts do
// not load from file://), the style sheet, and the licences of what is bundled.
import { mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const out = 'dist/site';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const result = await build({
  entryPoints: ['src/site/client/main.ts'],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  legalComments: 'none',
  metafile: true,
  write: false,
  logLevel: 'warning',
});
const code = result.outputFiles[0].text;
writeFileSync(join(out, 'app.js'), `/* promotion-gate dashboard; bundled libraries and their licences: LICENSES.txt */\n${code}`);
copyFileSync('src/site/client/style.css', join(out, 'style.css'));

// One licence per bundled package (found from the metafile's inputs).
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const match = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
  if (match) packages.set(match[2], match[1]);
}
const licences = [...packages.keys()].sort().map((name) => {
  const dir = packages.get(name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license'].map((f) => join(dir, f)).find((f) => { try { readFileSync(f); return true; } catch { return false; } });
  return `${name} ${pkg.version} (${pkg.license})\n${file ? readFileSync(file, 'utf8').trim() : `license: ${pkg.license}`}\n`;
});
writeFileSync(join(out, 'LICENSES.txt'), `Libraries bundled into app.js\n\n${licences.join('\n----------------------------------------\n\n')}`);
