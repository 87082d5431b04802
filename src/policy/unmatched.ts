/**
 * A policy rule whose pattern matches no metric of either side would silently hand the
 * metric it meant to the default rule (a typo like `quality.exact_mach` drops a floor). Such
 * a rule is a configuration error naming the rule and the closest metric names, unless it
 * says `missing: ignore` (issue 10, item 4). Pure: the caller supplies the names and throws.
 */
import { closestNames } from '../contract/did-you-mean.js';
import type { Policy, Rule } from './schema.js';
import { ruleMatchers } from './rules.js';

export interface UnmatchedRule {
  index: number;
  rule: Rule;
  /** Up to three metric names nearest to the pattern (edit distance, did-you-mean.ts), nearest first. */
  closest: string[];
}

export function unmatchedRules(policy: Policy, names: Iterable<string>): UnmatchedRule[] {
  const all = [...new Set(names)];
  return ruleMatchers(policy)
    .filter((m) => m.rule.missing !== 'ignore' && !all.some((name) => m.isMatch(name)))
    .map((m) => ({
      index: m.index,
      rule: m.rule,
      closest: closestNames(m.rule.metric, all, { anyDistance: true }),
    }));
}
