/**
 * The Markdown sections every surface renders (CLI file, PR comment, job summary): the core
 * layout plus the per-item flips and the provenance section. Surfaces may add their own
 * (the action adds the PR's policy change) with insertSection.
 */
import { insertSection, MARKDOWN_SECTIONS, type MarkdownSection } from '../markdown.js';
import { autoPromotionSection } from './auto-promotion.js';
import { dependenciesSection } from './dependencies.js';
import { driftSection } from './drift.js';
import { flipsSection } from './flips.js';
import { provenanceSection } from './provenance.js';

const withFlips = insertSection(MARKDOWN_SECTIONS, flipsSection, 'chart');
const withProvenance = insertSection(withFlips, provenanceSection, 'details');
const withAutoPromotion = insertSection(withProvenance, autoPromotionSection, 'metrics');
// Drift (the anchor and its chain) right under the metrics table; dependencies after the references.
const withDrift = insertSection(withAutoPromotion, driftSection, 'metrics');

export const STANDARD_SECTIONS: readonly MarkdownSection[] = insertSection(withDrift, dependenciesSection, 'references');
