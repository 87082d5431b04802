// baseline.json is edited member by member: untouched members keep their exact bytes.
import { describe, expect, it } from 'vitest';
import { editTopLevelMembers } from '../../../src/promote/plan/json-members.js';

describe('editTopLevelMembers', () => {
  it.each([
    { name: 'python-style, indent 2', text: '{\n  "a": 1.0,\n  "b": {\n    "c": [1, 2]\n  }\n}', expected: '{\n  "a": 1.0,\n  "b": {\n    "c": [1, 2]\n  },\n  "x": "y"\n}\n' },
    { name: 'indent 4', text: '{\n    "a": 1\n}\n', expected: '{\n    "a": 1,\n    "x": "y"\n}\n' },
    { name: 'compact', text: '{"a":1e5,"s":"q\\"}"}', expected: '{\n  "a": 1e5,\n  "s": "q\\"}",\n  "x": "y"\n}\n' },
    { name: 'empty object', text: '{}', expected: '{\n  "x": "y"\n}\n' },
  ])('appends to $name and keeps the rest byte for byte', ({ text, expected }) => {
    expect(editTopLevelMembers(text, [['x', 'y']])).toBe(expected);
  });

  it('replaces in place, removes, and writes nested values at the file\'s indentation', () => {
    const out = editTopLevelMembers('{\n  "a": 1,\n  "b": 2,\n  "c": 3\n}\n', [['b', { k: [1] }]], new Set(['c']));
    expect(out).toBe('{\n  "a": 1,\n  "b": {\n    "k": [\n      1\n    ]\n  }\n}\n');
    expect(JSON.parse(out)).toEqual({ a: 1, b: { k: [1] } });
  });

  it('escapes new keys and values as JSON (no injection through a reason)', () => {
    const out = editTopLevelMembers('{}', [['reason', '", "promoted_as": "baseline']]);
    expect(JSON.parse(out)).toEqual({ reason: '", "promoted_as": "baseline' });
  });

  it('refuses text that is not an object', () => {
    expect(() => editTopLevelMembers('[1]', [['x', 1]])).toThrow(/not a JSON object/);
  });
});
