// The import check (`npm run lint` runs it, so CI does): every module of src/ imports only
// its own folder or folders in a lower layer, and git's arguments are built only in src/git/.
//
// LAYERS is the one place the order is written. Each entry is a layer of folders (relative to
// src/); a folder may import folders of earlier layers, never a later one, and folders in the
// same layer never import each other. A subfolder listed here (`gate/checks`) is its own
// unit; an unlisted subfolder belongs to its parent (`report/sections` would be `report`).
// Because the order is total, a cycle between folders cannot pass. A new folder must be
// added here before it can import or be imported.
//
//   node scripts/check-imports.mjs [SRC_DIR]     exit 0 clean, 1 with one line per problem
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LAYERS = [
  ['contract'], // shared vocabulary: checks, report@1 and its sections, input names, errors, did-you-mean
  ['parse'], // strict JSON, JSONL, UTF-8, YAML
  ['stats'], // pure statistics
  ['provenance/secrets'], // credential patterns and the streaming scanner: pure, used from the report's masking up
  ['store'], // location, layout, ids, safe reads, run folders, references, statuses, events, writer
  ['artifacts'], // run files: schemas and the loaded side
  ['score'], // reference scoring: text and entity metrics, scores/<REF>.json
  ['policy'], // schema, parse, read, rules, direction, baseline resolution, set-pin
  ['git'], // GitRepo: every git argument
  ['report'], // renderers: Markdown, terminal, escaping, formatting
  ['drift', 'dependencies'], // the gate's cumulative drift guard and multi-model dependencies
  ['github', 'registry'], // transports: GitHub REST/Git Data, model registries
  ['provenance'], // hashes shared by capture, seal and checks
  ['provenance/seal'],
  ['provenance/checks'],
  ['gate/checks'], // pure checks: functional, performance, compliance, references, immutability
  ['gate'], // the engine, the verdict and the auto-promotion evidence
  ['report/sections'], // the report's optional sections (flips, provenance, drift, dependencies, auto-promotion)
  ['capture', 'matrix'], // run create, fingerprint (runs the functional gate); matrix fan-out plan and aggregate
  ['promote/plan'], // pure promotion plan (and the events it records)
  ['promote'], // the run read once, gated
  ['promote/local', 'promote/github'], // appliers
  ['lifecycle'], // archive/restore, retention, cleanup (reuses the promotion's branch rules)
  ['compare', 'rollout'], // any two entries item by item (reads entries through lifecycle); staged rollouts (archive through lifecycle)
  ['site'], // the static dashboard
  ['action/zip'],
  ['action'], // the Actions shell
  ['cli'], // the command-line shell
  ['.'], // entries: src/index.ts, src/cli.ts
];

const UNITS = new Map(LAYERS.flatMap((layer, rank) => layer.map((unit) => [unit, rank])));

/** The unit of a file: its folder, or the nearest listed ancestor folder. */
export function unitOf(srcRelativeFile) {
  let folder = dirname(srcRelativeFile).split(sep).join('/');
  for (;;) {
    if (UNITS.has(folder)) return folder;
    if (folder === '.' || !folder.includes('/')) return UNITS.has(folder) ? folder : folder.split('/')[0];
    folder = folder.slice(0, folder.lastIndexOf('/'));
  }
}

const IMPORT = /(?:^|[^.\w])(?:import|export)\s[^'";]*?from\s*(['"])(\.{1,2}\/[^'"]+)\1|(?:^|[^.\w])import\s*\(\s*(['"])(\.{1,2}\/[^'"]+)\3\s*\)|^\s*import\s*(['"])(\.{1,2}\/[^'"]+)\5/gm;
const GIT_PROCESS = /\b(?:spawn|spawnSync|execFile|execFileSync|exec|execSync)\s*\(\s*(['"`])git\1/;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : /\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every problem in the tree under `srcDir`, as "file: message" lines. */
export function checkImports(srcDir) {
  const problems = [];
  const gitRunner = resolve(srcDir, 'git', 'git.ts');
  for (const file of walk(srcDir)) {
    const rel = relative(srcDir, file);
    const shown = relative(process.cwd(), file).split(sep).join('/');
    const unit = unitOf(rel);
    const text = readFileSync(file, 'utf8');
    const inGit = unit === 'git';
    if (!UNITS.has(unit)) {
      problems.push(`${shown}: folder ${unit}/ is not in the layer order (scripts/check-imports.mjs LAYERS): add it where it belongs`);
      continue;
    }
    if (!inGit && GIT_PROCESS.test(text)) problems.push(`${shown}: runs git directly; use a GitRepo verb (src/git/repo.ts)`);
    for (const match of text.matchAll(IMPORT)) {
      const spec = match[2] ?? match[4] ?? match[6];
      const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
      if (!target.startsWith(resolve(srcDir) + sep)) continue;
      if (target === gitRunner && !inGit) {
        problems.push(`${shown}: imports src/git/git.ts; git's arguments stay in src/git/: use a GitRepo verb`);
        continue;
      }
      const other = unitOf(relative(srcDir, target));
      if (other === unit) continue;
      if (!UNITS.has(other)) continue; // reported on the target's own files
      const from = UNITS.get(unit);
      const to = UNITS.get(other);
      if (to > from) problems.push(`${shown}: upward import of ${other}/ (${spec}): ${unit}/ sits below ${other}/ in the layer order`);
      else if (to === from) problems.push(`${shown}: imports ${other}/ (${spec}), which shares its layer: folders of one layer never import each other`);
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const srcDir = resolve(process.argv[2] ?? 'src');
  const problems = checkImports(srcDir);
  for (const line of problems) console.error(line);
  if (problems.length > 0) {
    console.error(`check-imports: ${problems.length} problem(s); the allowed order is LAYERS in scripts/check-imports.mjs`);
    process.exitCode = 1;
  } else {
    console.log(`check-imports: ${walk(srcDir).length} modules follow the layer order; git arguments only in src/git/`);
  }
}
