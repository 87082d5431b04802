/**
 * What the gate tells a watcher while it works, so a long gate is never silent: which phase
 * it is in, and how many prediction items each side has read. The engine only reports; the
 * CLI decides whether and how to show it (src/cli/progress.ts).
 */
/** `predictions`: both sides read at once (the candidate's in a worker thread), counted per side. */
export type GatePhase = 'load' | 'baseline predictions' | 'candidate predictions' | 'predictions' | 'statistics' | 'compliance' | 'references';
export type GateSide = 'baseline' | 'candidate';

export interface GateProgress {
  phase(phase: GatePhase): void;
  /** The running count of items read on one side: every few thousand items, and at the end (`final`). */
  items(side: GateSide, count: number, final?: boolean): void;
}

/** How often the engine reports item counts; a power of two so the check is one AND. */
export const ITEMS_EVERY = 4096;
