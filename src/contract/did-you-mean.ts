/**
 * "Did you mean …?" for anything a person types that must match a known name: commands,
 * flags, run and baseline ids, policy keys. Suggestions are the nearest known names by
 * Levenshtein distance (case-insensitive): within 1 edit for up to 4 typed characters, 2 up
 * to 8, 3 beyond; plus names the typed text is a prefix of. At most three, nearest first.
 * The one implementation: the CLI, the policy loader and the unmatched-rule check all use it.
 */
import { distance } from 'fastest-levenshtein';

const MAX_SUGGESTIONS = 3;

export interface ClosestOptions {
  /** At most this many names (default three). */
  max?: number;
  /**
   * The nearest names whatever their distance: for a policy rule whose pattern matches no
   * metric (policy/unmatched.ts), where a glob can be far from every name yet the nearest
   * names are still the best hint.
   */
  anyDistance?: boolean;
}

/** The known names closest to `input`, nearest first (ties by name), at most three. */
export function closestNames(input: string, candidates: Iterable<string>, options: ClosestOptions = {}): string[] {
  const typed = input.toLowerCase();
  const limit = options.anyDistance ? Infinity : typed.length <= 4 ? 1 : typed.length <= 8 ? 2 : 3;
  const scored: { name: string; score: number }[] = [];
  for (const name of new Set(candidates)) {
    const known = name.toLowerCase();
    if (name === input) continue;
    const d = distance(typed, known);
    if (d <= limit) scored.push({ name, score: d });
    else if (typed.length >= 3 && known.startsWith(typed)) scored.push({ name, score: limit + 1 });
  }
  scored.sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return scored.slice(0, options.max ?? MAX_SUGGESTIONS).map((s) => s.name);
}

/** ` (did you mean "a" or "b"?)`, or '' when nothing is close; `quote` formats each name. */
export function didYouMean(input: string, candidates: Iterable<string>, quote: (name: string) => string = (n) => `"${n}"`): string {
  const names = closestNames(input, candidates).map(quote);
  if (names.length === 0) return '';
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names.at(-1) ?? ''}`;
  return ` (did you mean ${list}?)`;
}
