/**
 * Generated policies for the hostile-input fuzzing: a valid policy built from the schema's
 * fields (any verdict allowed), optionally broken by one known-bad mutation (then the gate
 * must refuse it with exit 2 and one line, never evaluate under it).
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { nameArb } from './store-cases.js';

export const POLICY_BREAKS = [
  'unknown-field',
  'wrong-type',
  'yaml-tag',
  'duplicate-key',
  'alias-bomb',
  'reference-blocks',
  'long-pattern',
  'min-above-max',
  'version-2',
  'negative-tolerance',
  'empty',
  'syntax',
  'rule-on-references',
  'rule-matches-nothing',
] as const;
export type PolicyBreak = (typeof POLICY_BREAKS)[number];

export interface PolicyCase {
  policy: Record<string, unknown>;
  broken?: PolicyBreak;
  variant: number;
}

/** Patterns that match a metric of the fuzzed store; any other pattern says `missing: ignore`. */
const MATCHING = ['exact_match', 'quality.*', '**', 'quality.f1'];

const ruleArb = fc.record(
  {
    metric: fc.oneof(fc.constantFrom(...MATCHING, 'hostile.**'), nameArb.filter((n) => !/^references?\b/.test(n) && n.length <= 64)),
    direction: fc.constantFrom('higher', 'lower'),
    tolerance: fc.double({ min: 0, max: 1, noNaN: true }),
    tolerance_pct: fc.double({ min: 0, max: 50, noNaN: true }),
    severity: fc.constantFrom('error', 'warning'),
    min: fc.double({ min: -1, max: 0.5, noNaN: true }),
    max_gain_pct: fc.double({ min: 1, max: 100, noNaN: true }),
    missing: fc.constantFrom('fail', 'warn', 'ignore'),
    significance: fc.constantFrom(0.05, 0.01, 0.1),
  },
  { requiredKeys: ['metric'] },
).map((rule) => (MATCHING.includes(rule.metric) ? rule : { ...rule, missing: 'ignore' as const })); // issue 10, item 4

export const policyCaseArb: fc.Arbitrary<PolicyCase> = fc.record({
  policy: fc.record(
    {
      version: fc.constant(1),
      pins: fc.constant([{ baseline: 'base_v1', dataset: 'ds1' }]),
      cold_start: fc.constantFrom('fail', 'absolute'),
      fail_on: fc.constantFrom('error', 'warning'),
      defaults: fc.constantFrom('builtin', 'none'),
      predictions: fc.record({ id_field: fc.constantFrom('auto', 'id'), coverage: fc.constantFrom('exact', 'superset', 'subset') }),
      rules: fc.array(ruleArb, { maxLength: 4 }),
      compliance: fc.record({
        require_commit: fc.constant(false),
        secrets: fc.constantFrom('fail', 'warn', 'off'),
        manifest: fc.constantFrom('fail', 'warn', 'off'),
        non_regular_entries: fc.constantFrom('fail', 'warn'),
      }),
      references: fc.record({ show: fc.boolean() }),
    },
    { requiredKeys: ['version', 'pins', 'compliance'] },
  ),
  broken: fc.option(fc.constantFrom(...POLICY_BREAKS), { nil: undefined, freq: 2 }),
  variant: fc.nat({ max: 7 }),
});

const TAGS = ['!!binary ZXJyb3I=', '!!set {a, b}', '!!omap [a: 1]', '!!timestamp 2001-12-14', '!!str error', '!custom error', '!!python/object:os.system x'];

/** The policy file's text for a case. */
export function policyText(c: PolicyCase): string {
  const policy = structuredClone(c.policy);
  const rules = (policy['rules'] as Record<string, unknown>[] | undefined) ?? [];
  switch (c.broken) {
    case 'unknown-field':
      policy[['tolerence', 'pin', 'rule', 'fail-on'][c.variant % 4] ?? 'x'] = 1;
      break;
    case 'wrong-type':
      policy['fail_on'] = [1, 'sometimes', true, { a: 1 }][c.variant % 4];
      break;
    case 'reference-blocks':
      policy['references'] = { show: true, [['block', 'blocking', 'severity', 'gate'][c.variant % 4] ?? 'block']: true };
      break;
    case 'long-pattern':
      policy['rules'] = [...rules, { metric: 'a'.repeat(4097 + c.variant * 20_000) }];
      break;
    case 'min-above-max':
      policy['rules'] = [...rules, { metric: 'exact_match', min: 0.9, max: 0.1 }];
      break;
    case 'version-2':
      policy['version'] = 2;
      break;
    case 'negative-tolerance':
      policy['rules'] = [...rules, { metric: 'exact_match', tolerance: -0.1 }];
      break;
    case 'rule-on-references':
      policy['rules'] = [...rules, { metric: ['references.x', 'reference.y.f1'][c.variant % 2] ?? 'references.x' }];
      break;
    case 'rule-matches-nothing':
      // A typo would hand the metric it meant to the default rule (issue 10, item 4).
      policy['rules'] = [...rules, { metric: ['quality.exact_mach', 'exact_matc', 'quality.f1.x', 'nothing.**'][c.variant % 4] ?? 'exact_matc', min: 0.5 }];
      break;
    default:
      break;
  }
  let text = stringify(policy, { lineWidth: 0 });
  switch (c.broken) {
    case 'yaml-tag':
      text += `fail_on: ${TAGS[c.variant % TAGS.length] ?? '!!str error'}\n`;
      text = text.replace(/^fail_on: (error|warning)\n/m, '');
      break;
    case 'duplicate-key':
      text += 'version: 1\n';
      break;
    case 'alias-bomb':
      text += `x_anchor: &a [${Array(10).fill('1').join(', ')}]\n${'bcdefghij'.split('').map((k, i) => `x_${k}: &${k} [${Array(10).fill(`*${'abcdefghij'[i]}`).join(', ')}]`).join('\n')}\n`;
      break;
    case 'empty':
      text = ['', '# nothing\n', '---\n', '~\n'][c.variant % 4] ?? '';
      break;
    case 'syntax':
      text += ['rules: [\n', 'pins:\n\t- x\n', ': bad\n', 'a: "unterminated\n'][c.variant % 4] ?? 'rules: [\n';
      break;
    default:
      break;
  }
  return text;
}
