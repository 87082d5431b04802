/**
 * The words metric names are made of (`avg_latency_ms` -> avg, latency, ms), and the few
 * word lists that say what a name means. Shared by the metrics reader (which non-numeric
 * leaves are gate signals) and the built-in rules (which way is better).
 */

/** Whole words of one name segment: split at `_`, `-`, digits boundaries and camelCase. */
export function segmentWords(segment: string): string[] {
  return segment
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Words plus adjacent pairs (`exact_match`) and the whole segment joined (`rougel`). */
export function nameTokens(segment: string): string[] {
  const words = segmentWords(segment);
  const bigrams = words.slice(1).map((word, i) => `${words[i]}_${word}`);
  const joined = segment.toLowerCase().replace(/[^a-z0-9]/g, '');
  return [...words, ...bigrams, joined];
}

/** A failure count or list: `failed_episodes`, `episode_gate_failures`, `errors`. */
export const FAILURE_WORDS: ReadonlySet<string> = new Set(['failed', 'failure', 'failures', 'fail', 'fails', 'error', 'errors', 'violation', 'violations']);
/** A flag that must be true: `passed`, `ok`. */
export const PASS_WORDS: ReadonlySet<string> = new Set(['passed', 'pass', 'passes', 'ok', 'success', 'succeeded', 'valid']);

/** The first word of `segment` found in `words`, or undefined. */
export function findWord(segment: string, words: ReadonlySet<string>): string | undefined {
  return nameTokens(segment).find((token) => words.has(token));
}

/** The segment names that carry meaning for the built-in rules (DESIGN.md section 3). */
export const GATES_SEGMENT = 'gates';
export const WARNINGS_SEGMENT = 'warnings';
export const REFERENCE_PREFIX = 'vs_reference';

/** True when one of the path's segments (not the leaf) is `segment`, case-insensitively. */
export function underSegment(path: string, segment: string): boolean {
  return path.split('.').slice(0, -1).some((s) => s.toLowerCase() === segment);
}
