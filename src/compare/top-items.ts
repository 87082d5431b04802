/**
 * The largest per-item gains and regressions of a score, kept while items are joined (so a
 * short excerpt of each side's output can be kept with them, while both outputs are still
 * at hand) or chosen afterwards from the score columns. Either way the list is the same: the
 * `limit` largest changes in the score's direction, ties broken by the item's canonical
 * position (its line in A, then in B), so the result never depends on reading order.
 */

export interface TopEntry {
  /** Dense index of the item in the pairing. */
  index: number;
  /** Canonical position (tie-break): smaller first. */
  position: number;
  a: number;
  b: number;
  delta: number;
  excerptA?: string;
  excerptB?: string;
}

/** A bounded list sorted by `gain` (largest first), then position. */
export class TopList {
  readonly entries: TopEntry[] = [];

  /** `sign`: +1 when a larger delta is a larger gain (gains of a higher-is-better score), else -1. */
  constructor(
    readonly limit: number,
    private readonly sign: number,
  ) {}

  private gain(delta: number): number {
    return this.sign * delta;
  }

  /** Whether an item with this delta and position would enter the list (strict gains only). */
  accepts(delta: number, position: number): boolean {
    const g = this.gain(delta);
    if (!(g > 0) || this.limit <= 0) return false;
    if (this.entries.length < this.limit) return true;
    const last = this.entries[this.entries.length - 1] as TopEntry;
    const lastGain = this.gain(last.delta);
    return g > lastGain || (g === lastGain && position < last.position);
  }

  /** Inserts an entry `accepts` said yes to. */
  insert(entry: TopEntry): void {
    const g = this.gain(entry.delta);
    let at = this.entries.length;
    while (at > 0) {
      const before = this.entries[at - 1] as TopEntry;
      const bg = this.gain(before.delta);
      if (bg > g || (bg === g && before.position < entry.position)) break;
      at--;
    }
    this.entries.splice(at, 0, entry);
    if (this.entries.length > this.limit) this.entries.pop();
  }

  offer(entry: TopEntry): void {
    if (this.accepts(entry.delta, entry.position)) this.insert(entry);
  }
}
