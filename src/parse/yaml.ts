/**
 * Strict, bounded YAML for policy.yml and config.yaml (RELIABILITY F11).
 *
 * The `yaml` library is used rather than a hand-written parser: YAML is a large grammar and
 * the library is maintained, dependency-free and exposes node ranges, which lets every error
 * name a line. What we add is strictness: duplicate keys, unknown (custom) tags and any parser
 * warning are errors, and alias expansion is capped so an alias bomb cannot eat memory.
 * Explicit tags are refused outright, the YAML 1.1 ones the library would otherwise resolve
 * (`!!binary`, `!!set`, `!!omap`, `!!timestamp`; F29) as much as custom ones (F11): a policy
 * or a run config never needs one, and each is a type the schemas do not expect.
 */
import { LineCounter, parseDocument, isMap, isNode, isScalar, visit, type Document, type Node } from 'yaml';
import { ArtifactError } from '../contract/errors.js';

const MAX_ALIAS_EXPANSIONS = 50;

export interface ParsedYaml {
  value: unknown;
  /** 1-based line and column of the node at `path`, or of its nearest ancestor that exists. */
  locate(path: readonly PropertyKey[]): { line: number; column: number } | undefined;
}

function firstTaggedNode(doc: Document.Parsed): Node | undefined {
  let found: Node | undefined;
  visit(doc, {
    Node(_key, node) {
      if (node.tag === undefined) return undefined;
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}

/** Where the tag before a node's value begins (the node's range starts at the value). */
function tagStart(text: string, valueStart: number): number {
  let at = valueStart;
  while (at > 0 && (text[at - 1] === ' ' || text[at - 1] === '\t')) at--;
  let start = at;
  while (start > 0 && !/\s/.test(text[start - 1] ?? ' ')) start--;
  return text[start] === '!' ? start : valueStart;
}

/** `tag:yaml.org,2002:binary` is written `!!binary` in a document. */
const shortTag = (tag: string): string => (tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag);

export function parseYamlStrict(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc: Document.Parsed = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: true,
    schema: 'core',
    strict: true,
    // Unknown tags such as `!!python/object` resolve to an error instead of a plain string.
    customTags: [],
    // Without this, the core schema still resolves the YAML 1.1 tags !!binary, !!set, ...
    resolveKnownTags: false,
  });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const pos = problem.linePos?.[0];
    const reason = problem.message.split('\n')[0] ?? problem.message;
    throw new ArtifactError({ file, line: pos?.line, column: pos?.col }, `invalid YAML: ${reason}`, 'config.yaml');
  }
  const tagged = firstTaggedNode(doc);
  if (tagged) {
    const at = tagged.range ? lineCounter.linePos(tagStart(text, tagged.range[0])) : undefined;
    throw new ArtifactError(
      { file, line: at?.line, column: at?.col },
      `invalid YAML: the tag ${shortTag(tagged.tag ?? '')} is not allowed (tags are never needed here)`,
      'config.yaml',
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ArtifactError({ file }, `invalid YAML: ${reason}`, 'config.yaml');
  }

  // Points at the key of a mapping entry (where a user looks for a field), else the node.
  const locate = (path: readonly PropertyKey[]): { line: number; column: number } | undefined => {
    for (let depth = path.length; depth >= 0; depth--) {
      const parent = depth === 0 ? undefined : depth === 1 ? doc.contents : doc.getIn(path.slice(0, depth - 1) as unknown[], true);
      const key = path[depth - 1];
      let offset: number | undefined;
      if (isMap(parent)) {
        const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === key);
        if (pair && isNode(pair.key)) offset = pair.key.range?.[0];
      }
      if (offset === undefined) {
        const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as unknown[], true);
        if (isNode(node)) offset = node.range?.[0];
      }
      if (offset !== undefined) {
        const { line, col } = lineCounter.linePos(offset);
        return { line, column: col };
      }
    }
    return undefined;
  };
  return { value, locate };
}
