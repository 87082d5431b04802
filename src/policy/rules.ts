/**
 * Which rule governs a metric: the first policy rule whose pattern matches, else the built-in
 * rule for its name (when `defaults: builtin`), else none (reported, not gated).
 */
import picomatch from 'picomatch';
import { UsageError } from '../errors.js';
import { inferDirection, isCostLike } from './direction.js';
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
}

/**
 * Metric paths use `.` between segments; picomatch uses `/`. Converting both lets `*` match
 * exactly one segment and `**` any number, as the policy documents.
 */
const toGlobPath = (dotted: string): string => dotted.split('.').join('/');

export function compileRules(policy: Policy): (metric: string) => EffectiveRule {
  const matchers = policy.rules.map((rule, index) => {
    try {
      return { rule, isMatch: picomatch(toGlobPath(rule.metric), { dot: true, nobrace: true, noextglob: true }) };
    } catch (error) {
      // The schema bounds patterns; this keeps any other refusal of the glob compiler one line.
      throw new UsageError(`policy rules[${index}].metric: not a usable pattern (${(error as Error).message.split('\n')[0]})`);
    }
  });
  const cache = new Map<string, EffectiveRule>();
  return (metric) => {
    let effective = cache.get(metric);
    if (!effective) {
      const found = matchers.find((m) => m.isMatch(toGlobPath(metric)));
      effective = found ? fromPolicyRule(found.rule, metric) : builtinRule(metric, policy.defaults === 'builtin');
      cache.set(metric, effective);
    }
    return effective;
  };
}

const lastSegment = (metric: string): string => metric.split('.').at(-1) ?? metric;

function fromPolicyRule(rule: Rule, metric: string): EffectiveRule {
  return {
    label: rule.metric,
    direction: rule.direction ?? inferDirection(metric),
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
 * relative; time and cost metrics warn on a rise over 20%; a lower-is-better metric whose
 * baseline is 0 errors on any rise (5% of 0 is 0); unknown directions are only reported.
 */
function builtinRule(metric: string, enabled: boolean): EffectiveRule {
  const direction = enabled ? inferDirection(metric) : null;
  const base = { label: 'default', direction, tolerance: 0, score: lastSegment(metric) };
  if (!direction) {
    return { ...base, label: 'none', tolerancePct: 0, severity: 'warning', missing: 'fail', gated: false };
  }
  if (direction === 'lower' && isCostLike(metric)) {
    return { ...base, tolerancePct: 20, severity: 'warning', missing: 'fail', gated: true };
  }
  return { ...base, tolerancePct: 5, severity: 'error', missing: 'fail', gated: true };
}

/** The worsening a rule allows at a baseline value: tolerance + tolerance_pct/100 * |baseline| (DESIGN.md section 3). */
export function allowedWorsening(rule: Pick<EffectiveRule, 'tolerance' | 'tolerancePct'>, baseline: number): number {
  return rule.tolerance + (rule.tolerancePct / 100) * Math.abs(baseline);
}
