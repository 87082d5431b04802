/**
 * The dependencies section of the Markdown report, for a candidate that is an upstream model
 * (policy `dependencies`): the downstream baselines produced with the pinned (previous)
 * upstream, which promoting this run leaves to be re-evaluated. The promotion pull request
 * renders this section too, so the reviewer sees the list before merging. Escaped throughout.
 */
import type { DependencySection } from '../../dependencies/gate-hook.js';
import { matchText } from '../../dependencies/match.js';
import type { MarkdownSection } from '../markdown.js';
import type { Report } from '../../contract/report.js';
import { escapeText, inlineCode } from '../escape.js';

function readDependencies(report: Report): DependencySection | undefined {
  const value = report.dependencies;
  if (typeof value !== 'object' || value === null || !Array.isArray((value as Record<string, unknown>).upstream_of)) return undefined;
  return value as DependencySection;
}

export const dependenciesSection: MarkdownSection = {
  name: 'dependencies',
  render(report) {
    const section = readDependencies(report);
    if (!section || section.upstream_of.length === 0) return [];
    const blocks = section.upstream_of.map((impact) => {
      const previous = impact.previous === undefined ? 'no pinned upstream' : `the pinned upstream ${inlineCode(impact.previous, { max: 80 })}`;
      const head = `This run is the upstream model of \`dependencies[${impact.dependency}]\` (${escapeText(matchText(impact.upstream), 200)}). `;
      if (impact.stale.length === 0) return `${head}No downstream baseline was produced with ${previous}: nothing to re-evaluate.`;
      const rows = impact.stale.map((s) => `| ${inlineCode(s.baseline, { table: true, max: 80 })} | ${escapeText([s.dataset, s.task].filter(Boolean).join(' / ') || '—', 120)} | ${inlineCode(s.upstream, { table: true, max: 80 })} |`);
      return `${head}Promoting it leaves ${impact.stale.length} downstream baseline${impact.stale.length === 1 ? '' : 's'} produced with ${previous} to re-evaluate:\n\n| downstream baseline | dataset / task | built on |\n| --- | --- | --- |\n${rows.join('\n')}`;
    });
    return [`\n#### Downstream baselines to re-evaluate\n\n${blocks.join('\n\n')}\n`];
  },
};
