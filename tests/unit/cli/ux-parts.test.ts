/**
 * The pieces behind the CLI's manners, with a fake clock where time matters: suggestions,
 * help wrapping, the colour decision and the progress display.
 */
import { describe, expect, it } from 'vitest';
import { closestNames, didYouMean } from '../../../src/contract/did-you-mean.js';
import { helpWidth, wrapHelp } from '../../../src/cli/help-text.js';
import { colorEnabled } from '../../../src/cli/color.js';
import { createProgress } from '../../../src/cli/progress.js';

describe('closestNames', () => {
  it.each([
    ['gat', ['gate', 'promote', 'verify'], ['gate']],
    ['GATE', ['gate'], ['gate']],
    ['tolerence', ['tolerance', 'tolerance_pct', 'direction'], ['tolerance']],
    ['run_candidate', ['run_candidate_better', 'run_candidate_regressed', 'other'], ['run_candidate_better', 'run_candidate_regressed']],
    ['xyz', ['gate', 'promote'], []],
    ['gate', ['gate'], []],
  ])('%s among %j', (input, candidates, expected) => {
    expect(closestNames(input, candidates)).toEqual(expected);
  });

  it('keeps at most three, nearest first', () => {
    expect(closestNames('abcd', ['abce', 'abcf', 'abcg', 'abch', 'abc'])).toEqual(['abc', 'abce', 'abcf']);
  });

  it('names the nearest whatever the distance when asked (a policy rule matching no metric)', () => {
    // 4, 5, 6 and 10 edits from the typed text: all beyond the usual limit of 3 for ten characters.
    const known = ['zzzzzzzzzz', 'abcduvwxyz', 'abcdefwxyz', 'abcdevwxyz'];
    expect(closestNames('abcdefghij', known)).toEqual([]);
    expect(closestNames('abcdefghij', known, { anyDistance: true })).toEqual(['abcdefwxyz', 'abcdevwxyz', 'abcduvwxyz']);
    expect(closestNames('intrinsic.gates.truncation_rat', ['intrinsic.gates.truncation_rate', 'intrinsic.gates.leak_rate'], { anyDistance: true, max: 1 }))
      .toEqual(['intrinsic.gates.truncation_rate']);
  });

  it('phrases one or several names', () => {
    expect(didYouMean('gat', ['gate'])).toBe(' (did you mean "gate"?)');
    expect(didYouMean('ab', ['ac', 'ad'], (n) => n)).toBe(' (did you mean ac or ad?)');
    expect(didYouMean('zzz', ['gate'])).toBe('');
  });
});

describe('help wrapping', () => {
  it('uses the terminal width on a TTY and 100 otherwise', () => {
    expect(helpWidth(false, 200)).toBe(100);
    expect(helpWidth(true, 72)).toBe(72);
    expect(helpWidth(true, undefined)).toBe(100);
    expect(helpWidth(true, 10)).toBe(40);
  });

  it('continues a flag description under the description', () => {
    const text = '  --json FILE        write the JSON report (promotion-gate/report@1) to this file';
    expect(wrapHelp(text, 50).split('\n')).toEqual([
      '  --json FILE        write the JSON report',
      '                     (promotion-gate/report@1) to',
      '                     this file',
    ]);
  });

  it('breaks a usage line between [...] groups only', () => {
    const text = 'Usage: tool gate --run ID [--baseline ID] [--fail-on error|warning] [--json FILE]';
    expect(wrapHelp(text, 50).split('\n')).toEqual([
      'Usage: tool gate --run ID [--baseline ID]',
      '                 [--fail-on error|warning]',
      '                 [--json FILE]',
    ]);
  });

  it('leaves short lines and blank lines alone', () => {
    expect(wrapHelp('a\n\n  b  c\n', 40)).toBe('a\n\n  b  c\n');
  });
});

describe('colorEnabled', () => {
  it.each([
    [{}, true, false, true],
    [{}, false, false, false],
    [{}, true, true, false],
    [{ NO_COLOR: '1' }, true, false, false],
    [{ NO_COLOR: '' }, true, false, true],
    [{ FORCE_COLOR: '1' }, false, false, true],
    [{ FORCE_COLOR: '' }, false, false, true],
    [{ FORCE_COLOR: '3', NO_COLOR: '1' }, false, false, true],
    [{ FORCE_COLOR: '0' }, true, false, false],
    [{ FORCE_COLOR: 'false' }, true, false, false],
    [{ FORCE_COLOR: '1' }, true, true, false],
    [{ TERM: 'dumb' }, true, false, false],
  ])('%j, tty %s, --no-color %s: %s', (env, tty, flag, expected) => {
    expect(colorEnabled(env, tty, flag)).toBe(expected);
  });
});

describe('progress', () => {
  function fake(tty: boolean, mode: 'auto' | 'always' = 'auto') {
    let t = 0;
    const out: string[] = [];
    const progress = createProgress({ write: (s) => out.push(s), tty, mode, now: () => t, delayMs: 1000 });
    return { progress, out, advance: (ms: number) => (t += ms) };
  }

  it('says nothing for a gate that ends within the delay', () => {
    for (const tty of [true, false]) {
      const { progress, out, advance } = fake(tty);
      progress.phase('load');
      advance(200);
      progress.phase('baseline predictions');
      progress.items('baseline', 4096);
      advance(300);
      progress.items('baseline', 5000, true);
      progress.done();
      expect(out).toEqual([]);
    }
  });

  it('without a terminal, writes one line per phase that ends after the delay', () => {
    const { progress, out, advance } = fake(false);
    progress.phase('load');
    advance(500);
    progress.phase('baseline predictions');
    advance(1500);
    progress.items('baseline', 300_000, true);
    progress.phase('statistics');
    advance(250);
    progress.done();
    expect(out).toEqual([
      'promotion-gate: reading baseline predictions took 1.50 s: 300,000 items, 200,000/s\n',
      'promotion-gate: comparing metrics took 0.25 s\n',
    ]);
  });

  it('counts both sides, each with its own rate, when they are read at once', () => {
    const { progress, out, advance } = fake(false);
    progress.phase('predictions');
    advance(2000);
    progress.items('baseline', 400_000, true);
    advance(500);
    progress.items('candidate', 250_000, true);
    progress.phase('statistics');
    progress.done();
    expect(out[0]).toBe('promotion-gate: reading predictions took 2.50 s: baseline 400,000 items, 200,000/s; candidate 250,000 items, 100,000/s\n');
    const live = fake(true, 'always');
    live.progress.phase('predictions');
    live.advance(1000);
    live.progress.items('candidate', 5000, true);
    expect(live.out.at(-1)).toBe('\r\x1b[Kpromotion-gate: reading predictions · baseline 0 items (…) · candidate 5,000 items (5,000/s)');
  });

  it('on a terminal, redraws one line at most every 100 ms and clears it at the end', () => {
    const { progress, out, advance } = fake(true, 'always');
    progress.phase('candidate predictions');
    advance(50);
    progress.items('candidate', 4096);
    advance(100);
    progress.items('candidate', 8192);
    progress.items('candidate', 9000, true);
    progress.done();
    expect(out).toEqual([
      '\r\x1b[Kpromotion-gate: reading candidate predictions · 0 items (…)',
      '\r\x1b[Kpromotion-gate: reading candidate predictions · 8,192 items (54,613/s)',
      '\r\x1b[Kpromotion-gate: reading candidate predictions · 9,000 items (60,000/s)',
      '\r\x1b[K',
    ]);
  });
});
