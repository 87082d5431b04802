/**
 * The config a run is created with (`--config FILE`), validated before anything runs and
 * snapshotted into the run folder as config.yaml. `--baseline ID` is written into the
 * snapshot as `baseline:` (the gate reads the comparison point from there); a config
 * that names a different dataset or baseline than the flags is refused, not guessed.
 */
import { readFile, stat } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { configDataset } from '../artifacts/run-metadata.js';
import { ArtifactError, UsageError } from '../contract/errors.js';
import { decodeStrictUtf8, stripBom } from '../parse/utf8.js';
import { MAX_CONFIG_BYTES, parseAndHashConfig, type ParsedConfig } from '../provenance/config-hash.js';

export interface ConfigSnapshot {
  text: string;
  parsed: ParsedConfig;
}

function parse(text: string, display: string): ParsedConfig {
  try {
    const parsed = parseAndHashConfig(text, display);
    if (text.trim() && !parsed.value) throw new UsageError(`${display}: the config must be a YAML mapping`);
    return parsed;
  } catch (error) {
    if (error instanceof ArtifactError) throw new UsageError(error.message);
    throw error;
  }
}

async function readConfigFile(path: string, display: string): Promise<string> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new UsageError(`--config ${display}: file not found`);
  }
  if (!info.isFile()) throw new UsageError(`--config ${display}: not a regular file`);
  if (info.size > MAX_CONFIG_BYTES) throw new UsageError(`--config ${display}: ${info.size} bytes, over the ${MAX_CONFIG_BYTES}-byte cap`);
  try {
    return stripBom(decodeStrictUtf8(await readFile(path), display));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export async function loadConfigSnapshot(
  config: { path: string; display: string } | undefined,
  datasetId: string,
  baselineId: string | undefined,
): Promise<ConfigSnapshot | undefined> {
  if (!config) {
    if (!baselineId) return undefined;
    const text = `baseline: ${baselineId}\n`;
    return { text, parsed: parse(text, 'config.yaml') };
  }
  let text = await readConfigFile(config.path, config.display);
  let parsed = parse(text, config.display);
  const declared = parsed.value ? configDataset(parsed.value) : undefined;
  if (declared !== undefined && declared !== datasetId) {
    throw new UsageError(`--dataset-id ${datasetId} conflicts with ${config.display}, which names dataset ${JSON.stringify(declared)}`);
  }
  const named = parsed.value?.baseline;
  if (baselineId && named !== undefined && named !== baselineId) {
    throw new UsageError(`--baseline ${baselineId} conflicts with ${config.display}, which names baseline ${JSON.stringify(named)}`);
  }
  if (baselineId && named === undefined) {
    // The yaml Document API keeps the user's comments and layout.
    const doc = parseDocument(text);
    doc.set('baseline', baselineId);
    text = doc.toString();
    parsed = parse(text, config.display);
  }
  return { text, parsed };
}
