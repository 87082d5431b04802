/**
 * A copy of the bundle whose worker `name` is replaced by a shim (the real worker moved to
 * ../real-worker/), so a test can see that the worker was used, or make it fail.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BUNDLE_DIR, CLI } from './cli.js';
import { tempDir } from './temp-store.js';

/** A shim that leaves a mark (`used.txt` beside it), then runs the real worker. */
export const LEAVE_MARK = "import { appendFileSync } from 'node:fs';\nappendFileSync(new URL('./used.txt', import.meta.url), 'used\\n');\n";
export const LEAVE_MARK_THEN_RUN_REAL = `${LEAVE_MARK}await import('../real-worker/index.js');\n`;

export interface ShimmedBundle {
  /** The copy's folder, its CLI, and the shim's mark file. */
  dir: string;
  cli: string;
  mark: string;
}

export function bundleWithWorker(name: 'scan-worker' | 'predictions-worker' | 'telemetry-worker', shim: string = LEAVE_MARK_THEN_RUN_REAL): ShimmedBundle {
  const dir = tempDir(`pg-${name}-`);
  cpSync(dirname(CLI), join(dir, 'cli'), { recursive: true });
  cpSync(join(BUNDLE_DIR, name), join(dir, 'real-worker'), { recursive: true });
  mkdirSync(join(dir, name));
  writeFileSync(join(dir, name, 'package.json'), '{"type":"module"}\n');
  writeFileSync(join(dir, name, 'index.js'), shim);
  return { dir, cli: join(dir, 'cli', 'index.js'), mark: join(dir, name, 'used.txt') };
}

/** A report's JSON with its wall times and the throughputs derived from them zeroed, to compare two runs. */
export const reportWithoutTimings = (json: string): string =>
  JSON.stringify(JSON.parse(json), (key, value: unknown) => (key === 'seconds' || key === 'mb_per_s' ? 0 : value));
