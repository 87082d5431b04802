/**
 * `config_hash`: sha256 of the run's config.yaml by meaning, not by bytes: the YAML is
 * parsed strictly and hashed as RFC 8785 JSON, so comments, key order, quoting style and
 * line endings never change it, while any changed value does.
 */
import { parseYamlStrict } from '../parse/yaml.js';
import { canonicalJson, normalizeText, sha256Hex } from './hashing.js';

export const CONFIG_FILE = 'config.yaml';
export const MAX_CONFIG_BYTES = 1024 * 1024;

export interface ParsedConfig {
  value: Record<string, unknown> | undefined;
  hash: string;
}

/** Parses config text (throws ArtifactError naming file:line on invalid YAML) and hashes it. */
export function parseAndHashConfig(text: string, display: string): ParsedConfig {
  const { value } = parseYamlStrict(text, display);
  let hash: string;
  try {
    hash = sha256Hex(canonicalJson(value ?? null));
  } catch {
    // `.nan` or `.inf` have no JSON form: fall back to the normalised text, still stable
    // across line endings and trailing whitespace.
    hash = sha256Hex(normalizeText(text));
  }
  const record = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  return { value: record, hash };
}
