/**
 * Excerpts for the listed items when they could not be kept while joining (the two files
 * list items in different orders and their outputs did not fit in memory): one more read of
 * each file, keeping only the outputs of the few listed ids.
 */
import { interpretRecord } from '../artifacts/predictions.js';
import type { StoreLocation } from '../store/location.js';
import { DEFAULT_LIMITS } from '../parse/jsonl.js';
import { truncate } from '../report/escape.js';
import { forEachJsonlInStore } from '../store/read.js';
import { storeRootOf } from '../store/location.js';
import { normalizeWhitespace, outputText } from './divergence.js';
import { EXCERPT_CHARS, type JoinResult } from './join.js';
import type { ScoreAnalysis } from './score-analysis.js';

export async function fillExcerpts(store: StoreLocation, join: JoinResult, analyses: ScoreAnalysis[], paths: { a: string; b: string }, outputField?: string): Promise<void> {
  if (join.tops !== null) return;
  const listed = analyses.flatMap((x) => [...x.gains.items, ...x.regressions.items]);
  if (listed.length === 0) return;
  const wanted = new Set(listed.map((item) => item.id));
  const root = storeRootOf(store);
  for (const side of ['a', 'b'] as const) {
    const scan = join[side];
    const field = outputField ?? scan.outputField;
    if (!field || !scan.idField) continue;
    const found = new Map<string, string>();
    await forEachJsonlInStore(root, paths[side], DEFAULT_LIMITS, (record, line) => {
      const { id } = interpretRecord(record, scan.idField as string, scan.display, line);
      if (!wanted.has(id) || found.has(id)) return;
      const raw = outputText(record[field]);
      if (raw !== undefined) found.set(id, truncate(normalizeWhitespace(raw), EXCERPT_CHARS));
    });
    for (const item of listed) {
      const excerpt = found.get(item.id);
      if (excerpt === undefined) continue;
      if (side === 'a') item.excerpt_a = excerpt;
      else item.excerpt_b = excerpt;
    }
  }
}
