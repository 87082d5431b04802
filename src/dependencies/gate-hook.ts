/**
 * Multi-model dependencies inside the gate (DESIGN.md section 12): a downstream candidate gets
 * one compliance check per dependency (built on the pinned upstream, or fails naming both), and
 * an upstream candidate's report lists the downstream baselines produced with the previous
 * upstream, which its promotion leaves to re-evaluate. The promotion's pull request body and
 * its JSON (`promote --json`) carry that list, because both are made from this report.
 */
import type { Check } from '../contract/check.js';
import { agreedValue } from '../artifacts/load-run.js';
import { loadSide, type LoadedSide } from '../artifacts/load-run.js';
import type { StoreLocation } from '../store/location.js';
import type { Policy } from '../policy/schema.js';
import { idsInFolder } from '../store/list-ids.js';
import { downstreamChecks, matchesIdentity, upstreamImpact, upstreamsOf, type DownstreamBaseline, type Identity, type UpstreamImpact } from './match.js';

/** The report's `dependencies` section (only for a candidate that is an upstream model). */
export interface DependencySection {
  upstream_of: UpstreamImpact[];
}

export interface DependencyGateResult {
  checks: Check[];
  section?: DependencySection;
}

const identityOf = (side: LoadedSide): Identity => {
  const dataset = side.dataset ?? agreedValue(side.facts.datasetClaims);
  const task = side.task ?? agreedValue(side.facts.taskClaims);
  return { ...(dataset !== undefined ? { dataset } : {}), ...(task !== undefined ? { task } : {}) };
};

export async function dependenciesForGate(input: { policy: Policy; baseStore: StoreLocation; candidate: LoadedSide; run: string }): Promise<DependencyGateResult> {
  const dependencies = input.policy.dependencies ?? [];
  if (dependencies.length === 0) return { checks: [] };
  const candidate = identityOf(input.candidate);
  const checks = downstreamChecks({
    dependencies, pins: input.policy.pins, candidate,
    upstreams: upstreamsOf(input.candidate.fingerprint),
    fingerprintFile: `${input.candidate.facts.display}/fingerprint.json`,
  });
  if (!dependencies.some((d) => matchesIdentity(d.upstream, candidate))) return { checks };

  // The candidate is an upstream model: which downstream baselines were built on the pinned upstream?
  const baselines: DownstreamBaseline[] = [];
  for (const id of await idsInFolder(input.baseStore.root, 'baselines')) {
    const side = await loadSide(input.baseStore, `baselines/${id}`, 'baseline').catch(() => null);
    if (side) baselines.push({ id, identity: identityOf(side), upstreams: upstreamsOf(side.fingerprint) });
  }
  const upstreamOf = upstreamImpact({ dependencies, pins: input.policy.pins, candidate, candidateRun: input.run, baselines });
  return { checks, section: { upstream_of: upstreamOf } };
}
