/**
 * Which store entries `compare` was asked about. A name is an id or a qualified path
 * (`baselines/<id>`, `runs/_archived/<id>`, `references/silver/<id>`, ...); entries and
 * their statuses come from the lifecycle code (src/lifecycle/status.ts), the one place that
 * knows where each kind of entry lives. An unknown name and an id found in several places
 * are usage errors that say what to type instead.
 */
import { closestNames } from '../contract/did-you-mean.js';
import { UsageError } from '../contract/errors.js';
import type { StoreLocation } from '../store/location.js';
import { readStoreEntries, type ListedEntry } from '../lifecycle/read-entries.js';
import { findEntries } from '../store/status.js';
import { quoteForMessage } from '../parse/json.js';

export interface ResolvedEntry {
  /** What the user typed. */
  name: string;
  entry: ListedEntry;
}

/**
 * The entries nearest to a name that matched nothing (the CLI's one did-you-mean): by id for a
 * bare id, by path for a qualified one; shown by path so each can be typed as it is.
 */
function nearNames(entries: ListedEntry[], name: string): string[] {
  const qualified = name.includes('/');
  const near = closestNames(qualified ? name.replace(/\/+$/, '') : name, entries.map((e) => (qualified ? e.path : e.id)));
  return [...new Set(near.flatMap((n) => entries.filter((e) => (qualified ? e.path : e.id) === n).map((e) => e.path)))].slice(0, 3);
}

export function resolveEntry(entries: ListedEntry[], name: string, input: string, store: StoreLocation): ResolvedEntry {
  const found = findEntries(entries, name, input);
  if (found.length === 1) return { name, entry: found[0] as ListedEntry };
  if (found.length === 0) {
    const near = nearNames(entries, name);
    const hint = near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : '';
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
