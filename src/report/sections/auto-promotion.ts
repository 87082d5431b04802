/**
 * The auto-promotion section of the Markdown report: when the policy sets `auto_promote`, whether
 * this run beats its baseline by the margin, with the numbers (gate/auto-promotion.ts), and
 * whether it would be (or, on a push to the default branch, was) proposed for promotion. The
 * text comes from the run's metric names and values, so it is written through escapeText only.
 */
import type { AutoPromotionEvidence } from '../../gate/auto-promotion.js';
import type { MarkdownSection } from '../markdown.js';
import type { Report } from '../../contract/report.js';
import { escapeText, inlineCode } from '../escape.js';

/** The report's `auto_promotion` section, or undefined when absent or of another shape. */
export function readAutoPromotion(report: Report): AutoPromotionEvidence | undefined {
  const value = report.auto_promotion;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  return typeof record.metric === 'string' && typeof record.beats === 'boolean' && typeof record.why === 'string'
    ? (value as AutoPromotionEvidence)
    : undefined;
}

/** Eligible: the run passes every gate and beats its baseline by the margin. */
export function autoPromotionEligible(report: Report): boolean {
  return report.verdict === 'pass' && readAutoPromotion(report)?.beats === true;
}

export const autoPromotionSection: MarkdownSection = {
  name: 'auto-promotion',
  render(report) {
    const evidence = readAutoPromotion(report);
    if (!evidence) return [];
    const status = autoPromotionEligible(report)
      ? '✅ **eligible**: on a push to the default branch a promotion pull request is opened for review (never merged by the action)'
      : report.verdict !== 'pass'
        ? '⏸️ **not eligible**: the gate failed'
        : '⏸️ **not eligible**';
    return [`\n#### Auto-promotion on ${inlineCode(evidence.metric)}\n\n${status}  \n${escapeText(evidence.why, 1500)}\n`];
  },
};
