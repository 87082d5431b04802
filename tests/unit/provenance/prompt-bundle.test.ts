/**
 * The canonical prompt hash (property tests over seeded random bundles): stable across key
 * order, CRLF/LF and trailing whitespace; different as soon as any prompt text changes.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bundleFileText, canonicalizeBundle, readableBundle, type Bundle, type BundleValue } from '../../../src/provenance/prompt-bundle.js';
import { normalizeText } from '../../../src/provenance/hashing.js';
import { Rng } from '../../../src/stats/rng.js';

const WORDS = ['Summarize', 'the', 'episode', 'in', 'three', 'bullet', 'points.', 'You', 'are', 'a', 'careful', 'assistant', '{{transcript}}', 'é', '日本', '🙂', '"quoted"', 'tab\there'];

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng.nextFloat() * items.length)]!;
}

function randomText(rng: Rng): string {
  const lines: string[] = [];
  const count = 1 + Math.floor(rng.nextFloat() * 5);
  for (let i = 0; i < count; i++) {
    const words: string[] = [];
    for (let w = 0, n = 1 + Math.floor(rng.nextFloat() * 8); w < n; w++) words.push(pick(rng, WORDS));
    lines.push(`${rng.nextFloat() < 0.3 ? '  ' : ''}${words.join(' ')}`);
  }
  return lines.join('\n');
}

function randomBundle(rng: Rng, depth = 0): Bundle {
  const bundle: Bundle = {};
  const keys = ['system', 'user', 'task', 'roles', 'tools', 'critic', 'format'];
  for (let i = 0, n = 1 + Math.floor(rng.nextFloat() * 4); i < n; i++) {
    const key = pick(rng, keys) + (rng.nextFloat() < 0.3 ? `_${i}` : '');
    bundle[key] = depth < 1 && rng.nextFloat() < 0.25 ? randomBundle(rng, depth + 1) : randomText(rng);
  }
  return bundle;
}

/** The same bundle with keys reversed, CRLF line ends and trailing blanks on every line. */
function disguise(value: BundleValue, rng: Rng): BundleValue {
  if (typeof value === 'string') {
    const eol = rng.nextFloat() < 0.5 ? '\r\n' : '\n';
    return value.split('\n').map((line) => line + pick(rng, ['', ' ', '\t', '  \t '])).join(eol) + pick(rng, ['', '\n', '\r\n\r\n', '  ']);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Bundle = {};
  for (const key of Object.keys(value).reverse()) out[key] = disguise(value[key] as BundleValue, rng);
  return out;
}

/** Changes one character of one prompt (not whitespace at a line end, which is normalised). */
function mutate(bundle: Bundle, rng: Rng): Bundle {
  const copy = structuredClone(bundle);
  const paths: { parent: Bundle; key: string }[] = [];
  const walk = (node: Bundle): void => {
    for (const [key, child] of Object.entries(node)) {
      if (typeof child === 'string') paths.push({ parent: node, key });
      else if (child && typeof child === 'object' && !Array.isArray(child)) walk(child as Bundle);
    }
  };
  walk(copy);
  const { parent, key } = pick(rng, paths);
  const text = parent[key] as string;
  const at = Math.floor(rng.nextFloat() * (text.length + 1));
  parent[key] = `${text.slice(0, at)}${pick(rng, ['X', 'not ', '!'])}${text.slice(at)}`;
  return copy;
}

describe('canonical prompt hash', () => {
  it('is stable across key order, CRLF/LF and trailing whitespace (500 random bundles)', () => {
    const rng = new Rng(20260402);
    for (let i = 0; i < 500; i++) {
      const bundle = randomBundle(rng);
      expect(canonicalizeBundle(disguise(bundle, rng)).hash).toBe(canonicalizeBundle(bundle).hash);
    }
  });

  it('changes when any prompt text changes (500 random edits)', () => {
    const rng = new Rng(42);
    for (let i = 0; i < 500; i++) {
      const bundle = randomBundle(rng);
      expect(canonicalizeBundle(mutate(bundle, rng)).hash).not.toBe(canonicalizeBundle(bundle).hash);
    }
  });

  it('changes when a prompt is renamed, added or removed, or indentation changes', () => {
    const base = canonicalizeBundle({ system: 'Be brief.', user: 'Summarize:\n  {{text}}' }).hash;
    expect(canonicalizeBundle({ sys: 'Be brief.', user: 'Summarize:\n  {{text}}' }).hash).not.toBe(base);
    expect(canonicalizeBundle({ system: 'Be brief.' }).hash).not.toBe(base);
    expect(canonicalizeBundle({ system: 'Be brief.', user: 'Summarize:\n  {{text}}', extra: '' }).hash).not.toBe(base);
    expect(canonicalizeBundle({ system: 'Be brief.', user: 'Summarize:\n{{text}}' }).hash).not.toBe(base);
  });

  it('hashes RFC 8785 text: sorted keys, no insignificant whitespace', () => {
    const { canonical, hash } = canonicalizeBundle({ user: 'b\r\n', system: 'a  ' });
    expect(canonical).toBe('{"system":"a","user":"b"}');
    expect(hash).toBe(createHash('sha256').update('{"system":"a","user":"b"}').digest('hex'));
  });

  it('refuses a bundle that is not an object of prompts', () => {
    expect(() => canonicalizeBundle(['a'])).toThrow(/JSON object/);
    expect(() => canonicalizeBundle('text')).toThrow(/JSON object/);
  });

  it('saves a readable file whose parsed content hashes the same, and renders a diffable text', () => {
    const bundle = canonicalizeBundle({ user: 'Summarize.\r\n', system: 'You are terse.' });
    const text = bundleFileText(bundle.bundle);
    expect(text).toBe('{\n  "system": "You are terse.",\n  "user": "Summarize."\n}\n');
    expect(canonicalizeBundle(JSON.parse(text)).hash).toBe(bundle.hash);
    expect(readableBundle({ b: 'two\nlines', a: { x: 'nested' } })).toBe('## a.x\nnested\n\n## b\ntwo\nlines\n');
  });

  it('normalises text the documented way', () => {
    expect(normalizeText('a \t\r\nb\r  c  \n\n\n')).toBe('a\nb\n  c');
  });
});
