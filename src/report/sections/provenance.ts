/**
 * The provenance section of the Markdown report (issue 5): where candidate and baseline
 * came from (commit, linked; dirty state; dataset fingerprint; prompt version and hash)
 * and, folded, the unified diffs of prompts and config when they differ. Everything is
 * droppable detail: a tight budget removes it before anything that decides the verdict.
 *
 * The section reads `report.provenance`, which may come from a file: every field is
 * checked before use, hashes and commits are shown only when they are hexadecimal, and
 * all other text goes through the escaping helpers or a fence it cannot close.
 */
import type { Group, MarkdownSection, Part, Unit } from '../markdown.js';
import type { Report } from '../../contract/report.js';
import type { SideProvenance } from '../../contract/report-sections.js';
import { escapeControls, escapeText, inlineCode, safeHref } from '../escape.js';

/** What the renderer shows of a side: the shape provenance writes, read back defensively. */
type Side = Omit<SideProvenance, 'timestamp'>;

interface Diff {
  text: string;
  truncated: boolean;
  omitted_lines: number;
  note?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const hex = (v: unknown): string | undefined => (typeof v === 'string' && /^[0-9a-f]{7,64}$/.test(v) ? v : undefined);

function readSide(value: unknown): Side | undefined {
  if (!isRecord(value)) return undefined;
  const dataset = isRecord(value.dataset) ? value.dataset : {};
  return {
    commit: hex(value.commit) ?? null,
    commit_url: str(value.commit_url),
    branch: str(value.branch) ?? null,
    dirty: typeof value.dirty === 'boolean' ? value.dirty : null,
    dirty_paths: Array.isArray(value.dirty_paths) ? value.dirty_paths.filter((p): p is string => typeof p === 'string') : [],
    dirty_count: typeof value.dirty_count === 'number' && Number.isInteger(value.dirty_count) ? value.dirty_count : null,
    dataset: { id: str(dataset.id), fingerprint: hex(dataset.fingerprint) },
    prompt_version: str(value.prompt_version) ?? null,
    prompt_hash: hex(value.prompt_hash),
    config_hash: hex(value.config_hash),
  };
}

function readDiff(value: unknown): Diff | undefined {
  if (!isRecord(value) || typeof value.text !== 'string') return undefined;
  return { text: value.text, truncated: value.truncated === true, omitted_lines: typeof value.omitted_lines === 'number' ? value.omitted_lines : 0, note: str(value.note) };
}

const short = (hash: string | undefined): string => (hash ? inlineCode(`${hash.slice(0, 12)}…`) : '—');

function commitCell(side: Side): string {
  if (!side.commit) return 'none recorded';
  const label = inlineCode(side.commit.slice(0, 7));
  const href = safeHref(side.commit_url);
  const branch = side.branch ? ` on ${inlineCode(side.branch, { table: true, max: 80 })}` : '';
  return `${href ? `[${label}](${href})` : label}${branch}`;
}

function treeCell(side: Side): string {
  if (side.dirty === null) return 'unknown';
  if (!side.dirty) return 'clean';
  if (side.dirty_count === null && side.dirty_paths.length === 0) return '⚠️ dirty (paths not recorded)';
  const count = side.dirty_count ?? side.dirty_paths.length;
  const paths = side.dirty_paths.slice(0, 5).map((p) => inlineCode(p, { table: true, max: 80 })).join(', ');
  const more = count > 5 ? `, … (${count} in all)` : '';
  return `⚠️ dirty (${count} path${count === 1 ? '' : 's'}${paths ? `: ${paths}${more}` : ''})`;
}

function table(candidate: Side, baseline: Side | undefined): Unit {
  const row = (name: string, cell: (s: Side) => string): string => `| ${name} | ${cell(candidate)} | ${baseline ? cell(baseline) : '—'} |\n`;
  const text = [
    '| | candidate | baseline |\n| --- | --- | --- |\n',
    row('commit', commitCell),
    row('working tree', treeCell),
    row('dataset', (s) => `${s.dataset.id ? inlineCode(s.dataset.id, { table: true, max: 80 }) : '—'} ${short(s.dataset.fingerprint)}`),
    row('prompts', (s) => `${s.prompt_version ? inlineCode(s.prompt_version, { table: true, max: 80 }) : 'no version'} ${short(s.prompt_hash)}`),
    row('config', (s) => short(s.config_hash)),
  ].join('');
  return { text, tier: 'detail', row: false };
}

/** A fenced diff block the diff text cannot close (the fence outgrows any backtick run). */
export function diffUnit(title: string, diff: Diff): Unit {
  if (diff.text === '') return { text: `\n${title}: ${escapeText(diff.note ?? 'differs')}\n`, tier: 'detail', row: false };
  let longest = 2;
  for (const run of diff.text.matchAll(/`{3,}/g)) longest = Math.max(longest, run[0].length);
  const fence = '`'.repeat(longest + 1);
  // Tabs and newlines stay (a diff needs them); every other control character is made visible.
  const body = diff.text.split('\n').map((line) => escapeControls(line.replace(/\t/g, '    '))).join('\n');
  const cut = diff.truncated ? `\n_${diff.omitted_lines} more diff line(s) in the report artifact._\n` : '';
  return { text: `\n${title}:\n\n${fence}diff\n${body}\n${fence}\n${cut}`, tier: 'detail', row: false };
}

export const provenanceSection: MarkdownSection = {
  name: 'provenance',
  render(report: Report): Part[] {
    const section = report.provenance;
    if (!isRecord(section)) return [];
    const candidate = readSide(section.candidate);
    if (!candidate) return [];
    const baseline = readSide(section.baseline);
    const diffs = isRecord(section.diffs) ? section.diffs : {};
    const facts = [
      candidate.commit ? `commit ${candidate.commit.slice(0, 7)}` : 'no commit',
      candidate.dirty ? 'dirty tree' : candidate.dirty === false ? 'clean tree' : 'tree state unknown',
      section.dataset_match === true ? 'same dataset as the baseline' : section.dataset_match === false ? 'DIFFERENT dataset from the baseline' : '',
      section.prompt_changed === true ? 'prompts changed' : '',
      section.config_changed === true ? 'config changed' : '',
    ].filter(Boolean);
    const units: Unit[] = [table(candidate, baseline)];
    const prompts = readDiff(diffs.prompts);
    if (prompts) units.push(diffUnit('Prompt changes (baseline → candidate)', prompts));
    const config = readDiff(diffs.config);
    if (config) units.push(diffUnit('Config changes (baseline → candidate)', config));
    const group: Group = {
      head: `\n<details><summary>Provenance: ${facts.join(', ')}</summary>\n\n`,
      units,
      tail: '\n</details>\n',
    };
    return [group];
  },
};
