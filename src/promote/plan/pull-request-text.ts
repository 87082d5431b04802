/**
 * Title and body of the promotion pull request: the reason, the gate verdict and delta table,
 * the lineage, and how to review. Deterministic for a given plan, so a re-run that changes
 * nothing leaves the PR untouched ("unchanged"). Every untrusted string is escaped.
 */
import { renderMarkdown } from '../../report/markdown.js';
import { STANDARD_SECTIONS } from '../../report/sections/index.js';
import { escapeText, inlineCode } from '../../report/escape.js';
import type { Report } from '../../contract/report.js';
import { promotionBranch, roleName } from './request.js';
import type { PromotionPlan } from './types.js';

/** GitHub's PR body limit is 65,536 characters; the report gets what the fixed text leaves. */
const REPORT_BUDGET = 50_000;

export interface PullRequestText {
  title: string;
  body: string;
}

/** `data/eval` + `runs/x` -> `data/eval/runs/x`; the store may be the repository root. */
export function repoPath(storePrefix: string, storeRel: string): string {
  return storePrefix === '' || storePrefix === '.' ? storeRel : `${storePrefix.replace(/\/+$/, '')}/${storeRel}`;
}

export function promotionTitle(plan: PromotionPlan): string {
  return `Promote run ${plan.request.run} to ${roleName(plan.request)} ${plan.request.id}`;
}

function gateNote(report: Report): string {
  const performance = report.gates.find((g) => g.name === 'performance');
  if (report.baseline === null) return 'No baseline is pinned for this run\'s dataset and task (cold start): nothing was compared.';
  const status = performance?.status ?? 'skip';
  return `Performance against ${inlineCode(report.baseline.id)} is **${status}**: it is shown for review and does not block a promotion; the functional and compliance gates passed.`;
}

export function promotionPullRequest(plan: PromotionPlan, report: Report, storePrefix: string, policyPath?: string): PullRequestText {
  const { request } = plan;
  const moved = plan.files.filter((f) => f.kind === 'moved').length;
  const source = repoPath(storePrefix, plan.sourceDir);
  const destination = repoPath(storePrefix, plan.destinationDir);
  const rows: [string, string][] = [
    ['Source', `${inlineCode(`${source}/`, { table: true })} (removed on this branch: promotion is one-way)`],
    ['Destination', inlineCode(`${destination}/`, { table: true })],
    ['Files', `${moved} moved unchanged (sha256 of each in \`manifest.json\`); \`README.md\` added; \`baseline.json\` gains the promotion fields`],
    ...(plan.policyChange ? [['Policy', `${escapeText(plan.policyChange, 300)}${policyPath ? ` (${inlineCode(policyPath, { table: true })})` : ''}`] as [string, string]] : []),
    ['Promoted at', plan.promotedAt],
    ['Promoted by', inlineCode(plan.promotedBy, { table: true })],
    ['Gate report digest', inlineCode(plan.reportDigest, { table: true })],
  ];
  const role = request.as === 'baseline'
    ? 'Once merged it is immutable and can block CI: candidates pinned to it fail on regressions.'
    : 'Once merged it is immutable and informational: runs are shown against it, and it can never block CI.';
  const gates = renderMarkdown(report, {
    budget: REPORT_BUDGET,
    title: `Gates for ${request.run}`,
    // The surfaces' standard sections (flips, provenance); the footer points at an artifact the PR does not have.
    sections: STANDARD_SECTIONS.filter((s) => s.name !== 'footer'),
  });
  const lines = [
    `## Promote ${inlineCode(request.run)} to ${roleName(request)} ${inlineCode(request.id)}`,
    '',
    `**Reason:** ${escapeText(request.reason.trim(), 2000)}`,
    '',
    '| | |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    gateNote(report),
    '',
    gates.trimEnd(),
    '',
    '### How to review',
    '',
    '1. Read the reason and the metric deltas: is this the comparison point or truth you want?',
    `2. The diff should show files renamed from ${inlineCode(`${source}/`)} to ${inlineCode(`${destination}/`)} with no content change, \`baseline.json\` gaining only promotion fields, and the new \`README.md\` and \`manifest.json\`.`,
    `3. ${role}`,
    `4. To cancel, close this pull request and delete the branch ${inlineCode(promotionBranch(request.id))}.`,
    '',
    '<sub>Opened by promotion-gate. Re-running the promotion updates this pull request in place; it never force-pushes over commits it did not make.</sub>',
    '',
  ];
  return { title: promotionTitle(plan), body: lines.join('\n') };
}
