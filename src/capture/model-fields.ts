/**
 * Model fields lifted from a run's config into the fingerprint: name, revision,
 * quantization, provider and generation parameters, wherever common config layouts keep
 * them. Only a fixed list of keys is copied, so credentials in a config (`api_key`) can
 * never be lifted into the fingerprint.
 */

export interface ModelFields {
  name?: string;
  revision?: string;
  quantization?: string;
  provider?: string;
  generation?: Record<string, Scalar | Scalar[]>;
}

type Scalar = string | number | boolean | null;

const GENERATION_KEYS = [
  'temperature', 'top_p', 'top_k', 'min_p', 'seed', 'max_tokens', 'max_new_tokens', 'min_new_tokens',
  'max_length', 'min_length', 'do_sample', 'num_beams', 'repetition_penalty', 'length_penalty',
  'no_repeat_ngram_size', 'presence_penalty', 'frequency_penalty', 'stop', 'n', 'early_stopping',
];

const record = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value : typeof value === 'number' ? String(value) : undefined;

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'boolean'].includes(typeof value) || (typeof value === 'number' && Number.isFinite(value));
}

function first(...values: unknown[]): string | undefined {
  for (const value of values) {
    const found = text(value);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Generation parameters from every place configs keep them; earlier sources win. */
function generation(sources: (Record<string, unknown> | undefined)[]): Record<string, Scalar | Scalar[]> | undefined {
  const out: Record<string, Scalar | Scalar[]> = {};
  for (const source of sources) {
    if (!source) continue;
    for (const key of GENERATION_KEYS) {
      if (key in out || !(key in source)) continue;
      const value = source[key];
      if (isScalar(value)) out[key] = value;
      else if (Array.isArray(value) && value.every(isScalar)) out[key] = value;
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export function modelFieldsFromConfig(config: Record<string, unknown> | undefined): ModelFields | undefined {
  if (!config) return undefined;
  const model = record(config.model);
  const backend = record(config.backend);
  const fields: ModelFields = {
    name: first(typeof config.model === 'string' ? config.model : undefined, model?.name, model?.id, config.model_name, backend?.model),
    revision: first(model?.revision, config.model_revision, config.revision),
    quantization: first(model?.quantization, config.quantization, backend?.quantization),
    provider: first(model?.provider, config.provider, backend?.type, backend?.provider),
    generation: generation([
      record(model?.generation), record(model?.parameters), model, record(config.generation), record(config.generation_params),
      record(config.params), record(config.parameters), config,
    ]),
  };
  const present = Object.entries(fields).filter(([, value]) => value !== undefined);
  return present.length > 0 ? (Object.fromEntries(present) as ModelFields) : undefined;
}

/** Training datasets a config declares, as ids or `{id, fingerprint}` entries. */
export function trainingDatasetsFromConfig(config: Record<string, unknown> | undefined): (string | { id?: string; fingerprint?: string })[] | undefined {
  if (!config) return undefined;
  const candidates = [config.training_datasets, record(config.training)?.datasets, record(config.train)?.datasets, record(config.model)?.training_datasets];
  for (const value of candidates) {
    if (!Array.isArray(value)) continue;
    const entries: (string | { id?: string; fingerprint?: string })[] = [];
    for (const item of value) {
      if (typeof item === 'string' && item) entries.push(item);
      const entry = record(item);
      if (entry && (typeof entry.id === 'string' || typeof entry.fingerprint === 'string')) {
        entries.push({ ...(typeof entry.id === 'string' ? { id: entry.id } : {}), ...(typeof entry.fingerprint === 'string' ? { fingerprint: entry.fingerprint } : {}) });
      }
    }
    if (entries.length > 0) return entries;
  }
  return undefined;
}
