/**
 * How the action renders a report: the standard sections (with flips and provenance) plus the policy change, file
 * links to the run's files at the head commit, and the head SHA (which the sticky comment's
 * ordering rule reads back).
 */
import { COMMENT_BUDGET } from '../report/budget.js';
import { insertSection, renderMarkdown, type MarkdownSection } from '../report/markdown.js';
import type { Report } from '../contract/report.js';
import { STANDARD_SECTIONS } from '../report/sections/index.js';
import { policyChangeSection } from './policy-change.js';
import { ACTION_NAMES } from '../contract/inputs.js';

export const ACTION_SECTIONS: readonly MarkdownSection[] = insertSection(STANDARD_SECTIONS, policyChangeSection, 'heading');

export interface RenderContext {
  serverUrl: string;
  repository: { owner: string; repo: string };
  headSha: string;
}

/** A link to a repository file at the head commit; none for files outside the repository. */
export function fileLinker(context: RenderContext): (path: string) => string | undefined {
  return (path) => {
    if (!/^[0-9a-f]{40}/.test(context.headSha) || path.startsWith('/') || path.includes('@') || path.split('/').includes('..')) return undefined;
    const encoded = path.split('/').map(encodeURIComponent).join('/');
    return `${context.serverUrl}/${context.repository.owner}/${context.repository.repo}/blob/${context.headSha}/${encoded}`;
  };
}

export function renderForComment(report: Report, key: string, context: RenderContext): string {
  return renderMarkdown(report, { budget: COMMENT_BUDGET, marker: key, headSha: context.headSha, fileLink: fileLinker(context), sections: ACTION_SECTIONS, names: ACTION_NAMES });
}

export function renderForSummary(report: Report, budget: number, context: RenderContext): string {
  return renderMarkdown(report, { budget, ...(context.headSha ? { headSha: context.headSha } : {}), fileLink: fileLinker(context), sections: ACTION_SECTIONS, names: ACTION_NAMES });
}
