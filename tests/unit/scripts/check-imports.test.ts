/**
 * The import check (scripts/check-imports.mjs, run by `npm run lint`): the layer order holds in
 * src/, and each kind of violation fails with a line naming the file, on small trees written here.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/cli.js';
import { cleanupTempDirs, tempDir, writeFiles } from '../../support/temp-store.js';

afterAll(cleanupTempDirs);

function check(files?: Record<string, string>): { code: number | null; out: string } {
  const args = ['scripts/check-imports.mjs'];
  if (files) {
    const src = tempDir('pg-imports-');
    writeFiles(src, files);
    args.push(src);
  }
  const result = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: 'utf8' });
  return { code: result.status, out: result.stdout + result.stderr };
}

describe('check-imports', () => {
  it('passes on the repository', () => {
    const { code, out } = check();
    expect(out).toMatch(/modules follow the layer order/);
    expect(code).toBe(0);
  });

  it('passes downward imports, within a folder and into a listed subfolder', () => {
    const { code } = check({
      'contract/check.ts': 'export type Status = "pass";\n',
      'gate/checks/functional.ts': "import type { Status } from '../../contract/check.js';\nexport const s: Status = 'pass';\n",
      'gate/run-gate.ts': "import { s } from './checks/functional.js';\nimport { t } from './verdict.js';\nexport const u = [s, t];\n",
      'gate/verdict.ts': "export const t = 1;\n",
    });
    expect(code).toBe(0);
  });

  it('fails an upward import, naming the file and both folders', () => {
    const { code, out } = check({
      'contract/report.ts': "import { runGate } from '../gate/run-gate.js';\nexport const r = runGate;\n",
      'gate/run-gate.ts': 'export const runGate = 1;\n',
    });
    expect(code).toBe(1);
    expect(out).toMatch(/contract\/report\.ts: upward import of gate\/ .*contract\/ sits below gate\//);
  });

  it('fails a folder cycle: one of its two imports is upward', () => {
    const { code, out } = check({
      'store/read.ts': "import { a } from '../artifacts/load-run.js';\nexport const b = a;\n",
      'artifacts/load-run.ts': "import { b } from '../store/read.js';\nexport const a = b;\n",
    });
    expect(code).toBe(1);
    expect(out).toMatch(/store\/read\.ts: upward import of artifacts\//);
    expect(out).not.toMatch(/artifacts\/load-run\.ts/);
  });

  it('fails an import between two folders of one layer', () => {
    const { code, out } = check({
      'promote/local/apply.ts': "import { g } from '../github/apply.js';\nexport const l = g;\n",
      'promote/github/apply.ts': 'export const g = 1;\n',
    });
    expect(code).toBe(1);
    expect(out).toMatch(/promote\/local\/apply\.ts: imports promote\/github\/ .*shares its layer/);
  });

  it('fails git run outside src/git/, directly or through the runner', () => {
    const { code, out } = check({
      'git/git.ts': "import { execFile } from 'node:child_process';\nexport const git = () => execFile('git', ['status']);\n",
      'action/fetch.ts': "import { git } from '../git/git.js';\nexport const f = git;\n",
      'capture/state.ts': "import { spawn } from 'node:child_process';\nexport const s = () => spawn('git', ['rev-parse', 'HEAD']);\n",
    });
    expect(code).toBe(1);
    expect(out).toMatch(/action\/fetch\.ts: imports src\/git\/git\.ts/);
    expect(out).toMatch(/capture\/state\.ts: runs git directly/);
    expect(out).not.toMatch(/git\/git\.ts: /);
  });

  it('fails a folder that is not in the layer order', () => {
    const { code, out } = check({ 'misc/helpers.ts': 'export const x = 1;\n' });
    expect(code).toBe(1);
    expect(out).toMatch(/misc\/helpers\.ts: folder misc\/ is not in the layer order/);
  });
});
