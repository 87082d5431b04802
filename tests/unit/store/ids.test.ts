import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/contract/errors.js';
import { isValidId, validateId } from '../../../src/store/ids.js';
import { storePaths } from '../../../src/store/layout.js';

function rejection(value: string, source = '--run'): UsageError {
  try {
    validateId('run', value, source);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(value)} to be rejected`);
}

const PATTERN = '(a run id matches ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$)';

describe('validateId accepts single, plain path segments', () => {
  it.each([
    'curated_5feeds_smoke_v1',
    'baseline_ml_prod_authority_v1',
    'silver_sonnet46_smoke_v2',
    'run-2024-06-01T12.30',
    'a',
    'v1.2.3',
    'a..b',
    'A'.repeat(128),
  ])('accepts %j and returns it unchanged', (value) => {
    expect(validateId('dataset', value, '--dataset')).toBe(value);
    expect(isValidId(value)).toBe(true);
  });
});

describe('validateId refuses anything that is not one plain segment (F1)', () => {
  it.each([
    ['../x', '--run "../x": an id is a single path segment: it cannot contain "/" or "\\"'],
    ['runs/x', '--run "runs/x": an id is a single path segment: it cannot contain "/" or "\\"'],
    ['a\\b', '--run "a\\\\b": an id is a single path segment: it cannot contain "/" or "\\"'],
    ['/etc/passwd', '--run "/etc/passwd": an id is a single path segment, not an absolute path'],
    ['C:\\x', '--run "C:\\\\x": an id is a single path segment, not an absolute path'],
    ['.', '--run ".": "." is not an id: an id is a single path segment naming a folder'],
    ['..', '--run "..": ".." is not an id: an id is a single path segment naming a folder'],
    ['a\0b', '--run "a\\u0000b": an id cannot contain a NUL character'],
    ['run.', '--run "run.": an id cannot end with "." or a space'],
    ['run ', '--run "run ": an id cannot end with "." or a space'],
    ['', '--run "": an id cannot be empty'],
    ['_archived', '--run "_archived": an id starts with an ASCII letter or digit'],
    ['-rf', '--run "-rf": an id starts with an ASCII letter or digit'],
    ['a b', '--run "a b": character " " is not allowed: use ASCII letters, digits, ".", "_" and "-"'],
    ['résumé', '--run "résumé": character "é" is not allowed: use ASCII letters, digits, ".", "_" and "-"'],
    ['x\u202ey', '--run "x\\u202ey": character "\\u202e" is not allowed: use ASCII letters, digits, ".", "_" and "-"'],
    ['a$(id)', '--run "a$(id)": character "$" is not allowed: use ASCII letters, digits, ".", "_" and "-"'],
  ])('refuses %j', (value, message) => {
    expect(rejection(value).message).toBe(`${message} ${PATTERN}`);
    expect(isValidId(value)).toBe(false);
  });

  it('refuses 129 characters, saying how many there are', () => {
    expect(rejection('a'.repeat(129)).message).toContain('an id is at most 128 characters, this one has 129');
  });

  it('names the input that supplied the id and the kind of id', () => {
    expect(() => validateId('baseline', '../b', 'input baseline')).toThrow(/^input baseline "\.\.\/b": .* \(a baseline id matches/);
  });

  it('is a usage error (exit 2), not an artifact failure', () => {
    expect(rejection('..')).toBeInstanceOf(UsageError);
  });
});

describe('storePaths lays out DESIGN.md section 1 and validates ids before any file access', () => {
  it('builds the documented paths', () => {
    expect(storePaths.run('run_x')).toBe('runs/run_x');
    expect(storePaths.baseline('baseline_y')).toBe('baselines/baseline_y');
    expect(storePaths.archivedBaseline('old_v1')).toBe('baselines/_archived/old_v1');
    expect(storePaths.silverReference('silver_x')).toBe('references/silver/silver_x');
    expect(storePaths.goldReference('ner_entities', 'gold_v1')).toBe('references/gold/ner_entities/gold_v1');
    expect(storePaths.policy).toBe('policy.yml');
  });

  it('throws on a hostile id instead of building a path', () => {
    expect(() => storePaths.run('../../etc')).toThrow(UsageError);
    expect(() => storePaths.goldReference('..', 'x')).toThrow('task "..": ".." is not an id');
  });
});
