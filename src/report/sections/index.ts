/**
 * The Markdown sections every surface renders (CLI file, PR comment, job summary): the core
 * layout plus the per-item flips and the provenance section. Surfaces may add their own
 * (the action adds the PR's policy change) with insertSection.
 */
import { insertSection, MARKDOWN_SECTIONS, type MarkdownSection } from '../markdown.js';
import { autoPromotionSection } from './auto-promotion.js';
import { driftSection } from './drift.js';
import { flipsSection } from './flips.js';
import { provenanceSection } from './provenance.js';

export const STANDARD_SECTIONS: readonly MarkdownSection[] = insertSection(
  insertSection(
    insertSection(insertSection(MARKDOWN_SECTIONS, flipsSection, 'chart'), provenanceSection, 'details'),
    autoPromotionSection,
    'metrics',
  ),
  driftSection,
  'metrics',
);
