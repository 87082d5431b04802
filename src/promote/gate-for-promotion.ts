/**
 * The gates a promotion runs first (DESIGN.md section 4): the same engine as `gate`, with one
 * difference. The first baseline of a dataset has nothing to be compared with, so a missing
 * pin is a cold start here (reported), never a failure; the functional and compliance gates
 * decide, and the performance result against the current pin is reported.
 */
import { runGate } from '../gate/run-gate.js';
import type { StoreLocation } from '../gate/load-side.js';
import type { Policy } from '../policy/schema.js';
import type { Report } from '../report/model.js';
import { loadPromotionSource } from './load-source.js';
import { validateRequest } from './request.js';
import type { PromotionRequest, PromotionSource } from './types.js';

export interface GateForPromotionInput {
  store: StoreLocation;
  request: PromotionRequest;
  policy: Policy;
  baseline?: string;
  baselineFlag?: string;
  extraReport?: Record<string, unknown>;
}

export interface GatedSource {
  report: Report;
  source: PromotionSource;
}

export async function gateForPromotion(input: GateForPromotionInput): Promise<GatedSource> {
  // Ids and options are checked before any file is touched (F1).
  validateRequest(input.request);
  const report = await runGate({
    store: input.store,
    run: input.request.run,
    runFlag: input.request.names.run,
    baseline: input.baseline,
    baselineFlag: input.baselineFlag,
    policy: { ...input.policy, cold_start: 'absolute' },
    extraReport: input.extraReport,
  });
  const source = await loadPromotionSource(input.store, input.request.run, input.request.as);
  return { report, source };
}
