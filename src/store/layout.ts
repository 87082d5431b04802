/**
 * The store's layout (DESIGN.md section 1): where runs, baselines and references live, and the
 * names of a run folder's files. Ids are validated as they become paths (F1), so a path built
 * here is always one harmless segment per id.
 */
import { validateId } from './ids.js';

/** The store layout of DESIGN.md section 1, as paths relative to the store root. */
export const storePaths = {
  policy: 'policy.yml',
  runs: 'runs',
  baselines: 'baselines',
  archivedBaselines: 'baselines/_archived',
  silverReferences: 'references/silver',
  goldReferences: 'references/gold',
  run: (id: string): string => `runs/${validateId('run', id, 'run id')}`,
  baseline: (id: string): string => `baselines/${validateId('baseline', id, 'baseline id')}`,
  archivedBaseline: (id: string): string => `baselines/_archived/${validateId('baseline', id, 'baseline id')}`,
  silverReference: (id: string): string => `references/silver/${validateId('reference', id, 'reference id')}`,
  goldTask: (task: string): string => `references/gold/${validateId('task', task, 'task')}`,
  goldReference: (task: string, id: string): string =>
    `references/gold/${validateId('task', task, 'task')}/${validateId('reference', id, 'reference id')}`,
  /** The store's promotion README templates, by role (the real store's names). */
  promotionReadmeTemplates: {
    baseline: 'baselines/BASELINE_PROMOTION_README_TEMPLATE.md',
    reference: 'references/REFERENCE_PROMOTION_README_TEMPLATE.md',
  },
} as const;

/** The files of a run folder (DESIGN.md section 1). */
export const runFiles = {
  predictions: 'predictions.jsonl',
  metrics: 'metrics.json',
  fingerprint: 'fingerprint.json',
  baseline: 'baseline.json',
  config: 'config.yaml',
  readme: 'README.md',
} as const;
