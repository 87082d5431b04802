/**
 * `runs` on a terminal: one aligned row per entry, newest first within a status, with the
 * untrusted strings (ids, models, datasets, tags) made inert and bounded like the report's.
 */
import { clean as cleanText, width } from '../report/terminal.js';
import { formatNumber, MISSING } from '../report/format.js';
import type { RunsEntryJson, RunsJson } from './runs.js';

const STATUS_ORDER = { baseline: 0, reference: 1, experimental: 2, archived: 3 } as const;

const clean = (text: string | null, max: number): string => (text === null ? MISSING : cleanText(text, max));

/** Baselines, references, experimental runs, archived; newest first within each; then by id. */
export function sortForDisplay(entries: readonly RunsEntryJson[]): RunsEntryJson[] {
  return [...entries].sort((a, b) => {
    const rank = STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
    if (rank !== 0) return rank;
    const ta = a.created ?? '';
    const tb = b.created ?? '';
    if (ta !== tb) return ta < tb ? 1 : -1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

export function renderRunsTerminal(runs: RunsJson): string {
  const header = ['status', 'id', 'model', 'dataset', 'prompt', 'created', 'items', 'tokens', 'cost', 'experiment', 'tags'];
  const rows = sortForDisplay(runs.entries).map((e) => [
    e.status === 'reference' && e.quality ? `ref/${e.quality}` : e.status,
    clean(e.id, 48),
    clean(e.model, 28),
    clean(e.dataset, 28),
    [e.prompt_version ? clean(e.prompt_version, 16) : '', e.prompt_hash ? e.prompt_hash.slice(0, 8) : ''].filter(Boolean).join(' ') || MISSING,
    e.created ? e.created.slice(0, 16).replace('T', ' ') : MISSING,
    e.items === null ? MISSING : String(e.items),
    formatNumber(e.tokens),
    e.cost === null ? MISSING : `$${formatNumber(e.cost, 3)}`,
    e.experiment ? `${clean(e.experiment, 24)}${e.arm ? `/${clean(e.arm, 12)}` : ''}` : MISSING,
    Object.entries(e.tags).map(([k, v]) => `${clean(k, 20)}=${clean(v, 20)}`).join(',').slice(0, 60) || MISSING,
  ]);
  const widths = header.map((h, i) => rows.reduce((w, r) => Math.max(w, width(r[i] ?? '')), width(h)));
  const numeric = new Set([6, 7, 8]);
  const line = (row: string[]): string => `  ${row.map((c, i) => (numeric.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd();
  const c = runs.counts;
  const filters = [runs.filters.status ? `status ${runs.filters.status}` : '', runs.filters.experiment ? `experiment ${clean(runs.filters.experiment, 60)}` : ''].filter(Boolean).join(', ');
  const out = [
    `promotion-gate runs: ${runs.entries.length} entr${runs.entries.length === 1 ? 'y' : 'ies'} in ${clean(runs.store, 200)}${filters ? ` (${filters})` : ''}: ${c.baseline} baseline, ${c.reference} reference, ${c.experimental} experimental, ${c.archived} archived`,
  ];
  if (rows.length > 0) out.push(line(header), ...rows.map(line));
  const noted = runs.entries.filter((e) => e.notes.length > 0);
  for (const e of noted) out.push(`  note: ${clean(e.path, 200)}: ${clean(e.notes[0] ?? '', 300)}${e.notes.length > 1 ? ` (+${e.notes.length - 1} more)` : ''}`);
  return `${out.join('\n')}\n`;
}
