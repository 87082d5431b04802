import { describe, expect, it } from 'vitest';
import { outputSafeId, outputSafeList } from '../../../src/action/output-text.js';

describe('step outputs built from check ids', () => {
  it('keeps ordinary ids as they are', () => {
    expect(outputSafeId('performance.metric.quality.exact_match')).toBe('performance.metric.quality.exact_match');
    expect(outputSafeId('compliance.immutability:baselines/b1/metrics.json')).toBe('compliance.immutability:baselines/b1/metrics.json');
  });

  it.each([
    ['performance.metric.$(curl evil)', 'performance.metric.__curl_evil_'],
    ['performance.metric.`id`', 'performance.metric._id_'],
    ['performance.metric.${{ secrets.X }}', 'performance.metric.____secrets.X___'],
    ['performance.metric.a"b\'c;d|e&f>g', 'performance.metric.a_b_c_d_e_f_g'],
    ['performance.metric.new\nline', 'performance.metric.new_line'],
    ['performance.metric.ｆｕｌｌ', 'performance.metric.full'],
  ])('reduces %j to the safe charset', (id, safe) => {
    expect(outputSafeId(id)).toBe(safe);
    expect(outputSafeId(id)).toMatch(/^[A-Za-z0-9._:/@+-]*$/);
  });

  it('cuts very long ids and never lets a comma inside an id split the list', () => {
    expect(outputSafeId(`performance.metric.${'x'.repeat(500)}`)).toHaveLength(200);
    expect(outputSafeList(['a,b', 'c'])).toBe('a_b,c');
    expect(outputSafeList(['a b', 'a_b'])).toBe('a_b');
  });
});
