/**
 * How the action renders a report: the standard sections (with flips and provenance) plus the policy change, file
 * links to the run's files at the head commit, and the head SHA (which the sticky comment's
 * ordering rule reads back).
 */
import { COMMENT_BUDGET } from '../report/budget.js';
import { insertSection, renderMarkdown, type MarkdownOptions, type MarkdownSection } from '../report/markdown.js';
import type { Report } from '../contract/report.js';
import { STANDARD_SECTIONS } from '../report/sections/index.js';
import { policyChangeSection } from './policy-change.js';

export const ACTION_SECTIONS: readonly MarkdownSection[] = insertSection(STANDARD_SECTIONS, policyChangeSection, 'heading');

export interface RenderContext {
  serverUrl: string;
  repository: { owner: string; repo: string };
  headSha: string;
  /** The workflow run writing the report: the comment links it and its artifacts. */
  runId?: number;
}

function repositoryUrl(context: RenderContext): string {
  return `${context.serverUrl}/${context.repository.owner}/${context.repository.repo}`;
}

/** Links out of the report: the workflow run, its artifacts (where the JSON report is), commits. */
export function reportLinks(context: RenderContext): Pick<MarkdownOptions, 'runUrl' | 'artifactUrl' | 'commitLink'> {
  const run = context.runId !== undefined && context.runId > 0 ? `${repositoryUrl(context)}/actions/runs/${context.runId}` : undefined;
  return {
    ...(run === undefined ? {} : { runUrl: run, artifactUrl: `${run}#artifacts` }),
    commitLink: (sha) => (/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha) ? `${repositoryUrl(context)}/commit/${sha}` : undefined),
  };
}

/** A link to a repository file at the head commit; none for files outside the repository. */
export function fileLinker(context: RenderContext): (path: string) => string | undefined {
  return (path) => {
    if (!/^[0-9a-f]{40}/.test(context.headSha) || path.startsWith('/') || path.includes('@') || path.split('/').includes('..')) return undefined;
    const encoded = path.split('/').map(encodeURIComponent).join('/');
    return `${repositoryUrl(context)}/blob/${context.headSha}/${encoded}`;
  };
}

export function renderForComment(report: Report, key: string, context: RenderContext): string {
  return renderMarkdown(report, { budget: COMMENT_BUDGET, marker: key, headSha: context.headSha, fileLink: fileLinker(context), ...reportLinks(context), sections: ACTION_SECTIONS });
}

export function renderForSummary(report: Report, budget: number, context: RenderContext): string {
  return renderMarkdown(report, { budget, ...(context.headSha ? { headSha: context.headSha } : {}), fileLink: fileLinker(context), ...reportLinks(context), sections: ACTION_SECTIONS });
}
