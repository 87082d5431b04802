/**
 * Hashing primitives shared by fingerprints, prompt bundles, config hashes and manifests.
 * Everything hashed as text goes through RFC 8785 (JSON Canonicalization Scheme) first, so
 * a hash never depends on key order or on how a file happened to be pretty-printed.
 */
import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';

type Canonicalize = (input: unknown) => string | undefined;

// `canonicalize` is CommonJS typed as `export default`: Node's ESM loader hands us the
// function itself, while TypeScript (NodeNext) types the import as the module namespace.
// Accept either shape so the source and the ncc bundle both work.
const loaded = canonicalizeModule as unknown;
const canonicalizeImpl: Canonicalize =
  typeof loaded === 'function' ? (loaded as Canonicalize) : (loaded as { default: Canonicalize }).default;

/** RFC 8785 canonical JSON text. Throws on values JSON cannot hold (NaN, Infinity, undefined root). */
export function canonicalJson(value: unknown): string {
  const text = canonicalizeImpl(value);
  if (text === undefined) throw new Error('value has no JSON representation');
  return text;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Text normalisation for hashed prose (prompts, configs): CRLF and CR become LF, trailing
 * spaces and tabs are stripped from every line, and trailing blank lines are dropped, so
 * an editor's line-ending or whitespace habits never change a hash. Leading indentation is
 * kept: it can change what a model sees.
 */
export function normalizeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v]+$/gm, '')
    .replace(/\n+$/, '');
}
