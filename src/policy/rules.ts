/**
 * Which rule governs a metric: the first policy rule whose pattern matches, else the built-in
 * rule for its name (when `defaults: builtin`), else none (reported, not gated).
 *
 * `vs_reference.*` metrics are scores against a reference: references never block, so only
 * a rule that names them explicitly (its pattern starts with `vs_reference.`) gates them, as
 * a comparison with the baseline's score against the same reference.
 */
import picomatch from 'picomatch';
import { GATES_SEGMENT, REFERENCE_PREFIX, underSegment, WARNINGS_SEGMENT } from '../artifacts/metric-names.js';
import type { Signal } from '../artifacts/metrics.js';
import { inferMetric } from './direction.js';
import { UsageError } from '../contract/errors.js';
import type { Direction, Policy, Rule } from './schema.js';

export interface EffectiveRule {
  /** `default` for the built-in rule, `none` when ungated, else the policy rule's pattern. */
  label: string;
  direction: Direction | null;
  tolerance: number;
  tolerancePct: number;
  severity: 'error' | 'warning';
  missing: 'fail' | 'warn' | 'ignore';
  min?: number;
  max?: number;
  maxGainPct?: number;
  significance?: number;
  confidence?: number;
  resamples?: number;
  /** Per-item score name used for paired statistics. */
  score: string;
  gated: boolean;
  /** Built-in absolute gates (`gates`, `warnings`, signals): judged on the candidate alone. */
  absolute?: boolean;
  /** Why this rule and direction, for the report (which word decided, which segment). */
  basis?: string;
  /** Said next to the result (a reference score gated as a comparison with the baseline). */
  note?: string;
}

/**
 * Metric paths use `.` between segments; picomatch uses `/`. Converting both lets `*` match
 * exactly one segment and `**` any number, as the policy documents.
 */
const toGlobPath = (dotted: string): string => dotted.split('.').join('/');

export type RuleFor = (metric: string, signal?: Signal) => EffectiveRule;

const isReferenceMetric = (metric: string): boolean => metric.split('.')[0] === REFERENCE_PREFIX;
const namesReferences = (pattern: string): boolean => pattern.split('.')[0] === REFERENCE_PREFIX;

export interface RuleMatcher {
  rule: Rule;
  index: number;
  isMatch: (metric: string) => boolean;
}

/** One matcher per policy rule, in order; `vs_reference.*` needs a rule that names it. */
export function ruleMatchers(policy: Policy): RuleMatcher[] {
  return policy.rules.map((rule, index) => {
    let glob: (path: string) => boolean;
    try {
      glob = picomatch(toGlobPath(rule.metric), { dot: true, nobrace: true, noextglob: true });
    } catch (error) {
      // The schema bounds patterns; this keeps any other refusal of the glob compiler one line.
      throw new UsageError(`policy rules[${index}].metric: not a usable pattern (${(error as Error).message.split('\n')[0]})`);
    }
    const explicit = namesReferences(rule.metric);
    return { rule, index, isMatch: (metric: string) => (explicit || !isReferenceMetric(metric)) && glob(toGlobPath(metric)) };
  });
}

export function compileRules(policy: Policy): RuleFor {
  const matchers = ruleMatchers(policy);
  const cache = new Map<string, EffectiveRule>();
  return (metric, signal) => {
    const key = signal ? `${signal.kind}:${metric}` : metric;
    let effective = cache.get(key);
    if (!effective) {
      const found = matchers.find((m) => m.isMatch(metric));
      effective = found ? fromPolicyRule(found.rule, metric, signal) : builtinRule(metric, policy.defaults === 'builtin', signal);
      cache.set(key, effective);
    }
    return effective;
  };
}

const lastSegment = (metric: string): string => metric.split('.').at(-1) ?? metric;

function fromPolicyRule(rule: Rule, metric: string, signal: Signal | undefined): EffectiveRule {
  const inferred = inferMetric(metric, signal);
  return {
    label: rule.metric,
    basis: rule.direction ? `rule \`${rule.metric}\`` : `rule \`${rule.metric}\`; direction from ${inferred.basis}`,
    ...(isReferenceMetric(metric)
      ? { note: `compared with the baseline's score against the same reference, because rule \`${rule.metric}\` names it (the reference itself never blocks)` }
      : {}),
    direction: rule.direction ?? inferred.direction,
    tolerance: rule.tolerance ?? 0,
    tolerancePct: rule.tolerance_pct ?? 0,
    severity: rule.severity,
    missing: rule.missing,
    min: rule.min,
    max: rule.max,
    maxGainPct: rule.max_gain_pct,
    significance: rule.significance,
    confidence: rule.confidence,
    resamples: rule.resamples,
    score: rule.score ?? lastSegment(metric),
    gated: true,
  };
}

/**
 * The built-in rules of DESIGN.md section 3: quality metrics error on a drop over 5%
 * relative; time, cost and token-count metrics warn on a rise over 20%; a lower-is-better
 * metric whose baseline is 0 errors on any rise (5% of 0 is 0); unknown directions are only
 * reported. Refined on the real store: metrics under a `gates` segment (and gate signals
 * anywhere) are absolute hard gates on the candidate alone (a rate must be 0, a failure list
 * empty, a flag true), under a `warnings` segment the same bounds only warn, and
 * `vs_reference.*` metrics are reported, not gated.
 */
function builtinRule(metric: string, enabled: boolean, signal: Signal | undefined): EffectiveRule {
  const inferred = inferMetric(metric, signal);
  const direction = enabled ? inferred.direction : null;
  const base = { label: 'default', direction, tolerance: 0, score: lastSegment(metric), basis: inferred.basis };
  const ungated = { ...base, label: 'none', tolerancePct: 0, severity: 'warning' as const, missing: 'fail' as const, gated: false };
  if (!enabled) return { ...ungated, basis: 'defaults: none' };
  if (isReferenceMetric(metric)) {
    return { ...ungated, basis: 'references never block: vs_reference metrics are reported, not gated (a rule naming vs_reference.… gates them)' };
  }
  const warnings = underSegment(metric, WARNINGS_SEGMENT);
  const gates = underSegment(metric, GATES_SEGMENT);
  if (((gates || warnings || signal !== undefined) && direction !== 'higher') || signal?.kind === 'flag') {
    const where = gates ? `under \`${GATES_SEGMENT}\`` : warnings ? `under \`${WARNINGS_SEGMENT}\`` : 'a gate signal';
    const bound = signal?.kind === 'flag' ? (signal.passes ? { min: 1 } : { max: 0 }) : { max: 0 };
    return {
      ...base,
      direction: direction ?? 'lower',
      tolerancePct: 0,
      severity: warnings && !gates ? 'warning' : 'error',
      missing: 'fail',
      gated: true,
      absolute: true,
      ...bound,
      basis: `${where}: an absolute ${warnings && !gates ? 'warning' : 'hard gate'} on the candidate alone (${inferred.basis})`,
    };
  }
  if (!direction) return ungated;
  if (direction === 'lower' && inferred.costLike) {
    return { ...base, tolerancePct: 20, severity: 'warning', missing: 'fail', gated: true };
  }
  return { ...base, tolerancePct: 5, severity: 'error', missing: 'fail', gated: true };
}

/** The worsening a rule allows at a baseline value: tolerance + tolerance_pct/100 * |baseline| (DESIGN.md section 3). */
export function allowedWorsening(rule: Pick<EffectiveRule, 'tolerance' | 'tolerancePct'>, baseline: number): number {
  return rule.tolerance + (rule.tolerancePct / 100) * Math.abs(baseline);
}
