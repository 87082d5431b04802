/** How numbers, times and hashes read on the dashboard (one place, so every page agrees). */

/** Up to 4 significant digits, no exponent for everyday magnitudes, a real minus sign. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '+∞' : value < 0 ? '−∞' : 'NaN';
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return value.toLocaleString('en-US').replace(/^-/, '−');
  const abs = Math.abs(value);
  const text = abs !== 0 && (abs < 1e-4 || abs >= 1e9) ? value.toExponential(3) : String(Number(value.toPrecision(4)));
  return text.replace(/^-/, '−');
}

export function formatPercent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const text = `${(value * 100).toFixed(digits)}%`;
  return value > 0 ? `+${text}` : text.replace(/^-/, '−');
}

/** `2026-04-02T08:55:56.710Z` → `2026-04-02 08:55 UTC`. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A hash shortened for a table cell (`sha256:` prefix dropped), the whole hash kept for a title. */
export function shortHash(hash: string | null | undefined): string {
  if (!hash) return '—';
  return hash.replace(/^sha256:/, '').slice(0, 12);
}

export function formatCost(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return `$${value < 0.01 && value > 0 ? value.toPrecision(2) : value.toFixed(2)}`;
}
