/**
 * Where a store is: its absolute root (the security boundary every read stays inside) and how
 * it is named in messages. Every command resolves one at its edge; everything below takes it.
 */
import type { StoreRoot } from './safe-path.js';

export interface StoreLocation {
  /** Absolute path of the store root (the security boundary for symlinks). */
  root: string;
  /** How the store root is shown to users, e.g. `data/eval`. */
  display: string;
}

/** The same place in the shape the safe-path readers take. */
export function storeRootOf(location: StoreLocation): StoreRoot {
  return { path: location.root, display: location.display };
}
