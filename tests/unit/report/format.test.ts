// Compact numbers for the report tables: four significant digits, explicit signs, em dash for null.
import { describe, expect, it } from 'vitest';
import {
  compareByStatusThenName, formatDelta, formatInterval, formatNumber, formatPercent, utf8Length,
} from '../../../src/report/format.js';

describe('formatNumber', () => {
  it.each([
    [0.41234567, '0.4123'], [0.4, '0.4'], [12345, '12,345'], [1234.567, '1,235'], [-0.02, '−0.02'],
    [1.5e-5, '1.5e-5'], [0, '0'], [-0, '0'], [null, '—'], [Number.NaN, 'NaN'],
    [Infinity, '∞'], [-Infinity, '−∞'],
    // Issue 10, item 16: latencies of the real store in fixed notation with grouping up to 1e9.
    [35247.2, '35,247'], [37674.65305328369, '37,675'], [-9228.79, '−9,229'], [999.5, '999.5'],
    [123456789.5, '123,456,790'], [999_999_999, '999,999,999'], [1e9, '1e9'], [2.5e12, '2.5e12'],
  ] as const)('%s -> %s', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });
});

describe('formatDelta and formatPercent', () => {
  it('sign every non-zero change', () => {
    expect(formatDelta(0.0123)).toBe('+0.0123');
    expect(formatDelta(-0.05)).toBe('−0.05');
    expect(formatDelta(0)).toBe('0');
    expect(formatDelta(null)).toBe('—');
  });

  it('show a relative change given as a fraction in percent', () => {
    expect(formatPercent(-0.0465)).toBe('−4.65%');
    expect(formatPercent(1.2)).toBe('+120%');
    expect(formatPercent(null)).toBe('—');
  });
});

describe('formatInterval', () => {
  it('shows bounds, level, the p-value when there is one, and the number of items', () => {
    const interval = { low: -0.031, high: -0.004, level: 0.95, method: 'bootstrap' as const, items: 200 };
    expect(formatInterval(interval)).toBe('[−0.031, −0.004] 95% n=200');
    expect(formatInterval({ ...interval, p_value: 0.0123 })).toBe('[−0.031, −0.004] 95% p=0.012 n=200');
    expect(formatInterval(undefined)).toBe('—');
    // The level with the digits it has; the tested change after a non-inferiority p-value.
    expect(formatInterval({ ...interval, level: 0.999, p_value: 0.31, tested_delta: -0.01 })).toBe('[−0.031, −0.004] 99.9% p=0.31 vs −0.01 n=200');
    expect(formatInterval({ ...interval, level: 0.9995 })).toBe('[−0.031, −0.004] 99.95% n=200');
  });
});

describe('helpers', () => {
  it('sort failing, then warnings, then the rest by name', () => {
    const rows = [{ status: 'pass', name: 'b' }, { status: 'info', name: 'a' }, { status: 'warn', name: 'z' }, { status: 'fail', name: 'y' }, { status: 'pass', name: 'a' }] as const;
    expect([...rows].sort(compareByStatusThenName).map((r) => `${r.status}:${r.name}`)).toEqual(['fail:y', 'warn:z', 'pass:a', 'pass:b', 'info:a']);
  });

  it('measure UTF-8 bytes as Node does, including lone surrogates', () => {
    for (const s of ['ascii', 'ü', '−', '😀', 'x\uD800y', '\uDC00']) expect(utf8Length(s)).toBe(Buffer.byteLength(s, 'utf8'));
  });
});
