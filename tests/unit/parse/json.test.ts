import { describe, expect, it } from 'vitest';
import { ArtifactError } from '../../../src/contract/errors.js';
import { MAX_DEPTH, findNonFinite, parseStrictJson, quoteForMessage } from '../../../src/parse/json.js';

/** The ArtifactError thrown by parsing `text`, for assertions on position and reason. */
function failure(text: string, file = 'metrics.json', firstLine = 1): ArtifactError {
  try {
    parseStrictJson(text, file, firstLine);
  } catch (error) {
    if (error instanceof ArtifactError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseStrictJson accepts exactly what JSON.parse accepts', () => {
  it.each([
    ['{}'],
    ['[]'],
    ['0'],
    ['-0.5e-3'],
    ['"text"'],
    ['null'],
    [' \t\r\n{"a": [1, 2.5, true, false, null], "b": {"c": "d"}} \n'],
    ['{"esc": "\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00"}'],
    ['{"unicode": "é 😀 中文", "é": 1}'],
    ['{"__proto__": {"x": 1}, "constructor": 2}'],
  ])('parses %j like JSON.parse', (text) => {
    expect(parseStrictJson(text, 'f.json')).toEqual(JSON.parse(text));
  });

  it('keeps __proto__ as a plain own key instead of touching the prototype', () => {
    const value = parseStrictJson('{"__proto__": {"polluted": true}}', 'f.json') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('NaN and Infinity (F6) are rejected at their line and column', () => {
  it('names NaN at line 1 column 8', () => {
    const error = failure('{"f1": NaN}');
    expect(error.message).toBe("metrics.json:1:8: unexpected token 'N' (NaN/Infinity are not JSON: write null or a number)");
    expect(error.where).toEqual({ file: 'metrics.json', line: 1, column: 8 });
    expect(error.code).toBe('artifact.invalid');
  });

  it('names Infinity on line 3 of a pretty-printed file', () => {
    const text = '{\n  "a": 1,\n  "loss": Infinity\n}\n';
    expect(failure(text).message).toBe(
      "metrics.json:3:11: unexpected token 'I' (NaN/Infinity are not JSON: write null or a number)",
    );
  });

  it('points -Infinity at the I after the minus sign', () => {
    expect(failure('[1, -Infinity]').message).toBe(
      "metrics.json:1:6: unexpected token 'I' (NaN/Infinity are not JSON: write null or a number)",
    );
  });

  it('accepts 1e400 as text but findNonFinite reports its path', () => {
    const value = parseStrictJson('{"a": {"b": [1, 1e400]}, "c": -1e400}', 'm.json');
    expect(findNonFinite(value)).toBe('a.b.1');
  });
});

describe('duplicate keys (F7) are named with the position of the repeat', () => {
  it('names a repeated top-level key at its second occurrence', () => {
    const error = failure('{"f1": 0.5, "f1": 0.9}');
    expect(error.message).toBe('metrics.json:1:13: duplicate key "f1"');
  });

  it('names a repeated nested key on its own line', () => {
    const text = '{\n  "scores": {\n    "f1": 1,\n    "f1": 2\n  }\n}';
    expect(failure(text).message).toBe('metrics.json:4:5: duplicate key "f1"');
  });

  it('allows the same key in different objects', () => {
    expect(parseStrictJson('{"a": {"x": 1}, "b": {"x": 2}, "c": [{"x": 3}, {"x": 4}]}', 'f')).toBeTruthy();
  });

  it('treats an escaped spelling of a key as the same key', () => {
    expect(failure('{"ab": 1, "a\\u0062": 2}').message).toBe('metrics.json:1:11: duplicate key "ab"');
  });

  it('is not fooled by colons in keys and values', () => {
    const ok = '{"url:port": "http://h:80/a:b", "t": "12:30:00", "k": {"x:y": ":::"}}';
    expect(parseStrictJson(ok, 'f')).toEqual(JSON.parse(ok));
    expect(failure('{"url": "http://h:80", "x": "a:b", "url": "y"}').message).toBe('metrics.json:1:36: duplicate key "url"');
  });

  it('is not fooled by \\u003a escapes that decode to colons', () => {
    // Parsed strings hold more colons than the raw text: the count alone would miss these.
    expect(failure('{"a:b": 1, "a\\u003ab": 2}').message).toBe('metrics.json:1:12: duplicate key "a:b"');
    expect(failure('{"k": "\\u003a", "k": 1}').message).toBe('metrics.json:1:17: duplicate key "k"');
    const ok = '{"a\\u003Ab": "x\\u003ay", "c": 1}';
    expect(parseStrictJson(ok, 'f')).toEqual({ 'a:b': 'x:y', c: 1 });
  });

  it('finds a duplicate __proto__ key', () => {
    expect(failure('{"__proto__": 1, "__proto__": 2}').message).toBe('metrics.json:1:18: duplicate key "__proto__"');
  });

  it('escapes control and bidi characters in the named key', () => {
    expect(failure('{"a\\u202eb": 1, "a\\u202eb": 2}').reason).toBe('duplicate key "a\\u202eb"');
  });

  it.each([
    ['colons only (the counting path)', ['a', ':', 'b', '\\u0061', '\\"']],
    ['\\u003a escapes (the exact scanner path)', ['a', ':', 'b', '\\u003a', '\\u0061', '\\"']],
  ])('agrees with a naive duplicate check on generated objects with %s', (_name, pieces) => {
    // Seeded generator: keys and values drawn from a tiny alphabet with colons and escapes,
    // so duplicates and colon-heavy strings are frequent.
    let seed = 12345;
    const next = (n: number): number => {
      // mulberry32
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const word = (): string => Array.from({ length: 1 + next(3) }, () => pieces[next(pieces.length)]).join('');
    let duplicates = 0;
    for (let round = 0; round < 2000; round++) {
      const keys = Array.from({ length: 1 + next(4) }, word);
      const text = `{${keys.map((k) => `"${k}": "${word()}"`).join(', ')}}`;
      const decoded = keys.map((k) => JSON.parse(`"${k}"`) as string);
      const hasDuplicate = new Set(decoded).size !== decoded.length;
      if (hasDuplicate) {
        duplicates++;
        expect(failure(text).reason).toMatch(/^duplicate key /);
      } else expect(parseStrictJson(text, 'f')).toEqual(JSON.parse(text));
    }
    expect(duplicates).toBeGreaterThan(100);
  });
});

describe('syntax errors JSON.parse rejects are explained (F10)', () => {
  it.each([
    ['{"a": 1,}', 1, 8, 'trailing comma'],
    ['[1, 2,\n]', 1, 6, 'trailing comma'],
    ['{"a": 1} // note', 1, 10, 'comments are not allowed in JSON'],
    ['/* header */ {"a": 1}', 1, 1, 'comments are not allowed in JSON'],
    ["{'a': 1}", 1, 2, `unexpected token "'" (JSON strings use double quotes)`],
    ['{a: 1}', 1, 2, "unexpected token 'a' (object keys must be double-quoted strings)"],
    ['{"a": 1', 1, 8, "unexpected end of input (expected ',' or '}')"],
    ['{"id": "abc', 1, 12, 'unexpected end of input (unterminated string)'],
    ['', 1, 1, 'unexpected end of input (expected a value)'],
    ['  \n ', 2, 2, 'unexpected end of input (expected a value)'],
    ['{"a": 1} {"b": 2}', 1, 10, "unexpected token '{' (after the end of the JSON value)"],
    ['{"a" 1}', 1, 6, `unexpected token '1' (expected ':' after key "a")`],
    ['[1 2]', 1, 4, "unexpected token '2' (expected ',' or ']')"],
    ['[01]', 1, 3, "unexpected token '1' (numbers cannot have leading zeros)"],
    ['[1.]', 1, 4, "unexpected token ']' (expected a digit after '.')"],
    ['[1e+]', 1, 5, "unexpected token ']' (expected a digit in the exponent)"],
    ['[+1]', 1, 2, "unexpected token '+' (expected a value)"],
    ['[.5]', 1, 2, "unexpected token '.' (expected a value)"],
    ['{"ok": True}', 1, 8, "unexpected token 'T' (JSON literals are lowercase: true, false)"],
    ['{"x": None}', 1, 7, "unexpected token 'N' (write null)"],
    ['[nul]', 1, 5, "unexpected token ']' (expected 'null')"],
    ['["a\tb"]', 1, 4, 'control character U+0009 in a string (write it as an escape such as \\n or \\t)'],
    ['["a\\xb"]', 1, 4, "invalid escape 'x' in a string"],
    ['["\\u12g4"]', 1, 3, 'invalid \\u escape: expected 4 hexadecimal digits'],
    ['\ufeff{}', 1, 1, 'unexpected byte order mark (U+FEFF)'],
    ['{"a": 1}\u00a0', 1, 9, 'unexpected token U+00A0 (after the end of the JSON value)'],
  ])('%j fails at %i:%i with %j', (text, line, column, reason) => {
    const error = failure(text);
    expect(error.reason).toBe(reason);
    expect(error.where).toEqual({ file: 'metrics.json', line, column });
  });

  it('counts columns in characters, not UTF-16 units', () => {
    expect(failure('{"😀é": NaN}').where.column).toBe(8);
  });

  it('numbers lines from firstLine (a JSONL line number)', () => {
    expect(failure('{"a": 1,}', 'runs/x/predictions.jsonl', 42).message).toBe('runs/x/predictions.jsonl:42:8: trailing comma');
  });

  it('never quotes the input in the message', () => {
    const error = failure('{"token": "ghp_secretsecretsecret", "x": NaN}');
    expect(error.message).not.toContain('ghp_');
    expect(failure('{"token": "ghp_secretsecretsecret"').message).not.toContain('ghp_');
  });
});

describe('nesting depth is bounded', () => {
  it(`accepts ${MAX_DEPTH} levels and refuses one more at the opening bracket`, () => {
    expect(() => parseStrictJson('['.repeat(MAX_DEPTH) + ']'.repeat(MAX_DEPTH), 'f')).not.toThrow();
    const error = failure('['.repeat(MAX_DEPTH + 1) + ']'.repeat(MAX_DEPTH + 1));
    expect(error.reason).toBe(`nesting deeper than ${MAX_DEPTH} levels`);
    expect(error.where.column).toBe(MAX_DEPTH + 1);
  });

  it('refuses a million levels without overflowing the stack', () => {
    const deep = '{"a":'.repeat(1_000_000) + '1' + '}'.repeat(1_000_000);
    expect(failure(deep).reason).toBe(`nesting deeper than ${MAX_DEPTH} levels`);
  });
});

describe('findNonFinite', () => {
  it('returns undefined when every number is finite', () => {
    expect(findNonFinite({ a: 1, b: [2, { c: -0 }], d: 'NaN', e: null })).toBeUndefined();
  });

  it('returns the dot path of the first non-finite number in document order', () => {
    expect(findNonFinite({ a: { ok: 1 }, b: { x: Number.NaN }, c: Infinity })).toBe('b.x');
    expect(findNonFinite({ list: [0, [1, -Infinity]] })).toBe('list.1.1');
  });

  it('names the root when the value itself is not finite', () => {
    expect(findNonFinite(Number.NaN)).toBe('(root)');
  });
});

describe('quoteForMessage', () => {
  it('quotes, escapes invisible characters and bounds the length', () => {
    expect(quoteForMessage('a\u0000b\u202e')).toBe('"a\\u0000b\\u202e"');
    expect(quoteForMessage('x'.repeat(100), 10)).toBe(`"${'x'.repeat(10)}…"`);
  });
});
