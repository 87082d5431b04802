/**
 * Compact number formatting shared by the Markdown and terminal reports.
 *
 * Values use four significant digits (whole numbers, grouped, from 1,000 to 1e9), deltas carry an explicit sign, and the minus is the
 * typographic U+2212 so a negative delta cannot be mistaken for a list marker or a dash.
 * A missing value (`null`) is shown as an em dash.
 */
import type { DeltaInterval, Direction, MetricStatus } from '../contract/report.js';

export const MISSING = '—';
export const MINUS = '\u2212';

/** Trailing zeros of a fixed or exponent form, e.g. `0.4100` -> `0.41`, `1.50e-5` -> `1.5e-5`. */
function trimZeros(text: string): string {
  const [mantissa = '', exponent] = text.split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  if (exponent === undefined) return trimmed;
  return `${trimmed}e${exponent.replace(/^\+/, '')}`;
}

/** Thousands separated by commas, whatever the locale: `35247` -> `35,247`. */
function grouped(integer: number): string {
  return String(integer).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * The magnitude of a finite number, without sign. From 1,000 up to 1e9 numbers are written
 * in fixed notation, rounded to a whole number and grouped (a latency of 35247.2 ms reads
 * `35,247`, not `3.525e4`); beyond that, and below 1e-4, in exponent notation.
 */
function magnitude(abs: number, digits: number): string {
  if (abs === 0) return '0';
  if (abs >= 1e9 || abs < 1e-4) return trimZeros(abs.toExponential(Math.max(0, digits - 2)));
  if (Number.isInteger(abs) && abs < 1000) return String(abs);
  const text = trimZeros(abs.toPrecision(digits));
  if (abs < 1000 && Number(text) < 1000) return text;
  const rounded = Math.round(abs);
  return rounded >= 1e9 ? trimZeros(rounded.toExponential(Math.max(0, digits - 2))) : grouped(rounded);
}

function nonFinite(value: number): string | undefined {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return `${MINUS}∞`;
  return undefined;
}

/** A value: `0.4123`, `−3`, `1.2e-5`, `—` for null. */
export function formatNumber(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined) return MISSING;
  const special = nonFinite(value);
  if (special !== undefined) return special;
  const text = magnitude(Math.abs(value), digits);
  return value < 0 && text !== '0' ? `${MINUS}${text}` : text;
}

/** A metric value; gate flags (`kind: 'flag'`) read `true` / `false`. */
export function formatValue(value: number | null | undefined, kind?: 'count' | 'flag'): string {
  if (kind === 'flag' && (value === 0 || value === 1)) return value === 1 ? 'true' : 'false';
  return formatNumber(value);
}

/** A signed change: `+0.012`, `−0.02`, `0`. */
export function formatDelta(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined) return MISSING;
  const text = formatNumber(value, digits);
  return value > 0 && Number.isFinite(value) ? `+${text}` : text;
}

/** A relative change given as a fraction: `-0.0465` -> `−4.65%`. */
export function formatPercent(fraction: number | null | undefined, digits = 3): string {
  if (fraction === null || fraction === undefined) return MISSING;
  return `${formatDelta(fraction * 100, digits)}%`;
}

/**
 * A confidence interval of the delta: `[−0.031, −0.004] 95% p=0.0012 n=500`. The p-value is that
 * of the test decided; when it is against a nonzero allowed worsening (non-inferiority), the
 * tested change follows it: `p=0.31 vs −0.01`.
 */
export function formatInterval(interval: DeltaInterval | undefined): string {
  if (interval === undefined) return MISSING;
  // As many digits as the level has: 0.999 is 99.9%, never a rounded 100%.
  const level = `${String(Number((interval.level * 100).toPrecision(10)))}%`;
  const bounds = `[${formatDelta(interval.low)}, ${formatDelta(interval.high)}] ${level}`;
  const tested = interval.tested_delta ? ` vs ${formatDelta(interval.tested_delta)}` : '';
  const withP = interval.p_value === undefined ? bounds : `${bounds} p=${formatNumber(interval.p_value, 2)}${tested}`;
  return `${withP} n=${interval.items}`;
}

export function directionArrow(direction: Direction | null): string {
  if (direction === 'higher') return '↑';
  if (direction === 'lower') return '↓';
  return MISSING;
}

/** Sort key: failing first, then warnings, then the rest. */
export const STATUS_RANK: Record<MetricStatus, number> = { fail: 0, warn: 1, pass: 2, skip: 3, info: 4 };

/** Failing first, then warnings, then everything else by name (code-unit order: locale-independent). */
export function compareByStatusThenName<T extends { status: MetricStatus; name: string }>(a: T, b: T): number {
  const rank = STATUS_RANK[a.status] - STATUS_RANK[b.status];
  if (rank !== 0) return rank;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Length of a string in UTF-8 bytes; never less than its length in characters. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
