import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { YOUNG_GENERATION_FLAG } from '../../../src/parse/young-generation.js';

// setFlagsFromString ignores a flag V8 does not know, silently: these tests fail instead if a
// Node release renames or drops the flag, or stops reading it after start-up.
describe('keepYoungGenerationSmall', () => {
  it('names a flag this V8 knows', () => {
    const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
    expect(options).toContain(`${YOUNG_GENERATION_FLAG.split('=')[0]} `);
  });

  it('takes effect when set after start-up: the young generation stays small', () => {
    // A child makes short-lived garbage with some survivors, the shape of a long JSONL read,
    // and reports the largest new space it saw (MiB). V8 grows it to 16-64 MiB by default.
    const script = (setFlag: boolean) => `
      ${setFlag ? `require('node:v8').setFlagsFromString(${JSON.stringify(YOUNG_GENERATION_FLAG)});` : ''}
      const v8 = require('node:v8');
      const newSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
      let max = newSpace();
      const keep = [];
      for (let i = 0; i < 3e6; i++) {
        const o = { i, s: 'x' + i };
        if (i % 8 === 0) keep.push(o);
        if (keep.length > 50000) keep.length = 0;
        if ((i & 0xffff) === 0) max = Math.max(max, newSpace());
      }
      process.stdout.write(String(max / 2 ** 20));`;
    const largest = (setFlag: boolean) => Number(spawnSync(process.execPath, ['-e', script(setFlag)], { encoding: 'utf8' }).stdout);
    expect(largest(false)).toBeGreaterThanOrEqual(16);
    expect(largest(true)).toBeLessThanOrEqual(4);
  });
});
