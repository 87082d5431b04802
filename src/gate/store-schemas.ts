/**
 * A store that keeps JSON Schemas for its artifacts (`<store>/schemas/*.json`, as the real
 * store does) gets its candidate's metrics.json and predictions.jsonl validated against them
 * by the functional gate (issue 10, item 15). metrics.json is checked against the schema its
 * `schema` field names (`metrics_summarization_v2` -> schemas/metrics_summarization_v2.json);
 * each predictions line against the schema the policy names for the run's task
 * (`schemas.predictions`), else the one its own `schema` field names.
 *
 * ajv validates, in the draft each schema declares (`$schema`: draft-07, 2019-09, 2020-12;
 * none means 2020-12). Errors name file, line and JSON pointer; for metrics.json the line of
 * the pointer comes from jsonc-parser's syntax tree of the file.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { ArtifactError, UsageError } from '../contract/errors.js';
import type { Check, CheckStatus } from '../contract/check.js';
import { DEFAULT_LIMITS } from '../parse/jsonl.js';
import type { Policy } from '../policy/schema.js';
import { forEachJsonlInStore, isDirectoryInStore, listDirInStore, readJsonInStore, readTextInStore } from '../store/read.js';
import type { LoadedSide } from '../artifacts/load-run.js';
import type { StoreLocation } from '../store/location.js';

const SCHEMAS_DIR = 'schemas';
const MAX_SCHEMA_BYTES = 4 * 1024 * 1024;
const MAX_METRICS_BYTES = 64 * 1024 * 1024;
/** Errors shown per file; the count says how many more there were. */
const MAX_SHOWN = 5;

type AjvLike = Ajv | Ajv2019 | Ajv2020;
const DRAFTS: { pattern: RegExp; make: () => AjvLike }[] = [
  { pattern: /draft-07/, make: () => new Ajv(options()) },
  { pattern: /2019-09/, make: () => new Ajv2019(options()) },
  { pattern: /2020-12/, make: () => new Ajv2020(options()) },
];

function options() {
  // Real schemas carry keywords ajv's strict mode refuses (titles in odd places, unknown
  // formats): validate what the schema says, quietly.
  return { allErrors: true, strict: false, validateFormats: false, logger: false as const };
}

export interface StoreSchemas {
  /** Schema file names in the folder. */
  files: Set<string>;
  display: string;
  validator(file: string): ValidateFunction;
}

/** The store's schemas, or undefined when it keeps none. A broken schema is a configuration error. */
export async function loadStoreSchemas(store: StoreLocation): Promise<StoreSchemas | undefined> {
  if (!(await isDirectoryInStore(store.root, SCHEMAS_DIR, store.display))) return undefined;
  const display = `${store.display}/${SCHEMAS_DIR}`;
  const entries = (await listDirInStore(store.root, SCHEMAS_DIR, store.display)).filter((e) => e.kind === 'file' && e.name.endsWith('.json'));
  const instances = new Map<string, AjvLike>();
  const keyOf = new Map<string, { ajv: AjvLike; key: string }>();
  for (const entry of entries) {
    const schema = await readJsonInStore(store.root, `${SCHEMAS_DIR}/${entry.name}`, MAX_SCHEMA_BYTES, store.display);
    if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) throw new UsageError(`${display}/${entry.name}: a JSON Schema must be an object`);
    const record = schema as Record<string, unknown>;
    const declared = typeof record.$schema === 'string' ? record.$schema : 'https://json-schema.org/draft/2020-12/schema';
    const draft = DRAFTS.find((d) => d.pattern.test(declared));
    if (!draft) throw new UsageError(`${display}/${entry.name}: $schema ${JSON.stringify(declared)} is not a draft this gate validates (draft-07, 2019-09, 2020-12)`);
    const name = String(draft.pattern);
    const ajv = instances.get(name) ?? draft.make();
    instances.set(name, ajv);
    const key = typeof record.$id === 'string' ? record.$id : entry.name;
    try {
      ajv.addSchema(record, typeof record.$id === 'string' ? undefined : entry.name);
    } catch (error) {
      throw new UsageError(`${display}/${entry.name}: not a valid JSON Schema: ${(error as Error).message}`);
    }
    keyOf.set(entry.name, { ajv, key });
  }
  const compiled = new Map<string, ValidateFunction>();
  return {
    files: new Set(keyOf.keys()),
    display,
    validator(file) {
      let fn = compiled.get(file);
      if (!fn) {
        const found = keyOf.get(file);
        if (!found) throw new UsageError(`${display}/${file}: no such schema`);
        try {
          fn = found.ajv.getSchema(found.key);
        } catch (error) {
          throw new UsageError(`${display}/${file}: cannot be compiled: ${(error as Error).message}`);
        }
        if (!fn) throw new UsageError(`${display}/${file}: cannot be compiled`);
        compiled.set(file, fn);
      }
      return fn;
    },
  };
}

/** `metrics_summarization_v2` -> the file of the folder that holds it, if any. */
function schemaFile(schemas: StoreSchemas, name: string): string | undefined {
  return [name, `${name}.json`, `${name}.schema.json`].find((candidate) => schemas.files.has(candidate));
}

const pointerOf = (error: ErrorObject): string => error.instancePath || '(root)';

function describe(error: ErrorObject): string {
  const extra = error.keyword === 'additionalProperties' ? ` (${JSON.stringify((error.params as { additionalProperty?: string }).additionalProperty)})` : '';
  return `${pointerOf(error)}: ${error.message ?? error.keyword}${extra}`;
}

/** The 1-based line of a JSON pointer in `text`, from jsonc-parser's syntax tree. */
function lineOf(text: string, pointer: string): number | undefined {
  const tree = parseTree(text);
  if (!tree) return undefined;
  const path = pointer === '' ? [] : pointer.slice(1).split('/').map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~')).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const node = findNodeAtLocation(tree, path);
  if (!node) return undefined;
  let line = 1;
  for (let i = 0; i < node.offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function failing(id: string, status: CheckStatus, file: string, problems: { line?: number; text: string }[], total: number, schema: string): Check {
  const first = problems[0];
  const shown = problems.map((p) => `${file}${p.line ? `:${p.line}` : ''}: ${p.text}`).join('; ');
  const more = total > problems.length ? ` (and ${total - problems.length} more)` : '';
  return {
    id,
    status,
    message: `does not match the store's schema ${schema}: ${shown}${more}`,
    file,
    ...(first?.line ? { line: first.line } : {}),
  };
}

async function metricsCheck(store: StoreLocation, side: LoadedSide, schemas: StoreSchemas, status: CheckStatus): Promise<Check | undefined> {
  const rel = `${side.relDir}/metrics.json`;
  const file = `${store.display}/${rel}`;
  let text: string;
  let value: unknown;
  try {
    text = await readTextInStore(store.root, rel, MAX_METRICS_BYTES, store.display);
    value = await readJsonInStore(store.root, rel, MAX_METRICS_BYTES, store.display);
  } catch (error) {
    if (error instanceof ArtifactError) return undefined; // the functional gate reports it
    throw error;
  }
  const named = value !== null && typeof value === 'object' && typeof (value as Record<string, unknown>).schema === 'string' ? ((value as Record<string, unknown>).schema as string) : undefined;
  if (named === undefined) return { id: 'schema.metrics', status: 'skip', message: `${file} names no schema (no \`schema\` field): not validated` };
  const schema = schemaFile(schemas, named);
  if (!schema) return { id: 'schema.metrics', status: 'warn', message: `${file} names schema ${JSON.stringify(named)}, which ${schemas.display}/ does not hold: not validated`, file };
  const validate = schemas.validator(schema);
  if (validate(value)) return { id: 'schema.metrics', status: 'pass', message: `${file} matches ${schemas.display}/${schema}` };
  const errors = validate.errors ?? [];
  const problems = errors.slice(0, MAX_SHOWN).map((e) => ({ line: lineOf(text, e.instancePath), text: describe(e) }));
  return failing('schema.metrics', status, file, problems, errors.length, `${schemas.display}/${schema}`);
}

async function predictionsCheck(store: StoreLocation, side: LoadedSide, schemas: StoreSchemas, policy: Policy, status: CheckStatus): Promise<Check | undefined> {
  if (!side.predictionsPath) return undefined;
  const file = `${store.display}/${side.predictionsPath}`;
  const forTask = side.task !== undefined ? policy.schemas.predictions[side.task] : undefined;
  const problems: { line?: number; text: string }[] = [];
  let total = 0;
  let validated = 0;
  const used = new Set<string>();
  try {
    await forEachJsonlInStore({ path: store.root, display: store.display }, side.predictionsPath, DEFAULT_LIMITS, (record, line) => {
      const own = typeof record.schema === 'string' ? schemaFile(schemas, record.schema) : undefined;
      const schema = forTask ?? own;
      if (!schema) return;
      used.add(schema);
      validated++;
      const validate = schemas.validator(schema);
      if (validate(record)) return;
      for (const error of validate.errors ?? []) {
        total++;
        if (problems.length < MAX_SHOWN) problems.push({ line, text: describe(error) });
      }
    });
  } catch (error) {
    if (error instanceof ArtifactError) return undefined; // the functional gate reports it
    throw error;
  }
  if (validated === 0) return undefined;
  const names = [...used].map((s) => `${schemas.display}/${s}`).join(', ');
  if (total === 0) return { id: 'schema.predictions', status: 'pass', message: `${validated} line(s) of ${file} match ${names}` };
  return failing('schema.predictions', status, file, problems, total, names);
}

/**
 * The schema checks of the candidate (the baseline was checked when it was gated). Schemas
 * come from `schemasStore`: in a pull request, the base commit's.
 */
export async function schemaChecks(input: { store: StoreLocation; schemasStore: StoreLocation; candidate: LoadedSide; policy: Policy }): Promise<Check[]> {
  const { policy } = input;
  if (policy.schemas.validate === 'off') return [];
  const schemas = await loadStoreSchemas(input.schemasStore);
  const named = Object.entries(policy.schemas.predictions);
  if (!schemas) {
    if (named.length > 0) throw new UsageError(`schemas.predictions: the store has no ${input.schemasStore.display}/${SCHEMAS_DIR}/ folder to hold ${named.map(([, f]) => f).join(', ')}`);
    return [];
  }
  for (const [task, file] of named) {
    if (!schemas.files.has(file)) throw new UsageError(`schemas.predictions.${task}: schema ${JSON.stringify(file)} not found in ${schemas.display}/`);
  }
  const status: CheckStatus = policy.schemas.validate === 'warn' ? 'warn' : 'fail';
  const checks = [
    await metricsCheck(input.store, input.candidate, schemas, status),
    await predictionsCheck(input.store, input.candidate, schemas, policy, status),
  ];
  return checks.filter((c): c is Check => c !== undefined);
}
