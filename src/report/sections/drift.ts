/**
 * The drift section of the Markdown report: for rules with `drift`, which baseline anchors
 * and, for `first`, the promotion chain that led to it (newest first, with the file that
 * named each predecessor). The numbers are in the metric table's anchor column and the
 * check list; this says where the anchor came from. Ids and paths are escaped.
 */
import type { DriftSection } from '../../drift/gate-hook.js';
import type { MarkdownSection } from '../markdown.js';
import type { Report } from '../../contract/report.js';
import { escapeText, inlineCode } from '../escape.js';

function readDrift(report: Report): DriftSection | undefined {
  const value = report.drift;
  if (typeof value !== 'object' || value === null || !Array.isArray((value as Record<string, unknown>).anchors)) return undefined;
  return value as DriftSection;
}

export const driftSection: MarkdownSection = {
  name: 'drift',
  render(report) {
    const drift = readDrift(report);
    if (!drift || drift.anchors.length === 0) return [];
    const lines = drift.anchors.map((a) => {
      const anchor = a.id === null ? 'not found' : inlineCode(a.id, { max: 80 });
      const chain = a.chain && a.chain.length > 0
        ? `: chain ${a.chain.map((m) => `${inlineCode(m.id, { max: 80 })}${m.promoted_from ? ` (from run ${inlineCode(m.promoted_from, { max: 80 })})` : ''}`).join(' ← ')}`
        : '';
      const problem = a.problem ? ` ⚠️ ${escapeText(a.problem, 400)}` : '';
      return `- anchor ${inlineCode(a.anchor, { max: 80 })} → ${anchor}${chain}${problem}`;
    });
    return [`\n#### Cumulative drift\n\n${lines.join('\n')}\n`];
  },
};
