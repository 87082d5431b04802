/**
 * The gate, end to end: resolve the baseline, load both sides, stream predictions into the
 * pairing structure, run the four gates and assemble the report. This is the one code path
 * behind both the CLI and the action; everything it decides is delegated to pure modules.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { didYouMean } from '../contract/did-you-mean.js';
import { idsInFolder } from '../store/list-ids.js';
import { archivedPath } from '../store/status.js';
import { ArtifactError, UsageError } from '../contract/errors.js';
import type { Check, GateResult } from '../contract/check.js';
import { agreedValue, type SideFacts } from '../artifacts/load-run.js';
import { evaluateFunctional, notComparable, type CoverageFacts } from './checks/functional.js';
import { evaluatePerformance } from './checks/performance.js';
import { evaluateCompliance } from './checks/compliance.js';
import { markGatedScores, referenceApplies, referenceStandings } from './checks/references.js';
import { compileRules } from '../policy/rules.js';
import { unmatchedRules } from '../policy/unmatched.js';
import { parseYamlStrict } from '../parse/yaml.js';
import type { Policy } from '../policy/schema.js';
import { assembleReport } from './verdict.js';
import { maskDeep } from '../report/mask.js';
import type { Report } from '../contract/report.js';
import { validateId } from '../store/ids.js';
import { isDirectoryInStore } from '../store/read.js';
import { PairedScores } from '../stats/paired.js';
import { resolveBaseline, type BaselineChoice } from '../policy/baseline.js';
import { discoverReferences } from '../store/references.js';
import { loadSide, type LoadedSide } from '../artifacts/load-run.js';
import { scanPredictions, type ScanResult } from '../artifacts/scan-predictions.js';
import type { PredictionItem } from '../artifacts/predictions.js';
import { bundledWorkerUrl, WORKER_MIN_BYTES } from '../parse/bundled-worker.js';
import { collectIn, type PendingCollection } from './predictions-transport.js';
import { DigestTap, type DigestOptions, type PrecomputedDigest } from '../provenance/seal/file-digest.js';
import { scanJobFor } from '../provenance/seal/scan-job.js';
import { pairedIntervals } from './paired-intervals.js';
import { ITEMS_EVERY, type GateProgress } from './progress.js';
import { schemaChecks } from './store-schemas.js';
import { digestsWanted, provenanceChecks, startProvenanceGit, startProvenanceScans } from '../provenance/checks/gate-hook.js';
import { readScoredSides } from '../score/side-scores.js';
import { autoPromotionEvidence } from './auto-promotion.js';
import { driftForGate, withDriftChecks } from '../drift/gate-hook.js';
import { dependenciesForGate } from '../dependencies/gate-hook.js';

import type { StoreLocation } from '../store/location.js';
import type { InputNames } from '../contract/inputs.js';
import type { RunScan } from '../provenance/seal/run-scan.js';
export interface GateRequest {
  /** The store holding the candidate run. */
  store: StoreLocation;
  /** Where baselines and references are read from (the PR's base commit); default `store`. */
  baseStore?: StoreLocation;
  run: string;
  /** How messages name the inputs: the CLI's flags or the action's inputs. */
  names: InputNames;
  /** What chose the run when no input named it (a run folder a pull request changed); default `names.run`. */
  runSource?: string;
  baseline?: string;
  policy: Policy;
  failOn?: 'error' | 'warning';
  /** Compliance checks computed by the shell (git reachability, immutability, secrets). */
  extraCompliance?: Check[];
  /** Extra report sections (policy change, provenance). */
  extraReport?: Record<string, unknown>;
  /** The commit being gated (a PR's head), for provenance reachability; default HEAD. */
  headRef?: string;
  /** Also compute the git blob ids of the candidate's files: a promotion plans with the gate's one read of the run. */
  gitBlobs?: boolean;
  /** Told each phase and the items read per side, for a progress display. */
  progress?: GateProgress;
  /** Where the policy came from, to name a rule in a configuration error (file and line). */
  policyFile?: { display: string; text?: string };
}

/** The report, plus what the gate read of the candidate (for a promotion that follows). */
export interface GateOutcome {
  report: Report;
  /** Absent when the run folder itself was refused (the report's functional gate says why). */
  candidate?: LoadedSide;
  /** The candidate folder's one read (hashes, secrets, git blob ids when asked); absent when it could not be scanned. */
  candidateScan?: RunScan;
}

/** Every rule must match a metric of one side, unless it says `missing: ignore` (exit 2). */
function assertRulesMatch(request: GateRequest, candidate: LoadedSide, baseline: LoadedSide | null): void {
  if (!candidate.metrics || (baseline && !baseline.metrics)) return; // the functional gate says why
  const names = [candidate.metrics, baseline?.metrics].flatMap((m) => (m ? [...m.values.keys(), ...m.others.keys()] : []));
  const [first, ...rest] = unmatchedRules(request.policy, names);
  if (!first) return;
  const file = request.policyFile;
  let where = file?.display ?? 'policy';
  if (file?.text !== undefined) {
    const at = parseYamlStrict(file.text, file.display).locate(['rules', first.index, 'metric']);
    if (at) where = `${file.display}:${at.line}:${at.column}`;
  }
  const closest = first.closest.length > 0 ? `; closest metric names: ${first.closest.join(', ')}` : '';
  const more = rest.length > 0 ? ` (and ${rest.length} more rule(s) like it: ${rest.map((r) => `rules[${r.index}]`).join(', ')})` : '';
  throw new UsageError(
    `${where}: rules[${first.index}].metric ${JSON.stringify(first.rule.metric)} matches no metric of the candidate or the baseline${closest}. ` +
      `A rule that matches nothing would leave the metric it meant to the default rule: fix the pattern, or add \`missing: ignore\` if the metric may be absent${more}`,
  );
}

async function chooseBaseline(request: GateRequest, candidate: LoadedSide, baseStore: StoreLocation): Promise<{ choice: BaselineChoice | null; check: Check }> {
  const choice = resolveBaseline({
    flag: request.baseline,
    flagName: request.names.baseline,
    configBaseline: candidate.config?.baseline,
    pins: request.policy.pins,
    dataset: candidate.dataset,
    task: candidate.task,
  });
  if (!choice) {
    const what = `dataset ${JSON.stringify(candidate.dataset ?? 'unknown')}${candidate.task ? ` and task ${JSON.stringify(candidate.task)}` : ''}`;
    if (request.policy.cold_start === 'absolute') {
      return { choice: null, check: { id: 'baseline.resolved', status: 'warn', message: `cold start: no baseline pinned for ${what}; only absolute bounds (min/max) apply` } };
    }
    return {
      choice: null,
      check: {
        id: 'baseline.resolved',
        status: 'fail',
        message: `no baseline pinned for ${what}: ${request.names.giveBaseline}, name one in config.yaml, add a pin to the policy, or set cold_start: absolute`,
      },
    };
  }
  const source = choice.source === 'flag' ? request.names.baseline : choice.source === 'config' ? `${candidate.facts.display}/config.yaml` : 'policy pin';
  validateId('baseline', choice.id, source);
  // A baseline folder (or baselines/) linking out of the store is refused in one line (exit 2).
  const isFolder = (rel: string): Promise<boolean> =>
    isDirectoryInStore(baseStore.root, rel, baseStore.display).catch((error: unknown) => {
      if (error instanceof ArtifactError) throw new UsageError(`${source}: baseline "${choice.id}": ${error.message}`);
      throw error;
    });
  if (!(await isFolder(`baselines/${choice.id}`))) {
    // Where the baseline would be if archived: the lifecycle's one mapping of statuses to folders.
    const archivedAt = archivedPath({ id: choice.id, status: 'baseline', kind: 'baseline', path: `baselines/${choice.id}` });
    const archived = await isFolder(archivedAt);
    const isReference = await isFolder(`references/silver/${choice.id}`);
    const hint = archived
      ? ` (it is archived at ${archivedAt}: archived baselines are not compared; restore it with \`promotion-gate restore ${choice.id}\`, or point ${source} at another baseline)`
      : isReference
        ? ' (it is a reference: references are informational and can never block)'
        : '';
    const suggestion = hint === '' ? didYouMean(choice.id, await idsInFolder(baseStore.root, 'baselines')) : '';
    throw new UsageError(`${source}: baseline "${choice.id}" not found at ${baseStore.display}/baselines/${choice.id}${hint}${suggestion}`);
  }
  return { choice, check: { id: 'baseline.resolved', status: 'pass', message: `baseline ${choice.id}: ${choice.why}` } };
}

/**
 * Reads both predictions files: the baseline's streamed into the pairing on this thread while
 * the candidate's is collected in the bundled worker thread (when it is big enough and the
 * bundle has the worker), so the two files are parsed at once; the candidate is paired after
 * the baseline, as if read second. Every strict-input rule holds on both paths. The same reads
 * compute the files' digests the provenance scans want (`digests`), so no file is read twice.
 */
async function streamBoth(
  stores: { candidate: StoreLocation; baseline: StoreLocation },
  candidate: LoadedSide,
  baseline: LoadedSide | null,
  policy: Policy,
  pairs: PairedScores,
  digests: { candidate?: DigestOptions; baseline?: DigestOptions },
  progress?: GateProgress,
): Promise<{ coverage: CoverageFacts | null; precomputed: PrecomputedDigest[] }> {
  const precomputed: PrecomputedDigest[] = [];
  const forms = new Map<LoadedSide, { number?: string; string?: string }>();
  const request = (side: LoadedSide, store: StoreLocation, relative: string) =>
    ({ store: { path: store.root, display: store.display }, relative, display: `${side.facts.display}/predictions.jsonl`, idField: policy.predictions.id_field });
  const failed = (side: LoadedSide, error: unknown): undefined => {
    if (!(error instanceof ArtifactError)) throw error;
    side.facts.problems.push({
      id: error.code === 'predictions.empty' ? 'predictions.nonempty' : 'predictions.valid',
      status: 'fail',
      message: error.message,
      file: error.where.file,
      ...(error.where.line ? { line: error.where.line, column: error.where.column } : {}),
    });
    side.predictionsPath = null;
    return undefined;
  };
  const read = (side: LoadedSide, result: ScanResult) => {
    side.facts.items = result.items;
    forms.set(side, result.idForms);
    side.facts.idField = result.idField;
    if (result.datasets.size > 0) side.facts.datasetClaims.set('predictions.jsonl', [...result.datasets.keys()].join(', '));
  };

  // The candidate: in the worker now when it pays (both sides are then one progress phase,
  // counted per side); else in-thread, after the baseline.
  const candidatePath = candidate.predictionsPath;
  const worker = candidatePath && predictionsBytes(stores.candidate, candidatePath) >= WORKER_MIN_BYTES ? bundledWorkerUrl('predictions-worker') : null;
  const together = worker !== null;
  const onCandidateCount = progress === undefined ? undefined : (items: number) => progress.items('candidate', items);
  // Candidate ids out of order need the pairing's lookup table: built once the baseline is in,
  // while the worker still reads, rather than on the serial path after it.
  let baselineIn = false;
  let unordered = false;
  const onUnordered = () => {
    unordered = true;
    if (baselineIn) pairs.prepareLookups();
  };
  const collectCandidate = () => collectIn(worker, request(candidate, stores.candidate, candidatePath as string), onCandidateCount, ITEMS_EVERY, digests.candidate, onUnordered);
  let pendingCandidate: PendingCollection | undefined;
  if (together) {
    progress?.phase('predictions');
    pendingCandidate = collectCandidate();
  }

  if (baseline?.predictionsPath) {
    if (!together) progress?.phase('baseline predictions');
    let items = 0;
    const add = progress === undefined
      ? (item: PredictionItem) => pairs.addBaseline(item.id, item.scores)
      : (item: PredictionItem) => {
          pairs.addBaseline(item.id, item.scores);
          if ((++items & (ITEMS_EVERY - 1)) === 0) progress.items('baseline', items);
        };
    const tap = digests.baseline ? new DigestTap(digests.baseline) : undefined;
    try {
      const result = await scanPredictions(request(baseline, stores.baseline, baseline.predictionsPath).store, baseline.predictionsPath, `${baseline.facts.display}/predictions.jsonl`, policy.predictions.id_field, add, tap);
      progress?.items('baseline', items, true);
      read(baseline, result);
      const digest = tap?.result();
      if (digest) precomputed.push(digest);
    } catch (error) {
      failed(baseline, error);
    }
  }
  baselineIn = true;
  if (unordered) pairs.prepareLookups();
  if (candidatePath) {
    if (!together) progress?.phase('candidate predictions');
    try {
      const collected = await (pendingCandidate ?? collectCandidate()).result();
      progress?.items('candidate', collected.result.items, true);
      read(candidate, collected.result);
      if (collected.digest) precomputed.push(collected.digest);
      pairs.addColumns('candidate', collected.idText, collected.idEnds, collected.columns);
    } catch (error) {
      failed(candidate, error);
    }
  }
  if (!baseline?.predictionsPath || !candidate.predictionsPath) return { coverage: null, precomputed };
  const idForms = idFormCheck(forms.get(baseline), forms.get(candidate));
  if (idForms) candidate.facts.problems.push(idForms);
  const summary = pairs.summary();
  const coverage: CoverageFacts = {
    mode: policy.predictions.coverage,
    duplicates: [
      { side: 'candidate', ...summary.duplicates.candidate },
      { side: 'baseline', ...summary.duplicates.baseline },
    ],
    missing: summary.missing,
    extra: summary.extra,
    predictionsFile: `${candidate.facts.display}/predictions.jsonl`,
  };
  return { coverage, precomputed };
}

/** Size of a predictions file, only to choose where it is read (0 when unknown). */
function predictionsBytes(store: StoreLocation, relative: string): number {
  try {
    return statSync(join(store.root, relative)).size;
  } catch {
    return 0;
  }
}

/**
 * Ids pair by their text: 7 and "7" are one item. When the two files write ids differently (a
 * number on one side, a string on the other), that is said, so a changed id type is visible.
 */
function idFormCheck(baseline: { number?: string; string?: string } | undefined, candidate: { number?: string; string?: string } | undefined): Check | null {
  if (!baseline || !candidate) return null;
  const pair = baseline.number !== undefined && candidate.string !== undefined
    ? { number: baseline.number, numberSide: 'baseline', string: candidate.string, stringSide: 'candidate' }
    : baseline.string !== undefined && candidate.number !== undefined
      ? { number: candidate.number, numberSide: 'candidate', string: baseline.string, stringSide: 'baseline' }
      : null;
  if (!pair) return null;
  return {
    id: 'predictions.id-types',
    status: 'warn',
    message: `item ids are numbers in the ${pair.numberSide} (e.g. ${pair.number}) and strings in the ${pair.stringSide} (e.g. ${JSON.stringify(pair.string)}): ids are paired by their text, so 7 and "7" are the same item`,
  };
}

export async function runGate(request: GateRequest): Promise<Report> {
  return (await evaluateGate(request)).report;
}

export async function evaluateGate(request: GateRequest): Promise<GateOutcome> {
  const { policy, store } = request;
  const baseStore = request.baseStore ?? store;
  const runSource = request.runSource ?? request.names.run;
  validateId('run', request.run, runSource);
  const runRel = `runs/${request.run}`;
  let isRun: boolean;
  try {
    isRun = await isDirectoryInStore(store.root, runRel, store.display);
  } catch (error) {
    // The run folder (or runs/) is a link out of the store, a FIFO, ...: a failed gate, never read.
    if (error instanceof ArtifactError) return { report: unsafeRunReport(request, error) };
    throw error;
  }
  if (!isRun) {
    const suggestion = didYouMean(request.run, await idsInFolder(store.root, 'runs'));
    throw new UsageError(`${runSource}: no run directory at ${store.display}/${runRel}${suggestion}`);
  }
  const progress = request.progress;
  progress?.phase('load');
  const candidate = await loadSide(store, runRel, 'candidate');
  const { choice, check: baselineCheck } = await chooseBaseline(request, candidate, baseStore);
  const baseline = choice ? await loadSide(baseStore, `baselines/${choice.id}`, 'baseline') : null;
  assertRulesMatch(request, candidate, baseline);

  // Hashing and secret scanning of the run folders: the predictions files by the reads that
  // parse them, the rest by the scans started after, awaited by the provenance checks.
  const scanInput = { store, baseStore, candidate, baseline, policy, ...(request.gitBlobs ? { gitBlobs: true } : {}) };
  // The provenance checks' git processes run during the read.
  const git = startProvenanceGit({ store, baseStore, candidate, baseline, policy, headRef: request.headRef, headInput: request.names.head });
  const pairs = new PairedScores();
  const { coverage, precomputed } = await streamBoth({ candidate: store, baseline: baseStore }, candidate, baseline, policy, pairs, digestsWanted(scanJobFor(scanInput)), progress);
  const scans = startProvenanceScans(scanInput, precomputed);
  candidate.task = agreedValue(candidate.facts.taskClaims);
  const schemas = await schemaChecks({ store, schemasStore: baseStore, candidate, policy });
  progress?.phase('statistics');
  const functional = evaluateFunctional({ candidate: candidate.facts, baseline: baseline?.facts ?? null, baselineCheck, coverage, identityMissing: policy.identity.missing, schemaChecks: schemas });
  const incomparable = notComparable(candidate.facts, baseline?.facts ?? null);

  const ruleFor = compileRules(policy);
  const canCompare = incomparable === undefined && candidate.metrics !== null && (baseline === null || baseline.metrics !== null);
  // Without both predictions files read in full (coverage null), nothing is paired: rules with
  // `significance` fall back to the aggregate comparison, with a note saying so.
  const { evidence, notes, extra: statsExtra } = baseline?.metrics && candidate.metrics
    ? pairedIntervals({ pairs: coverage ? pairs : new PairedScores(), candidate: candidate.metrics, baseline: baseline.metrics, ruleFor })
    : { evidence: new Map(), notes: new Map(), extra: {} };
  const performance = canCompare && candidate.metrics
    ? evaluatePerformance({ candidate: candidate.metrics, baseline: baseline?.metrics ?? null, ruleFor, evidence, notes })
    : {
        gate: {
          name: 'performance' as const,
          status: 'skip' as const,
          checks: [{
            id: 'metrics.compared',
            status: 'skip' as const,
            message: incomparable
              ? `not compared: the pair is not comparable (${incomparable}; see the functional gate)`
              : 'skipped: the metrics could not be loaded (see the functional gate)',
          }],
        },
        metrics: [],
      };

  // Rules with `drift` also compare with an anchor baseline (the promotion chain's root for `first`).
  const drift = await driftForGate({ policy, baseStore, baselineId: canCompare ? (choice?.id ?? null) : null, rows: performance.metrics });

  // With `auto_promote` in the policy: does the run beat its baseline by the margin (the action acts on it on a push).
  const autoPromotion = policy.auto_promote && candidate.metrics
    ? autoPromotionEvidence({ config: policy.auto_promote, candidate: candidate.metrics, baseline: baseline?.metrics ?? null, ruleFor, pairs: coverage ? pairs : null })
    : undefined;

  progress?.phase('compliance');
  const provenance = await provenanceChecks({ store, baseStore, candidate, baseline, policy, headRef: request.headRef, headInput: request.names.head, scans, git });
  // `dependencies`: a downstream run built on the pinned upstream; an upstream run lists the downstream baselines to re-evaluate.
  const dependencies = await dependenciesForGate({ policy, baseStore, candidate, run: request.run });
  const compliance = evaluateCompliance({
    fingerprint: candidate.fingerprint,
    fingerprintFile: `${candidate.facts.display}/fingerprint.json`,
    policy,
    extra: [...provenance.checks, ...dependencies.checks, ...(request.extraCompliance ?? [])],
  });

  // The report names the candidate's own dataset and task; the baseline's are reported beside
  // them (`identity`), never in their place (RELIABILITY F20).
  const identity = { candidate: identityOf(candidate.facts), baseline: baseline ? identityOf(baseline.facts) : undefined };
  const dataset = identity.candidate.dataset ?? identity.baseline?.dataset;
  const task = identity.candidate.task ?? identity.baseline?.task;
  if (policy.references.show) progress?.phase('references');
  // Standings from metrics.json's vs_reference, else from the sides' scores/<id>.json (`score`).
  const scored = policy.references.show && candidate.metrics
    ? await readScoredSides({ store, relDir: candidate.relDir }, baseline ? { store: baseStore, relDir: baseline.relDir } : null)
    : undefined;
  const references = scored && candidate.metrics
    ? referenceStandings(
        (await discoverReferences(baseStore)).filter((r) => referenceApplies(r, dataset, task) || hasScoresAgainst(candidate, r.id) || (baseline !== null && hasScoresAgainst(baseline, r.id)) || scored.has(r.id)),
        candidate.metrics,
        baseline?.metrics ?? null,
        scored.lookup,
      )
    : [];

  // Every string of the report is masked once, here (F24): JSON, Markdown, terminal,
  // annotations and outputs are all made from this object.
  const report = maskDeep(assembleReport({
    candidate: { id: request.run, path: candidate.facts.display },
    baseline: choice ? { id: choice.id, path: `${baseStore.display}/baselines/${choice.id}` } : null,
    baselineSource: choice ? choice.source : policy.cold_start === 'absolute' ? 'cold-start' : 'none',
    dataset: identity.candidate.dataset,
    task: identity.candidate.task,
    failOn: request.failOn ?? policy.fail_on,
    gates: [functional, withDriftChecks(performance.gate, drift.checks), compliance],
    metrics: drift.rows,
    references: markGatedScores(references, drift.rows),
    extra: { identity: { candidate: identity.candidate, ...(identity.baseline ? { baseline: identity.baseline } : {}) }, ...statsExtra, ...(provenance.section ? { provenance: provenance.section } : {}), ...(autoPromotion ? { auto_promotion: autoPromotion } : {}), ...(drift.section ? { drift: drift.section } : {}), ...(dependencies.section ? { dependencies: dependencies.section } : {}), ...request.extraReport },
  }));
  return { report, candidate, ...(provenance.candidateScan ? { candidateScan: provenance.candidateScan } : {}) };
}

function unsafeRunReport(request: GateRequest, error: ArtifactError): Report {
  const check: Check = { id: 'artifacts.safe', status: 'fail', message: error.message, file: error.where.file };
  const skipped = (name: 'performance' | 'compliance'): GateResult => ({
    name,
    status: 'skip',
    checks: [{ id: `${name}.skipped`, status: 'skip', message: 'skipped: the run folder was refused (see the functional gate)' }],
  });
  return maskDeep(assembleReport({
    candidate: { id: request.run, path: `${request.store.display}/runs/${request.run}` },
    baseline: null,
    baselineSource: 'none',
    failOn: request.failOn ?? request.policy.fail_on,
    gates: [{ name: 'functional', status: 'fail', checks: [check] }, skipped('performance'), skipped('compliance')],
    metrics: [],
    references: [],
    extra: { ...request.extraReport },
  }));
}

function identityOf(facts: SideFacts): { dataset?: string; task?: string } {
  const dataset = agreedValue(facts.datasetClaims);
  const task = agreedValue(facts.taskClaims);
  return { ...(dataset !== undefined ? { dataset } : {}), ...(task !== undefined ? { task } : {}) };
}

function hasScoresAgainst(side: LoadedSide, referenceId: string): boolean {
  const prefix = `vs_reference.${referenceId}.`;
  for (const name of side.metrics?.values.keys() ?? []) if (name.startsWith(prefix)) return true;
  return false;
}
