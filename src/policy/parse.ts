/**
 * Reading the policy: strict YAML, then the zod schema. Any problem is a configuration error
 * (exit 2) naming the file, line and field, so a typo can never silently loosen a gate.
 */
import type { z } from 'zod';
import { UsageError, formatLocation } from '../contract/errors.js';
import { parseYamlStrict } from '../parse/yaml.js';
import { ArtifactError } from '../contract/errors.js';
import { didYouMean } from '../contract/did-you-mean.js';
import { policyJsonSchema, policySchema, type Policy } from './schema.js';

export const MAX_POLICY_BYTES = 1024 * 1024;

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text ? `${text}.${String(key)}` : String(key);
  }, '');
}

interface SchemaNode { properties?: Record<string, SchemaNode>; items?: SchemaNode; anyOf?: SchemaNode[]; oneOf?: SchemaNode[] }

/** The field names the policy allows at `path` (from its JSON Schema), for "did you mean". */
function fieldsAt(path: readonly PropertyKey[]): string[] {
  let nodes: SchemaNode[] = [policyJsonSchema() as SchemaNode];
  const expand = (list: SchemaNode[]): SchemaNode[] => list.flatMap((n) => [n, ...expand([...(n.anyOf ?? []), ...(n.oneOf ?? [])])]);
  for (const key of path) {
    nodes = expand(nodes).flatMap((n) => {
      const next = typeof key === 'number' ? n.items : n.properties?.[String(key)];
      return next === undefined ? [] : [next];
    });
  }
  return expand(nodes).flatMap((n) => Object.keys(n.properties ?? {})).filter((k) => k !== '$schema');
}

function describeIssue(issue: z.core.$ZodIssue): { path: PropertyKey[]; text: string } {
  const path = [...issue.path];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '?';
    const full = fieldPath([...path, key]);
    if (path[0] === 'references') {
      return {
        path: [...path, key],
        text: `${full}: references are informational and can never block a run; remove "${key}" (only "show" is allowed)`,
      };
    }
    const hint = didYouMean(key, fieldsAt(path)) || ' (check the spelling; see schema/policy.schema.json)';
    return { path: [...path, key], text: `${full}: unknown field${hint}` };
  }
  return { path, text: `${fieldPath(path) || '(top level)'}: ${issue.message}` };
}

/** Parses policy text; `display` is the path shown in errors. */
export function parsePolicy(text: string, display: string): Policy {
  if (Buffer.byteLength(text) > MAX_POLICY_BYTES) {
    throw new UsageError(`${display}: policy file is ${Buffer.byteLength(text)} bytes, over the ${MAX_POLICY_BYTES}-byte cap`);
  }
  let parsed;
  try {
    parsed = parseYamlStrict(text, display);
  } catch (error) {
    if (error instanceof ArtifactError) throw new UsageError(error.message);
    throw error;
  }
  if (parsed.value === null || parsed.value === undefined) {
    throw new UsageError(`${display}: policy file is empty (it needs at least "version: 1")`);
  }
  const result = policySchema.safeParse(parsed.value);
  if (!result.success) {
    const first = result.error.issues[0];
    if (!first) throw new UsageError(`${display}: invalid policy`);
    const { path, text: reason } = describeIssue(first);
    const pos = parsed.locate(path);
    const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problem(s))` : '';
    throw new UsageError(`${formatLocation({ file: display, line: pos?.line, column: pos?.column })}: ${reason}${more}`);
  }
  checkRuleConsistency(result.data, display);
  return result.data;
}

/** Cross-field rules zod cannot express per field. */
function checkRuleConsistency(policy: Policy, display: string): void {
  policy.rules.forEach((rule, index) => {
    if (rule.min !== undefined && rule.max !== undefined && rule.min > rule.max) {
      throw new UsageError(`${display}: rules[${index}]: min (${rule.min}) is above max (${rule.max})`);
    }
    if (/^references?\b/.test(rule.metric)) {
      throw new UsageError(
        `${display}: rules[${index}].metric "${rule.metric}": references are informational and can never block; ` +
          'gate the run\'s own metrics (for example vs_reference.*) instead',
      );
    }
  });
}
