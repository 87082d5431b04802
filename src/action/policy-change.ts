/**
 * A pull request that edits the policy is still judged by the base commit's policy (a PR
 * cannot weaken its own gate). The comment says so and shows the change, so reviewers see
 * what will apply after the merge. Rendered through the report's section extension point.
 */
import { createTwoFilesPatch } from 'diff';
import type { Group, MarkdownSection, Part } from '../report/markdown.js';
import type { Report } from '../contract/report.js';
import { escapeControls, inlineCode } from '../report/escape.js';

export interface PolicyChange {
  path: string;
  applied: 'base';
  base_commit: string;
  head_commit: string;
  /** Unified diff, base -> head (possibly cut; the full files are in git). */
  diff: string;
  /** Whether the file is added or removed by the PR, rather than edited. */
  kind: 'edited' | 'added' | 'removed';
}

const MAX_DIFF_LINES = 400;

export function policyChange(path: string, baseText: string | undefined, headText: string | undefined, baseCommit: string, headCommit: string): PolicyChange | undefined {
  if ((baseText ?? null) === (headText ?? null)) return undefined;
  const kind = baseText === undefined ? 'added' : headText === undefined ? 'removed' : 'edited';
  const patch = createTwoFilesPatch(`a/${path}`, `b/${path}`, baseText ?? '', headText ?? '', baseCommit.slice(0, 12), headCommit.slice(0, 12), { context: 3 });
  const lines = patch.split('\n').filter((l) => !l.startsWith('====='));
  const cut = lines.length > MAX_DIFF_LINES ? [...lines.slice(0, MAX_DIFF_LINES), `… ${lines.length - MAX_DIFF_LINES} more lines`] : lines;
  return { path, applied: 'base', base_commit: baseCommit, head_commit: headCommit, diff: cut.join('\n'), kind };
}

function readChange(report: Report): PolicyChange | undefined {
  const value = report['policy_change'];
  if (typeof value !== 'object' || value === null) return undefined;
  const change = value as Partial<PolicyChange>;
  return typeof change.diff === 'string' && typeof change.path === 'string' && typeof change.base_commit === 'string' ? (change as PolicyChange) : undefined;
}

export const policyChangeSection: MarkdownSection = {
  name: 'policy-change',
  render(report): Part[] {
    const change = readChange(report);
    if (!change) return [];
    const what = change.kind === 'added' ? 'adds' : change.kind === 'removed' ? 'removes' : 'changes';
    const applied = change.kind === 'added' ? 'the built-in defaults (no policy at the base commit)' : `the policy at the base commit ${inlineCode(change.base_commit.slice(0, 12))}`;
    const intro = `\n#### ⚖️ This pull request ${what} the policy\n\n${inlineCode(change.path)}: this gate applied ${applied}, not the pull request's version; the change takes effect once merged.\n\n`;
    // Each diff line is inert inside a fenced block; the fence outgrows any backtick run in it.
    const lines = change.diff.split('\n').map((l) => escapeControls(l));
    let longest = 0;
    for (const line of lines) for (const run of line.matchAll(/`+/g)) longest = Math.max(longest, run[0].length);
    const fence = '`'.repeat(Math.max(3, longest + 1));
    const block: Group = {
      head: `<details><summary>Policy diff (base → head)</summary>\n\n${fence}diff\n`,
      units: lines.map((text) => ({ text: `${text}\n`, tier: 'detail' as const })),
      tail: `${fence}\n\n</details>\n`,
    };
    return [intro, block];
  },
};
