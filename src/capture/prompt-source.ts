/**
 * Where a run's prompt bundle comes from: a `prompts.json` the evaluation command wrote
 * into the run directory (it knows best what the model saw), else the `prompts:` mapping
 * of the run's config. In the config a prompt is its text (or a template name), a nested
 * mapping of prompts, or `{file: path}` naming a template file relative to the repository
 * root, which is read into the bundle so the hash covers the text, not the file name.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UsageError } from '../contract/errors.js';
import { decodeStrictUtf8, stripBom } from '../parse/utf8.js';

const MAX_PROMPT_FILE_BYTES = 1024 * 1024;

export interface PromptSourceOptions {
  /** Template files must resolve inside this folder (the repository root). */
  root: string;
  /** Shown in errors, e.g. `config.yaml`. */
  source: string;
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

async function readTemplate(file: string, path: string, options: PromptSourceOptions): Promise<string> {
  const where = `${options.source}: ${path ? `prompts.${path}.file` : 'prompts.file'} ${JSON.stringify(file)}`;
  if (isAbsolute(file)) throw new UsageError(`${where}: use a path relative to the repository root`);
  const root = await realpath(options.root);
  let target: string;
  try {
    target = await realpath(resolve(root, file));
  } catch {
    throw new UsageError(`${where}: file not found (paths are relative to ${options.root})`);
  }
  if (!isInside(root, target)) throw new UsageError(`${where}: resolves outside the repository root`);
  const info = await stat(target);
  if (!info.isFile()) throw new UsageError(`${where}: not a regular file`);
  if (info.size > MAX_PROMPT_FILE_BYTES) throw new UsageError(`${where}: ${info.size} bytes, over the ${MAX_PROMPT_FILE_BYTES}-byte cap`);
  try {
    return stripBom(decodeStrictUtf8(await readFile(target), file));
  } catch (error) {
    throw new UsageError(`${where}: ${(error as Error).message}`);
  }
}

async function resolveEntry(value: unknown, path: string, options: PromptSourceOptions): Promise<unknown> {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Promise.all(value.map((item, i) => resolveEntry(item, `${path}[${i}]`, options)));
  const record = value as Record<string, unknown>;
  if (typeof record.file === 'string') {
    const { file, ...rest } = record;
    const text = await readTemplate(file, path, options);
    // A bare file reference is just its text; other keys (name, params) stay beside it.
    return Object.keys(rest).length === 0 ? text : { ...rest, text };
  }
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(record)) out[key] = await resolveEntry(child, path ? `${path}.${key}` : key, options);
  return out;
}

/** The raw (not yet canonical) bundle from a config's `prompts:` mapping, or undefined. */
export async function promptsFromConfig(config: Record<string, unknown> | undefined, options: PromptSourceOptions): Promise<Record<string, unknown> | undefined> {
  const prompts = config?.prompts;
  if (prompts === undefined || prompts === null) return undefined;
  if (typeof prompts !== 'object' || Array.isArray(prompts)) {
    throw new UsageError(`${options.source}: prompts must be a mapping of prompt names to texts, template names or {file: path}`);
  }
  return (await resolveEntry(prompts, '', options)) as Record<string, unknown>;
}

/** The human label (`prompt_version`) from the config, when it has one. */
export function promptVersionFromConfig(config: Record<string, unknown> | undefined): string | undefined {
  const version = config?.prompt_version;
  if (typeof version === 'string' && version.trim()) return version.trim();
  if (typeof version === 'number') return String(version);
  return undefined;
}
