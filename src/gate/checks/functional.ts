/**
 * The functional gate: the run can be loaded and is comparable. Pure: the loaders report
 * what they found (problems as checks, identities, item coverage) and this decides.
 */
import { gate, type Check, type GateResult } from '../../contract/check.js';
import { agreedValue, produced, REQUESTED, type SideFacts } from '../../artifacts/load-run.js';

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
  /** What a candidate naming no dataset or task, while the baseline does, is (policy `identity.missing`). */
  identityMissing?: 'fail' | 'warn';
  /** Checks of the artifacts against the store's JSON Schemas. */
  schemaChecks?: Check[];
}

const list = (examples: string[], count: number): string =>
  `${examples.map((e) => JSON.stringify(e)).join(', ')}${count > examples.length ? `, … (${count} in all)` : ''}`;

type Kind = 'dataset' | 'task';
const claimsOf = (side: SideFacts, kind: Kind): Map<string, string> => (kind === 'dataset' ? side.datasetClaims : side.taskClaims);

const listClaims = (claims: [string, string][]): string => claims.map(([source, value]) => `${source}: ${JSON.stringify(value)}`).join('; ');

/** The produced artifacts of a side disagree among themselves. */
function inconsistency(side: SideFacts, kind: Kind): string | undefined {
  const claims = produced(claimsOf(side, kind));
  if (new Set(claims.map(([, value]) => value)).size <= 1) return undefined;
  return side.label === 'baseline'
    ? `the baseline is inconsistent: its artifacts disagree on the ${kind} (${listClaims(claims)}), so it is not compared with the candidate`
    : `the candidate's artifacts disagree on the ${kind}: ${listClaims(claims)}`;
}

/** A config.yaml that requested another value than the side's artifacts produced (a warning). */
function override(side: SideFacts, kind: Kind): Check | undefined {
  const claims = claimsOf(side, kind);
  const requested = claims.get(REQUESTED);
  const made = produced(claims);
  const value = made[0]?.[1];
  if (requested === undefined || value === undefined || requested === value || inconsistency(side, kind)) return undefined;
  return {
    id: `${kind}.overridden`,
    status: 'warn',
    message: `the ${side.label}'s config.yaml requests ${kind} ${JSON.stringify(requested)} but its produced artifacts (${made.map(([source]) => source).join(', ')}) name ${JSON.stringify(value)}: the value was overridden at run time (e.g. ${kind === 'dataset' ? 'DATASET_ID' : 'TASK'}=${value}); the produced value counts`,
    file: `${side.display}/${REQUESTED}`,
  };
}

/**
 * Why the pair cannot be compared (inconsistent artifacts, different datasets or tasks), or
 * undefined. The performance gate does not compare a pair this returns a reason for.
 */
export function notComparable(candidate: SideFacts, baseline: SideFacts | null): string | undefined {
  if (!baseline) return undefined;
  for (const kind of ['dataset', 'task'] as const) {
    for (const side of [candidate, baseline]) if (inconsistency(side, kind)) return `the ${side.label}'s artifacts disagree on the ${kind}`;
    const c = agreedValue(claimsOf(candidate, kind));
    const b = agreedValue(claimsOf(baseline, kind));
    if (c !== undefined && b !== undefined && c !== b) return `the candidate's ${kind} is ${JSON.stringify(c)} but the baseline's is ${JSON.stringify(b)}`;
  }
  return undefined;
}

const WHERE_NAMED: Record<Kind, string> = {
  dataset: 'metrics.json `dataset_id`, predictions.jsonl `dataset_id`, fingerprint.json, baseline.json or config.yaml',
  task: 'metrics.json, fingerprint.json, baseline.json or config.yaml `task`',
};

/** All artifacts of one side agree on the dataset (or task), and the two sides agree. */
function agreement(kind: Kind, candidate: SideFacts, baseline: SideFacts | null, missing: 'fail' | 'warn'): Check[] {
  const id = `${kind}.agree`;
  const overrides = [candidate, baseline].flatMap((side) => (side ? [override(side, kind)] : [])).filter((c): c is Check => c !== undefined);
  for (const side of [candidate, baseline]) {
    const problem = side && inconsistency(side, kind);
    if (problem) return [{ id, status: 'fail', message: problem }, ...overrides];
  }
  const c = agreedValue(claimsOf(candidate, kind));
  const b = baseline ? agreedValue(claimsOf(baseline, kind)) : undefined;
  let check: Check;
  if (c !== undefined && b !== undefined && c !== b) {
    check = { id, status: 'fail', message: `not comparable: the candidate's ${kind} is ${JSON.stringify(c)} but the baseline's is ${JSON.stringify(b)}` };
  } else if (c === undefined && b !== undefined) {
    // F20: silence is not agreement, and the baseline's value is never shown as the candidate's.
    check = {
      id,
      status: missing,
      message: `the candidate names no ${kind} in any artifact (${WHERE_NAMED[kind]}) while the baseline's is ${JSON.stringify(b)}: name it in the run's artifacts${missing === 'fail' ? ', or set `identity.missing: warn` in the policy' : ' (a warning by `identity.missing: warn`)'}`,
    };
  } else if (c === undefined) {
    check = { id, status: 'skip', message: `no artifact names the ${kind}` };
  } else {
    check = { id, status: 'pass', message: `${kind} ${JSON.stringify(c)}${baseline && b === undefined ? ' (the baseline names none)' : ''}` };
  }
  return [check, ...overrides];
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
  const missing = input.identityMissing ?? 'fail';
  checks.push(...agreement('dataset', input.candidate, input.baseline, missing), ...agreement('task', input.candidate, input.baseline, missing));
  checks.push(...(input.schemaChecks ?? []));
  return gate('functional', checks);
}
