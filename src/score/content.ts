/**
 * What is scored in an item: its text or its entities. A prediction record and a reference
 * item are read the same way, so a reference that is itself a run (a silver reference) and a
 * gold file per item both work:
 *
 * - `--field PATH` (a dot path into the record) names the content for every item, on both sides;
 * - otherwise entities are `output.entities` or `entities` (an array), and text is `output`
 *   when it is a string, else the first string among TEXT_FIELDS under `output`, then at the top.
 *
 * An entity is an object with a non-empty `label` and either integer offsets `start` < `end`
 * (character span [start, end)) or a `text`, or both. Anything else is an error naming the
 * file, the line (or item) and the entity's index.
 */
import { ArtifactError, type FileLocation } from '../contract/errors.js';
import type { Entity } from './entity-metrics.js';

export const TEXT_FIELDS = ['summary_final', 'summary_long', 'summary', 'text', 'answer', 'prediction', 'completion', 'response'] as const;

export type Content = { kind: 'text'; text: string } | { kind: 'entities'; entities: Entity[]; labelsInScope?: string[] };
export type ContentKind = Content['kind'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function atPath(record: Record<string, unknown>, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (!isRecord(value) || !Object.hasOwn(value, key)) return undefined;
    value = value[key];
  }
  return value;
}

function findContent(record: Record<string, unknown>, field: string | undefined): { value: unknown; path: string } | undefined {
  if (field !== undefined) {
    const value = atPath(record, field);
    return value === undefined ? undefined : { value, path: field };
  }
  const output = record.output;
  if (isRecord(output) && Array.isArray(output.entities)) return { value: output.entities, path: 'output.entities' };
  if (Array.isArray(record.entities)) return { value: record.entities, path: 'entities' };
  if (typeof output === 'string') return { value: output, path: 'output' };
  for (const place of [output, record]) {
    if (!isRecord(place)) continue;
    for (const name of TEXT_FIELDS) {
      if (typeof place[name] === 'string') return { value: place[name], path: place === output ? `output.${name}` : name };
    }
  }
  return undefined;
}

function offset(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function readEntity(value: unknown, index: number, path: string, where: FileLocation): Entity {
  const fail = (why: string): never => {
    throw new ArtifactError(where, `${path}[${index}]: ${why}`, 'score.entity');
  };
  if (!isRecord(value)) return fail('an entity must be an object with label and start/end or text');
  const label = value.label;
  if (typeof label !== 'string' || label === '') return fail('label must be a non-empty string');
  const entity: Entity = { label };
  const hasOffsets = value.start !== undefined || value.end !== undefined;
  if (hasOffsets) {
    const start = offset(value.start);
    const end = offset(value.end);
    if (start === undefined || end === undefined) return fail('start and end must both be integers >= 0');
    if (end <= start) return fail(`empty or reversed span [${start}, ${end})`);
    entity.start = start;
    entity.end = end;
  }
  if (value.text !== undefined) {
    if (typeof value.text !== 'string') return fail('text must be a string');
    entity.text = value.text;
  }
  if (!hasOffsets && entity.text === undefined) return fail('needs start and end, or text');
  return entity;
}

function labelsInScope(record: Record<string, unknown>): string[] | undefined {
  const scope = record.labels_in_scope;
  return Array.isArray(scope) && scope.every((l) => typeof l === 'string') ? (scope as string[]) : undefined;
}

/** The content of one record, or an error naming where it was looked for. */
export function readContent(record: Record<string, unknown>, field: string | undefined, where: FileLocation): Content {
  const found = findContent(record, field);
  if (!found) {
    const looked = field !== undefined ? `no "${field}" (--field)` : `no output.entities, entities, output text or one of ${TEXT_FIELDS.join(', ')}`;
    throw new ArtifactError(where, `${looked}: nothing to score (name the content with --field)`, 'score.content');
  }
  if (typeof found.value === 'string') return { kind: 'text', text: found.value };
  if (Array.isArray(found.value)) {
    const entities = found.value.map((e: unknown, i) => readEntity(e, i, found.path, where));
    const scope = labelsInScope(record);
    return { kind: 'entities', entities, ...(scope ? { labelsInScope: scope } : {}) };
  }
  throw new ArtifactError(where, `${found.path} must be a string (text) or an array (entities)`, 'score.content');
}
