/**
 * The drift guard inside the gate: find the rules with `drift`, load their anchors from the
 * baseline store (the chain for `first`), judge the performance rows against them
 * (judge.ts) and say which chain was followed, for the report's `drift` section.
 */
import { gate, type Check, type GateResult } from '../contract/check.js';
import type { StoreLocation } from '../store/location.js';
import { ruleMatchers } from '../policy/rules.js';
import type { Policy } from '../policy/schema.js';
import type { MetricRow } from '../contract/report.js';
import { chainText } from './chain.js';
import { judgeDrift, type Anchor, type DriftRule } from './judge.js';
import { ChainReader } from './read-chain.js';

/** The report's `drift` section: each anchor, and the chain that led to it. */
export interface DriftSection {
  anchors: {
    anchor: string;
    id: string | null;
    /** Newest first, from the candidate's baseline to the anchor. */
    chain?: { id: string; promoted_from?: string; predecessor_via?: string }[];
    problem?: string;
  }[];
}

export interface DriftGateInput {
  policy: Policy;
  baseStore: StoreLocation;
  /** The candidate's baseline; null at a cold start (no chain to follow). */
  baselineId: string | null;
  rows: MetricRow[];
}

export interface DriftGateResult {
  checks: Check[];
  rows: MetricRow[];
  section?: DriftSection;
}

export async function driftForGate(input: DriftGateInput): Promise<DriftGateResult> {
  const matchers = ruleMatchers(input.policy);
  if (!matchers.some((m) => m.rule.drift) || input.baselineId === null) return { checks: [], rows: input.rows };
  const ruleOf = (metric: string): DriftRule | undefined => {
    const rule = matchers.find((m) => m.isMatch(metric))?.rule;
    return rule?.drift ? { drift: rule.drift, severity: rule.severity } : undefined;
  };
  const keys = new Set(input.rows.map((r) => ruleOf(r.name)?.drift.anchor).filter((k): k is string => k !== undefined));
  if (keys.size === 0) return { checks: [], rows: input.rows };

  const reader = new ChainReader(input.baseStore);
  const anchors = new Map<string, Anchor>();
  const section: DriftSection = { anchors: [] };
  for (const key of keys) {
    if (key === 'first') {
      const chain = await reader.chain(input.baselineId);
      const root = chain?.members.at(-1);
      const side = root ? await reader.side(root.id) : null;
      anchors.set(key, {
        id: root?.id ?? null,
        metrics: side?.metrics?.values ?? null,
        ...(chain ? { chain: chainText(chain), steps: chain.members.length - 1 } : {}),
        ...(chain?.problem ? { problem: chain.problem } : !chain ? { problem: `baseline ${input.baselineId} not found` } : {}),
      });
      section.anchors.push({
        anchor: key,
        id: root?.id ?? null,
        ...(chain
          ? { chain: chain.members.map((m) => ({ id: m.id, ...(m.promotedFrom ? { promoted_from: m.promotedFrom } : {}), ...(m.predecessor ? { predecessor_via: m.predecessor.via } : {}) })) }
          : {}),
        ...(chain?.problem ? { problem: chain.problem } : {}),
      });
    } else {
      const side = await reader.side(key);
      const problem = side ? undefined : `the drift anchor baseline ${key} is not in ${input.baseStore.display}/baselines (nor archived)`;
      anchors.set(key, { id: side ? key : null, metrics: side?.metrics?.values ?? null, ...(problem ? { problem } : {}) });
      section.anchors.push({ anchor: key, id: side ? key : null, ...(problem ? { problem } : {}) });
    }
  }
  const result = judgeDrift({ rows: input.rows, ruleOf, anchorOf: (key) => anchors.get(key) ?? { id: null, metrics: null } });
  return { ...result, section };
}

/** The performance gate with the drift checks added (its status recomputed); unchanged without any. */
export function withDriftChecks(result: GateResult, checks: readonly Check[]): GateResult {
  return checks.length === 0 ? result : gate(result.name, [...result.checks, ...checks]);
}
