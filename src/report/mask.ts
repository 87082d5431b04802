/**
 * One masking function for everything the tool shows (RELIABILITY F24). A secret can arrive
 * as any string a run controls: a metric name, a dataset or task, an item id, a duplicate
 * key, a file name. Masking only inside the secret check's own message left those printed
 * in full, so the report as a whole is masked once when the gate builds it, and every
 * rendered text (terminal, Markdown, log lines, errors) is masked again on its way out.
 */
import { mayHoldSecret, redactSecrets } from '../provenance/secrets/patterns.js';
import { inertCommandLines } from './escape.js';

/** Every credential in `text` replaced by its masked form (`ghp_…a1B2`). */
export function maskSecrets(text: string): string {
  // The pre-check is built from every pattern's hint, so a new kind of secret cannot be
  // skipped by it (tests/unit/report/mask-and-commands.test.ts holds one key of each kind).
  return mayHoldSecret(text) ? redactSecrets(text) : text;
}

/** A copy of a JSON-like value with every string (object keys too) masked. */
export function maskDeep<T>(value: T): T {
  return maskValue(value) as T;
}

function maskValue(value: unknown): unknown {
  if (typeof value === 'string') return maskSecrets(value);
  if (Array.isArray(value)) return value.map(maskValue);
  if (value === null || typeof value !== 'object') return value;
  // Only plain records are walked; anything else (a Map, a Date) is left to its owner.
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) out[maskSecrets(key)] = maskValue(child);
  return out;
}

/** What any text printed to stdout or stderr goes through: masked, and no line a workflow command. */
export function safeOutput(text: string): string {
  return inertCommandLines(maskSecrets(text));
}
