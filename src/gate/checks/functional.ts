/**
 * The functional gate: the run can be loaded and is comparable. Pure: the loaders report
 * what they found (problems as checks, identities, item coverage) and this decides.
 */
import { gate, type Check, type GateResult } from '../../contract/check.js';
import type { SideFacts } from '../../artifacts/load-run.js';

export interface CoverageFacts {
  mode: 'exact' | 'superset' | 'subset';
  duplicates: { side: 'candidate' | 'baseline'; count: number; examples: string[] }[];
  missing: { count: number; examples: string[] };
  extra: { count: number; examples: string[] };
  predictionsFile: string;
}

export interface FunctionalInput {
  candidate: SideFacts;
  baseline: SideFacts | null;
  baselineCheck: Check;
  coverage: CoverageFacts | null;
}

const list = (examples: string[], count: number): string =>
  `${examples.map((e) => JSON.stringify(e)).join(', ')}${count > examples.length ? `, … (${count} in all)` : ''}`;

/** All artifacts of one side must agree on the dataset (or task). */
function agreement(kind: 'dataset' | 'task', candidate: SideFacts, baseline: SideFacts | null): Check {
  const claimsOf = (side: SideFacts): Map<string, string> => (kind === 'dataset' ? side.datasetClaims : side.taskClaims);
  const describe = (side: SideFacts, claims: Map<string, string>): string =>
    [...claims].map(([source, value]) => `${side.label} ${source}: ${JSON.stringify(value)}`).join('; ');
  for (const side of [candidate, baseline]) {
    if (!side) continue;
    const claims = claimsOf(side);
    if (new Set(claims.values()).size > 1) {
      return { id: `${kind}.agree`, status: 'fail', message: `the ${side.label}'s artifacts disagree on the ${kind}: ${describe(side, claims)}` };
    }
  }
  const c = [...claimsOf(candidate).values()][0];
  const b = baseline ? [...claimsOf(baseline).values()][0] : undefined;
  if (c !== undefined && b !== undefined && c !== b) {
    return {
      id: `${kind}.agree`,
      status: 'fail',
      message: `not comparable: the candidate's ${kind} is ${JSON.stringify(c)} but the baseline's is ${JSON.stringify(b)}`,
    };
  }
  if (c === undefined && b === undefined) return { id: `${kind}.agree`, status: 'skip', message: `no artifact names the ${kind}` };
  return { id: `${kind}.agree`, status: 'pass', message: `${kind} ${JSON.stringify(c ?? b)}` };
}

function coverageChecks(coverage: CoverageFacts): Check[] {
  const checks: Check[] = [];
  for (const dup of coverage.duplicates) {
    if (dup.count > 0) {
      checks.push({
        id: 'predictions.unique-ids',
        status: 'fail',
        message: `${dup.count} duplicate item id(s) in the ${dup.side}'s predictions: ${list(dup.examples, dup.count)}`,
        file: coverage.predictionsFile,
      });
    }
  }
  const { missing, extra, mode } = coverage;
  if (missing.count > 0) {
    checks.push({
      id: 'predictions.coverage',
      status: mode === 'subset' ? 'warn' : 'fail',
      message: `the candidate lacks ${missing.count} of the baseline's items: ${list(missing.examples, missing.count)}${mode === 'subset' ? ' (allowed by coverage: subset)' : ''}`,
      file: coverage.predictionsFile,
    });
  }
  if (extra.count > 0) {
    checks.push({
      id: 'predictions.extra-items',
      status: mode === 'superset' ? 'pass' : 'warn',
      message: `the candidate has ${extra.count} item(s) the baseline lacks: ${list(extra.examples, extra.count)}`,
      file: coverage.predictionsFile,
    });
  }
  if (checks.length === 0) checks.push({ id: 'predictions.coverage', status: 'pass', message: 'the candidate covers exactly the baseline\'s items' });
  return checks;
}

export function evaluateFunctional(input: FunctionalInput): GateResult {
  const checks: Check[] = [input.baselineCheck, ...input.candidate.problems, ...(input.baseline?.problems ?? [])];
  const loaded = !checks.some((c) => c.status === 'fail');
  if (loaded) {
    checks.push({
      id: 'artifacts.loaded',
      status: 'pass',
      message: `${input.candidate.items} item(s) read from the candidate${input.candidate.idField ? ` (id field \`${input.candidate.idField}\`)` : ''}`,
    });
  }
  if (input.coverage) checks.push(...coverageChecks(input.coverage));
  checks.push(agreement('dataset', input.candidate, input.baseline), agreement('task', input.candidate, input.baseline));
  return gate('functional', checks);
}
