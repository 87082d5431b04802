/**
 * Step outputs end up in other steps' shells and expressions, where a workflow may paste
 * them (`${{ steps.gate.outputs.failed-checks }}` inside `run:`). Check ids embed metric
 * names, which come from the pull request, so they are reduced to a charset no shell,
 * expression or YAML reads as syntax before they become outputs.
 */

/** Characters kept in an id output; anything else becomes `_`. */
const UNSAFE = /[^A-Za-z0-9._:/@+-]/g;
/** Longest id kept whole; longer ones are cut (an output is a summary, the report has all). */
const MAX_ID = 200;

/** One id, reduced to `[A-Za-z0-9._:/@+-]` and at most 200 characters. */
export function outputSafeId(id: string): string {
  const safe = id.normalize('NFKC').replace(UNSAFE, '_');
  return safe.length <= MAX_ID ? safe : safe.slice(0, MAX_ID);
}

/** A comma-separated list of ids, each made output-safe (a comma inside an id becomes `_`). */
export function outputSafeList(ids: readonly string[]): string {
  return [...new Set(ids.map(outputSafeId))].join(',');
}
