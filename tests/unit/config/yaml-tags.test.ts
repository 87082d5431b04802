// F11 and F29: every explicit YAML tag is refused, the YAML 1.1 ones the library would
// otherwise resolve (binary, set, omap, timestamp) as much as custom ones.
import { describe, expect, it } from 'vitest';
import { parseYamlStrict } from '../../../src/parse/yaml.js';

describe('parseYamlStrict', () => {
  it.each(['!!binary aGVsbG8=', '!!set {a, b}', '!!omap [a: 1]', '!!timestamp 2001-12-14', '!!pairs [a: 1]', '!!str text', '!!int 3', '!custom x', '!!python/object:os.system x'])(
    'refuses %s, naming line and column',
    (value) => {
      expect(() => parseYamlStrict(`ok: 1\nmodel: ${value}\n`, 'config.yaml')).toThrow(/^config\.yaml:2:8: invalid YAML: .*tag/);
    },
  );

  it('still reads plain YAML, anchors and all', () => {
    expect(parseYamlStrict('a: &x [1, 2]\nb: *x\nc: 2001-12-14\n', 'c.yaml').value).toEqual({ a: [1, 2], b: [1, 2], c: '2001-12-14' });
  });
});
