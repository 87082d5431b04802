/**
 * Reading the promotion chain from the store (DESIGN.md section 12). A baseline names the
 * baseline before it in one of two places, in this order:
 *
 * 1. its own `config.yaml` `baseline:` (the run's config travels with the promotion, and it
 *    says what the run was gated against: DESIGN.md section 2);
 * 2. the event log: the newest `pin_changed` event whose `to` is the baseline (a promotion
 *    with set-pin moved the pin from the previous baseline to it).
 *
 * Its baseline.json `promoted_from` names the run it came from, shown in the chain. A baseline
 * is looked for under baselines/ and, retired, under baselines/_archived/: an archived root
 * still anchors. Every read goes through the store's safe readers (links out are refused).
 */
import type { StoreLocation } from '../store/location.js';
import { loadSide, type LoadedSide } from '../artifacts/load-run.js';
import { readEventLog } from '../store/event-log.js';
import { archivedPath } from '../store/status.js';
import { isDirectoryInStore } from '../store/read.js';
import { ID_PATTERN } from '../store/ids.js';
import { followChain, type ChainLink, type PromotionChain } from './chain.js';

/** Where a baseline's folder is (active first, then archived), or null. */
export async function baselineDir(store: StoreLocation, id: string): Promise<string | null> {
  if (!ID_PATTERN.test(id)) return null;
  const active = `baselines/${id}`;
  const isDir = (rel: string) => isDirectoryInStore(store.root, rel, store.display).catch(() => false);
  if (await isDir(active)) return active;
  const archived = archivedPath({ id, status: 'baseline', kind: 'baseline', path: active });
  return (await isDir(archived)) ? archived : null;
}

/** Loads baselines (each once) and answers what each says about its predecessor. */
export class ChainReader {
  private readonly sides = new Map<string, Promise<LoadedSide | null>>();
  private pinMoves: Promise<Map<string, { from: string; via: string }>> | undefined;

  constructor(private readonly store: StoreLocation) {}

  /** A baseline's loaded side (metrics, fingerprint, metadata, config), or null when absent. */
  side(id: string): Promise<LoadedSide | null> {
    let side = this.sides.get(id);
    if (!side) {
      side = baselineDir(this.store, id).then((dir) => (dir ? loadSide(this.store, dir, 'baseline') : null));
      this.sides.set(id, side);
    }
    return side;
  }

  /** The newest pin_changed event into each baseline: `to` → `from`. Unreadable event files are the lifecycle's to report. */
  private moves(): Promise<Map<string, { from: string; via: string }>> {
    this.pinMoves ??= readEventLog(this.store).then((log) => {
      const byTarget = new Map<string, { from: string; via: string }>();
      // Oldest first: a later move into the same baseline wins.
      for (const { event, file } of log.events) {
        if (event.type === 'pin_changed' && event.to !== null && event.from !== null && event.from !== event.to) {
          byTarget.set(event.to, { from: event.from, via: `${file} (pin_changed)` });
        }
      }
      return byTarget;
    }, () => new Map());
    return this.pinMoves;
  }

  async link(id: string): Promise<ChainLink | null> {
    const side = await this.side(id);
    if (!side) return null;
    const link: ChainLink = { id, dir: side.relDir };
    const from = side.metadata?.promoted_from;
    if (typeof from === 'string') link.promotedFrom = from;
    const configured = side.config?.baseline;
    if (typeof configured === 'string' && configured !== id) {
      link.predecessor = { id: configured, via: `${this.store.display}/${side.relDir}/config.yaml baseline:` };
    } else {
      const moved = (await this.moves()).get(id);
      if (moved) link.predecessor = { id: moved.from, via: moved.via };
    }
    return link;
  }

  chain(start: string): Promise<PromotionChain | null> {
    return followChain(start, (id) => this.link(id));
  }
}
