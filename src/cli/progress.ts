/**
 * Gate progress on stderr, never on stdout (so `--json -` output stays pure JSON):
 * - on a terminal, one line rewritten in place: the phase, and the items read per side with
 *   their rate (both sides when they are read at once); cleared when the gate ends;
 * - otherwise (CI logs, pipes), one line per phase when it ends, with its time and items.
 * Nothing is shown for a gate that finishes within `delayMs` (1 s by default), so quick
 * gates print only their report. PROMOTION_GATE_PROGRESS=always|never|auto overrides.
 */
import type { GatePhase, GateProgress, GateSide } from '../gate/progress.js';
import { TOOL_NAME } from '../contract/version.js';

export type ProgressMode = 'auto' | 'always' | 'never';

export interface ProgressOptions {
  write: (text: string) => void;
  tty: boolean;
  mode: ProgressMode;
  /** Terminal width: the live line is cut to fit it. */
  columns?: number;
  delayMs?: number;
  now?: () => number;
}

export interface CliProgress extends GateProgress {
  /** Ends the display: the live line is cleared, or the last phase's line is written. */
  done(): void;
}

const LABEL: Record<GatePhase, string> = {
  load: 'loading the runs',
  'baseline predictions': 'reading baseline predictions',
  'candidate predictions': 'reading candidate predictions',
  predictions: 'reading predictions',
  statistics: 'comparing metrics',
  compliance: 'checking provenance (hashes, secrets)',
  references: 'reading references',
};
const REDRAW_MS = 100;
const AUTO_DELAY_MS = 1000;

export function progressMode(env: NodeJS.ProcessEnv, noProgressFlag: boolean): ProgressMode {
  if (noProgressFlag) return 'never';
  const value = env.PROMOTION_GATE_PROGRESS?.trim().toLowerCase();
  return value === 'always' || value === 'never' ? value : 'auto';
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US');
const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

interface SideState { count: number; since: number; at: number }

export function createProgress(options: ProgressOptions): CliProgress {
  if (options.mode === 'never') return { phase: () => {}, items: () => {}, done: () => {} };
  const now = options.now ?? (() => performance.now());
  const delay = options.mode === 'always' ? 0 : (options.delayMs ?? AUTO_DELAY_MS);
  const start = now();
  const sides = new Map<GateSide, SideState>();
  let phase: GatePhase | undefined;
  let phaseStart = start;
  let drawn = false;
  let lastDraw = -Infinity;
  let finished = false;

  const visible = (): boolean => now() - start >= delay;
  const rate = (s: SideState): string => {
    const elapsed = (s.at - s.since) / 1000;
    return elapsed > 0 ? `${count(s.count / elapsed)}/s` : '…';
  };

  // While a side's predictions are read: its items and their rate; afterwards, the total read.
  const liveLine = (): string => {
    const parts = [`${TOOL_NAME}: ${phase === undefined ? 'starting' : LABEL[phase]}`];
    const active = sides.get(phase === 'baseline predictions' ? 'baseline' : 'candidate');
    if (phase === 'predictions') {
      for (const side of ['baseline', 'candidate'] as const) {
        const s = sides.get(side);
        if (s !== undefined) parts.push(`${side} ${count(s.count)} items (${rate(s)})`);
      }
    } else if (phase === 'baseline predictions' || phase === 'candidate predictions') {
      if (active !== undefined) parts.push(`${count(active.count)} items (${rate(active)})`);
    } else if (sides.size > 0) {
      parts.push(`${count([...sides.values()].reduce((n, s) => n + s.count, 0))} items read`);
    }
    const line = parts.join(' · ');
    const max = Math.max(20, (options.columns ?? 100) - 1);
    return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
  };

  const draw = (force: boolean): void => {
    if (finished || !visible()) return;
    const t = now();
    if (!force && t - lastDraw < REDRAW_MS) return;
    lastDraw = t;
    drawn = true;
    options.write(`\r\x1b[K${liveLine()}`);
  };

  const endPhaseLine = (): void => {
    if (phase === undefined || !visible()) return;
    const t = now();
    const side = phase === 'baseline predictions' ? 'baseline' : phase === 'candidate predictions' ? 'candidate' : undefined;
    const s = side === undefined ? undefined : sides.get(side);
    const both = phase === 'predictions'
      ? (['baseline', 'candidate'] as const).flatMap((name) => {
          const state = sides.get(name);
          return state === undefined ? [] : [`${name} ${count(state.count)} items, ${rate(state)}`];
        })
      : [];
    const items = both.length > 0 ? `: ${both.join('; ')}` : s === undefined ? '' : `: ${count(s.count)} items, ${rate(s)}`;
    options.write(`${TOOL_NAME}: ${LABEL[phase]} took ${seconds(t - phaseStart)}${items}\n`);
  };

  // On a terminal the first draw must not wait for the next event: a long phase may have none.
  const timer = options.tty && delay > 0 ? setTimeout(() => draw(true), delay) : undefined;
  timer?.unref();

  return {
    phase(next) {
      if (!options.tty) endPhaseLine();
      phase = next;
      phaseStart = now();
      const side = next === 'baseline predictions' ? 'baseline' : next === 'candidate predictions' ? 'candidate' : undefined;
      if (side !== undefined) sides.set(side, { count: 0, since: phaseStart, at: phaseStart });
      if (next === 'predictions') for (const name of ['baseline', 'candidate'] as const) sides.set(name, { count: 0, since: phaseStart, at: phaseStart });
      if (options.tty) draw(true);
    },
    items(side, n, final = false) {
      const t = now();
      const s = sides.get(side) ?? { count: 0, since: t, at: t };
      s.count = n;
      s.at = t;
      sides.set(side, s);
      if (options.tty) draw(final);
    },
    done() {
      if (finished) return;
      if (timer !== undefined) clearTimeout(timer);
      if (options.tty) {
        if (drawn) options.write('\r\x1b[K');
      } else {
        endPhaseLine();
      }
      finished = true;
    },
  };
}
