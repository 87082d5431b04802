/**
 * The functional gate applied to a freshly produced run: the artifacts exist, parse
 * strictly, have item ids, and name the dataset the run was created for. A run that fails
 * here is marked failed: it can never be half valid.
 */
import { ArtifactError } from '../contract/errors.js';
import type { Check } from '../contract/check.js';
import { evaluateFunctional } from '../gate/checks/functional.js';
import { loadSide } from '../artifacts/load-run.js';
import { scanPredictions } from '../artifacts/scan-predictions.js';
import { runPath } from '../store/run-files.js';

import type { StoreLocation } from '../store/location.js';
import { storeRootOf } from '../store/location.js';
export async function functionalProblems(store: StoreLocation, relDir: string, datasetId: string, idField: string): Promise<Check[]> {
  const side = await loadSide(store, relDir, 'candidate');
  if (side.predictionsPath) {
    const display = `${side.facts.display}/predictions.jsonl`;
    try {
      const result = await scanPredictions(storeRootOf(store), runPath(relDir, 'predictions.jsonl'), display, idField, () => {});
      side.facts.items = result.items;
      side.facts.idField = result.idField;
      if (result.datasets.size > 0) side.facts.datasetClaims.set('predictions.jsonl', [...result.datasets.keys()].join(', '));
    } catch (error) {
      if (!(error instanceof ArtifactError)) throw error;
      side.facts.problems.push({ id: 'predictions.valid', status: 'fail', message: error.message, file: error.where.file, line: error.where.line });
    }
  }
  const gate = evaluateFunctional({
    candidate: side.facts,
    baseline: null,
    baselineCheck: { id: 'baseline.resolved', status: 'skip', message: 'runs are compared when they are gated, not when they are created' },
    coverage: null,
  });
  const problems = gate.checks.filter((check) => check.status === 'fail');
  for (const [source, claimed] of side.facts.datasetClaims) {
    if (claimed !== datasetId) {
      problems.push({ id: 'dataset.agree', status: 'fail', message: `${side.facts.display}/${source} names dataset ${JSON.stringify(claimed)}, but the run was created with --dataset-id ${datasetId}` });
    }
  }
  return problems;
}
