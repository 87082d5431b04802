/**
 * The per-item flips section of the Markdown report (issue 6): for each per-item score a
 * significance-aware rule used, how many items got worse and better, with the worst few listed.
 * Folded in a `<details>` block; every unit is droppable detail, so a tight budget removes it
 * before anything that decides the verdict. The JSON report (`flips`) has every count and up to
 * FLIP_ID_CAP ids per list.
 *
 * Ids, score and metric names come from the run: they are only ever written through the
 * escaping helpers (code spans), never as raw Markdown or HTML.
 */
import type { FlipsEntry } from '../../contract/report-sections.js';
import type { Group, MarkdownSection, Part, Unit } from '../markdown.js';
import type { Report } from '../../contract/report.js';
import { inlineCode } from '../escape.js';
import { formatDelta, formatNumber } from '../format.js';

/** Binary scores: how many ids of each list are shown in the comment. */
export const SHOWN_IDS = 10;
/** Continuous scores: how many of the largest worsenings are shown in the comment. */
export const SHOWN_WORSENINGS = 5;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

/** The report's `flips` section, entries of an unexpected shape left out (the report may come from a file). */
export function readFlips(report: Report): [string, FlipsEntry][] {
  const flips = report.flips;
  if (!isRecord(flips)) return [];
  return Object.entries(flips).filter((entry): entry is [string, FlipsEntry] => {
    const value = entry[1];
    if (!isRecord(value) || !isCount(value.items) || !isCount(value.worse) || !isCount(value.better)) return false;
    if (value.direction !== 'higher' && value.direction !== 'lower') return false;
    if (!isStringArray(value.metrics)) return false;
    if (value.kind === 'binary') return isStringArray(value.worse_ids) && isStringArray(value.better_ids);
    if (value.kind !== 'continuous' || !Array.isArray(value.largest_worsening)) return false;
    return value.largest_worsening.every((c) => isRecord(c) && typeof c.id === 'string'
      && typeof c.baseline === 'number' && typeof c.candidate === 'number' && typeof c.delta === 'number');
  });
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

function idList(ids: string[], total: number): string {
  const shown = ids.slice(0, SHOWN_IDS).map((id) => inlineCode(id, { max: 80 }));
  const more = total - shown.length;
  if (more <= 0) return shown.join(', ');
  // The JSON report caps each list (FLIP_ID_CAP); the counts are always complete.
  const where = ids.length < total ? `; the report artifact lists ${ids.length.toLocaleString('en-US')}` : ' in the report artifact';
  return `${shown.join(', ')}, … (${more.toLocaleString('en-US')} more${where})`;
}

function scoreUnits(name: string, entry: FlipsEntry): Unit[] {
  const metrics = entry.metrics.map((m) => inlineCode(m, { max: 80 })).join(', ');
  const about = `${entry.kind}, ${plural(entry.items, 'paired item')}; ${entry.metrics.length === 1 ? 'metric' : 'metrics'} ${metrics}`;
  const units: Unit[] = [];
  if (entry.kind === 'binary') {
    const change = entry.direction === 'higher' ? 'passed in the baseline and fail in the candidate' : 'went from 0 in the baseline to 1 in the candidate (lower is better)';
    units.push({
      text: `- Score ${inlineCode(name, { max: 80 })} (${about}): ${plural(entry.worse, 'item')} ${change}; ${entry.better.toLocaleString('en-US')} the reverse.\n`,
      tier: 'detail',
    });
    if (entry.worse > 0) units.push({ text: `  - Now worse: ${idList(entry.worse_ids, entry.worse)}\n`, tier: 'detail' });
    if (entry.better > 0) units.push({ text: `  - Now better: ${idList(entry.better_ids, entry.better)}\n`, tier: 'detail' });
    return units;
  }
  units.push({
    text: `- Score ${inlineCode(name, { max: 80 })} (${about}): ${plural(entry.worse, 'item')} worse, ${entry.better.toLocaleString('en-US')} better.\n`,
    tier: 'detail',
  });
  const shown = entry.largest_worsening.slice(0, SHOWN_WORSENINGS);
  if (shown.length > 0) {
    // A table cannot sit inside a list item: the largest worsenings follow as a nested list.
    units.push({ text: `  - Largest worsenings (item: baseline → candidate, Δ):\n`, tier: 'detail' });
    for (const change of shown) {
      units.push({
        text: `    - ${inlineCode(change.id, { max: 80 })}: ${formatNumber(change.baseline)} → ${formatNumber(change.candidate)}, ${formatDelta(change.delta)}\n`,
        tier: 'detail',
      });
    }
  }
  return units;
}

export const flipsSection: MarkdownSection = {
  name: 'flips',
  render(report): Part[] {
    const entries = readFlips(report);
    if (entries.length === 0) return [];
    const worse = entries.reduce((n, [, e]) => n + e.worse, 0);
    const better = entries.reduce((n, [, e]) => n + e.better, 0);
    const summary = `Per-item flips (${plural(entries.length, 'score')}): ${worse.toLocaleString('en-US')} worse, ${better.toLocaleString('en-US')} better`;
    const group: Group = {
      head: `\n<details><summary>${summary}</summary>\n\n`,
      units: entries.flatMap(([name, entry]) => scoreUnits(name, entry)),
      tail: '\n</details>\n',
    };
    return [group];
  },
};
