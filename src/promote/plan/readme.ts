/**
 * README.md of a promoted folder: what it is, why it was promoted, how to use it, and where
 * it came from (source run, commit, dataset, metrics snapshot, gate verdict). Every string
 * from the run or the request is escaped (escape.ts): the README is rendered by GitHub.
 */
import type { Report } from '../../contract/report.js';
import { escapeText, inlineCode } from '../../report/escape.js';
import { compareByStatusThenName, formatDelta, formatNumber } from '../../report/format.js';
import { formatBytes } from '../../parse/jsonl.js';
import type { PlannedFile, PromotionRequest } from './types.js';

/** Rows of the metrics snapshot and the file list; the rest is in metrics.json and manifest.json. */
const MAX_METRIC_ROWS = 100;
const MAX_FILE_ROWS = 50;
const ICON: Record<string, string> = { pass: '✅', warn: '⚠️', fail: '❌', skip: '⏭️', info: 'ℹ️' };

export interface ReadmeInput {
  request: PromotionRequest;
  sourceDir: string;
  destinationDir: string;
  promotedAt: string;
  promotedBy: string;
  reportDigest: string;
  report: Report;
  files: PlannedFile[];
  dataset?: string;
  task?: { task: string; source: string };
  commit?: string;
  /** The run's own README.md: kept, under a heading of its own. */
  ownReadme?: string;
  /** The store's promotion README template (its placeholders are filled; see fillTemplate). */
  template?: { path: string; text: string };
}

const code = (text: string | undefined): string => (text === undefined || text === '' ? '—' : inlineCode(text, { table: true }));

function roleLines(input: ReadmeInput): string[] {
  const { request } = input;
  if (request.as === 'baseline') {
    return [
      '## How to use it',
      '',
      'A **baseline** is a comparison point: candidate runs are gated against it, and a regression can fail CI.',
      '',
      `- Pin it in the policy (\`pins: [{ baseline: ${request.id}${input.dataset ? ', dataset: …' : ''} }]\`), name it in an experiment's \`config.yaml\` (\`baseline: ${request.id}\`), or pass \`--baseline ${request.id}\`.`,
      '- It is immutable: never edit these files. To move on, promote a newer run under a new id.',
    ];
  }
  const quality = request.quality ?? 'silver';
  return [
    '## How to use it',
    '',
    `A **${quality} reference** is ${quality === 'gold' ? 'human-verified truth' : 'machine-generated truth from a strong model'} for evaluation metrics.`,
    'It is **informational only**: reports show each run\'s standing against it, and it can never block CI (no policy can make it block).',
    '',
    '- Runs of the same dataset and task are compared with it automatically.',
    '- It is immutable: never edit these files. When the truth changes, promote a new reference under a new id.',
  ];
}

function lineage(input: ReadmeInput): string[] {
  const { report } = input;
  const gates = report.gates.map((g) => `${ICON[g.status] ?? ''} ${g.name}`).join(' · ');
  const compared = report.baseline
    ? `${code(report.baseline.id)} (${report.baseline_source})`
    : report.baseline_source === 'cold-start' ? 'none: first baseline of its dataset (cold start)' : 'none';
  const rows: [string, string][] = [
    ['Source run', code(`${input.sourceDir}/`)],
    ['Commit', code(input.commit)],
    ['Dataset', code(input.dataset)],
    ['Task', input.task ? `${code(input.task.task)} (${escapeText(input.task.source, 200)})` : '—'],
    ['Gate verdict', `**${report.verdict}**: ${gates}`],
    ['Compared with', compared],
    ['Gate report digest', code(input.reportDigest)],
  ];
  return ['## Lineage', '', '| | |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
}

function metricsSnapshot(report: Report): string[] {
  if (report.metrics.length === 0) return [];
  const rows = [...report.metrics].sort(compareByStatusThenName);
  const shown = rows.slice(0, MAX_METRIC_ROWS).map((m) => {
    return `| ${ICON[m.status] ?? ''} | ${code(m.name)} | ${formatNumber(m.candidate)} | ${formatNumber(m.baseline)} | ${formatDelta(m.delta)} |`;
  });
  const more = rows.length > MAX_METRIC_ROWS ? ['', `${rows.length - MAX_METRIC_ROWS} more metrics are in \`metrics.json\`.`] : [];
  return ['## Metrics snapshot', '', '| | metric | value | baseline | Δ |', '| --- | --- | --- | --- | --- |', ...shown, ...more];
}

function fileList(input: ReadmeInput): string[] {
  const moved = input.files.filter((f) => f.kind === 'moved');
  const lines = moved.slice(0, MAX_FILE_ROWS).map((f) => `- ${code(f.rel)} (${formatBytes(f.size)})`);
  if (moved.length > MAX_FILE_ROWS) lines.push(`- … and ${moved.length - MAX_FILE_ROWS} more (see \`manifest.json\`)`);
  return [
    '## Files',
    '',
    `Moved unchanged from ${code(`${input.sourceDir}/`)}; \`manifest.json\` records the sha256 of every file so immutability can be verified.`,
    '`baseline.json` keeps the run\'s metadata and gains the promotion fields; this `README.md` and `manifest.json` were added.',
    '',
    ...lines,
  ];
}

/**
 * The placeholders a store's promotion README template may use (documented in the README,
 * "Promote a run"). `{promoted_at}` is ISO 8601 UTC ending in `Z`; a template that writes
 * `{promoted_at}Z`, as the real store's do, gets one `Z`. Other braces are left as written.
 */
export function templateValues(input: ReadmeInput): Record<string, string> {
  const { request } = input;
  const quality = request.as === 'reference' ? (request.quality ?? 'silver') : '';
  return {
    promoted_id: request.id,
    run_id: request.run,
    promoted_at: input.promotedAt,
    promoted_by: escapeText(input.promotedBy, 200),
    reason: escapeText(request.reason.trim(), 2000),
    role: request.as,
    quality,
    quality_section: quality ? `\n**Quality:** ${quality}` : '',
    dataset_id: input.dataset === undefined ? '—' : escapeText(input.dataset, 200),
    task: input.task === undefined ? '—' : escapeText(input.task.task, 200),
    destination: input.destinationDir,
  };
}

export function fillTemplate(text: string, values: Record<string, string>): string {
  return text.replace(/\{([a-z_]+)\}(Z?)/g, (whole, name: string, zone: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    return name === 'promoted_at' && zone === 'Z' && value.endsWith('Z') ? value : `${value}${zone}`;
  });
}

/** The run's own README, verbatim in a fence no line of it can close. */
function ownReadme(text: string): string[] {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [
    "## The run's own README",
    '',
    'The README.md the run carried before promotion, kept as it was:',
    '',
    `${fence}markdown`,
    text.replace(/\s+$/, ''),
    fence,
  ];
}

function generatedHead(input: ReadmeInput): string[] {
  const { request } = input;
  const title = request.as === 'baseline' ? 'Baseline' : `Reference (${request.quality ?? 'silver'})`;
  return [
    `# ${title}: ${inlineCode(request.id)}`,
    '',
    `**Promoted from:** ${code(request.run)}  `,
    `**Promoted at:** ${input.promotedAt}  `,
    `**Promoted by:** ${inlineCode(input.promotedBy)}  `,
    `**Role:** ${request.as === 'baseline' ? 'baseline (comparison point; can block CI)' : `${request.quality ?? 'silver'} reference (truth; informational, never blocks CI)`}`,
    '',
    '## Purpose',
    '',
    escapeText(request.reason.trim(), 2000),
    '',
    ...roleLines(input),
  ];
}

export function promotionReadme(input: ReadmeInput): string {
  const head = input.template
    ? [fillTemplate(input.template.text, templateValues(input)).replace(/\s+$/, ''), '', `<sub>From the store's template ${inlineCode(input.template.path)}.</sub>`]
    : generatedHead(input);
  const lines = [
    ...head,
    '',
    ...lineage(input),
    '',
    ...metricsSnapshot(input.report),
    ...(input.report.metrics.length > 0 ? [''] : []),
    ...fileList(input),
    '',
    ...(input.ownReadme !== undefined && input.ownReadme.trim() !== '' ? [...ownReadme(input.ownReadme), ''] : []),
    '<sub>Generated by promotion-gate. Do not edit: this folder is immutable once merged.</sub>',
  ];
  return `${lines.join('\n')}\n`;
}
