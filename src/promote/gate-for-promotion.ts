/**
 * The gates a promotion runs first (DESIGN.md section 4): the same engine as `gate`, with one
 * difference. The first baseline of a dataset has nothing to be compared with, so a missing
 * pin is a cold start here (reported), never a failure; the functional and compliance gates
 * decide, and the performance result against the current pin is reported.
 */
import { evaluateGate } from '../gate/run-gate.js';
import { scanRun } from '../provenance/seal/run-scan.js';
import type { StoreLocation } from '../store/location.js';
import type { Policy } from '../policy/schema.js';
import type { Report } from '../contract/report.js';
import { checkRunFolder, promotionSource } from './source.js';
import { validateRequest } from './plan/request.js';
import type { PromotionRequest, PromotionSource } from './plan/types.js';

export interface GateForPromotionInput {
  store: StoreLocation;
  request: PromotionRequest;
  policy: Policy;
  baseline?: string;
  extraReport?: Record<string, unknown>;
}

export interface GatedSource {
  report: Report;
  /** Absent only when the gate refused the run folder itself (its functional gate fails). */
  source?: PromotionSource;
}

export async function gateForPromotion(input: GateForPromotionInput): Promise<GatedSource> {
  // Ids and options are checked before any file is touched (F1).
  validateRequest(input.request);
  const { report, candidate, candidateScan } = await evaluateGate({
    store: input.store,
    run: input.request.run,
    names: input.request.names,
    baseline: input.baseline,
    policy: { ...input.policy, cold_start: 'absolute' },
    extraReport: input.extraReport,
    gitBlobs: true,
  });
  if (!candidate) {
    // The gate refused the run folder itself (a link out of the store, ...): reading it for the
    // promotion refuses it the same way, naming it.
    await checkRunFolder(input.store, input.request.run);
    return { report };
  }
  // The gate's scan is the one read of the run; only a folder it could not scan is read again,
  // so that the refusal names what is wrong there.
  const scan = candidateScan ?? (await scanRun(input.store, candidate.relDir, { secrets: false, gitBlobs: true }));
  const source = await promotionSource(input.store, input.request.run, candidate, scan, input.request.as);
  return { report, source };
}
