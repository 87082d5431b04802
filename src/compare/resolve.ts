/**
 * Which store entries `compare` was asked about. A name is an id or a qualified path
 * (`baselines/<id>`, `runs/_archived/<id>`, `references/silver/<id>`, ...); entries and
 * their statuses come from the lifecycle code (src/lifecycle/status.ts), the one place that
 * knows where each kind of entry lives. An unknown name and an id found in several places
 * are usage errors that say what to type instead.
 */
import { UsageError } from '../errors.js';
import type { StoreLocation } from '../gate/load-side.js';
import { readStoreEntries, type ListedEntry } from '../lifecycle/read-entries.js';
import { findEntries } from '../lifecycle/status.js';
import { quoteForMessage } from '../json/strict.js';

export interface ResolvedEntry {
  /** What the user typed. */
  name: string;
  entry: ListedEntry;
}

/** Up to three ids that contain the name or share its first characters, as a hint. */
function nearNames(entries: ListedEntry[], name: string): string[] {
  const lower = name.toLowerCase();
  const stem = lower.slice(0, Math.max(3, Math.floor(lower.length * 0.6)));
  // Closest first: ids starting with the name, then containing it, then sharing its stem.
  const rank = (id: string): number => (id.startsWith(lower) ? 0 : id.includes(lower) || lower.includes(id) ? 1 : id.startsWith(stem) ? 2 : 3);
  const near = entries
    .map((e) => ({ e, r: rank(e.id.toLowerCase()) }))
    .filter((x) => x.r < 3)
    .sort((x, y) => x.r - y.r || Math.abs(x.e.id.length - name.length) - Math.abs(y.e.id.length - name.length) || (x.e.path < y.e.path ? -1 : 1));
  return [...new Set(near.map((x) => x.e.path))].slice(0, 3);
}

export function resolveEntry(entries: ListedEntry[], name: string, input: string, store: StoreLocation): ResolvedEntry {
  const found = findEntries(entries, name, input);
  if (found.length === 1) return { name, entry: found[0] as ListedEntry };
  if (found.length === 0) {
    const near = nearNames(entries, name);
    const hint = near.length > 0 ? `; similar: ${near.join(', ')}` : '';
    throw new UsageError(
      `${input} ${quoteForMessage(name)}: no such entry in ${store.display} (looked in runs/, runs/_archived/, baselines/, baselines/_archived/, references/silver/, references/gold/<task>/)${hint}`,
    );
  }
  const places = found.map((e) => `${e.path} (${e.status})`).join(', ');
  throw new UsageError(`${input} ${quoteForMessage(name)} is ambiguous: it is in ${found.length} places: ${places}; name one by its path, e.g. ${found[0]?.path}`);
}

export async function resolvePair(store: StoreLocation, a: string, b: string): Promise<{ a: ResolvedEntry; b: ResolvedEntry; entries: ListedEntry[] }> {
  const entries = await readStoreEntries(store);
  return { a: resolveEntry(entries, a, 'A', store), b: resolveEntry(entries, b, 'B', store), entries };
}
